import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { Zone } from "../../../components/storage";
import { Statement } from "../../../lib/iam";
import { ACCOUNT_ID, recordResources, Resources } from "../../../harness/program";
import { childOf, json, T } from "../helpers";

describe("Zone with a further notification target", function () {
    let res: Resources;
    before(async function () {
        this.timeout(60_000);
        res = new Resources(
            await recordResources("dev", () => {
                const crawlerQueue = new aws.sqs.Queue("crawler-queue", {});
                new Zone("z", {
                    name: "raw",
                    context: { scope: { accountId: ACCOUNT_ID, partition: "aws", region: "eu-west-1" } },
                    accessLogsBucket: "logs",
                    consumerTimeoutSeconds: 60,
                    maxReceiveCount: 4,
                    extraNotificationQueues: [{ name: "crawler", queueArn: crawlerQueue.arn, queueUrl: crawlerQueue.url, filterPrefix: "orders/" }],
                });
            }),
        );
    });

    it("keeps one notification: EventBridge delivery for the zone's own queue, one queue rule for the further one", () => {
        const zone = res.named(T.zone, "z");
        const [notification] = res.byType(T.notification);
        expect(res.byType(T.notification)).to.have.length(1);
        const crawler = res.named(T.queue, "crawler-queue").outputs.arn;
        expect(notification.props.eventbridge).to.equal(true);
        expect(notification.props.queues.map((q: any) => [q.id, q.queueArn, q.filterPrefix])).to.deep.equal([["crawler", crawler, "orders/"]]);
        expect(notification.props.bucket).to.equal(childOf(res, zone, T.bucket).outputs.bucket);
    });

    it("gives the further queue a policy for this bucket, and the notification waits for it", () => {
        const bucketArn = res.named(T.bucket, "z-bucket").outputs.arn;
        const policy = res.named(T.queuePolicy, "z-crawler-queue-policy");
        expect(policy.props.queueUrl).to.equal(res.named(T.queue, "crawler-queue").outputs.url);
        const [allow] = json(policy.props.policy).Statement as Statement[];
        expect(allow.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": bucketArn }, StringEquals: { "aws:SourceAccount": ACCOUNT_ID } });
        const deps = res.byType(T.notification)[0].dependencies;
        expect(deps).to.include(policy.urn);
    });

    it("takes the visibility timeout and redrive from its arguments", () => {
        const queue = res.named(T.queue, "z-queue");
        expect(queue.props.visibilityTimeoutSeconds).to.equal(360);
        expect(json(queue.props.redrivePolicy).maxReceiveCount).to.equal(4);
    });
});
