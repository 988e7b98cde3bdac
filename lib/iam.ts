/**
 * IAM, KMS, S3 and SQS policy documents as plain objects, built from resolved ARN strings.
 * Pure (no Pulumi invokes): components resolve their inputs with `pulumi.all` and serialise the
 * result with `JSON.stringify`, and the unit tests assert on the documents directly.
 */

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
    Action: string | string[];
    /** Absent only in trust policies, where IAM rejects it. */
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** A policy document of `statements`. */
export function doc(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** `arn:<partition>:iam::<account>:root`: the account itself, for key administration. */
export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * Key-policy statement: the account administers the key, so IAM policies (roles in this
 * account) can grant its use.
 */
export function keyAdministration(partition: string, accountId: string): Statement {
    return {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
    };
}

/** Bucket ARN -> ARN pattern of every object in it (or of those under `prefix`). */
export function objectsArn(bucketArn: string, prefix = ""): string {
    return `${bucketArn}/${prefix}*`;
}

/** Denies every request to the bucket (and its objects) that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsArn(bucketArn)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

export interface ZoneKeyPolicyArgs {
    partition: string;
    accountId: string;
}

/**
 * Key policy of a zone's CMK. The account root administers the key (so IAM policies, such as
 * the processors' roles, can grant its use); S3 may use it to publish event notifications into
 * the SQS queue encrypted with it, and SQS to serve that queue; both only for this account.
 */
export function zoneKeyPolicy({ partition, accountId }: ZoneKeyPolicyArgs): PolicyDocument {
    return doc(
        keyAdministration(partition, accountId),
        {
            Sid: "AllowS3AndSqsServiceUse",
            Effect: "Allow",
            Principal: { Service: ["s3.amazonaws.com", "sqs.amazonaws.com"] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    );
}

/**
 * Key policy of the alarm topic's CMK: the account administers it, CloudWatch alarms of this
 * account may publish to the topic encrypted with it.
 */
export function alarmKeyPolicy({ partition, accountId }: ZoneKeyPolicyArgs): PolicyDocument {
    return doc(
        keyAdministration(partition, accountId),
        {
            Sid: "AllowCloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
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
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queueArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    );
}

/** Trust policy: only the Lambda service may assume the role. */
export function lambdaAssumeRolePolicy(): PolicyDocument {
    return doc({
        Sid: "LambdaAssumeRole",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
    });
}

export interface ProcessorPolicyArgs {
    sourceBucketArn: string;
    sourceKeyArn: string;
    targetBucketArn: string;
    targetKeyArn: string;
    queueArn: string;
    logGroupArn: string;
    /** Prefix in the source bucket where bad input is copied (lib/contract QUARANTINE_PREFIX). */
    quarantinePrefix: string;
}

/**
 * Least privilege for a zone processor: read the source zone (ListBucket only so a vanished
 * object reads as 404, not 403), write quarantine copies back into the source zone (and abort
 * them: above 5 GiB they are multipart), write the target zone, use exactly those two keys,
 * consume exactly its queue, log to its own log group.
 */
export function processorPolicy(a: ProcessorPolicyArgs): PolicyDocument {
    return doc(
        {
            Sid: "ReadSourceZone",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: objectsArn(a.sourceBucketArn),
        },
        {
            Sid: "ListSourceZone",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: a.sourceBucketArn,
        },
        {
            Sid: "WriteSourceQuarantine",
            Effect: "Allow",
            // Quarantine copies above 5 GiB are multipart; a failed one is aborted.
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: objectsArn(a.sourceBucketArn, a.quarantinePrefix),
        },
        {
            Sid: "WriteTargetZone",
            Effect: "Allow",
            // Server-side copies above 5 GiB (raw -> curated) are multipart; a failed one is aborted.
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: objectsArn(a.targetBucketArn),
        },
        {
            Sid: "UseZoneKeys",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: [a.sourceKeyArn, a.targetKeyArn],
        },
        {
            Sid: "ConsumeZoneQueue",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
            Resource: a.queueArn,
        },
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [a.logGroupArn, `${a.logGroupArn}:*`],
        },
    );
}
