/**
 * The contract between the infrastructure (components/) and the function code (functions/):
 * environment variable names, object key layouts and the shape of per-dataset curation rules.
 * Both sides import this module; nothing here may import Pulumi (it is bundled into Lambdas).
 */

/** Environment variables the zone processors read. */
export const ProcessorEnv = {
    /** Bucket the processor writes promoted objects into (the next zone). */
    targetBucket: "TARGET_BUCKET",
    /** KMS key ARN of the target zone; every write names it explicitly. */
    targetKeyArn: "TARGET_KMS_KEY_ARN",
    /** KMS key ARN of the source zone, used for quarantine copies written back into it. */
    sourceKeyArn: "SOURCE_KMS_KEY_ARN",
    /** Name of the source zone (for logs and metrics dimensions). */
    sourceZone: "SOURCE_ZONE",
    /** Name of the target zone. */
    targetZone: "TARGET_ZONE",
    /** JSON array of the datasets a Glue drop -> raw job owns (config `etl.tables`); the drop processor leaves them to it. */
    batchDatasets: "BATCH_DATASETS",
    /**
     * Objects larger than this many bytes are not converted by the function: drop -> raw hands
     * them to the big-object job (or quarantines them `too-large` without one), raw -> curated
     * quarantines them.
     */
    maxObjectBytes: "MAX_OBJECT_BYTES",
    /**
     * drop -> raw: JSON `ObjectLimits` (lib/handover.ts objectLimits of the processor settings): the
     * largest object of each input kind the function converts itself. Unset: MAX_OBJECT_BYTES for every kind.
     */
    objectLimits: "OBJECT_LIMITS",
    /**
     * drop -> raw: name of the Glue job (etl/jobs/convert_object.py) started for each object past
     * its limit, with BIG_OBJECT_RUN_ARGUMENTS. Unset: such objects are quarantined `too-large`.
     */
    bigObjectJob: "BIG_OBJECT_JOB",
    /** Decompressed size cap for gzip input (gzip bomb guard). */
    maxDecompressedBytes: "MAX_DECOMPRESSED_BYTES",
    /** drop -> raw: JSON ContractColumns, the expected columns of each dataset with a contract. Unset: nothing is checked. */
    datasetContracts: "DATASET_CONTRACTS",
    /** Powertools service name and metrics namespace. */
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;

export type ProcessorEnvName = (typeof ProcessorEnv)[keyof typeof ProcessorEnv];

/** Namespace of the lake's custom CloudWatch metrics. */
export const METRICS_NAMESPACE = "DataLake";

/**
 * The zone processors' custom metrics (namespace METRICS_NAMESPACE, unit Count unless noted).
 * Powertools gives every one the dimension PROCESSOR_METRIC_DIMENSION, whose value is the
 * function's POWERTOOLS_SERVICE_NAME: the hop name (lib/names hopName, e.g. `drop-to-raw`).
 */
export const ProcessorMetric = {
    /**
     * SQS messages of an invocation reported as batch item failures (retried, then moved to the
     * DLQ): transient or infrastructure errors and bodies that are not S3 events. Published on
     * every invocation, 0 included, so an alarm on `Sum > 0` sees partial-batch failures that
     * the function's own Errors metric never counts.
     */
    failedRecords: "FailedRecords",
    /** Objects copied to quarantine with an error report. */
    objectsQuarantined: "ObjectsQuarantined",
    objectsPromoted: "ObjectsPromoted",
    rowsPromoted: "RowsPromoted",
    /** drop -> raw: objects of Glue-owned datasets, acked and left to their job. */
    objectsLeftForBatch: "ObjectsLeftForBatch",
    /** drop -> raw: objects past the function's limits, handed to the big-object Glue job (a run started). */
    objectsHandedOver: "ObjectsHandedOver",
    /** drop -> raw: objects promoted that break their dataset's contract (recorded in their metadata, not quarantined). */
    objectsBreakingContract: "ObjectsBreakingContract",
    /** drop -> raw: bytes downloaded (unit Bytes). */
    bytesIn: "BytesIn",
    /** Later hops (past the curated zone): objects copied as they are. */
    objectsCopied: "ObjectsCopied",
} as const;

/** The dimension on every processor metric (Powertools' service dimension): the hop name. */
export const PROCESSOR_METRIC_DIMENSION = "service";

/** Prefix, inside each zone bucket, where bad input is kept with its error report. */
export const QUARANTINE_PREFIX = "quarantine/";

/**
 * The tag a processor sets on each source object version it finished with, so the landing zone's
 * expiry (components/storage/lifecycle.ts) deletes only those: a source whose message is still
 * retried or sits in the DLQ is untagged and never expires before an operator has acted.
 * Copies a processor writes (quarantine, zone-copy's copies) never inherit their source's tags.
 */
export const PROCESSED_TAG = {
    key: "datalake:processed",
    /** Converted into the next zone: by a zone processor, or by the Glue drop -> raw job once it committed its run. */
    promoted: "promoted",
    /** Copied to quarantine/ with an error report (the copy keeps its own retention). */
    quarantined: "quarantined",
    /**
     * Left to a Glue job, which retags it `promoted` (or `quarantined`) once it is done: a dataset a
     * Glue drop -> raw job owns (config etl.tables), or an object past the function's limits whose
     * big-object job run was started. Not expired: the job may not have run yet, or failed.
     */
    leftForBatch: "left-for-batch",
} as const;
export type ProcessedOutcome = Exclude<(typeof PROCESSED_TAG)[keyof typeof PROCESSED_TAG], typeof PROCESSED_TAG.key>;
/** The outcomes after which nothing reads the source again: the expiry rules match these, one rule each. */
export const EXPIRING_OUTCOMES: readonly ProcessedOutcome[] = [PROCESSED_TAG.promoted, PROCESSED_TAG.quarantined];

/**
 * Arguments of a big-object job run (etl/jobs/convert_object.py reads them): the object version
 * the drop -> raw function hands over, as its S3 event announced it. The job's settings (target
 * bucket and keys) are its default arguments (components/etl/job-settings.ts bigObjectArguments).
 */
export const BIG_OBJECT_RUN_ARGUMENTS = {
    bucket: "--source_bucket",
    key: "--source_key",
    versionId: "--source_version",
    etag: "--source_etag",
    size: "--source_size",
    /** ISO 8601 event time: the raw key's ingest_date, as promotedKey takes it. */
    eventTime: "--event_time",
} as const;

/** The run arguments for one object version; absent fields are left out (Glue takes no empty value). */
export function bigObjectRunArguments(o: {
    bucket: string;
    key: string;
    versionId?: string;
    etag?: string;
    size?: number;
    eventTime: Date;
}): Record<string, string> {
    const a = BIG_OBJECT_RUN_ARGUMENTS;
    return {
        [a.bucket]: o.bucket,
        [a.key]: o.key,
        ...(o.versionId ? { [a.versionId]: o.versionId } : {}),
        ...(o.etag ? { [a.etag]: o.etag } : {}),
        ...(o.size !== undefined ? { [a.size]: String(o.size) } : {}),
        [a.eventTime]: o.eventTime.toISOString(),
    };
}

/** Suffix of the JSON error report written next to each quarantined object. */
export const ERROR_REPORT_SUFFIX = ".error.json";

/** Prefix in the drop zone under which Firehose delivery streams write. */
export const STREAMS_PREFIX = "streams/";

/**
 * S3 object-created events as EventBridge delivers them (S3 bucket notification `eventbridge:
 * true`, then one rule per consumer): `source` and `detail-type` of the envelope
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). The processors take its
 * `detail.object.key` as the stored key; only S3's own notification format documents its key as
 * URL-encoded (notification-content-structure.html).
 */
export const S3_EVENT_SOURCE = "aws.s3";
export const OBJECT_CREATED_DETAIL_TYPE = "Object Created";

/** What `objectCreatedEvent` announces: one current object version of a zone bucket. */
export interface AnnouncedObject {
    bucket: string;
    key: string;
    size: number;
    etag?: string;
    versionId?: string;
    /** The object's LastModified: the processors derive ingest_date from the event time. */
    lastModified: Date;
}

/**
 * An S3 "Object Created" event as EventBridge delivers it to a zone queue
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html), for an object announced
 * again by the reconciliation (functions/reconcile); `reason` says who sent it.
 */
export function objectCreatedEvent(o: AnnouncedObject, at: { account: string; region: string; id: string; reason: string }): Record<string, unknown> {
    return {
        version: "0",
        id: at.id,
        "detail-type": OBJECT_CREATED_DETAIL_TYPE,
        source: S3_EVENT_SOURCE,
        account: at.account,
        time: o.lastModified.toISOString(),
        region: at.region,
        resources: [`arn:aws:s3:::${o.bucket}`],
        detail: {
            version: "0",
            bucket: { name: o.bucket },
            object: { key: o.key, size: o.size, ...(o.etag ? { etag: o.etag } : {}), ...(o.versionId ? { "version-id": o.versionId } : {}) },
            reason: at.reason,
        },
    };
}

/**
 * Environment of a zone's reconciliation (functions/reconcile): it lists the zone bucket and
 * announces again, on the zone queue, each object no processor finished (no PROCESSED_TAG) that
 * is older than the threshold, so a message that aged out of the queue or its DLQ loses nothing.
 */
export const ReconcileEnv = {
    /** The zone bucket. Required. */
    bucket: "RECONCILE_BUCKET",
    /** URL of the zone's event queue. Required. */
    queueUrl: "RECONCILE_QUEUE_URL",
    /** Objects last modified longer ago than this (s) and still untagged are announced again. Required. */
    staleAfterSeconds: "RECONCILE_STALE_AFTER_SECONDS",
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;
export type ReconcileEnvName = (typeof ReconcileEnv)[keyof typeof ReconcileEnv];

/** The reconciliation's metric (namespace METRICS_NAMESPACE, dimension PROCESSOR_METRIC_DIMENSION = its service name). */
export const ReconcileMetric = {
    /** Stale unprocessed objects announced again in one run; published every run, 0 included. */
    objectsReannounced: "ObjectsReannounced",
} as const;

/** `detail.reason` of the events the reconciliation sends. */
export const RECONCILE_REASON = "Reconciliation";

/** Partition column the processors add to every promoted object's key. */
export const INGEST_DATE_PARTITION = "ingest_date";

/** Object metadata keys (x-amz-meta-*) written on every promoted object. */
export const ObjectMeta = {
    rowCount: "row-count",
    sourceKey: "source-key",
    sourceEtag: "source-etag",
    sourceVersion: "source-version",
    sourceBucket: "source-bucket",
    /** drop -> raw, text input: the encoding it was read in (SourceEncoding). */
    sourceEncoding: "source-encoding",
    /** drop -> raw, a dataset with a contract: `none` or its breaks (contractBreaksValue). */
    contractBreaks: "contract-breaks",
} as const;

/** Encodings drop -> raw reads text in (what ObjectMeta.sourceEncoding records). */
export const SOURCE_ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252"] as const;
export type SourceEncoding = (typeof SOURCE_ENCODINGS)[number];

/**
 * Per-dataset curation declared in stack config and applied by the curate job
 * (etl/jobs/curate_tables.py, its `--curation_rules`) as it MERGEs raw into the dataset's table.
 */
export interface CurationRule {
    /** The table keeps one row per value of these columns (MERGE: an update replaces the row); none: rows are appended. */
    keyColumns?: string[];
    /** Of two rows with one key, the one with the larger value here wins; default: the later ingest time. */
    orderColumn?: string;
    /** Column -> DuckDB/Athena type to cast to, e.g. `{ price: "DOUBLE" }`. */
    casts?: Record<string, string>;
    /** Old column name -> new column name, applied after casts. */
    renames?: Record<string, string>;
    /** Columns removed from the curated output. */
    dropColumns?: string[];
}

/** Types a curation cast may name (shared by config validation and the processor). */
export const CURATION_CAST_TYPES = ["BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL(18,2)", "VARCHAR", "DATE", "TIMESTAMP"] as const;

/** The dataset of a key is its first path segment; keys without one are dataset `default`. */
export function datasetOf(key: string): string {
    const streamed = key.startsWith(STREAMS_PREFIX) ? key.slice(STREAMS_PREFIX.length) : key;
    const first = streamed.split("/")[0];
    return streamed.includes("/") && first ? first : "default";
}

/**
 * True for a key the Glue drop -> raw job of its dataset owns: that job reads `<dataset>/` of the
 * landing zone (components/etl/job-settings.ts tablePrefix), so streamed keys and top-level keys (dataset
 * `default`) are never left to it, whatever their datasetOf.
 */
export function isBatchOwned(key: string, batchDatasets: ReadonlySet<string>): boolean {
    return !key.startsWith(STREAMS_PREFIX) && key.includes("/") && batchDatasets.has(datasetOf(key));
}

/** `YYYY-MM-DD` in UTC. */
export function isoDate(d: Date): string {
    return d.toISOString().slice(0, 10);
}

/**
 * Deterministic Parquet key for a promoted object, so a redelivery of the same source version
 * overwrites rather than duplicates:
 * `<dataset>/ingest_date=YYYY-MM-DD/<flattened source key>-<version or etag>.parquet`.
 */
export function promotedKey(sourceKey: string, versionOrEtag: string, ingestDate: Date): string {
    const dataset = datasetOf(sourceKey);
    const tag = versionOrEtag.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "noversion";
    return `${dataset}/${INGEST_DATE_PARTITION}=${isoDate(ingestDate)}/${flattenKey(sourceKey)}-${tag}.parquet`;
}

/** Quarantine key for a bad object: `quarantine/<dataset>/<ingest_date>/<flattened key>-<tag>`. */
export function quarantineKey(sourceKey: string, versionOrEtag: string, ingestDate: Date): string {
    const dataset = datasetOf(sourceKey);
    const tag = versionOrEtag.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "noversion";
    return `${QUARANTINE_PREFIX}${dataset}/${INGEST_DATE_PARTITION}=${isoDate(ingestDate)}/${flattenKey(sourceKey)}-${tag}`;
}

/** True for keys the processors must not promote (their own quarantine output). */
export function isQuarantined(key: string): boolean {
    return key.startsWith(QUARANTINE_PREFIX);
}

/** True for a key a zone processor takes as input: not its own quarantine output, not a folder marker. */
export function isProcessorInput(key: string): boolean {
    return !isQuarantined(key) && !key.endsWith("/");
}

/** Source key without its dataset segment and known extensions, `/` -> `__`, safe characters only. */
function flattenKey(sourceKey: string): string {
    const segments = sourceKey.split("/").filter(Boolean);
    const rest = segments.length > 1 ? segments.slice(sourceKey.startsWith(STREAMS_PREFIX) ? 2 : 1) : segments;
    const base = rest.join("__").replace(/(\.(csv|tsv|json|ndjson|jsonl|txt|parquet))?(\.gz)?$/i, "");
    return base.replace(/[^A-Za-z0-9._=-]/g, "_").slice(0, 200) || "object";
}

/**
 * Environment variables the HTTP ingest function (functions/ingest-api) reads. The function is
 * the proxy integration of an API Gateway REST API (v1 `APIGatewayProxyEvent`): one resource per
 * route in INGEST_ROUTES, method INGEST_METHOD, the route taken from `event.resource`.
 */
export const IngestEnv = {
    /** JSON of `IngestRouteStreams`: route path -> Firehose delivery stream name. Required. */
    routeStreams: "INGEST_ROUTE_STREAMS",
    /** Largest accepted request body (bytes); larger answers 413. Default 1 MiB. */
    maxBodyBytes: "INGEST_MAX_BODY_BYTES",
    /** PutRecordBatch attempts per record before the request fails with 503. Default 6. */
    maxAttempts: "INGEST_MAX_ATTEMPTS",
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
    /** How the API authenticates callers (`apiKey`, `iam` or `none`), for the OpenAPI document it serves. Default `apiKey`. */
    auth: "INGEST_API_AUTH",
    /** JSON list of the read routes other functions answer on the same API (`["GET /traffic/{adId}"]`), for the document. Default none. */
    readRoutes: "INGEST_READ_ROUTES",
} as const;

export type IngestEnvName = (typeof IngestEnv)[keyof typeof IngestEnv];

/** Routes the ingest function validates (each has a JSON Schema in functions/ingest-api/schemas). */
export const INGEST_ROUTES = ["/track", "/alias", "/profile", "/impressions", "/clicks"] as const;
export type IngestRoute = (typeof INGEST_ROUTES)[number];

/** The only method the ingest routes accept (others answer 405). */
export const INGEST_METHOD = "POST";

/**
 * The API's OpenAPI 3.1 document (functions/ingest-api/openapi.ts), served by the ingest function
 * at `GET /openapi.json` of the API (with the API's auth) and exported by the stack.
 */
export const OPENAPI_ROUTE = { resource: "/openapi.json", pathPart: "openapi.json", method: "GET" } as const;

/** Route path -> Firehose delivery stream name; a route left out answers 404. */
export type IngestRouteStreams = Partial<Record<IngestRoute, string>>;

/** Fields the ingest function adds to every record it writes (one NDJSON line per record). */
export const IngestRecordFields = {
    /** ISO 8601 time the API received the request. */
    receivedAt: "received_at",
    /** API Gateway request id of the request that carried the record. */
    requestId: "request_id",
    /** Route name without its slash (`track`, `clicks`, ...), to tell shapes apart in a shared stream. */
    type: "type",
} as const;

/**
 * The curated views raw_to_curated builds, each also its table's prefix in the curated zone: the
 * names and order of etl/lakeetl/views.py VIEWS (etl/tests/test_jobs.py checks the two agree).
 */
export const CURATED_VIEWS = { sellerPerformance: "seller_performance", advertising: "advertising", activity: "activity" } as const;
export const CURATED_VIEW_NAMES: string[] = Object.values(CURATED_VIEWS);

/**
 * Environment variable the ingest function reads for routes whose stream is Kinesis-fed (config
 * `realtime.enabled`, or a stream with `source: kinesis`): JSON of `IngestRouteStreams`, route ->
 * Kinesis Data Stream name, written with PutRecords. Routes absent here use INGEST_ROUTE_STREAMS.
 */
export const IngestKinesisEnv = {
    routeKinesisStreams: "INGEST_ROUTE_KINESIS_STREAMS",
} as const;

/** Beacon event types the real-time counts cover (reference 002 in docs/references.md: impressions and clicks). */
export const REALTIME_EVENT_TYPES = ["impressions", "clicks"] as const;
export type RealtimeEventType = (typeof REALTIME_EVENT_TYPES)[number];

/** Length of the real-time tumbling window (s): per-minute counts. */
export const REALTIME_WINDOW_SECONDS = 60;

/** Environment variables of the real-time window function (functions/realtime-counts). */
export const RealtimeEnv = {
    /** JSON `Record<kinesis stream name, RealtimeEventType>`: which event type each consumed stream carries. Required. */
    streamTypes: "REALTIME_STREAM_TYPES",
    /** Value of the `lake` dimension on every metric (`<project>-<stack>`), so stacks sharing an account stay apart. Required. */
    lake: "REALTIME_LAKE",
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;

/** The real-time metrics: names per event type, the malformed-record count, their dimensions. */
export const RealtimeMetrics = {
    /** Metric name of each event type's per-window count. */
    counts: { impressions: "Impressions", clicks: "Clicks" } satisfies Record<RealtimeEventType, string>,
    /** Records that were not a JSON beacon (counted and skipped). */
    malformed: "MalformedRecords",
    /** Powertools' `service` dimension value. */
    service: "realtime",
    /** Name of the dimension carrying RealtimeEnv.lake. */
    lakeDimension: "lake",
} as const;

/** Environment variables of the traffic functions (functions/traffic-job, functions/traffic-api). */
export const TrafficEnv = {
    /** DynamoDB table of per-ad per-day traffic. Required. */
    tableName: "TRAFFIC_TABLE",
    /** Curated bucket holding the advertising view (job only). Required by the job. */
    curatedBucket: "TRAFFIC_CURATED_BUCKET",
    /** Longest `start..end` range the endpoint answers, in days (API only). Required by the API. */
    maxRangeDays: "TRAFFIC_MAX_RANGE_DAYS",
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;

/**
 * The traffic table's layout: partition key `adId`, sort key `date` (YYYY-MM-DD), attributes
 * `impressions`, `clicks`, `unattributedClicks`, `computedAt`; a keys-only index by date lets the
 * job find a day's items to replace them.
 */
export const TrafficTable = {
    partitionKey: "adId",
    sortKey: "date",
    byDateIndex: "byDate",
} as const;

/** Where the traffic job reads a day of the curated advertising view (etl/lakeetl/views.py `advertising`). */
export const ADVERTISING_VIEW_PREFIX = `${CURATED_VIEWS.advertising}/`;

/** `advertising/event_date=YYYY-MM-DD/`: the view's partition of one day. */
export function advertisingDayPrefix(day: string): string {
    return `${ADVERTISING_VIEW_PREFIX}event_date=${day}/`;
}

/** Route of the traffic endpoint on the ingest API (`GET /traffic/{adId}?start=&end=`). */
export const TRAFFIC_ROUTE = { pathParts: ["traffic", "{adId}"], method: "GET", resource: "/traffic/{adId}" } as const;

/**
 * The curated zone as Iceberg tables (issue 18): every dataset is the table `<curated db>.<table>`
 * (CURATED_TABLE_NAME), its files under `tables/<table>/` of the curated bucket, written only by
 * the curate job; a dataset the job stopped (an incompatible schema change) gets its report under
 * `quarantine/<dataset>/schema/` of the same bucket.
 */
export const CURATED_TABLES_PREFIX = "tables/";

/** The Iceberg table of a dataset: its name with `-` -> `_` (Glue and Athena table names). */
export function curatedTableName(dataset: string): string {
    return dataset.replace(/-/g, "_");
}

/**
 * The lineage columns the curate job writes on every curated row (etl/lakeetl/iceberg.py
 * LINEAGE): the raw object the row came from and its ingest time. Declared on each table at
 * creation, so that Glue creates it with a schema (the job adds the dataset's own columns).
 */
export const CURATED_LINEAGE_COLUMNS = [
    { name: "etl_source_object", type: "string" },
    { name: "etl_ingested_at", type: "timestamp" },
] as const;

/** `tables/<table>/`: where a dataset's table keeps its data and metadata files. */
export function curatedTablePrefix(dataset: string): string {
    return `${CURATED_TABLES_PREFIX}${curatedTableName(dataset)}/`;
}

/**
 * Environment of the curation starter (functions/start-curation): the raw zone's queue feeds it in
 * batches and it starts one run of the curate job per batch with the batch's datasets (`--datasets`).
 */
export const StartCurationEnv = {
    /** The curate Glue job. Required. */
    jobName: "CURATE_JOB_NAME",
    serviceName: "POWERTOOLS_SERVICE_NAME",
    metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
    logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;
export type StartCurationEnvName = (typeof StartCurationEnv)[keyof typeof StartCurationEnv];

/** The starter's metrics (namespace METRICS_NAMESPACE, dimension PROCESSOR_METRIC_DIMENSION = its service name), published every invocation, 0 included. */
export const StartCurationMetric = {
    /** Curate job runs started (one per batch with at least one dataset). */
    runsStarted: "CurationRunsStarted",
    /** Batches put back because the job was already running (ConcurrentRunsExceededException), to start later. */
    runsDeferred: "CurationRunsDeferred",
} as const;

/** The curate job's `--datasets` argument: the job's name for "these datasets" (comma-separated). */
export const CURATE_DATASETS_ARGUMENT = "--datasets";

/**
 * Data quality rules of a dataset (config `quality`, issue 20), written once: turned into the DQDL
 * ruleset of its curated table (lib/quality-dqdl.ts, an aws.glue.DataQualityRuleset) and evaluated
 * by the curate job on every batch before it is committed (its `--quality_rules`,
 * etl/lakeetl/quality.py). Columns are the curated table's (after the curation rule's renames).
 * Row-level rules (every-row completeness, ranges, allowed values) quarantine the rows that fail
 * them; table-level rules (a completeness fraction, the unique key, row count, freshness) stop the
 * dataset's batch: nothing of it is committed.
 */
export interface QualityRule {
    /** Column -> the least fraction (0-1] of the batch's rows with a value; 1: every row (a row without one is quarantined). */
    completeness?: Record<string, number>;
    /** Columns that together identify a row: never null and unique within a batch. */
    uniqueKey?: string[];
    /** Column -> inclusive bounds of its numeric values; a row outside is quarantined (null passes: see completeness). */
    ranges?: Record<string, QualityBounds>;
    /** Text column -> the values it may hold; a row with another is quarantined (null passes). Numeric columns: `ranges`. */
    allowedValues?: Record<string, string[]>;
    /** Inclusive bounds on the number of rows in one batch. */
    rowCount?: QualityBounds;
    /** Every row's `column` (a timestamp) at most `maxAgeHours` old when the batch is curated (null fails). */
    freshness?: QualityFreshness;
}

export interface QualityFreshness {
    /** A timestamp column. */
    column: string;
    maxAgeHours: number;
}

export interface QualityBounds {
    min?: number;
    max?: number;
}

/** The curate job's argument carrying `{dataset: QualityRule}` as JSON. */
export const QUALITY_RULES_ARGUMENT = "--quality_rules";
/** The curate job's argument naming the CloudWatch namespace of its quality metrics (none: not published). */
export const QUALITY_NAMESPACE_ARGUMENT = "--quality_namespace";

/**
 * The quality metrics the curate job publishes per evaluated batch (etl/lakeetl/quality.py
 * `publish`), dimensions QUALITY_METRIC_DIMENSIONS (the curated database and table).
 */
export const QUALITY_METRICS_NAMESPACE = "DataLake/Quality";
export const QualityMetric = {
    /** Fraction of the ruleset's rules the batch passed (1 = all), as Glue Data Quality scores a run. */
    score: "Score",
    /** Rules the batch failed. */
    rulesFailed: "RulesFailed",
    /** Rows quarantined by a row-level rule. */
    rowsQuarantined: "RowsQuarantined",
    /** Rows evaluated. */
    rowsEvaluated: "RowsEvaluated",
} as const;
export const QUALITY_METRIC_DIMENSIONS = { database: "Database", table: "Table" } as const;

/**
 * Dataset contracts (config `contracts`, issue 20): the columns a dataset is expected to reach raw
 * with, its key columns and its personal-data (pii) columns. drop -> raw records where an object
 * breaks its contract (DATASET_CONTRACTS, ObjectMeta.contractBreaks); the curate job masks the pii
 * columns (`--pii_columns`, the masking key's secret `--masking_secret`).
 *
 * A column's type is one of CONTRACT_COLUMN_TYPES: the type families drop -> raw writes (the
 * function's DuckDB types and the big-object job's Spark types each map onto one of them,
 * functions/drop-to-raw/contract-check.ts and etl/lakeetl/contracts.py), not exact widths: a CSV
 * whose prices all happen to be whole numbers reaches raw as BIGINT, another as DECIMAL(18,2).
 */
export const CONTRACT_COLUMN_TYPES = ["string", "boolean", "bigint", "decimal", "double", "date", "timestamp", "binary", "struct", "array", "map"] as const;
export type ContractColumnType = (typeof CONTRACT_COLUMN_TYPES)[number];

/** One dataset's contract, as the stack config declares it (lib/dataset-contract.ts validates it). */
export interface DatasetContract {
    /** Expected columns, normalised names (snake_case, as drop -> raw writes them) -> type. */
    columns: Record<string, ContractColumnType>;
    /** Columns that identify a row (the same as `curation.<dataset>.keyColumns` when both are given). */
    keyColumns?: string[];
    /** Columns holding personal data: masked in curated, kept as sent in raw (narrower access). */
    piiColumns?: string[];
}

/**
 * What a type family found in an object may stand for: itself, a wider number (every BIGINT is a
 * DECIMAL, every DECIMAL a DOUBLE), a TIMESTAMP for a DATE (a column of midnights), and any scalar
 * for a STRING (text that happened to look like numbers or dates; curation casts it back).
 */
const CONFORMS_TO: Record<ContractColumnType, readonly ContractColumnType[]> = {
    string: ["string"],
    boolean: ["boolean", "string"],
    bigint: ["bigint", "decimal", "double", "string"],
    decimal: ["decimal", "double", "string"],
    double: ["double", "string"],
    date: ["date", "timestamp", "string"],
    timestamp: ["timestamp", "string"],
    binary: ["binary"],
    struct: ["struct"],
    array: ["array"],
    map: ["map"],
};

/** Whether a column found as `found` (a family, or another type's name) satisfies `expected`. */
export function conformsTo(found: string, expected: ContractColumnType): boolean {
    return (CONFORMS_TO[found as ContractColumnType] ?? []).includes(expected);
}

/** A way an object differs from its dataset's contract. */
export type ContractBreak =
    | { kind: "missing"; column: string; expected: ContractColumnType }
    | { kind: "extra"; column: string; found: string }
    | { kind: "drift"; column: string; expected: ContractColumnType; found: string };

/**
 * The breaks of an object whose columns are `found` (name -> type family) against the expected
 * `columns`: missing columns in the contract's order, then extra and drifted ones in the object's.
 */
export function contractBreaks(columns: Record<string, ContractColumnType>, found: readonly { name: string; type: string }[]): ContractBreak[] {
    const have = new Map(found.map((c) => [c.name, c.type]));
    const missing: ContractBreak[] = Object.entries(columns)
        .filter(([name]) => !have.has(name))
        .map(([column, expected]) => ({ kind: "missing", column, expected }));
    const others = found.flatMap((c): ContractBreak[] => {
        const expected = columns[c.name];
        if (expected === undefined) return [{ kind: "extra", column: c.name, found: c.type }];
        return conformsTo(c.type, expected) ? [] : [{ kind: "drift", column: c.name, expected, found: c.type }];
    });
    return [...missing, ...others];
}

/** S3's limit on an object's user-defined metadata: the UTF-8 bytes of every key and value, summed (2 KB; 2000 read as KB, not KiB). */
export const S3_USER_METADATA_MAX_BYTES = 2000;
/** The most of it the contract breaks may take, so the other lineage keys always fit. */
export const CONTRACT_BREAKS_MAX_BYTES = 512;
/** ObjectMeta.contractBreaks of an object that conforms to its contract. */
export const NO_CONTRACT_BREAKS = "none";

/** The UTF-8 bytes of user-defined metadata as S3 counts them (keys without `x-amz-meta-`). */
export function metadataBytes(meta: Record<string, string>): number {
    return Object.entries(meta).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/**
 * ObjectMeta.contractBreaks: `none`, or the breaks as `missing:<col>=<expected>`,
 * `extra:<col>=<found>`, `drift:<col>=<expected>><found>` joined by `;`, at most `maxBytes`
 * long: breaks past it are left out and counted, `;more:<n>` (the object's full list is in the
 * processor's log line). Column names are normalised ASCII, so bytes are characters.
 */
export function contractBreaksValue(breaks: readonly ContractBreak[], maxBytes = CONTRACT_BREAKS_MAX_BYTES): string {
    if (breaks.length === 0) return NO_CONTRACT_BREAKS;
    const entries = breaks.map((b) =>
        b.kind === "missing"
            ? `missing:${b.column}=${b.expected}`
            : b.kind === "extra"
              ? `extra:${b.column}=${b.found}`
              : `drift:${b.column}=${b.expected}>${b.found}`,
    );
    let kept = entries.length;
    const text = (n: number) => [...entries.slice(0, n), ...(n < entries.length ? [`more:${entries.length - n}`] : [])].join(";");
    while (kept > 0 && text(kept).length > maxBytes) kept--;
    return text(kept);
}

/**
 * The drop -> raw check of each dataset's contract: JSON `{dataset: {column: type}}` (the columns
 * only: Lambda's environment is 4 KB in all, lib/dataset-contract.ts bounds this value).
 */
export type ContractColumns = Record<string, Record<string, ContractColumnType>>;
/** The curate job's `--pii_columns`: JSON `{dataset: [raw column, ...]}`, masked after the curation rule (by their curated names). */
export const PII_COLUMNS_ARGUMENT = "--pii_columns";
/** The curate job's `--masking_secret`: name or ARN of the Secrets Manager secret whose SecretString is the HMAC key. */
export const MASKING_SECRET_ARGUMENT = "--masking_secret";
/** The big-object job's `--contract_columns`: JSON ContractColumns, as the function's DATASET_CONTRACTS. */
export const CONTRACT_COLUMNS_ARGUMENT = "--contract_columns";
