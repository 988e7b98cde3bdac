/**
 * The governance area's documents, pure: the trail's key and bucket policies, the personas'
 * trust and permission policies. Every persona grant names the lake's own buckets, prefixes,
 * keys, Glue databases, jobs and crawlers and the Athena workgroup; nothing else.
 */
import type { Persona } from "./args";
import type { AccountScope } from "../../lib/account-scope";
import {
    CATALOG_DELETE,
    CATALOG_READ,
    CATALOG_WRITE,
    PolicyDocument,
    Statement,
    catalogArns,
    catalogKeyUse,
    doc,
    denyInsecureTransport,
    keyAdministration,
    logGroupArn,
    objectsArn,
} from "../../lib/iam";
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../../lib/contract";

/** `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`, known before the trail exists. */
export function trailArn(s: AccountScope, name: string): string {
    return `arn:${s.partition}:cloudtrail:${s.region}:${s.accountId}:trail/${name}`;
}

/**
 * Key policy of the trail's CMK, as CloudTrail documents it ("Configure AWS KMS key policies for
 * CloudTrail"): CloudTrail may generate data keys for this account's trails, from this trail
 * only (`aws:SourceArn`), and describe the key; the account administers it, so IAM policies grant
 * reading the logs.
 */
export function trailKeyPolicy(s: AccountScope, trail: string): PolicyDocument {
    return doc(
        keyAdministration(s.partition, s.accountId),
        {
            Sid: "AllowCloudTrailEncrypt",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": trail },
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${s.partition}:cloudtrail:*:${s.accountId}:trail/*` },
            },
        },
        {
            Sid: "AllowCloudTrailDescribeKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": trail } },
        },
    );
}

/** Where CloudTrail writes in its bucket: `AWSLogs/<account>/`. */
export function trailLogPrefix(accountId: string): string {
    return `AWSLogs/${accountId}/`;
}

/**
 * Bucket policy of the trail bucket, as CloudTrail documents it ("Amazon S3 bucket policy for
 * CloudTrail"): CloudTrail checks the ACL and writes under AWSLogs/<account>/, for this trail
 * only (`aws:SourceArn`); TLS only.
 */
export function trailBucketPolicy(a: { bucketArn: string; trailArn: string; accountId: string }): PolicyDocument {
    const fromTrail = { StringEquals: { "aws:SourceArn": a.trailArn } };
    return doc(
        denyInsecureTransport(a.bucketArn),
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: a.bucketArn,
            Condition: fromTrail,
        },
        {
            Sid: "AWSCloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: objectsArn(a.bucketArn, trailLogPrefix(a.accountId)),
            Condition: { StringEquals: { "aws:SourceArn": a.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    );
}

/** The trail's CloudWatch Logs group: `/aws/cloudtrail/<trail name>`. */
export function trailLogGroupName(trailName: string): string {
    return `/aws/cloudtrail/${trailName}`;
}

/**
 * Policy of the role CloudTrail delivers events to CloudWatch Logs with, as CloudTrail documents
 * it ("Role policy document for CloudTrail to use CloudWatch Logs for monitoring",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html):
 * create and write the log streams of this account's events in the trail's group only. A
 * multi-region trail writes one stream per region, `<account>_CloudTrail_<region>`.
 */
export function trailLogsPolicy(s: AccountScope, logGroupName: string): PolicyDocument {
    return doc({
        Sid: "DeliverTrailEvents",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn(s, logGroupName)}:log-stream:${s.accountId}_CloudTrail_*`,
    });
}

/**
 * Policy of the role Lake Formation reaches the registered zone buckets with ("Requirements for
 * roles used to register locations"): list each bucket, read and write its objects, and use its key.
 */
export function registrationPolicy(a: { zones: { bucketArn: string; keyArn: string }[] }): PolicyDocument {
    return doc(
        { Sid: "ListZoneBuckets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: a.zones.map((z) => z.bucketArn) },
        {
            Sid: "ZoneObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: a.zones.map((z) => objectsArn(z.bucketArn)),
        },
        { Sid: "ZoneKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: a.zones.map((z) => z.keyArn) },
    );
}

/** Trust policy of a persona role: only the configured principals may assume it. */
export function personaTrustPolicy(principals: string[]): PolicyDocument {
    return doc({ Sid: "PersonaPrincipals", Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" });
}

/** A zone as the personas see it. */
export interface LakeZone {
    name: string;
    bucketArn: string;
    keyArn: string;
    database: string;
}

/** The lake's resources the persona policies are scoped to. */
export interface LakeScope extends AccountScope {
    /** Every zone, in promotion order. */
    zones: LakeZone[];
    /** The zone business users read (the last one). */
    curated: string;
    workgroupArn: string;
    resultsBucketArn: string;
    /** Key of the Athena results and the sandbox. */
    analyticsKeyArn: string;
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`). Default none. */
    catalogKeyArns?: string[];
    sandboxBucketArn: string;
    /** Prefix shared by the lake's Glue job and crawler names (`<project>_<stack>_`). */
    gluePrefix: string;
    /** The lake's SQS queues (zone queues and DLQs), which the steward redrives. */
    queueArns: string[];
    /** Buckets only the steward administers besides the zones (access logs, ETL artifacts, ...). */
    otherBucketArns: string[];
    /**
     * Lake Formation governs the curated zone's reads of the opted-in personas (analyst, scientist):
     * they get `lakeformation:GetDataAccess` (LF vends the data credentials) instead of reading the
     * curated bucket and key themselves, which would bypass the column grants. Default false.
     */
    lakeFormationReads?: boolean;
    /** Datasets with pii columns (config `contracts`): read as sent only up to the curated zone, where they are masked. Default none. */
    piiDatasets?: string[];
}

/** Prefix of a persona in the sandbox bucket, e.g. `data-scientist/`. */
export function sandboxPrefix(persona: Persona): string {
    return `${persona.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}/`;
}

const S3_READ = ["s3:GetObject", "s3:GetObjectVersion"];
const S3_LIST = ["s3:ListBucket", "s3:GetBucketLocation"];
const S3_WRITE = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];
const KEY_READ = ["kms:Decrypt", "kms:DescribeKey"];
const KEY_WRITE = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];
const ATHENA_QUERY = [
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
    "athena:GetQueryExecution",
    "athena:GetQueryResults",
    "athena:GetQueryResultsStream",
    "athena:BatchGetQueryExecution",
    "athena:ListQueryExecutions",
    "athena:GetWorkGroup",
    "athena:GetNamedQuery",
    "athena:BatchGetNamedQuery",
    "athena:ListNamedQueries",
];
const GLUE_RUN = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun", "glue:GetJob"];

const allow = (Sid: string, Action: string[], Resource: string[]): Statement => ({ Sid, Effect: "Allow", Action, Resource });

function readZones(sid: string, zones: LakeZone[]): Statement[] {
    return [
        allow(
            `${sid}List`,
            S3_LIST,
            zones.map((z) => z.bucketArn),
        ),
        allow(
            `${sid}Read`,
            S3_READ,
            zones.map((z) => objectsArn(z.bucketArn)),
        ),
        allow(
            `${sid}Keys`,
            KEY_READ,
            zones.map((z) => z.keyArn),
        ),
    ];
}

function athena(s: LakeScope, databases: string[]): Statement[] {
    return [
        allow("AthenaWorkgroup", ATHENA_QUERY, [s.workgroupArn]),
        allow("AthenaCatalogRead", CATALOG_READ, catalogArns(s, databases)),
        ...catalogKeyUse(s.catalogKeyArns ?? []),
        // Athena reads and writes query results as the caller.
        allow("AthenaResultsBucket", S3_LIST, [s.resultsBucketArn]),
        allow("AthenaResults", [...S3_READ, ...S3_WRITE], [objectsArn(s.resultsBucketArn)]),
        allow("AthenaResultsKey", KEY_WRITE, [s.analyticsKeyArn]),
    ];
}

function gluePattern(s: AccountScope, kind: "job" | "crawler" | "workflow" | "trigger", prefix: string): string {
    return `arn:${s.partition}:glue:${s.region}:${s.accountId}:${kind}/${prefix}*`;
}

function zone(s: LakeScope, name: string): LakeZone {
    const z = s.zones.find((x) => x.name === name);
    if (!z) throw new Error(`persona policies: no zone ${name}`);
    return z;
}

/**
 * What the data steward does with the lake's data and its machinery: reads and writes objects (a
 * delete leaves a version behind), restores archived ones, redrives queues, maintains the catalog,
 * runs jobs, crawlers, workflows and triggers, queries, and inspects every setting.
 * Never what could lock the account out of its data or destroy it: the policies, encryption,
 * ownership, versioning and lifecycle of buckets and keys are the program's (LOCK_OUT_* are denied).
 */
const STEWARD = {
    bucket: [
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:ListBucketMultipartUploads",
        "s3:GetBucketLocation",
        "s3:GetBucketPolicy",
        "s3:GetBucketPolicyStatus",
        "s3:GetBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetBucketLogging",
        "s3:GetBucketNotification",
        "s3:GetBucketOwnershipControls",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketTagging",
    ],
    object: [
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectAttributes",
        "s3:GetObjectTagging",
        "s3:PutObjectTagging",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:RestoreObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
    ],
    key: [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListKeyPolicies",
        "kms:ListGrants",
        "kms:ListResourceTags",
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
        "kms:EnableKey",
        "kms:EnableKeyRotation",
        "kms:RotateKeyOnDemand",
        "kms:CancelKeyDeletion",
    ],
    // Messages leave a DLQ by moving back to their source queue, never by deletion or purge.
    queue: [
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ListDeadLetterSourceQueues",
        "sqs:ListQueueTags",
        "sqs:ReceiveMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:SendMessage",
        "sqs:StartMessageMoveTask",
        "sqs:CancelMessageMoveTask",
        "sqs:ListMessageMoveTasks",
    ],
    // Tables and partitions only: deleting one drops metadata a crawler or job writes again, never data.
    catalog: [...CATALOG_READ, ...CATALOG_WRITE, ...CATALOG_DELETE, "glue:GetDatabases", "glue:UpdateDatabase", "glue:GetTableVersions"],
    jobs: [
        "glue:GetJob",
        "glue:StartJobRun",
        "glue:GetJobRun",
        "glue:GetJobRuns",
        "glue:BatchStopJobRun",
        "glue:GetCrawler",
        "glue:StartCrawler",
        "glue:StopCrawler",
        "glue:GetWorkflow",
        "glue:GetWorkflowRun",
        "glue:GetWorkflowRuns",
        "glue:StartWorkflowRun",
        "glue:StopWorkflowRun",
        "glue:ResumeWorkflowRun",
        "glue:GetTrigger",
        "glue:StartTrigger",
        "glue:StopTrigger",
    ],
    workgroup: [...ATHENA_QUERY, "athena:CreateNamedQuery", "athena:DeleteNamedQuery"],
};

/** Key actions that would lock the account out of what a key encrypts (or let others decrypt it). */
const LOCK_OUT_KEY_ACTIONS = ["kms:PutKeyPolicy", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:DisableKeyRotation", "kms:CreateGrant", "kms:RevokeGrant"];

/** Bucket actions that would lock the account out of its objects, expose them or destroy them. */
const LOCK_OUT_BUCKET_ACTIONS = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:DeleteBucket",
    "s3:PutBucketOwnershipControls",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketAcl",
    "s3:DeleteObjectVersion",
];

/**
 * Data steward: administers the lake's buckets, keys, queues, catalog, jobs, crawlers and workgroup
 * with the actions of STEWARD, named one by one; the lock-out actions are denied outright, so no
 * other policy attached to the role can grant them.
 */
function steward(s: LakeScope): Statement[] {
    const buckets = [...s.zones.map((z) => z.bucketArn), s.resultsBucketArn, s.sandboxBucketArn, ...s.otherBucketArns];
    const keys = [...s.zones.map((z) => z.keyArn), s.analyticsKeyArn];
    return [
        allow("AdministerBuckets", STEWARD.bucket, buckets),
        allow(
            "AdministerObjects",
            STEWARD.object,
            buckets.map((b) => objectsArn(b)),
        ),
        allow("AdministerKeys", STEWARD.key, keys),
        allow("RedriveQueues", STEWARD.queue, s.queueArns),
        allow(
            "AdministerCatalog",
            STEWARD.catalog,
            catalogArns(
                s,
                s.zones.map((z) => z.database),
            ),
        ),
        allow(
            "RunGlue",
            STEWARD.jobs,
            (["job", "crawler", "workflow", "trigger"] as const).map((k) => gluePattern(s, k, s.gluePrefix)),
        ),
        ...catalogKeyUse(s.catalogKeyArns ?? []),
        allow("QueryWorkgroup", STEWARD.workgroup, [s.workgroupArn]),
        { Sid: "DenyKeyLockOut", Effect: "Deny", Action: LOCK_OUT_KEY_ACTIONS, Resource: keys },
        { Sid: "DenyBucketLockOut", Effect: "Deny", Action: LOCK_OUT_BUCKET_ACTIONS, Resource: [...buckets, ...buckets.map((b) => objectsArn(b))] },
    ];
}

/** Data engineer: reads and writes every zone and its catalog, runs the lake's jobs and crawlers, queries. */
function engineer(s: LakeScope): Statement[] {
    return [
        allow(
            "ZonesList",
            S3_LIST,
            s.zones.map((z) => z.bucketArn),
        ),
        allow(
            "ZonesReadWrite",
            [...S3_READ, ...S3_WRITE],
            s.zones.map((z) => objectsArn(z.bucketArn)),
        ),
        allow(
            "ZonesKeys",
            KEY_WRITE,
            s.zones.map((z) => z.keyArn),
        ),
        allow(
            "ZonesCatalogWrite",
            CATALOG_WRITE,
            catalogArns(
                s,
                s.zones.map((z) => z.database),
            ),
        ),
        allow("RunJobs", GLUE_RUN, [gluePattern(s, "job", s.gluePrefix)]),
        allow("RunCrawlers", ["glue:StartCrawler", "glue:GetCrawler"], [gluePattern(s, "crawler", s.gluePrefix)]),
        ...athena(
            s,
            s.zones.map((z) => z.database),
        ),
    ];
}

/** `lakeformation:GetDataAccess` has no resource-level permissions (Service Authorization Reference): `*`. */
const LF_DATA_ACCESS = allow("LakeFormationDataAccess", ["lakeformation:GetDataAccess"], ["*"]);

/** Reads of `zones` (the curated one through Lake Formation when it governs the persona's reads there). */
function zoneReads(sid: string, s: LakeScope, zones: LakeZone[]): Statement[] {
    if (!s.lakeFormationReads) return readZones(sid, zones);
    const direct = zones.filter((z) => z.name !== s.curated);
    return [...(direct.length ? readZones(sid, direct) : []), LF_DATA_ACCESS];
}

/**
 * The objects of the pii datasets in the zones before `curated` (as sent, unmasked), with their
 * quarantine copies: `<dataset>/`, `streams/<dataset>/` (Firehose) and `quarantine/<dataset>/` of
 * each zone (lib/contract datasetOf, quarantineKey). Undefined when there is none.
 */
export function piiSourceObjects(s: LakeScope): string[] | undefined {
    const datasets = s.piiDatasets ?? [];
    const upstream = s.zones.slice(
        0,
        s.zones.findIndex((z) => z.name === s.curated),
    );
    if (datasets.length === 0 || upstream.length === 0) return undefined;
    const prefixes = datasets.flatMap((d) => [`${d}/`, `${STREAMS_PREFIX}${d}/`, `${QUARANTINE_PREFIX}${d}/`]);
    return upstream.flatMap((z) => prefixes.map((p) => objectsArn(z.bucketArn, p)));
}

/**
 * Personal data as sent stays with the personas that run the pipelines (engineer, steward): a
 * reader of the curated zone, who sees the pii columns masked there, may not read them upstream.
 * A Deny, so no other policy on the role grants it back; Athena reads S3 as its caller, so queries
 * over the raw tables of those datasets fail too.
 */
function denyPiiSources(s: LakeScope): Statement[] {
    const objects = piiSourceObjects(s);
    return objects ? [{ Sid: "DenyPiiAsSent", Effect: "Deny", Action: S3_READ, Resource: objects }] : [];
}

/**
 * Data scientist: reads every zone (but the pii datasets before the curated zone), writes the
 * curated zone and its sandbox prefix, runs jobs and queries.
 */
function scientist(s: LakeScope): Statement[] {
    const curated = zone(s, s.curated);
    const sandbox = sandboxPrefix("dataScientist");
    return [
        ...zoneReads("Zones", s, s.zones),
        ...denyPiiSources(s),
        allow("CuratedWrite", S3_WRITE, [objectsArn(curated.bucketArn)]),
        allow("CuratedKeyWrite", ["kms:Encrypt", "kms:GenerateDataKey"], [curated.keyArn]),
        allow("CuratedCatalogWrite", CATALOG_WRITE, catalogArns(s, [curated.database])),
        {
            Sid: "SandboxList",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [s.sandboxBucketArn],
            Condition: { StringLike: { "s3:prefix": [`${sandbox}*`] } },
        },
        allow("SandboxReadWrite", [...S3_READ, ...S3_WRITE], [objectsArn(s.sandboxBucketArn, sandbox)]),
        allow("RunJobs", GLUE_RUN, [gluePattern(s, "job", s.gluePrefix)]),
        ...athena(
            s,
            s.zones.map((z) => z.database),
        ),
    ];
}

/** BI analyst: queries the curated zone with Athena and reads it; nothing else. */
function analyst(s: LakeScope): Statement[] {
    const curated = zone(s, s.curated);
    return [...zoneReads("Curated", s, [curated]), ...athena(s, [curated.database])];
}

const BUILDERS: Record<Persona, (s: LakeScope) => Statement[]> = {
    dataSteward: steward,
    dataEngineer: engineer,
    dataScientist: scientist,
    biAnalyst: analyst,
};

/** The permission policy of `persona`'s role. */
export function personaPolicy(persona: Persona, s: LakeScope): PolicyDocument {
    return doc(...BUILDERS[persona](s));
}
