/**
 * examples/zone, a zone on its own: it type-checks with the project's compiler options, runs
 * under the mocks as its own project (harness/example-runner `runExample`),
 * passes the policy pack with no violation, and keeps its URNs (test/snapshots/examples/zone.urns.txt;
 * `UPDATE_SNAPSHOTS=1` rewrites it).
 */
import { expect } from "chai";
import { describeExample } from "./describe-example";

const NAME = "zone";

describeExample(NAME, (resources) => {
    it("builds a zone whose consumed objects expire after 30 days, with the zone's defaults for the rest", () => {
        const lifecycle = resources().find((r) => r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration" && r.name === "raw-lifecycle");
        const rules = lifecycle!.props.rules.map((r: any) => [
            r.id,
            r.expiration?.days ?? r.noncurrentVersionExpiration?.noncurrentDays ?? r.abortIncompleteMultipartUpload?.daysAfterInitiation,
        ]);
        expect(rules).to.deep.equal([
            ["expire-promoted", 30],
            ["expire-quarantined", 30],
            ["quarantine-retention", 365],
            ["noncurrent-versions", 30],
            ["incomplete-multipart-uploads", 7],
        ]);
        const queue = resources().find((r) => r.type === "aws:sqs/queue:Queue" && r.name === "raw-queue");
        expect(queue!.props.visibilityTimeoutSeconds).to.equal(6 * 300);
        expect(JSON.parse(queue!.props.redrivePolicy).maxReceiveCount).to.equal(5);
    });

    it("tags what it builds with the storage area's cost tags, as in the lake", () => {
        const bucket = resources().find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "raw-bucket");
        expect(bucket!.props.tags).to.deep.include({ project: "datalake-zone-example", stack: "dev", area: "storage" });
    });

    it("alarms on the zone's DLQ, to the example's own topic", () => {
        const alarms = resources().filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        const topic = resources().find((r) => r.type === "aws:sns/topic:Topic");
        expect(alarms.map((a) => a.name)).to.deep.equal(["raw-alarms-dlq-messages"]);
        expect(alarms[0].props.alarmActions).to.deep.equal([topic!.outputs.arn]);
    });
});
