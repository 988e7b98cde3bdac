/**
 * One storage zone: an S3 bucket with its own KMS CMK and the event path out of it (SQS queue
 * encrypted with the same key, DLQ with redrive, both TLS-only, and the bucket's single
 * notification configuration). The processor consuming the queue is a separate component (ZoneProcessor).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { VISIBILITY_TIMEOUT_FACTOR, type ZoneConfig } from "../../lib/config";
import { lakeKey } from "../security";
import { eventQueuePolicy, zoneBucketPolicy, zoneKeyPolicy } from "./policies";
import { tlsOnlyQueuePolicy } from "../../lib/iam";
import { lifecycleRules } from "./lifecycle";
import { accessLogPrefix, zoneKeyAlias } from "./names";
import { privateBucket } from "./private-bucket";

/** SQS keeps DLQ messages for the longest period it allows: 14 days. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** Event queue retention: 4 days (SQS's default), well inside the DLQ's 14. */
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
/** How long SQS reuses a data key before asking KMS again (SQS's default). */
const KMS_DATA_KEY_REUSE_SECONDS = 300;

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
    /** Account (key administration, `aws:SourceAccount` conditions) and partition, for ARNs. Required. */
    scope: pulumi.Input<AccountScope>;
    /** Name of the shared server access logs bucket. Required. */
    accessLogsBucket: pulumi.Input<string>;
    /**
     * prod: bucket and key are protected and retained when the stack is removed, the key's
     * deletion window is 30 days; dev: the bucket is force-destroyable, 7-day window. Required.
     */
    retainData: boolean;
    /** Timeout (s) of the queue's consumer; the queue's visibility timeout is `VISIBILITY_TIMEOUT_FACTOR` (lib/config) times this. Required. */
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

    constructor(
        private readonly name: string,
        private readonly args: ZoneArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:storage:Zone", name, {}, opts);
        this.zoneName = args.zone.name;

        this.key = this.zoneKey();
        this.bucket = this.zoneBucket();
        [this.queue, this.dlq] = this.eventQueues();
        this.notification = this.notifications();

        this.bucketName = this.bucket.bucket;
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

    /** The zone's CMK (objects and event queues) and its alias. */
    private zoneKey(): aws.kms.Key {
        const { zone } = this.args;
        const key = lakeKey(
            `${this.name}-key`,
            {
                description: `Data lake zone ${zone.name}: objects and event queues`,
                policy: pulumi.output(this.args.scope).apply((scope) => JSON.stringify(zoneKeyPolicy(scope))),
                retainData: this.args.retainData,
            },
            this,
        );
        new aws.kms.Alias(
            `${this.name}-key-alias`,
            { name: zoneKeyAlias(pulumi.getProject(), pulumi.getStack(), zone.name), targetKeyId: key.keyId },
            { parent: this },
        );
        return key;
    }

    /** The private bucket: SSE-KMS with the zone key only, lifecycle from config, access logs. */
    private zoneBucket(): aws.s3.Bucket {
        const { zone } = this.args;
        return privateBucket(
            this.name,
            {
                retainData: this.args.retainData,
                kmsKeyArn: this.key.arn,
                policy: (bucketArn) =>
                    pulumi.all([bucketArn, this.key.arn]).apply(([bucketArn, keyArn]) => JSON.stringify(zoneBucketPolicy({ bucketArn, keyArn }))),
                lifecycleRules: lifecycleRules(zone.lifecycle),
                accessLogs: { bucket: this.args.accessLogsBucket, prefix: accessLogPrefix(zone.name) },
            },
            this,
        );
    }

    /** The event queue and its DLQ (redrive both ways, TLS only), encrypted with the zone key. */
    private eventQueues(): [aws.sqs.Queue, aws.sqs.Queue] {
        const child = { parent: this };
        const queueEncryption = { kmsMasterKeyId: this.key.arn, kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS };
        const dlq = new aws.sqs.Queue(`${this.name}-dlq`, { ...queueEncryption, messageRetentionSeconds: DLQ_RETENTION_SECONDS }, child);
        const queue = new aws.sqs.Queue(
            `${this.name}-queue`,
            {
                ...queueEncryption,
                messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
                visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * this.args.consumerTimeoutSeconds,
                redrivePolicy: pulumi
                    .output(dlq.arn)
                    .apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount: this.args.maxReceiveCount })),
            },
            child,
        );
        new aws.sqs.QueuePolicy(`${this.name}-dlq-policy`, { queueUrl: dlq.url, policy: dlq.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) }, child);
        new aws.sqs.RedriveAllowPolicy(
            `${this.name}-dlq-redrive-allow`,
            {
                queueUrl: dlq.url,
                redriveAllowPolicy: pulumi.output(queue.arn).apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })),
            },
            child,
        );
        return [queue, dlq];
    }

    /**
     * The bucket's single notification configuration: every queue it notifies, the zone's own
     * first; each needs a policy letting this bucket send to it before S3 accepts the configuration.
     */
    private notifications(): aws.s3.BucketNotification {
        const child = { parent: this };
        const targets: NotificationQueueTarget[] = [
            { name: "events", queueArn: this.queue.arn, queueUrl: this.queue.url },
            ...(this.args.extraNotificationQueues ?? []),
        ];
        const queuePolicies = targets.map(
            (t) =>
                new aws.sqs.QueuePolicy(
                    `${this.name}-${t.name}-queue-policy`,
                    {
                        queueUrl: t.queueUrl,
                        policy: pulumi
                            .all([t.queueArn, this.bucket.arn, this.args.scope])
                            .apply(([queueArn, bucketArn, scope]) => JSON.stringify(eventQueuePolicy({ queueArn, bucketArn, accountId: scope.accountId }))),
                    },
                    child,
                ),
        );
        return new aws.s3.BucketNotification(
            `${this.name}-notification`,
            {
                bucket: this.bucket.bucket,
                queues: targets.map((t) => ({ id: t.name, queueArn: t.queueArn, events: ["s3:ObjectCreated:*"], filterPrefix: t.filterPrefix })),
            },
            { ...child, dependsOn: queuePolicies },
        );
    }
}
