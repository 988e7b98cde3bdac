/**
 * One storage zone: an S3 bucket with its own KMS CMK and the event path out of it: the bucket's
 * single notification configuration (EventBridge delivery on), and, for a zone a processor reads,
 * an EventBridge rule into an SQS queue encrypted with the same key, with a DLQ (redrive, and
 * undeliverable events), both TLS-only. The processor consuming the queue is a separate component
 * (ZoneProcessor).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonOf } from "../../lib/outputs";
import { QUARANTINE_PREFIX } from "../../lib/contract";
import { lakeKey } from "../keys";
import { processorEventPattern } from "./event-routing";
import { eventQueuePolicy, eventRuleQueuePolicy, zoneBucketPolicy, zoneKeyPolicy } from "./policies";
import { lifecycleRules } from "./lifecycle";
import { accessLogPrefix, zoneKeyAlias } from "./names";
import { privateBucket } from "./private-bucket";
import { ownedBy } from "../../lib/ownership";
import { SQS_MAX_RETENTION_SECONDS, VISIBILITY_TIMEOUT_FACTOR, zoneLifecycleIssues, zoneWithDefaults, type ResolvedZoneArgs, type ZoneArgs } from "./args";

/**
 * Event queue and DLQ keep messages for the longest period SQS allows, 14 days, counted from the
 * first enqueue in both (a standard queue's message keeps its timestamp when it moves to the DLQ).
 * A message older than that is lost; its object, untagged, does not expire, and the zone's
 * reconciliation (components/processing/reconciler.ts) announces it again.
 */
const QUEUE_RETENTION_SECONDS = SQS_MAX_RETENTION_SECONDS;
/** How long SQS reuses a data key before asking KMS again (SQS's default). */
const KMS_DATA_KEY_REUSE_SECONDS = 300;

/** The zone's event queue: EventBridge rule -> queue (redrive to the DLQ), undelivered events -> DLQ. */
export interface ZoneEventQueue {
    queue: aws.sqs.Queue;
    dlq: aws.sqs.Queue;
    rule: aws.cloudwatch.EventRule;
}

export class Zone extends pulumi.ComponentResource {
    /** The zone's name, e.g. `raw`. */
    readonly zoneName: string;
    readonly bucket: aws.s3.Bucket;
    readonly key: aws.kms.Key;
    /** The event queue, its DLQ and rule; absent when `eventQueue` is false. */
    readonly events?: ZoneEventQueue;
    readonly notification: aws.s3.BucketNotification;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    readonly queueArn?: pulumi.Output<string>;
    readonly queueUrl?: pulumi.Output<string>;
    readonly queueName?: pulumi.Output<string>;
    readonly dlqArn?: pulumi.Output<string>;
    readonly dlqUrl?: pulumi.Output<string>;
    readonly dlqName?: pulumi.Output<string>;

    /** A zone from its args; fields left out take the defaults in args.ts (`ZONE_DEFAULTS`). */
    constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:storage:Zone", name, {}, ownedBy("storage", opts));
        // A local, not a field: every field is an output to the package's schema analyzer (components/plugin.ts).
        const resolved = zoneWithDefaults(args);
        const issues = zoneLifecycleIssues(resolved.lifecycle);
        if (issues.length) throw new Error(`Zone ${name}: ${issues.map((i) => `lifecycle.${i.field}: ${i.message}`).join("; ")}`);
        this.zoneName = resolved.name;

        this.key = this.zoneKey(name, resolved);
        this.bucket = this.zoneBucket(name, resolved);
        if (resolved.eventQueue) this.events = this.eventQueues(name, resolved);
        this.notification = this.notifications(name, resolved);

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.keyArn = this.key.arn;
        this.queueArn = this.events?.queue.arn;
        this.queueUrl = this.events?.queue.url;
        this.queueName = this.events?.queue.name;
        this.dlqArn = this.events?.dlq.arn;
        this.dlqUrl = this.events?.dlq.url;
        this.dlqName = this.events?.dlq.name;
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
    private zoneKey(name: string, args: ResolvedZoneArgs): aws.kms.Key {
        const { name: zoneName, context } = args;
        const key = lakeKey(
            `${name}-key`,
            {
                description: `Data lake zone ${zoneName}: objects and event queues`,
                policy: pulumi.output(context.scope).apply((scope) => JSON.stringify(zoneKeyPolicy(scope))),
                retainData: context.retainData,
            },
            this,
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: zoneKeyAlias(pulumi.getProject(), pulumi.getStack(), zoneName), targetKeyId: key.keyId },
            { parent: this },
        );
        return key;
    }

    /** The private bucket: SSE-KMS with the zone key only, the zone's lifecycle, access logs. */
    private zoneBucket(name: string, args: ResolvedZoneArgs): aws.s3.Bucket {
        const { name: zoneName, lifecycle, context } = args;
        return privateBucket(
            name,
            {
                retainData: context.retainData,
                kmsKeyArn: this.key.arn,
                policy: (bucketArn) => jsonOf({ bucketArn, keyArn: this.key.arn }, zoneBucketPolicy),
                lifecycleRules: lifecycleRules(lifecycle),
                accessLogs: { bucket: args.accessLogsBucket, prefix: accessLogPrefix(zoneName) },
            },
            this,
        ).bucket;
    }

    /**
     * The processor's queue and DLQ (redrive both ways, TLS only), encrypted with the zone key, fed by an
     * EventBridge rule on the bucket's object-created events outside the quarantine prefix
     * (event-routing.ts); events EventBridge cannot deliver (after its retries) go to the DLQ too.
     */
    private eventQueues(name: string, args: ResolvedZoneArgs): ZoneEventQueue {
        const child = { parent: this };
        const queueEncryption = { kmsMasterKeyId: this.key.arn, kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS };
        const dlq = new aws.sqs.Queue(`${name}-dlq`, { ...queueEncryption, messageRetentionSeconds: QUEUE_RETENTION_SECONDS }, child);
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                ...queueEncryption,
                messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
                visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * args.consumerTimeoutSeconds,
                redrivePolicy: pulumi
                    .output(dlq.arn)
                    .apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount: args.maxReceiveCount })),
            },
            child,
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dlq-redrive-allow`,
            {
                queueUrl: dlq.url,
                redriveAllowPolicy: pulumi.output(queue.arn).apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })),
            },
            child,
        );
        const rule = this.objectCreatedRule(name, args, queue, dlq);
        return { queue, dlq, rule };
    }

    /** The rule -> queue route: the rule, its target (failures to the DLQ), both queues' policies admitting only it, over TLS. */
    private objectCreatedRule(name: string, args: ResolvedZoneArgs, queue: aws.sqs.Queue, dlq: aws.sqs.Queue): aws.cloudwatch.EventRule {
        const child = { parent: this };
        const rule = new aws.cloudwatch.EventRule(
            `${name}-object-created`,
            {
                description: `Data lake zone ${args.name}: objects created outside ${QUARANTINE_PREFIX}, for its processor`,
                eventPattern: this.bucket.bucket.apply((bucket) => JSON.stringify(processorEventPattern(bucket))),
            },
            child,
        );
        const policyFor = (q: aws.sqs.Queue, policyName: string) =>
            new aws.sqs.QueuePolicy(
                policyName,
                {
                    queueUrl: q.url,
                    policy: jsonOf({ queueArn: q.arn, ruleArn: rule.arn }, ({ queueArn, ruleArn }) => eventRuleQueuePolicy({ queueArn, ruleArns: [ruleArn] })),
                },
                child,
            );
        const policies = [policyFor(queue, `${name}-events-queue-policy`), policyFor(dlq, `${name}-dlq-policy`)];
        new aws.cloudwatch.EventTarget(
            `${name}-object-created-target`,
            { rule: rule.name, arn: queue.arn, deadLetterConfig: { arn: dlq.arn } },
            { ...child, dependsOn: policies },
        );
        return rule;
    }

    /**
     * The bucket's single notification configuration: EventBridge delivery on, plus a queue rule
     * per further S3-format consumer (each needs a policy for this bucket before S3 accepts it).
     */
    private notifications(name: string, args: ResolvedZoneArgs): aws.s3.BucketNotification {
        const child = { parent: this };
        const targets = args.extraNotificationQueues;
        const queuePolicies = targets.map(
            (t) =>
                new aws.sqs.QueuePolicy(
                    `${name}-${t.name}-queue-policy`,
                    {
                        queueUrl: t.queueUrl,
                        policy: jsonOf(
                            { queueArn: t.queueArn, bucketArn: this.bucket.arn, accountId: pulumi.output(args.context.scope).accountId },
                            eventQueuePolicy,
                        ),
                    },
                    child,
                ),
        );
        return new aws.s3.BucketNotification(
            `${name}-notification`,
            {
                bucket: this.bucket.bucket,
                eventbridge: true,
                queues: targets.length
                    ? targets.map((t) => ({ id: t.name, queueArn: t.queueArn, events: ["s3:ObjectCreated:*"], filterPrefix: t.filterPrefix }))
                    : undefined,
            },
            { ...child, dependsOn: queuePolicies },
        );
    }
}
