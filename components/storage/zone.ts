/**
 * One storage zone: an S3 bucket with its own KMS CMK and the event path out of it (SQS queue
 * encrypted with the same key, DLQ with redrive, and the bucket's single notification
 * configuration). The processor consuming the queue is a separate component (ZoneProcessor).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ZoneConfig } from "../../lib/config";
import { eventQueuePolicy, zoneBucketPolicy, zoneKeyPolicy } from "./policies";
import { lifecycleRules } from "./lifecycle";
import { accessLogPrefix, zoneKeyAlias } from "./names";
import { privateBucket } from "./private-bucket";

/** SQS keeps DLQ messages for the longest period it allows: 14 days. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** Event queue retention: 4 days (SQS's default), well inside the DLQ's 14. */
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
/** How long SQS reuses a data key before asking KMS again (SQS's default). */
const KMS_DATA_KEY_REUSE_SECONDS = 300;
/** Lambda's guidance: a queue's visibility timeout is at least 6x its consumer's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** A further queue the bucket's object-created events go to (e.g. a Glue crawler's). */
export interface NotificationQueueTarget {
    /** Short name, used in child resource names and as the notification id. Required. */
    name: string;
    /** The queue's ARN. Required. */
    queueArn: pulumi.Input<string>;
    /** The queue's URL; the zone attaches a policy letting this bucket send to it. Required. */
    queueUrl: pulumi.Input<string>;
    /** Only keys under this prefix are sent. Default: every key. */
    filterPrefix?: string;
}

export interface ZoneArgs {
    /** Zone name and lifecycle (lib/config.ts, defaults resolved there). Required. */
    zone: ZoneConfig;
    /** Account id, for key administration and `aws:SourceAccount` conditions. Required. */
    accountId: pulumi.Input<string>;
    /** AWS partition (`aws`, `aws-cn`, ...), for ARNs. Required. */
    partition: pulumi.Input<string>;
    /** Name of the shared server access logs bucket. Required. */
    accessLogsBucket: pulumi.Input<string>;
    /**
     * prod: bucket and key are protected and retained when the stack is removed, the key's
     * deletion window is 30 days; dev: the bucket is force-destroyable, 7-day window. Required.
     */
    retainData: boolean;
    /** Timeout (s) of the queue's consumer; the visibility timeout is 6x this. Required. */
    consumerTimeoutSeconds: number;
    /** Receives before a message moves to the DLQ. Required. */
    maxReceiveCount: number;
    /** Queues notified besides the zone's own (which always comes first). Default: none. */
    extraNotificationQueues?: NotificationQueueTarget[];
}

export class Zone extends pulumi.ComponentResource {
    /** The zone's name from config, e.g. `raw`. */
    readonly zoneName: string;
    readonly bucket: aws.s3.Bucket;
    readonly key: aws.kms.Key;
    readonly queue: aws.sqs.Queue;
    readonly dlq: aws.sqs.Queue;
    readonly notification: aws.s3.BucketNotification;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    readonly queueArn: pulumi.Output<string>;
    readonly queueUrl: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;
    readonly dlqArn: pulumi.Output<string>;
    readonly dlqUrl: pulumi.Output<string>;
    readonly dlqName: pulumi.Output<string>;

    constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:storage:Zone", name, {}, opts);
        const { zone, retainData } = args;
        const extraQueues = args.extraNotificationQueues ?? [];
        const child = { parent: this };
        const retained = { ...child, protect: retainData, retainOnDelete: retainData };
        this.zoneName = zone.name;

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Data lake zone ${zone.name}: objects and event queues`,
                enableKeyRotation: true,
                deletionWindowInDays: retainData ? 30 : 7,
                policy: pulumi
                    .all([args.partition, args.accountId])
                    .apply(([partition, accountId]) => JSON.stringify(zoneKeyPolicy({ partition, accountId }))),
            },
            retained,
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: zoneKeyAlias(pulumi.getProject(), pulumi.getStack(), zone.name), targetKeyId: this.key.keyId },
            child,
        );

        this.bucket = privateBucket(
            name,
            {
                retainData,
                kmsKeyArn: this.key.arn,
                policy: (bucketArn) =>
                    pulumi.all([bucketArn, this.key.arn]).apply(([bucketArn, keyArn]) => JSON.stringify(zoneBucketPolicy({ bucketArn, keyArn }))),
                lifecycleRules: lifecycleRules(zone.lifecycle),
                accessLogs: { bucket: args.accessLogsBucket, prefix: accessLogPrefix(zone.name) },
            },
            this,
        );
        const bucket = this.bucket.bucket;

        const queueEncryption = { kmsMasterKeyId: this.key.arn, kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS };
        this.dlq = new aws.sqs.Queue(
            `${name}-dlq`,
            { ...queueEncryption, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
            child,
        );
        this.queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                ...queueEncryption,
                messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
                visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * args.consumerTimeoutSeconds,
                redrivePolicy: pulumi
                    .output(this.dlq.arn)
                    .apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount: args.maxReceiveCount })),
            },
            child,
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dlq-redrive-allow`,
            {
                queueUrl: this.dlq.url,
                redriveAllowPolicy: pulumi
                    .output(this.queue.arn)
                    .apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })),
            },
            child,
        );

        // Every queue the bucket notifies, the zone's own first; each needs a policy letting
        // this bucket send to it before S3 accepts the notification configuration.
        const targets: NotificationQueueTarget[] = [
            { name: "events", queueArn: this.queue.arn, queueUrl: this.queue.url },
            ...extraQueues,
        ];
        const queuePolicies = targets.map(
            (t) =>
                new aws.sqs.QueuePolicy(
                    `${name}-${t.name}-queue-policy`,
                    {
                        queueUrl: t.queueUrl,
                        policy: pulumi
                            .all([t.queueArn, this.bucket.arn, args.accountId])
                            .apply(([queueArn, bucketArn, accountId]) =>
                                JSON.stringify(eventQueuePolicy({ queueArn, bucketArn, accountId })),
                            ),
                    },
                    child,
                ),
        );
        this.notification = new aws.s3.BucketNotification(
            `${name}-notification`,
            {
                bucket,
                queues: targets.map((t) => ({
                    id: t.name,
                    queueArn: t.queueArn,
                    events: ["s3:ObjectCreated:*"],
                    filterPrefix: t.filterPrefix,
                })),
            },
            { ...child, dependsOn: queuePolicies },
        );

        this.bucketName = bucket;
        this.bucketArn = this.bucket.arn;
        this.keyArn = this.key.arn;
        this.queueArn = this.queue.arn;
        this.queueUrl = this.queue.url;
        this.queueName = this.queue.name;
        this.dlqArn = this.dlq.arn;
        this.dlqUrl = this.dlq.url;
        this.dlqName = this.dlq.name;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            keyArn: this.keyArn,
            queueArn: this.queueArn,
            queueUrl: this.queueUrl,
            dlqArn: this.dlqArn,
            dlqUrl: this.dlqUrl,
        });
    }
}
