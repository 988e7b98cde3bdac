/** The provider double's answers, without an engine: the same as the mocks', and a stable diff. */
import { expect } from "chai";
import { canonical, createDouble, parseUrn } from "../../harness/aws-double/double";
import { mockCall, mockState } from "../../harness/mock-state";

const URN = "urn:pulumi:dev::datalake::datalake:index:DataLake$datalake:storage:Zone$aws:s3/bucket:Bucket::lake-drop-bucket";
const double = createDouble({ pkg: "aws", version: "7.48.0", region: () => "eu-west-1" });

describe("harness: the AWS provider double", () => {
    it("reads the type and name from a URN, parents and all", () => {
        expect(parseUrn(URN)).to.deep.equal({ type: "aws:s3/bucket:Bucket", name: "lake-drop-bucket" });
        expect(() => parseUrn("lake-drop-bucket")).to.throw(/not a URN/);
    });

    it("creates with the mocks' id and state", async () => {
        const inputs = { forceDestroy: true, tags: { zone: "drop" } };
        const created = await double.create!(URN, inputs);
        const { id, state } = mockState("aws:s3/bucket:Bucket", "lake-drop-bucket", inputs, "eu-west-1");
        expect(created).to.deep.equal({ id, outs: state });
    });

    it("diff: no change for the inputs that made the state, a change for others", async () => {
        const inputs = { forceDestroy: true, tags: { zone: "drop" } };
        const { id, state } = mockState("aws:s3/bucket:Bucket", "lake-drop-bucket", inputs, "eu-west-1");
        const roundTripped = JSON.parse(JSON.stringify(state));
        expect(await double.diff!(id, URN, roundTripped, { tags: { zone: "drop" }, forceDestroy: true })).to.deep.equal({ changes: false });
        expect(await double.diff!(id, URN, roundTripped, { ...inputs, forceDestroy: false })).to.deep.equal({ changes: true });
        expect(await double.diff!(id, URN, roundTripped, { forceDestroy: true })).to.deep.equal({ changes: true });
    });

    it("check passes inputs through, read returns the stored state, invoke answers like the mocks", async () => {
        expect(await double.check!(URN, {}, { a: 1 })).to.deep.equal({ inputs: { a: 1 } });
        expect(await double.read!("b", URN, { bucket: "b" })).to.deep.equal({ id: "b", props: { bucket: "b" } });
        const token = "aws:index/getCallerIdentity:getCallerIdentity";
        expect(await double.invoke!(token, {})).to.deep.equal({ outputs: mockCall(token, {}, "eu-west-1") });
        await expectRejection(double.invoke!("aws:ec2/getAmi:getAmi", {}), /no mock for invoke aws:ec2\/getAmi:getAmi/);
    });

    it("a published function: version 1 when created, one more per update, and no diff once its version moved on", async () => {
        const fnUrn = "urn:pulumi:dev::datalake::datalake:ingest:IngestApi$aws:lambda/function:Function::lake-ingest-http-function";
        const inputs = { name: "datalake-dev-ingest-api", publish: true, memorySize: 512 };
        const created = await double.create!(fnUrn, inputs);
        expect(created.outs).to.include({ version: "1", qualifiedArn: `${created.outs.arn}:1` });
        const second = await double.update!(created.id, fnUrn, created.outs, { ...inputs, memorySize: 1024 });
        expect(second.outs).to.include({ version: "2", qualifiedArn: `${created.outs.arn}:2` });
        const third = await double.update!(created.id, fnUrn, second.outs, { ...inputs, memorySize: 2048 });
        expect(third.outs.version).to.equal("3");
        expect(await double.diff!(created.id, fnUrn, third.outs, { ...inputs, memorySize: 2048 })).to.deep.equal({ changes: false });
        expect(await double.diff!(created.id, fnUrn, third.outs, { ...inputs, memorySize: 256 })).to.deep.equal({ changes: true });
        // Unpublished functions keep $LATEST.
        const plain = await double.update!(created.id, fnUrn, created.outs, { name: "f", memorySize: 256 });
        expect(plain.outs.version).to.equal("$LATEST");
    });

    it("answers the Lake Formation, Macie and KMS grant types with the ids the provider gives them", async () => {
        const key = "arn:aws:kms:eu-west-1:123456789012:key/raw";
        const created = async (type: string, name: string, inputs: Record<string, unknown>) =>
            double.create!(`urn:pulumi:dev::datalake::${type}::${name}`, inputs);
        expect((await created("aws:lakeformation/resource:Resource", "loc", { arn: "arn:aws:s3:::raw", hybridAccessEnabled: true })).id).to.equal(
            "arn:aws:s3:::raw",
        );
        expect((await created("aws:lakeformation/lfTag:LfTag", "tag", { key: "zone", values: ["raw"] })).id).to.equal("123456789012:zone");
        const job = await created("aws:macie2/classificationJob:ClassificationJob", "job", { jobType: "SCHEDULED" });
        expect(job.outs).to.include({ jobId: job.id, jobArn: `arn:aws:macie2:eu-west-1:123456789012:classification-job/${job.id}` });
        const grant = await created("aws:kms/grant:Grant", "grant", { keyId: key, operations: ["Decrypt"] });
        expect(grant.id).to.equal(`${key}:${grant.outs!.grantId}`);
        const account = await created("aws:macie2/account:Account", "macie", { status: "ENABLED" });
        expect(account.outs!.serviceRole).to.equal("arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie");
    });

    it("canonical: key order and undefined do not matter", () => {
        expect(canonical({ b: 1, a: { d: undefined, c: [2, { y: 1, x: 0 }] } })).to.equal(canonical({ a: { c: [2, { x: 0, y: 1 }] }, b: 1 }));
    });
});

async function expectRejection(p: Promise<unknown>, message: RegExp): Promise<void> {
    try {
        await p;
    } catch (e) {
        expect((e as Error).message).to.match(message);
        return;
    }
    expect.fail("expected a rejection");
}
