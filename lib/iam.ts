/**
 * IAM statement primitives several areas share: the document shape (re-exported from
 * lib/policy-document.ts), key administration, object ARNs, TLS-only denies, trust policies and the
 * Glue statements both the catalog's crawlers and the ETL jobs are built from. Pure (no Pulumi invokes): components resolve their
 * inputs with `pulumi.all`, each area builds its own documents (components/<area>/policies.ts)
 * from these, and the unit tests assert on the documents directly.
 */
import type { AccountScope } from "./account-scope";
import { doc, type PolicyDocument, type Statement } from "./policy-document";
import { serviceTrustPolicy as trustPolicy } from "./trust";

export { doc, type PolicyDocument, type Statement };

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

/**
 * A Sid made of `words` (`vpc-flow-logs`, `AssumeRole`): each run of letters and digits capitalised
 * and joined, since IAM accepts only ASCII letters and digits in a Sid
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html).
 */
export function statementId(...words: string[]): string {
    return words
        .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
        .filter((w) => w !== "")
        .map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`)
        .join("");
}

/**
 * Trust policy of a service role: only `service` (e.g. `lambda.amazonaws.com`) may assume it, with
 * exactly the confused-deputy conditions that service documents it sends (lib/trust.ts; `accountId`
 * fills them). The Sid names the service: `LambdaAssumeRole`, `VpcFlowLogsAssumeRole`, ...
 */
export function serviceTrustPolicy(service: string, accountId?: string): PolicyDocument {
    return trustPolicy(service, { accountId }, statementId(service.split(".")[0], "AssumeRole"));
}

/**
 * Key-policy statement: S3 may use the key to publish event notifications into SQS queues
 * encrypted with it, only for this account. SQS itself needs no grant: it uses the key with the
 * sender's and receiver's permissions
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
 */
export function s3EventNotificationsKeyUse(accountId: string): Statement {
    return publisherKeyUse("AllowS3EventNotifications", "s3.amazonaws.com", accountId);
}

/**
 * Key-policy statement: the AWS service `service` may use the key to publish into a queue or topic
 * encrypted with it; with `sourceAccount`, only on that account's behalf (`aws:SourceAccount`).
 */
export function publisherKeyUse(sid: string, service: string, sourceAccount?: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
    };
}

/** Glue writes crawler and job logs under this log-group prefix. */
export const GLUE_LOG_GROUP_PREFIX = "/aws-glue/";

/** `arn:...:log-group:/aws-glue/*`: every Glue log group of the account and region. */
export function glueLogGroupsArn(s: AccountScope): string {
    return `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${GLUE_LOG_GROUP_PREFIX}*`;
}

/** Catalog, database and table ARNs of `databases` (what a catalog action is checked against). */
export function catalogArns(s: AccountScope, databases: string[]): string[] {
    const base = `arn:${s.partition}:glue:${s.region}:${s.accountId}`;
    return [`${base}:catalog`, ...databases.flatMap((db) => [`${base}:database/${db}`, `${base}:table/${db}/*`, `${base}:userDefinedFunction/${db}/*`])];
}

export const CATALOG_READ = [
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:GetUserDefinedFunctions",
];
export const CATALOG_WRITE = [
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
];
/** What a crawler needs beyond writing: removing tables and partitions (deleteBehavior). */
export const CATALOG_DELETE = ["glue:DeleteTable", "glue:DeletePartition", "glue:BatchDeletePartition"];

/** `arn:...:log-group:<name>` in the scope's account and region (`name` may be a pattern). */
export function logGroupArn(s: AccountScope, name: string): string {
    return `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${name}`;
}

/**
 * Glue log writes limited to the log groups `groups` (names or patterns) and, in them, the log
 * streams `streams` (a crawler's stream is its name; a job's are its run ids): the groups may be
 * created and get the security configuration's key associated, the streams written.
 */
export function glueLogs(s: AccountScope, groups: string[], streams = "*"): Statement {
    return {
        Sid: "WriteGlueLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [...groups.map((g) => logGroupArn(s, g)), ...groups.map((g) => `${logGroupArn(s, g)}:log-stream:${streams}`)],
    };
}

/** Denies every request to the queue that does not use TLS. */
export function denyInsecureQueueTransport(queueArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A queue's policy when nothing but its owner's IAM principals use it (a DLQ): TLS only. */
export function tlsOnlyQueuePolicy(queueArn: string): PolicyDocument {
    return doc(denyInsecureQueueTransport(queueArn));
}

export function useKeys(sid: string, keyArns: string[], actions = ["kms:Decrypt"]): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: [...new Set(keyArns)] };
}

export const KEY_READ_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];

/**
 * Use of the key encrypting the account's Data Catalog (SSE-KMS), which every principal that reads
 * or writes the catalog needs: Glue documents kms:GenerateDataKey, kms:Decrypt and kms:Encrypt for
 * any client of an encrypted catalog (crawlers, jobs, Athena users; Redshift Spectrum and EMR reach
 * it the same way, through their roles). None while the stack knows no such key.
 * https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html
 */
export function catalogKeyUse(keyArns: string[]): Statement[] {
    return keyArns.length ? [useKeys("UseCatalogKey", keyArns, ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"])] : [];
}

/** A Lambda function's own log streams: Lambda writes the function's logs with its execution role. */
export function writeOwnLogs(logGroupArn: string): Statement {
    return { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logGroupArn, `${logGroupArn}:*`] };
}

/**
 * Use of an SSE-KMS queue's key to send to the queue, only as SQS in `region` uses it (GenerateDataKey
 * and Decrypt, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
 */
export function queueKeyForSending(sid: string, keyArn: string, region: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `sqs.${region}.amazonaws.com` } },
    };
}

/** X-Ray trace upload (Lambda active tracing): these actions take no resource but `*`. */
export const WRITE_TRACES: Statement = {
    Sid: "WriteTraces",
    Effect: "Allow",
    Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    Resource: "*",
};

/** `document` with WRITE_TRACES added (a new document; `document` is left as it was). */
export function withTraceWriting(document: PolicyDocument): PolicyDocument {
    return doc(...document.Statement, WRITE_TRACES);
}
