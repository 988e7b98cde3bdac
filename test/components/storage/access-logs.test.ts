/**
 * S3 delivers server access logs only once the target bucket's policy grants
 * logging.s3.amazonaws.com: every bucket that logs into the access-logs bucket is configured
 * after that policy, in every stack shape (the buckets of optional areas included).
 */
import { expect } from "chai";
import { program } from "../../../harness/program";

const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const EVERYTHING = { emr: { mode: "serverless" }, redshift: { mode: "serverless" }, realtime: { enabled: true }, serving: { enabled: true } };

describe("access logging waits for the access-logs bucket policy", function () {
    this.timeout(120_000);
    for (const [stack, overrides] of [
        ["dev", {}],
        ["prod", EVERYTHING],
    ] as const) {
        it(`${stack}${stack === "prod" ? " with every optional area" : ""}`, async () => {
            const res = await program(stack, overrides);
            const target = res.named(POLICY, "lake-access-logs-policy");
            const loggings = res.byType(LOGGING);
            expect(loggings.length).to.be.greaterThan(3);
            for (const logging of loggings) {
                expect(logging.props.targetBucket, logging.name).to.equal(target.props.bucket);
                expect(
                    res.dependenciesOf(logging).map((d) => d.urn),
                    logging.name,
                ).to.include(target.urn);
            }
        });
    }
});
