/**
 * The storage area's documents: the zone key policy, the zone and access-logs bucket policies,
 * the TLS-only policy of the analytics buckets and the event queue policy. Pure.
 */
import { PolicyDocument, denyInsecureQueueTransport, denyInsecureTransport, doc, keyAdministration, objectsArn } from "../../lib/iam";

export interface ZoneKeyPolicyArgs {
    partition: string;
    accountId: string;
}

/**
 * Key policy of a zone's CMK. The account root administers the key (so IAM policies, such as
 * the processors' roles, can grant its use); EventBridge may use it to deliver the bucket's events
 * into the queues encrypted with it (the zone queue and, for failed deliveries, its DLQ), with the
 * statement the SQS guide gives for AWS event sources, without a condition: the queue policies
 * admit only the zone's own rule (aws:SourceArn). SQS itself needs no grant: it uses the key with
 * the permissions of the caller (EventBridge here, the processor when it receives)
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
 * "Enable compatibility between event sources from AWS services and encrypted queues").
 */
export function zoneKeyPolicy({ partition, accountId }: ZoneKeyPolicyArgs): PolicyDocument {
    return doc(keyAdministration(partition, accountId), {
        Sid: "AllowEventBridgeDelivery",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
    });
}

export interface ZoneBucketPolicyArgs {
    bucketArn: string;
    keyArn: string;
}

/**
 * Zone bucket policy: TLS only; uploads that name an encryption other than SSE-KMS, or a KMS key
 * other than this zone's, are denied. Uploads without encryption headers are allowed and get the
 * bucket's default encryption (this zone's key). The `Null: false` condition makes each deny
 * apply only when the header is present: a bare `StringNotEquals` (or `StringNotEqualsIfExists`)
 * evaluates to true for a missing key and would deny header-less uploads too.
 */
export function zoneBucketPolicy({ bucketArn, keyArn }: ZoneBucketPolicyArgs): PolicyDocument {
    const sse = "s3:x-amz-server-side-encryption";
    const sseKey = "s3:x-amz-server-side-encryption-aws-kms-key-id";
    return doc(
        denyInsecureTransport(bucketArn),
        {
            Sid: "DenyNonKmsEncryption",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objectsArn(bucketArn),
            Condition: { Null: { [sse]: "false" }, StringNotEquals: { [sse]: "aws:kms" } },
        },
        {
            Sid: "DenyOtherKmsKeys",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objectsArn(bucketArn),
            Condition: { Null: { [sseKey]: "false" }, StringNotEquals: { [sseKey]: keyArn } },
        },
    );
}

export interface AccessLogsBucketPolicyArgs {
    bucketArn: string;
    accountId: string;
}

/** Server access logs bucket: TLS only; the S3 logging service of this account may write logs. */
export function accessLogsBucketPolicy({ bucketArn, accountId }: AccessLogsBucketPolicyArgs): PolicyDocument {
    return doc(denyInsecureTransport(bucketArn), {
        Sid: "AllowS3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: objectsArn(bucketArn),
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

export interface EventQueuePolicyArgs {
    queueArn: string;
    bucketArn: string;
    accountId: string;
}

/** Lets exactly one bucket of this account send its event notifications into the queue (S3's own format). */
export function eventQueuePolicy({ queueArn, bucketArn, accountId }: EventQueuePolicyArgs): PolicyDocument {
    return doc(
        {
            Sid: "AllowBucketNotifications",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: {
                ArnEquals: { "aws:SourceArn": bucketArn },
                StringEquals: { "aws:SourceAccount": accountId },
            },
        },
        denyInsecureQueueTransport(queueArn),
    );
}

export interface EventRuleQueuePolicyArgs {
    queueArn: string;
    /** The EventBridge rule(s) whose target (or dead-letter queue) this queue is. */
    ruleArns: string[];
}

/**
 * Lets only the given EventBridge rules send into the queue, as EventBridge documents for SQS
 * targets and their dead-letter queues (aws:SourceArn = the rule ARN):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
export function eventRuleQueuePolicy({ queueArn, ruleArns }: EventRuleQueuePolicyArgs): PolicyDocument {
    return doc(
        {
            Sid: "AllowEventBridgeRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": ruleArns.length === 1 ? ruleArns[0] : ruleArns } },
        },
        denyInsecureQueueTransport(queueArn),
    );
}

/** Bucket policy of the analytics buckets (analytics-bucket.ts) (Athena results, ETL artifacts): TLS only. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return doc(denyInsecureTransport(bucketArn));
}
