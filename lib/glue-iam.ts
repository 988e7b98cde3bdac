/**
 * IAM and KMS policy documents of the catalog, query and ETL parts (Glue crawlers and jobs, the
 * analytics key), as plain objects built from resolved ARN strings. Pure, like lib/iam.ts whose
 * document shape they share.
 */
import { PolicyDocument, Statement, denyInsecureTransport, doc, keyAdministration, objectsArn } from "./iam";

/** Where the ARNs of one account and region start. */
export interface AccountScope {
    partition: string;
    region: string;
    accountId: string;
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
    return [
        `${base}:catalog`,
        ...databases.flatMap((db) => [`${base}:database/${db}`, `${base}:table/${db}/*`, `${base}:userDefinedFunction/${db}/*`]),
    ];
}

/**
 * Key policy of the analytics CMK (Glue security configurations, Athena results, ETL artifacts,
 * crawler event queues). The account administers it, so IAM policies grant its use; CloudWatch
 * Logs may use it for Glue's log groups only; S3 and SQS may use it for the crawler event queues
 * S3 notifies (this account only).
 */
export function analyticsKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(
        keyAdministration(s.partition, s.accountId),
        {
            Sid: "AllowGlueLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${s.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": glueLogGroupsArn(s) } },
        },
        {
            Sid: "AllowS3AndSqsServiceUse",
            Effect: "Allow",
            Principal: { Service: ["s3.amazonaws.com", "sqs.amazonaws.com"] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
        },
    );
}

/** Trust policy: only the Glue service may assume the role. */
export function glueAssumeRolePolicy(): PolicyDocument {
    return doc({ Sid: "GlueAssumeRole", Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" });
}

const CATALOG_READ = [
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:GetUserDefinedFunctions",
];
const CATALOG_WRITE = [
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
];
/** What a crawler needs beyond writing: removing tables and partitions (deleteBehavior). */
const CATALOG_DELETE = ["glue:DeleteTable", "glue:DeletePartition", "glue:BatchDeletePartition"];

/** Glue's log groups, with the analytics key associated (security configuration). */
function glueLogs(s: AccountScope): Statement {
    const groups = glueLogGroupsArn(s);
    return {
        Sid: "WriteGlueLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [groups, `${groups}:*`],
    };
}

function useKeys(sid: string, keyArns: string[], actions = ["kms:Decrypt"]): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: [...new Set(keyArns)] };
}

const KEY_READ_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];

export interface CrawlerPolicyArgs {
    scope: AccountScope;
    /** The zone bucket crawled and its key. */
    bucketArn: string;
    bucketKeyArn: string;
    /** The zone's database. */
    database: string;
    /** Analytics key (the security configuration's CloudWatch encryption, the event queues). */
    analyticsKeyArn: string;
    /** S3 event mode: the crawler's queue and DLQ. */
    eventQueueArns?: string[];
}

/**
 * A zone crawler: read that zone's bucket and decrypt with its key, maintain tables and
 * partitions of that zone's database only, write Glue logs with the analytics key and, in S3
 * event mode, consume its own event queue.
 */
export function crawlerPolicy(a: CrawlerPolicyArgs): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "ReadZoneObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objectsArn(a.bucketArn) },
        { Sid: "ListZoneBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: a.bucketArn },
        useKeys("DecryptZone", [a.bucketKeyArn]),
        useKeys("UseAnalyticsKey", [a.analyticsKeyArn], KEY_READ_WRITE),
        {
            Sid: "MaintainZoneCatalog",
            Effect: "Allow",
            Action: [...CATALOG_READ, ...CATALOG_WRITE, ...CATALOG_DELETE],
            Resource: catalogArns(a.scope, [a.database]),
        },
        glueLogs(a.scope),
    ];
    if (a.eventQueueArns?.length) {
        statements.push({
            Sid: "ConsumeEventQueue",
            Effect: "Allow",
            Action: [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:DeleteMessageBatch",
                "sqs:GetQueueUrl",
                "sqs:GetQueueAttributes",
                "sqs:SetQueueAttributes",
                "sqs:ListDeadLetterSourceQueues",
                "sqs:ListQueueTags",
                "sqs:PurgeQueue",
            ],
            Resource: a.eventQueueArns,
        });
    }
    return doc(...statements);
}

/** One zone a job reads or writes, optionally only under `prefixes` (each ending in `/`). */
export interface ZoneAccess {
    bucketArn: string;
    keyArn: string;
    database: string;
    /** Key prefixes the job may touch; default the whole bucket. */
    prefixes?: string[];
}

export interface JobPolicyArgs {
    scope: AccountScope;
    /** Zones read (objects and their tables). */
    reads: ZoneAccess[];
    /** Zones written (objects, tables and partitions). */
    writes: ZoneAccess[];
    /** Artifacts bucket: scripts and packages read under `scriptsPrefix`, Spark scratch under `tempPrefix`. */
    artifactsBucketArn: string;
    scriptsPrefix: string;
    tempPrefix?: string;
    /** Analytics key: artifacts, job bookmarks and log encryption. */
    analyticsKeyArn: string;
}

function objectArns(z: ZoneAccess): string[] {
    return (z.prefixes ?? [""]).map((p) => objectsArn(z.bucketArn, p));
}

/**
 * `s3:prefix` values a job may list under `prefix` (`orders/`): the "directory" itself with and
 * without its slash (Hadoop's S3 filesystems probe both) and everything below it.
 */
export function listablePrefixes(prefix: string): string[] {
    return [prefix.replace(/\/$/, ""), prefix, `${prefix}*`];
}

/** ListBucket, limited to the prefixes when there are any. */
function list(sid: string, zones: ZoneAccess[]): Statement[] {
    return zones.map((z, i) => ({
        Sid: `${sid}${i}`,
        Effect: "Allow" as const,
        Action: "s3:ListBucket",
        Resource: z.bucketArn,
        ...(z.prefixes ? { Condition: { StringLike: { "s3:prefix": z.prefixes.flatMap(listablePrefixes) } } } : {}),
    }));
}

/**
 * A Glue job: read its source zones, read and write its target zones (Spark's committer lists,
 * reads back and deletes its own temporary objects), only under the given prefixes; use exactly
 * those zones' keys and the analytics key; read its scripts; read its source tables and maintain
 * its target tables (plus `default`, which Spark's catalog client opens); write Glue logs and
 * Glue metrics.
 */
export function jobPolicy(a: JobPolicyArgs): PolicyDocument {
    const statements: Statement[] = [];
    if (a.reads.length) {
        statements.push(
            { Sid: "ReadSourceObjects", Effect: "Allow", Action: "s3:GetObject", Resource: a.reads.flatMap(objectArns) },
            ...list("ListSource", a.reads),
            useKeys("DecryptSources", a.reads.map((z) => z.keyArn)),
        );
    }
    if (a.writes.length) {
        statements.push(
            {
                Sid: "WriteTargetObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: a.writes.flatMap(objectArns),
            },
            ...list("ListTarget", a.writes),
            useKeys("UseTargetKeys", a.writes.map((z) => z.keyArn), KEY_READ_WRITE),
        );
    }
    const artifacts = [objectsArn(a.artifactsBucketArn, a.scriptsPrefix)];
    statements.push({ Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: artifacts });
    if (a.tempPrefix) {
        statements.push(
            {
                Sid: "UseTempDir",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: objectsArn(a.artifactsBucketArn, a.tempPrefix),
            },
            {
                Sid: "ListTempDir",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: a.artifactsBucketArn,
                Condition: { StringLike: { "s3:prefix": listablePrefixes(a.tempPrefix) } },
            },
        );
    }
    statements.push(useKeys("UseAnalyticsKey", [a.analyticsKeyArn], KEY_READ_WRITE));
    const readDbs = [...new Set([...a.reads, ...a.writes].map((z) => z.database))];
    const writeDbs = [...new Set(a.writes.map((z) => z.database))];
    statements.push({
        Sid: "ReadCatalog",
        Effect: "Allow",
        Action: CATALOG_READ,
        Resource: catalogArns(a.scope, [...readDbs, "default"]),
    });
    if (writeDbs.length) {
        statements.push({ Sid: "WriteCatalog", Effect: "Allow", Action: CATALOG_WRITE, Resource: catalogArns(a.scope, writeDbs) });
    }
    statements.push(glueLogs(a.scope), {
        Sid: "PutGlueMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
    });
    return doc(...statements);
}

/** Bucket policy of the analytics buckets (Athena results, ETL artifacts): TLS only. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return doc(denyInsecureTransport(bucketArn));
}
