/**
 * examples/ingest: Firehose and the HTTP ingest API into an existing bucket. The example type-checks
 * with the project's compiler options, runs under the Pulumi mocks as its own project
 * (harness/example-runner `runExample`), passes the whole policy pack, and its URNs are the committed
 * ones (test/snapshots/examples/ingest.urns.txt; `UPDATE_SNAPSHOTS=1` rewrites it).
 */
import { expect } from "chai";
import { describeExample } from "./describe-example";

const NAME = "ingest";

describeExample(NAME, (resources) => {
    it("builds the streams and the API into the given bucket, with the components' defaults", () => {
        const firehoses = resources().filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        expect(firehoses.map((f) => f.name).sort()).to.deep.equal(["ingest-clicks-firehose", "ingest-events-firehose", "ingest-impressions-firehose"]);
        for (const f of firehoses) {
            expect(f.props.extendedS3Configuration).to.include({ bucketArn: "arn:aws:s3:::example-landing", bufferingSize: 64, compressionFormat: "GZIP" });
        }
        expect(resources().filter((r) => r.type === "aws:apigateway/apiKey:ApiKey")).to.have.length(1);
        expect(
            resources().filter((r) => r.type.startsWith("aws:s3/")),
            "the bucket is not the example's",
        ).to.deep.equal([]);
    });
});
