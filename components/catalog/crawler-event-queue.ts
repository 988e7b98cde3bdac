/**
 * The queue a zone crawler reads in S3 event mode (CRAWL_EVENT_MODE): the zone bucket's single
 * notification configuration sends object-created events here as well as to the zone's own
 * queue (Zone `extraNotificationQueues`), and the crawler then lists only what changed. Messages
 * the crawler cannot process go to a DLQ (TLS-only). Encrypted with the analytics key, whose
 * policy lets S3 use it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NotificationQueueTarget } from "../storage";
import { tlsOnlyQueuePolicy } from "../../lib/iam";
import { ownedBy } from "../../lib/ownership";

/** Crawlers run daily by default: keep events for SQS's longest retention, 14 days. */
const RETENTION_SECONDS = 14 * 24 * 3600;
/** Receives before a message moves to the DLQ. */
const MAX_RECEIVE_COUNT = 5;

export interface CrawlerEventQueueArgs {
    /** Analytics key ARN (SSE-KMS of both queues). Required. */
    keyArn: pulumi.Input<string>;
}

export class CrawlerEventQueue extends pulumi.ComponentResource {
    readonly queueArn: pulumi.Output<string>;
    readonly queueUrl: pulumi.Output<string>;
    readonly dlqArn: pulumi.Output<string>;
    /** What to pass to the zone's `extraNotificationQueues`. */
    readonly notificationTarget: NotificationQueueTarget;

    constructor(name: string, args: CrawlerEventQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:catalog:CrawlerEventQueue", name, {}, ownedBy("catalog", opts));
        const child = { parent: this };
        const encryption = { kmsMasterKeyId: args.keyArn, messageRetentionSeconds: RETENTION_SECONDS };
        const dlq = new aws.sqs.Queue(`${name}-dlq`, encryption, child);
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                ...encryption,
                redrivePolicy: dlq.arn.apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount: MAX_RECEIVE_COUNT })),
            },
            child,
        );
        // The queue's own policy (S3 may send, TLS only) comes from the zone it serves.
        new aws.sqs.QueuePolicy(`${name}-dlq-policy`, { queueUrl: dlq.url, policy: dlq.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) }, child);
        this.queueArn = queue.arn;
        this.queueUrl = queue.url;
        this.dlqArn = dlq.arn;
        this.notificationTarget = { name: "crawler", queueArn: queue.arn, queueUrl: queue.url };
        this.registerOutputs({ queueArn: this.queueArn, queueUrl: this.queueUrl, dlqArn: this.dlqArn });
    }
}
