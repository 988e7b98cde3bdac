import { expect } from "chai";
import { S3Client, CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { useMoto } from "../support/moto";

describe("moto emulator", () => {
    const moto = useMoto();
    it("answers S3 calls on loopback", async () => {
        const s3 = new S3Client(moto().clientConfig);
        await s3.send(new CreateBucketCommand({ Bucket: "smoke", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
        const out = await s3.send(new ListBucketsCommand({}));
        expect(out.Buckets?.map((b) => b.Name)).to.include("smoke");
    });
});
