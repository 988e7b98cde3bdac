/**
 * The stack config's schema: every `datalake:*` key, its type, its limits and the defaults zod
 * fills in, each taken from the component that owns it (components/<area>/args.ts and the like),
 * so the stack and a program using a component alone get the same values. The rules that read
 * more than one key are in rules.ts. Pure.
 */
import { z } from "zod";
import { QUARANTINE_PREFIX, REALTIME_EVENT_TYPES, STREAMS_PREFIX } from "../contract";
import { curationRuleSchema } from "../curation";
import { qualityRuleSchema } from "../quality";
import { datasetContractSchema } from "../dataset-contract";
import {
    API_GATEWAY_GRAMMAR,
    API_GATEWAY_GRAMMAR_TEXT,
    DEFAULT_STREAM_NAMES,
    FIREHOSE_LIMITS,
    INGEST_API_DEFAULTS,
    INGEST_API_ENABLED,
    STREAM_DEFAULTS,
    WAF_DEFAULTS,
} from "../../components/ingest/defaults";
import { optionalSchemas } from "../config-optional";
import { CATALOG_DEFAULTS, DELETE_BEHAVIORS, RECRAWL_MODES, UPDATE_BEHAVIORS, catalogSettingIssues } from "../../components/catalog/crawler-settings";
import { ATHENA_DEFAULTS } from "../../components/query/workgroup-settings";
import { REALTIME_DEFAULTS, REALTIME_LIMITS } from "../../components/realtime/args";
import { SERVING_DEFAULTS, SERVING_LIMITS } from "../../components/traffic/args";
import { OPERATIONS_DEFAULTS, OPERATIONS_LIMITS } from "../../components/operations/args";
import {
    CURATION_STARTER_DEFAULTS,
    PROCESSOR_DEFAULTS,
    RECONCILE_DEFAULTS,
    SQS_BATCHING_LIMITS,
    curationStarterIssues,
    processorSettingIssues,
} from "../../components/processing/args";
import {
    API_INGEST_DEFAULTS,
    BATCH_WORKER_TYPES,
    BIG_OBJECT_DEFAULTS,
    ETL_DEFAULTS,
    GLUE_JOBS_PER_TRIGGER,
    REFUSED_WORKER_TYPES,
    TABLE_MAINTENANCE_DEFAULTS,
} from "../../components/etl/args";
import { PERSONAS } from "../../components/governance/args";
import { DEPLOY_STRATEGIES } from "../live-function";
import { LF_TAG_KEY, SENSITIVITIES } from "../../components/governance/lake-formation-args";
import { MACIE_SCHEDULES } from "../../components/governance/macie-args";
import {
    ARCHIVE_STORAGE_CLASSES,
    SQS_MAX_RETENTION_SECONDS,
    VISIBILITY_TIMEOUT_FACTOR,
    ZONE_DEFAULTS,
    zoneLifecycleIssues,
} from "../../components/storage/args";

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const zoneName = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "a lowercase name of 2-20 characters: letters, digits, '-', starting with a letter");

const days = z.number().int().min(1).max(3650);

/** A zone's lifecycle; fields left out take the zone's defaults (components/storage/args.ts), applied by parseConfig. */
export const lifecycleSchema = z
    .object({
        /**
         * Current objects that were consumed (tagged promoted or quarantined; left-for-batch ones
         * once their Glue job retagged them promoted) expire after this many days; untagged ones
         * (retried, in the DLQ) never do. Drop zone default: 30.
         */
        expireDays: days.optional(),
        /** Quarantine copies and their error reports (`quarantine/`) expire after this many days. */
        quarantineRetentionDays: days.optional(),
        /** Transition to STANDARD_IA after this many days (>= 30, S3's minimum). */
        infrequentAccessDays: z.number().int().min(30).max(3650).optional(),
        /** Transition to `archiveStorageClass` after this many days. */
        glacierDays: days.optional(),
        /**
         * Storage class of the `glacierDays` transition. GLACIER_IR (Glacier Instant Retrieval) is
         * read like STANDARD_IA; GLACIER (Flexible Retrieval) and DEEP_ARCHIVE need a restore
         * before any read, so a zone a job reads in full may not use them (see configSchema).
         */
        archiveStorageClass: z.enum(ARCHIVE_STORAGE_CLASSES).optional(),
        /** Noncurrent versions expire after this many days. */
        noncurrentExpireDays: days.optional(),
        /** Incomplete multipart uploads are aborted after this many days. */
        abortMultipartDays: days.optional(),
    })
    .strict()
    .superRefine((l, ctx) => {
        for (const { field, message } of zoneLifecycleIssues(l)) ctx.addIssue({ code: "custom", path: [field], message });
    });

const zoneSchema = z
    .object({
        name: zoneName,
        lifecycle: lifecycleSchema.optional(),
    })
    .strict();

const scheduleExpr = z.string().regex(/^cron\(.+\)$/, "a Glue/EventBridge cron expression like cron(0 3 * * ? *)");

/** The zone processors' and reconciliations' settings; their defaults are the processing area's own (components/processing/args.ts). */
export const processorSchema = z
    .object({
        /** Lambda memory (MB). DuckDB converts faster with more CPU. */
        memoryMb: z.number().int().min(512).max(10240).default(PROCESSOR_DEFAULTS.memoryMb),
        /** Lambda timeout (s). The queue's visibility timeout is 6x this. */
        timeoutSeconds: z.number().int().min(30).max(900).default(PROCESSOR_DEFAULTS.timeoutSeconds),
        /** /tmp size (MB) for the downloaded source and the Parquet output. */
        ephemeralStorageMb: z.number().int().min(512).max(10240).default(PROCESSOR_DEFAULTS.ephemeralStorageMb),
        /** SQS messages per invocation. */
        batchSize: z.number().int().min(1).max(10000).default(PROCESSOR_DEFAULTS.batchSize),
        /** Seconds the event source waits to fill a batch. */
        maxBatchingWindowSeconds: z.number().int().min(0).max(300).default(PROCESSOR_DEFAULTS.maxBatchingWindowSeconds),
        /** Receives before a message moves to the DLQ (the zone queues'). */
        maxReceiveCount: z.number().int().min(1).max(1000).default(ZONE_DEFAULTS.maxReceiveCount),
        /** Largest source object converted (bytes); larger ones are quarantined. */
        maxObjectBytes: z.number().int().positive().default(PROCESSOR_DEFAULTS.maxObjectBytes),
        /** Largest decompressed size of a gzip source (bomb guard); must fit in /tmp. */
        maxDecompressedBytes: z.number().int().positive().default(PROCESSOR_DEFAULTS.maxDecompressedBytes),
        /**
         * When each zone's reconciliation runs (EventBridge, UTC): it announces again the objects no
         * processor finished that are older than `reconcileAfterHours`.
         */
        reconcileSchedule: scheduleExpr.default(RECONCILE_DEFAULTS.schedule),
        /**
         * Age (hours) after which an object no processor finished is announced again. At most SQS's
         * 14-day retention, and longer than a message's retries (see configSchema).
         */
        reconcileAfterHours: z
            .number()
            .int()
            .min(1)
            .max(SQS_MAX_RETENTION_SECONDS / 3600)
            .default(RECONCILE_DEFAULTS.staleAfterHours),
    })
    .strict()
    .superRefine((p, ctx) => {
        for (const issue of processorSettingIssues(p)) ctx.addIssue({ code: "custom", message: issue.message, path: [issue.setting] });
    })
    .refine((p) => p.reconcileAfterHours * 3600 > retrySpanSeconds(p), {
        message:
            "must exceed the time a message may still be retried (maxReceiveCount x 6 x timeoutSeconds): the reconciliation would announce again objects whose message is in flight",
        path: ["reconcileAfterHours"],
    });

/** Longest a message is retried before it moves to the DLQ: every receive may wait out the visibility timeout. */
export function retrySpanSeconds(p: { maxReceiveCount: number; timeoutSeconds: number }): number {
    return p.maxReceiveCount * VISIBILITY_TIMEOUT_FACTOR * p.timeoutSeconds;
}

/**
 * An enum that names why it refuses values its consumers cannot handle (zod's own message, the
 * allowed values, for the others).
 */
function refusing<const T extends readonly [string, ...string[]]>(values: T, why: Record<string, string>) {
    return z.enum(values, { error: (issue) => (typeof issue.input === "string" && why[issue.input]) || undefined });
}

/** Firehose compressions the drop processor cannot read (it reads gzip and plain objects: functions/drop-to-raw/convert.ts). */
const UNREADABLE_COMPRESSIONS = Object.fromEntries(
    ["Snappy", "ZIP", "HADOOP_SNAPPY"].map((c) => [c, `the drop processor reads GZIP or UNCOMPRESSED objects only; it would quarantine every ${c} object`]),
);

export const streamSchema = z
    .object({
        /** Stream name, also its prefix in the drop zone: `streams/<name>/`. */
        name: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "a lowercase name of 2-40 characters: letters, digits, '_'"),
        /**
         * `direct` (Direct PUT into Firehose) or `kinesis` (a Kinesis Data Stream feeds Firehose).
         * Default direct, or kinesis for the streams `realtime.streams` names when real-time is on.
         */
        source: z.enum(["direct", "kinesis"]).optional(),
        /** Kinesis only: shards of a provisioned stream; omitted means on-demand. */
        shards: z.number().int().min(1).max(500).optional(),
        /** Kinesis only: retention hours (24-8760). */
        retentionHours: z.number().int().min(24).max(8760).default(STREAM_DEFAULTS.retentionHours),
        /** Firehose buffer size (MiB). */
        bufferSizeMb: z.number().int().min(FIREHOSE_LIMITS.bufferSizeMb[0]).max(FIREHOSE_LIMITS.bufferSizeMb[1]).default(STREAM_DEFAULTS.bufferSizeMb),
        /** Firehose buffer interval (s). */
        bufferIntervalSeconds: z
            .number()
            .int()
            .min(FIREHOSE_LIMITS.bufferIntervalSeconds[0])
            .max(FIREHOSE_LIMITS.bufferIntervalSeconds[1])
            .default(STREAM_DEFAULTS.bufferIntervalSeconds),
        /**
         * Compression of delivered objects: GZIP or UNCOMPRESSED, what the drop processor reads.
         * Firehose's Snappy, ZIP and HADOOP_SNAPPY are refused (it would quarantine every object).
         */
        compression: refusing(["GZIP", "UNCOMPRESSED"], UNREADABLE_COMPRESSIONS).default(STREAM_DEFAULTS.compression),
    })
    .strict();

export const DEFAULT_STREAMS = DEFAULT_STREAM_NAMES.map((name) => ({ name }));

const wafSchema = z
    .object({
        /** Attach an AWS WAF web ACL to the API stage. Default: true in prod, the component's default (false) in dev. */
        enabled: z.boolean().optional(),
        /** Requests one client IP may make in any 5-minute window before WAF blocks it. */
        ipRateLimit: z.number().int().min(100).max(2_000_000_000).default(WAF_DEFAULTS.ipRateLimit),
    })
    .strict();

/** A string in one of API Gateway's grammars (components/ingest/defaults.ts), the message saying what is allowed. */
const apiName = (grammar: keyof typeof API_GATEWAY_GRAMMAR) => z.string().regex(API_GATEWAY_GRAMMAR[grammar], API_GATEWAY_GRAMMAR_TEXT[grammar]);

const apiDomainSchema = z
    .object({
        /** Fully qualified name of the API, e.g. `ingest.example.com` (no wildcard). */
        name: apiName("domainName"),
        /** Route 53 public hosted zone holding the name: the certificate's DNS validation and the alias record go there. */
        hostedZoneId: apiName("hostedZoneId"),
        /** One path segment the stage is mapped at (`https://<name>/<basePath>/track`). Default: the domain root. */
        basePath: apiName("basePath").optional(),
    })
    .strict();

const ingestApiSchema = z
    .object({
        /** Create the HTTP ingest API. */
        enabled: z.boolean().default(INGEST_API_ENABLED),
        /** `apiKey` (usage plan + key), `iam` (SigV4) or `none`. */
        auth: z.enum(["apiKey", "iam", "none"]).default(INGEST_API_DEFAULTS.auth),
        /** Steady-state requests per second across the stage. */
        rateLimit: z.number().positive().max(10000).default(INGEST_API_DEFAULTS.rateLimit),
        /** Burst requests. */
        burstLimit: z.number().int().positive().max(5000).default(INGEST_API_DEFAULTS.burstLimit),
        /** Largest accepted body (bytes); larger answers 413 (API Gateway's own cap is 10 MB). */
        maxBodyBytes: z
            .number()
            .int()
            .min(1024)
            .max(10 * 1024 * 1024)
            .default(INGEST_API_DEFAULTS.maxBodyBytes),
        /** Route path -> stream name. Default: the ingest area's DEFAULT_ROUTES. */
        routes: z.record(z.string().regex(/^\/[a-z][a-z0-9_-]*$/, "a path like /track"), z.string()).optional(),
        /** X-Ray active tracing on the API stage and every Lambda function of the lake (their roles may write traces). */
        tracing: z.boolean().default(INGEST_API_DEFAULTS.tracing),
        /**
         * Set the account's API Gateway CloudWatch Logs role (needed for stage access logs). It is
         * one setting per account and region: keep it in one stack, false in the others.
         */
        manageAccountLogRole: z.boolean().default(INGEST_API_DEFAULTS.manageAccountLogRole),
        /** AWS WAF on the stage: AWS managed common rule set and a per-IP rate limit. */
        waf: wafSchema.default(wafSchema.parse({})),
        /** The stage's name: the first path segment of the execute-api URL (`https://<api>.execute-api.<region>.amazonaws.com/<stageName>`). */
        stageName: apiName("stageName").default(INGEST_API_DEFAULTS.stageName),
        /**
         * A Regional custom domain (TLS 1.2 minimum) with an ACM certificate validated by DNS in the
         * hosted zone, the stage mapped at `basePath`, and an alias record; the `ingestApiUrl` output
         * is then `https://<name>/<basePath>`. Default: none.
         */
        domain: apiDomainSchema.optional(),
    })
    .strict();

/** The catalog's settings; their defaults and cross-setting rules are the Catalog component's own (components/catalog/crawler-settings.ts). */
export const catalogSchema = z
    .object({
        /** Crawler schedule. */
        crawlerSchedule: scheduleExpr.default(CATALOG_DEFAULTS.crawlerSchedule),
        /** `new-folders` (CRAWL_NEW_FOLDERS_ONLY), `events` (S3 event mode via a queue) or `everything`. */
        recrawl: z.enum(RECRAWL_MODES).default(CATALOG_DEFAULTS.recrawl),
        /** What a crawler does with changed schemas. */
        updateBehavior: z.enum(UPDATE_BEHAVIORS).default(CATALOG_DEFAULTS.updateBehavior),
        /** What a crawler does with deleted objects. */
        deleteBehavior: z.enum(DELETE_BEHAVIORS).default(CATALOG_DEFAULTS.deleteBehavior),
        /** Manage the account's Data Catalog encryption (one setting per account and region: true in one stack only). */
        manageAccountEncryption: z.boolean().default(CATALOG_DEFAULTS.manageAccountEncryption),
        /** The key of the account's Data Catalog encryption when another stack (or the console) manages it. */
        accountEncryptionKeyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-zA-Z-]+$/, "a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>")
            .optional(),
        /** First day (UTC, YYYY-MM-DD) the stream tables' partition projection covers, up to now. */
        streamsSince: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
            .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "a real calendar date")
            .default(CATALOG_DEFAULTS.streamsSince),
    })
    .strict()
    .superRefine((c, ctx) => {
        for (const issue of catalogSettingIssues(c)) ctx.addIssue({ code: "custom", message: issue.message, path: [issue.setting] });
    });

/** The Athena workgroup's settings; their defaults are the Athena component's own (components/query/workgroup-settings.ts). */
export const athenaSchema = z
    .object({
        /** Per-query bytes-scanned limit (MB); Athena's minimum is 10 MB. */
        bytesScannedCutoffMb: z.number().int().min(10).default(ATHENA_DEFAULTS.bytesScannedCutoffMb),
        /** Query results expire after this many days. */
        resultsExpireDays: days.default(ATHENA_DEFAULTS.resultsExpireDays),
    })
    .strict();

/** Landing-zone prefixes that are not datasets: quarantine output and Firehose streams. */
const RESERVED_PREFIXES = [QUARANTINE_PREFIX, STREAMS_PREFIX].map((p) => p.replace(/\/$/, ""));

/** The Glue jobs' settings; their defaults are the Etl component's own (components/etl/args.ts). */
const etlSchema = z
    .object({
        /** Glue worker type of the Spark jobs. Default G.1X. (G.025X is refused: Glue offers it to streaming jobs only.) */
        workerType: refusing(BATCH_WORKER_TYPES, REFUSED_WORKER_TYPES).default(ETL_DEFAULTS.workerType),
        /** Workers per job (2-299). Default 2. */
        numberOfWorkers: z.number().int().min(2).max(299).default(ETL_DEFAULTS.numberOfWorkers),
        /** Job timeout (minutes). Default 60. */
        timeoutMinutes: z.number().int().min(1).max(2880).default(ETL_DEFAULTS.timeoutMinutes),
        /** Start of the ETL workflow: its drop -> raw jobs, or raw -> curated when there are none. Default daily at 04:00 UTC (after the crawlers). */
        schedule: scheduleExpr.default(ETL_DEFAULTS.schedule),
        /**
         * Datasets whose drop -> raw step is a Glue job (one per table, reading `<table>/` of the
         * landing zone with its spec in etl/lakeetl/catalog.py); the drop -> raw Lambda leaves
         * their objects to it, so every dataset has one owner. Opt-in, for datasets too big or too
         * complex for a Lambda. Default none: every dataset goes through the Lambda.
         */
        tables: z
            .array(
                z
                    .string()
                    .regex(/^[a-z][a-z0-9_]*$/, "a table name")
                    .refine((t) => !RESERVED_PREFIXES.includes(t), `not ${RESERVED_PREFIXES.join(" or ")}: those landing-zone prefixes hold no dataset`),
            )
            .refine((ts) => new Set(ts).size === ts.length, "table names must be unique")
            .refine(
                (ts) => ts.length <= GLUE_JOBS_PER_TRIGGER,
                `at most ${GLUE_JOBS_PER_TRIGGER} tables: the workflow's schedule starts every table's job, and Glue starts at most ${GLUE_JOBS_PER_TRIGGER} jobs per trigger (default quota)`,
            )
            .default([]),
        /** Maintenance of the curated Iceberg tables (Glue table optimizers); defaults components/etl/args.ts TABLE_MAINTENANCE_DEFAULTS. */
        maintenance: z
            .object({
                /** Snapshots older than this expire (the time-travel window). Default 7. */
                snapshotRetentionDays: z.number().int().min(1).default(TABLE_MAINTENANCE_DEFAULTS.snapshotRetentionDays),
                /** Snapshots kept whatever their age. Default 10. */
                snapshotsToRetain: z.number().int().min(1).default(TABLE_MAINTENANCE_DEFAULTS.snapshotsToRetain),
                /** Unreferenced files are deleted once older than this. Default 3. */
                orphanFileRetentionDays: z.number().int().min(1).default(TABLE_MAINTENANCE_DEFAULTS.orphanFileRetentionDays),
            })
            .strict()
            .default({ ...TABLE_MAINTENANCE_DEFAULTS }),
        /** How raw arrivals start the curate job (the starter's SQS batching); defaults components/processing/args.ts CURATION_STARTER_DEFAULTS. */
        curateTrigger: z
            .object({
                /** Seconds a batch gathers arrivals (0-300, Lambda's limit). Default 300. */
                maxBatchingWindowSeconds: z
                    .number()
                    .int()
                    .min(0)
                    .max(SQS_BATCHING_LIMITS.maxBatchingWindowSeconds)
                    .default(CURATION_STARTER_DEFAULTS.maxBatchingWindowSeconds),
                /** Messages per batch, one curate run (1-10000; above 10 needs a window). Default 1000. */
                batchSize: z.number().int().min(1).max(SQS_BATCHING_LIMITS.maxBatchSize).default(CURATION_STARTER_DEFAULTS.batchSize),
            })
            .strict()
            .refine((t) => curationStarterIssues(t).length === 0, {
                message: `a batchSize above ${SQS_BATCHING_LIMITS.batchSizeWithoutWindow} needs maxBatchingWindowSeconds >= 1 (an SQS rule)`,
                path: ["batchSize"],
            })
            .default({ ...CURATION_STARTER_DEFAULTS }),
        /** Scheduled API ingestion (Python shell job); omitted: no job. */
        apiIngest: z
            .object({
                /** Schedule. Default daily at 02:00 UTC. */
                schedule: scheduleExpr.default(API_INGEST_DEFAULTS.schedule),
                /** Repositories (owner/name) whose stats are fetched. */
                repos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")).min(1),
                /** API base URL. Default https://api.github.com. */
                baseUrl: z.string().url().default(API_INGEST_DEFAULTS.baseUrl),
            })
            .strict()
            .optional(),
        /**
         * The big-object Spark job the drop -> raw function hands objects past its limits to
         * (lib/handover.ts; worker type, workers and timeout above). Default on, 10 runs at once.
         */
        bigObjects: z
            .object({
                /** Off: objects past the function's limits are quarantined `too-large`. Default true. */
                enabled: z.boolean().default(BIG_OBJECT_DEFAULTS.enabled),
                /** Runs at once (1-1000); a start past it is retried with its SQS message. Default 10. */
                maxConcurrentRuns: z.number().int().min(1).max(1000).default(BIG_OBJECT_DEFAULTS.maxConcurrentRuns),
            })
            .strict()
            .default({ ...BIG_OBJECT_DEFAULTS }),
    })
    .strict();

/** Real-time counting; its batching defaults are the Realtime component's own (components/realtime/args.ts). */
export const realtimeSchema = z
    .object({
        /**
         * Per-minute counts of the beacon streams (a Lambda on their Kinesis streams, 60 s tumbling
         * windows) as CloudWatch metrics, with a dashboard. Turning it on makes the streams below
         * Kinesis-fed. Default false: each Kinesis stream costs shard hours (on-demand: about
         * 29 USD a month per stream before data) on top of Firehose.
         */
        enabled: z.boolean().default(false),
        /** Event type -> configured stream carrying it. Default impressions -> impressions, clicks -> clicks. */
        streams: z
            .object(
                Object.fromEntries(REALTIME_EVENT_TYPES.map((t) => [t, z.string().default(t)])) as Record<
                    (typeof REALTIME_EVENT_TYPES)[number],
                    z.ZodDefault<z.ZodString>
                >,
            )
            .strict()
            .default(Object.fromEntries(REALTIME_EVENT_TYPES.map((t) => [t, t])) as Record<(typeof REALTIME_EVENT_TYPES)[number], string>),
        /** Kinesis records per invocation (1-10000). */
        batchSize: z.number().int().min(REALTIME_LIMITS.batchSize[0]).max(REALTIME_LIMITS.batchSize[1]).default(REALTIME_DEFAULTS.batchSize),
        /** Seconds the event source waits to fill a batch (0-300). */
        maxBatchingWindowSeconds: z
            .number()
            .int()
            .min(REALTIME_LIMITS.maxBatchingWindowSeconds[0])
            .max(REALTIME_LIMITS.maxBatchingWindowSeconds[1])
            .default(REALTIME_DEFAULTS.maxBatchingWindowSeconds),
        /** Retries of a failing batch before it is skipped and reported to the on-failure queue. */
        maxRetryAttempts: z
            .number()
            .int()
            .min(REALTIME_LIMITS.maxRetryAttempts[0])
            .max(REALTIME_LIMITS.maxRetryAttempts[1])
            .default(REALTIME_DEFAULTS.maxRetryAttempts),
    })
    .strict()
    .refine((r) => new Set(Object.values(r.streams)).size === REALTIME_EVENT_TYPES.length, {
        message: "each event type needs a stream of its own (the counts are per stream)",
        path: ["streams"],
    });

/** The traffic API; its schedule and range defaults are the Traffic component's own (components/traffic/args.ts). */
export const servingSchema = z
    .object({
        /**
         * The traffic API: a daily job loads per-ad per-day impressions and clicks from the curated
         * advertising view into DynamoDB, and `GET /traffic/{adId}?start=&end=` on the ingest API
         * answers from it. Default false: it needs the ingest API and the Glue raw -> curated job's
         * advertising view, and it opens a read route on the API.
         */
        enabled: z.boolean().default(false),
        /** When the daily job runs (EventBridge Scheduler, UTC); it loads the previous UTC day. */
        schedule: scheduleExpr.default(SERVING_DEFAULTS.schedule),
        /** Longest range one request may ask for (days, both ends included). */
        maxRangeDays: z.number().int().min(SERVING_LIMITS.maxRangeDays[0]).max(SERVING_LIMITS.maxRangeDays[1]).default(SERVING_DEFAULTS.maxRangeDays),
    })
    .strict();

export const operationsSchema = z
    .object({
        /** Alarm when a zone queue's oldest message is older than this (s). Default 3600. */
        queueAgeAlarmSeconds: z
            .number()
            .int()
            .min(OPERATIONS_LIMITS.queueAgeAlarmSeconds[0])
            .max(OPERATIONS_LIMITS.queueAgeAlarmSeconds[1])
            .default(OPERATIONS_DEFAULTS.queueAgeAlarmSeconds),
        /** Alarm when a Firehose record waits longer than its buffer interval plus this (s). Default 900. */
        firehoseFreshnessMarginSeconds: z
            .number()
            .int()
            .min(OPERATIONS_LIMITS.firehoseFreshnessMarginSeconds[0])
            .max(OPERATIONS_LIMITS.firehoseFreshnessMarginSeconds[1])
            .default(OPERATIONS_DEFAULTS.firehoseFreshnessMarginSeconds),
        /** Alarm when more than this percentage of an API's requests answer 5xx (5-minute average). Default 1. */
        api5xxPercent: z.number().min(OPERATIONS_LIMITS.api5xxPercent[0]).max(OPERATIONS_LIMITS.api5xxPercent[1]).default(OPERATIONS_DEFAULTS.api5xxPercent),
        /** Alarm when an API's p99 latency stays above this (ms) for 15 minutes. Default 3000. */
        apiLatencyP99Ms: z
            .number()
            .int()
            .min(OPERATIONS_LIMITS.apiLatencyP99Ms[0])
            .max(OPERATIONS_LIMITS.apiLatencyP99Ms[1])
            .default(OPERATIONS_DEFAULTS.apiLatencyP99Ms),
        /**
         * Declare Glue's default log groups (/aws-glue/jobs/output, /error, /logs-v2,
         * /aws-glue/python-jobs/output, /error, /aws-glue/crawlers) with the stack's retention and
         * the analytics key. Those names are one
         * set per account and region: turn it on in one stack per account (a second stack would
         * fail creating them), and import them first where Glue already created them. Default false.
         */
        manageGlueLogGroups: z.boolean().default(OPERATIONS_DEFAULTS.manageGlueLogGroups),
    })
    .strict();

const principalArn = z
    .string()
    .regex(
        /^arn:aws[a-z-]*:(iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/,
        "an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>)",
    );

const personaSchema = z
    .object({
        /** Principals allowed to assume the persona's role. Default (Governance's) none, then no role. */
        principals: z.array(principalArn).max(100).optional(),
    })
    .strict();

const sensitivity = z.enum(SENSITIVITIES);

const lakeFormationSchema = z
    .object({
        /** Register the zones (hybrid access mode), tag and grant. Default false. */
        enabled: z.boolean().optional(),
        /** IAM role or user ARNs made the account's LF admins: they replace its admin list. Default none (the account's admins are left alone). */
        admins: z
            .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "an IAM role or user ARN"))
            .max(30)
            .optional(),
        /** Acknowledges that `admins` replaces the account's LF admin list. Required with `admins`. */
        replaceAccountAdmins: z.boolean().optional(),
        /** Prefix of the LF-tag keys `zone` and `sensitivity` (LF-tags are account-wide). Default none. */
        tagKeyPrefix: z.string().regex(LF_TAG_KEY, "lowercase LF-tag key characters, at most 116").optional(),
        /** The sensitivity of every database. Default internal. */
        defaultSensitivity: sensitivity.optional(),
        /** By dataset: its curated table's sensitivity and pii columns. */
        datasets: z
            .record(
                z.string().regex(/^[a-z0-9_-]+$/, "a dataset name"),
                z.object({ sensitivity: sensitivity.optional(), pii: z.array(z.string().min(1).max(255)).optional() }).strict(),
            )
            .optional(),
    })
    .strict()
    .refine((lf) => (lf.admins ?? []).length === 0 || lf.replaceAccountAdmins === true, {
        message: "admins replace the account's Lake Formation admin list: set replaceAccountAdmins: true to say so, or leave admins out",
        path: ["admins"],
    });

const governanceSchema = z
    .object({
        /** CloudTrail trail (multi-region, S3 data events on the zone buckets). */
        trail: z
            .object({
                /** Create the trail. */
                enabled: z.boolean().optional(),
                /** Trail log files expire after this many days. Default: Governance's in dev, PROD_TRAIL_RETENTION_DAYS (to-args.ts) in prod. */
                retentionDays: days.optional(),
            })
            .strict()
            .optional(),
        /** Persona roles: `dataSteward`, `dataEngineer`, `dataScientist`, `biAnalyst`, each `{principals}`. */
        personas: z.partialRecord(z.enum(PERSONAS), personaSchema).optional(),
        /** Sandbox objects (the scientist's scratch prefix) expire after this many days. */
        sandboxExpireDays: days.optional(),
        /**
         * Lake Formation (off by default: registering the zones and opting personas in changes how the
         * account's Data Catalog answers, and it needs the deploying role to be an LF admin): `enabled`,
         * `admins` with `replaceAccountAdmins: true` (they REPLACE the account's LF admin list),
         * `tagKeyPrefix`, `defaultSensitivity`, `datasets: {<dataset>: {sensitivity?, pii?: [columns]}}`.
         */
        lakeFormation: lakeFormationSchema.optional(),
    })
    .strict();

const deploySchema = z
    .object({
        /**
         * How a function's new version takes its `live` alias's traffic: `AllAtOnce`, or in steps
         * (CodeDeploy's Lambda configuration names) played by the automation driver, which rolls
         * back when a rollback alarm fires. Default: AllAtOnce in dev, Canary10Percent5Minutes in prod.
         */
        strategy: z.enum(DEPLOY_STRATEGIES).optional(),
        /** Set by the automation driver for one step of a rollout (automation/rollout.ts), never by hand. */
        rollout: z
            .object({
                /** Share of invocations the new versions take (0: rolled back); below 1. */
                weight: z.number().min(0).lt(1),
                /** The version each function's alias served before, by function name. */
                stableVersions: z.record(z.string().min(1), z.string().regex(/^[0-9]+$/, "a published version number")),
            })
            .strict()
            .optional(),
    })
    .strict();

export const configObject = z
    .object({
        /** `dev` or `prod`. prod retains data buckets and keys on stack removal. Default dev. */
        environment: z.enum(["dev", "prod"]).default("dev"),
        /** Zones in promotion order. Default drop, raw, curated. */
        zones: z.array(zoneSchema).min(2).max(8).optional(),
        /** Log group retention (days). Default: 14 in dev, 365 in prod. */
        logRetentionDays: z
            .number()
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
                message: `one of ${LOG_RETENTION_DAYS.join(", ")}`,
            })
            .optional(),
        /** Zone processor Lambda and queue settings. */
        processor: processorSchema.default(processorSchema.parse({})),
        /** Curation per dataset: how the curate job MERGEs raw into the dataset's Iceberg table; datasets with none are appended as they are. */
        curation: z.record(z.string().regex(/^[a-z0-9_-]+$/, "a dataset name"), curationRuleSchema).default({}),
        /** Data quality rules per dataset (completeness, unique key, ranges, allowed values, row count, freshness): a Glue Data Quality ruleset on its curated table, evaluated by the curate job before each batch is committed. Default: none. */
        quality: z.record(z.string().regex(/^[a-z0-9_-]+$/, "a dataset name"), qualityRuleSchema).default({}),
        /**
         * Dataset contracts: per dataset its expected columns and types, key columns and pii columns.
         * drop -> raw records an object's breaks (missing, extra columns, type drift) in its
         * metadata; the curate job masks the pii columns (HMAC-SHA256 with the lake's masking key);
         * the data scientist no longer reads those datasets before the curated zone. Default none.
         */
        contracts: z.record(z.string().regex(/^[a-z0-9_-]+$/, "a dataset name"), datasetContractSchema).default({}),
        /** E-mail subscribed to the alarm topic (optional). */
        alarmEmail: z.email().optional(),
        /** Firehose delivery streams into the drop zone. Default: events, impressions, clicks (direct). */
        streams: z.array(streamSchema).max(20).optional(),
        /** The HTTP ingest API. */
        ingestApi: ingestApiSchema.default(ingestApiSchema.parse({})),
        /** Glue crawlers. */
        catalog: catalogSchema.default(catalogSchema.parse({})),
        /** Athena workgroup. */
        athena: athenaSchema.default(athenaSchema.parse({})),
        /** Glue ETL jobs. */
        etl: etlSchema.default(etlSchema.parse({})),
        /** Real-time per-minute beacon counts. */
        realtime: realtimeSchema.default(realtimeSchema.parse({})),
        /** The traffic API (per-ad per-day counts in DynamoDB). */
        serving: servingSchema.default(servingSchema.parse({})),
        /** Alarm thresholds and account-level log groups. */
        operations: operationsSchema.default(operationsSchema.parse({})),
        /** CloudTrail, persona roles, sandbox. */
        governance: governanceSchema.default(governanceSchema.parse({})),
        /** Safe deploys: the functions' `live` aliases and how they take new versions. */
        deploy: deploySchema.default({}),
        /**
         * Macie sensitive data discovery over the zone buckets, findings to the alarm topic. Off by
         * default: billed per bucket monitored and per GB inspected (README "Cost"). `enabled`,
         * `enableAccount` (false where Macie is on in the account already), `schedule`
         * (daily/weekly/monthly, default weekly), `samplingPercentage` (1-100, default 100).
         */
        macie: z
            .object({
                enabled: z.boolean().optional(),
                enableAccount: z.boolean().optional(),
                schedule: z.enum(MACIE_SCHEDULES).optional(),
                samplingPercentage: z.number().int().min(1).max(100).optional(),
            })
            .strict()
            .default({}),
        /** VPC (only when something needs it), Redshift and EMR: lib/config-optional.ts. */
        ...optionalSchemas,
    })
    .strict();

/** The schema's output: every key validated, zod's defaults filled in. */
export type ParsedConfig = z.output<typeof configObject>;
export type RawConfig = z.input<typeof configObject>;

/** Config keys as they appear in Pulumi.<stack>.yaml (namespace `datalake`). */
export const CONFIG_KEYS = Object.keys(configObject.shape) as (keyof RawConfig)[];
export const CONFIG_NAMESPACE = "datalake";
