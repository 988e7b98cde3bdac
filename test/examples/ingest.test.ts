/**
 * examples/ingest: Firehose and the HTTP ingest API into an existing bucket. The example type-checks
 * with the project's compiler options, runs under the Pulumi mocks as its own project
 * (harness/example-runner `runExample`), passes the whole policy pack, and its URNs are the committed
 * ones (test/snapshots/examples/ingest.urns.txt; `UPDATE_SNAPSHOTS=1` rewrites it).
 */
import { expect } from "chai";
import { exampleTypeErrors, exampleUrns, runExample } from "../../harness/example-runner";
import { RecordedResource } from "../../harness/program";
import { describeViolations, evaluate } from "../policy/harness";

const NAME = "ingest";

describe("examples/ingest", () => {
    let recorded: RecordedResource[];
    before(async () => {
        recorded = await runExample(NAME);
    });

    it("type-checks with the project's compiler options", function () {
        this.timeout(300_000); // a full type-check of the example and the declarations it reaches
        expect(exampleTypeErrors(NAME)).to.deep.equal([]);
    });

    it("builds the streams and the API into the given bucket, with the components' defaults", () => {
        const firehoses = recorded.filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        expect(firehoses.map((f) => f.name).sort()).to.deep.equal(["ingest-clicks-firehose", "ingest-events-firehose", "ingest-impressions-firehose"]);
        for (const f of firehoses) {
            expect(f.props.extendedS3Configuration).to.include({ bucketArn: "arn:aws:s3:::example-landing", bufferingSize: 64, compressionFormat: "GZIP" });
        }
        expect(recorded.filter((r) => r.type === "aws:apigateway/apiKey:ApiKey")).to.have.length(1);
        expect(
            recorded.filter((r) => r.type.startsWith("aws:s3/")),
            "the bucket is not the example's",
        ).to.deep.equal([]);
    });

    it("passes the policy pack", async () => {
        const violations = await evaluate(recorded);
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("keeps its committed URNs", () => {
        const { actual, committed } = exampleUrns(NAME, recorded);
        expect(actual).to.deep.equal(committed);
    });
});
