/**
 * The storage area's documents: the zone key policy, the zone and access-logs bucket policies,
 * the TLS-only policy of the analytics buckets and the event queue policy. Pure.
 */
import { s3EventNotificationsKeyUse, PolicyDocument, denyInsecureQueueTransport, denyInsecureTransport, doc, keyAdministration, objectsArn } from "../../lib/iam";

export interface ZoneKeyPolicyArgs {
    partition: string;
    accountId: string;
}

/**
 * Key policy of a zone's CMK. The account root administers the key (so IAM policies, such as
 * the processors' roles, can grant its use); S3 may use it to publish event notifications into
 * the SQS queue encrypted with it, for this account only. SQS itself needs no grant: it uses the
 * key with the permissions of the caller (S3 here, the processor when it receives).
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html: the key
 * policy names the producers and consumers; "Configure KMS permissions for AWS services" for S3).
 */
export function zoneKeyPolicy({ partition, accountId }: ZoneKeyPolicyArgs): PolicyDocument {
    return doc(
        keyAdministration(partition, accountId),
        s3EventNotificationsKeyUse(accountId),
    );
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

/** Lets exactly one bucket of this account send its event notifications into the queue. */
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

/** Bucket policy of the analytics buckets (analytics-bucket.ts) (Athena results, ETL artifacts): TLS only. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return doc(denyInsecureTransport(bucketArn));
}
