/** The processing area's documents: a zone processor's least-privilege role policy. Pure. */
import { PolicyDocument, doc, objectsArn, queueKeyForSending, writeOwnLogs } from "../../lib/iam";

export interface ProcessorPolicyArgs {
    sourceBucketArn: string;
    sourceKeyArn: string;
    targetBucketArn: string;
    targetKeyArn: string;
    queueArn: string;
    logGroupArn: string;
    /** Prefix in the source bucket where bad input is copied (lib/contract QUARANTINE_PREFIX). */
    quarantinePrefix: string;
    /** The big-object Glue job it may start (drop -> raw). Default none. */
    bigObjectJobArn?: string;
}

/**
 * Least privilege for a zone processor: read the source zone (ListBucket only so a vanished
 * object reads as 404, not 403), tag the source versions it finished (lifecycle expiry), write
 * quarantine copies back into the source zone (and abort
 * them: above 5 GiB they are multipart), write the target zone, use exactly those two keys,
 * consume exactly its queue, log to its own log group; and start runs of exactly its big-object
 * job when it has one.
 */
export function processorPolicy(a: ProcessorPolicyArgs): PolicyDocument {
    const handOver = a.bigObjectJobArn
        ? [{ Sid: "StartBigObjectRuns", Effect: "Allow" as const, Action: "glue:StartJobRun", Resource: a.bigObjectJobArn }]
        : [];
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
            Sid: "TagFinishedSources",
            Effect: "Allow",
            // datalake:processed on each source version it finished: the landing zone expires only those.
            Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
            Resource: objectsArn(a.sourceBucketArn),
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
        writeOwnLogs(a.logGroupArn),
        ...handOver,
    );
}

export interface ReconcilerPolicyArgs {
    bucketArn: string;
    queueArn: string;
    /** The zone key, which encrypts the queue. */
    keyArn: string;
    region: string;
    logGroupArn: string;
}

/**
 * Least privilege for a zone's reconciliation: list the zone bucket and read its objects' tags
 * (never their content), send to the zone queue, with the zone key only as SQS uses it (SSE-KMS
 * queue: GenerateDataKey and Decrypt, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html),
 * log to its own log group.
 */
export function reconcilerPolicy(a: ReconcilerPolicyArgs): PolicyDocument {
    return doc(
        { Sid: "ListZone", Effect: "Allow", Action: "s3:ListBucket", Resource: a.bucketArn },
        // GetObjectTagging of the current version answers its version id too (the announcement pins it).
        { Sid: "ReadZoneTags", Effect: "Allow", Action: "s3:GetObjectTagging", Resource: objectsArn(a.bucketArn) },
        { Sid: "AnnounceOnZoneQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.queueArn },
        queueKeyForSending("EncryptForZoneQueue", a.keyArn, a.region),
        writeOwnLogs(a.logGroupArn),
    );
}

export interface CurationStarterPolicyArgs {
    queueArn: string;
    /** The zone key, which encrypts the queue. */
    keyArn: string;
    region: string;
    /** The curate job's ARN. */
    jobArn: string;
    logGroupArn: string;
}

/**
 * Least privilege for the curation starter: consume the raw zone's queue (its key only as SQS
 * uses it), start runs of the curate job and no other, log to its own log group. It never reads
 * an object: the job lists raw itself.
 */
export function curationStarterPolicy(a: CurationStarterPolicyArgs): PolicyDocument {
    return doc(
        {
            Sid: "ConsumeZoneQueue",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
            Resource: a.queueArn,
        },
        {
            Sid: "DecryptZoneQueue",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `sqs.${a.region}.amazonaws.com` } },
        },
        { Sid: "StartCurateJob", Effect: "Allow", Action: "glue:StartJobRun", Resource: a.jobArn },
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [a.logGroupArn, `${a.logGroupArn}:*`],
        },
    );
}
