/**
 * The configuration docs, written once: each documented key's description, with its default taken
 * from the config parseConfig resolves (never typed again). scripts/config-docs.ts writes them into
 * the README's configuration table and Pulumi.yaml's config block; test/lib/config-docs.test.ts
 * fails when either file is stale or a key the schema accepts has no row. Pure.
 */
import { CONFIG_NAMESPACE, LakeConfig, RawConfig, parseConfig } from "./config";
import { INPUT_KINDS, objectLimits } from "./handover";

/** The drop -> raw function's own limits per input kind at the default processor settings (lib/handover.ts). */
function defaultObjectLimits(): string {
    const limits = objectLimits(parseConfig({}).processor);
    return INPUT_KINDS.map((k) => `${k} ${(limits[k] / 1024 ** 3).toFixed(2)} GiB`).join(", ");
}

/** The configs defaults are read from: empty dev and prod, and the optional groups switched on. */
export interface Resolved {
    dev: LakeConfig;
    redshiftServerless: LakeConfig;
    /** Nothing set at all: where an optional key stays unset. */
    empty: LakeConfig;
    /** Every sample, dev and prod, for the keys of optional groups. */
    samples: { dev: LakeConfig[]; prod: LakeConfig[] };
}

/** A README row: the key (`streams[].compression` for a list's elements), what it means, its default. */
export interface ConfigDoc {
    key: string;
    meaning: string;
    /** A default the resolved value does not render plainly (lists of zones, maps); omitted, the value at `key`. */
    default?: (c: Resolved) => string;
    /** The key has no default: what leaving it out means (checked to be unset in the resolved config). */
    unset?: string;
}

/** The samples a key's default is read from, first holding it wins (redshift and emr groups resolve only when on). */
const SAMPLES: RawConfig[] = [
    { etl: { apiIngest: { repos: ["owner/name"] } } },
    { redshift: { mode: "provisioned" }, emr: { mode: "cluster" } },
    { redshift: { mode: "serverless" }, emr: { mode: "serverless" } },
];

export function resolveDefaults(): Resolved {
    const dev = SAMPLES.map((s) => parseConfig(s));
    const prod = SAMPLES.map((s) => parseConfig({ ...s, environment: "prod" }));
    return { dev: dev[0], redshiftServerless: dev[2], empty: parseConfig({}), samples: { dev, prod } };
}

/** The value at a doc key (`[]` steps into the first element) in the first sample holding it. */
function valueAt(samples: LakeConfig[], key: string): unknown {
    const steps = key.replace(/\[\]/g, ".0").split(".");
    for (const sample of samples) {
        const value = steps.reduce<unknown>((v, step) => (v === null || typeof v !== "object" ? undefined : (v as Record<string, unknown>)[step]), sample);
        if (value !== undefined) return value;
    }
    return undefined;
}

const code = (s: string) => `\`${s}\``;

const isPlainMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A scalar, a list of scalars or a map of scalars, as the docs write it; undefined for anything else. */
function plain(key: string, value: unknown, emptyList: string): string | undefined {
    if (Array.isArray(value)) return value.every((v) => typeof v !== "object") ? (value.length === 0 ? emptyList : value.join(", ")) : undefined;
    if (isPlainMap(value)) {
        const entries = Object.entries(value);
        return entries.length > 0 && entries.every(([, v]) => typeof v !== "object")
            ? `{${entries.map(([k, v]) => `${k}: ${String(v)}`).join(", ")}}`
            : undefined;
    }
    if (typeof value === "number" && /Bytes$/.test(key)) {
        for (const [unit, size] of [
            ["GiB", 1024 ** 3],
            ["MiB", 1024 ** 2],
            ["KiB", 1024],
        ] as const) {
            if (value % size === 0) return `${value / size} ${unit}`;
        }
    }
    return value === undefined ? undefined : String(value);
}

/** Landing, raw and later zones' lifecycle defaults (they differ by role). */
function zoneLifecycles(c: Resolved): string {
    const shown = ["expireDays", "infrequentAccessDays", "glacierDays"] as const;
    const [landing, raw, curated] = c.dev.zones.map((z) => z.lifecycle);
    const fields = (l: LakeConfig["zones"][number]["lifecycle"]) =>
        code(
            shown
                .filter((f) => l[f] !== undefined)
                .map((f) => `${f} ${l[f]}`)
                .join(", "),
        );
    return `landing zone: ${fields(landing)}; raw zone: ${fields(raw)}; later zones: ${fields(curated)}`;
}

/** Routes grouped by stream; a route named after its stream reads "their streams". */
function routes(map: Record<string, string>): string {
    const own = Object.keys(map).filter((route) => route === `/${map[route]}`);
    const byStream = new Map<string, string[]>();
    for (const [route, stream] of Object.entries(map)) if (!own.includes(route)) byStream.set(stream, [...(byStream.get(stream) ?? []), route]);
    const groups = [...byStream].map(([stream, rs]) => `${rs.map(code).join(", ")} -> ${code(stream)}`);
    return [...groups, ...(own.length ? [`${own.map(code).join(", ")} -> their streams`] : [])].join("; ");
}

/** Every documented key, in the README's order. */
export const CONFIG_DOCS: ConfigDoc[] = [
    { key: "environment", meaning: "`dev` or `prod`; prod retains and protects data buckets and keys", default: (c) => code(c.dev.environment) },
    { key: "zones", meaning: "zones in promotion order (2-8), each `{name, lifecycle}`", default: (c) => c.dev.zones.map((z) => code(z.name)).join(", ") },
    {
        key: "zones[].lifecycle",
        meaning:
            "S3 lifecycle per zone (`expireDays`, `infrequentAccessDays`, `glacierDays`); the zones' roles are their positions: landing, raw, curated. `expireDays` applies only to objects that were consumed (tagged `datalake:processed` = `promoted` or `quarantined`; an object `left-for-batch` once its Glue job read it and retagged it `promoted`); a source whose message is retried or in the DLQ is never expired",
        default: zoneLifecycles,
    },
    {
        key: "zones[].lifecycle.quarantineRetentionDays",
        meaning: "quarantine copies and their error reports (`quarantine/`) expire after this many days, in every zone",
    },
    { key: "zones[].lifecycle.noncurrentExpireDays", meaning: "noncurrent versions expire after this many days" },
    { key: "zones[].lifecycle.abortMultipartDays", meaning: "incomplete multipart uploads are aborted after this many days" },
    {
        key: "zones[].lifecycle.archiveStorageClass",
        meaning:
            "class of the `glacierDays` transition: GLACIER_IR (instantly readable), GLACIER or DEEP_ARCHIVE (restore first); the raw zone, which the curate job reads (any object it has not consumed), is refused anything but GLACIER_IR",
    },
    { key: "logRetentionDays", meaning: "retention of every log group (a CloudWatch value)" },
    { key: "processor.memoryMb", meaning: "zone processor memory" },
    { key: "processor.timeoutSeconds", meaning: "processor timeout; the queue's visibility timeout is 6x this" },
    { key: "processor.ephemeralStorageMb", meaning: "`/tmp` for the source file and its Parquet" },
    { key: "processor.batchSize", meaning: "SQS messages per invocation" },
    { key: "processor.maxBatchingWindowSeconds", meaning: "batching window" },
    { key: "processor.maxReceiveCount", meaning: "receives before a message goes to the DLQ" },
    {
        key: "processor.maxObjectBytes",
        meaning:
            "largest object the drop -> raw function converts itself: past it, or past what its measured curve fits in half its timeout, its memory and its `/tmp` " +
            `(lib/handover.ts; at the default settings ${defaultObjectLimits()}), an object goes to the big-object Spark job (\`etl.bigObjects\`); raw -> curated quarantines larger objects`,
    },
    { key: "processor.maxDecompressedBytes", meaning: "gzip bomb guard; must be below `ephemeralStorageMb`" },
    {
        key: "processor.reconcileSchedule",
        meaning: "when each zone's reconciliation runs (EventBridge, UTC): it announces again, on the zone queue, the objects no processor finished",
    },
    {
        key: "processor.reconcileAfterHours",
        meaning:
            "age (h) after which an object no processor finished is announced again (at most 336, SQS's 14-day retention; above `maxReceiveCount` x 6 x `timeoutSeconds`, a message's retries)",
    },
    {
        key: "curation.<dataset>",
        meaning:
            "`{keyColumns, orderColumn, casts, renames, dropColumns}` for the dataset's Iceberg table: MERGE by keyColumns, the latest by orderColumn (else ingest time) wins",
        unset: "none (rows appended as they are)",
    },
    {
        key: "quality.<dataset>",
        meaning:
            "`{completeness: {col: fraction}, uniqueKey: [cols], ranges: {col: {min, max}}, allowedValues: {col: [values]}, rowCount: {min, max}, freshness: {column, maxAgeHours}}` on the dataset's curated columns: a Glue Data Quality (DQDL) ruleset on its table, evaluated by the curate job before each commit; rows failing every-row completeness, a range or allowed values go to `quarantine/<dataset>/quality/`, a batch failing a table-level rule (a completeness fraction, the key, row count, freshness) is not committed; the score is a metric with an alarm per dataset",
        unset: "none (no checks)",
    },
    {
        key: "contracts.<dataset>",
        meaning:
            "`{columns: {<column>: <type>}, keyColumns, piiColumns}`, a type one of string, boolean, bigint, decimal, double, date, timestamp, binary, struct, array, map (what drop -> raw writes, by family): drop -> raw records an object's breaks (missing, extra columns, type drift) in its `contract-breaks` metadata; the curate job masks piiColumns (HMAC-SHA256, key in Secrets Manager); the data scientist cannot read the dataset before the curated zone; keyColumns must equal `curation.<dataset>.keyColumns` when both are set",
        unset: "none (nothing checked or masked)",
    },
    { key: "alarmEmail", meaning: "e-mail subscribed to the alarm topic", unset: "none" },
    {
        key: "streams",
        meaning: "Firehose delivery streams into the landing zone, each `{name, ...}` with the keys below",
        default: (c) => `${c.dev.streams.map((s) => code(s.name)).join(", ")} (${c.dev.streams[0].source})`,
    },
    {
        key: "streams[].source",
        meaning:
            "`direct` (Direct PUT) or `kinesis` (fed by a KMS-encrypted Kinesis Data Stream); unset, the streams `realtime.streams` names are kinesis when real-time is on",
    },
    { key: "streams[].shards", meaning: "Kinesis only: shards of a provisioned stream", unset: "none (on-demand)" },
    { key: "streams[].retentionHours", meaning: "Kinesis only: retention (24-8760)" },
    { key: "streams[].bufferSizeMb", meaning: "Firehose buffer size (1-128 MiB)" },
    { key: "streams[].bufferIntervalSeconds", meaning: "Firehose buffer interval (0-900 s)" },
    {
        key: "streams[].compression",
        meaning: "compression of delivered objects: GZIP or UNCOMPRESSED, what the drop processor reads (Snappy, ZIP, HADOOP_SNAPPY are refused)",
    },
    { key: "ingestApi.enabled", meaning: "create the HTTP ingest API" },
    { key: "ingestApi.auth", meaning: "`apiKey` (usage plan and key), `iam` (SigV4) or `none`" },
    { key: "ingestApi.rateLimit", meaning: "steady-state requests per second across the stage (and the usage plan)" },
    { key: "ingestApi.burstLimit", meaning: "burst requests" },
    { key: "ingestApi.maxBodyBytes", meaning: "larger bodies answer 413 (API Gateway's own cap is 10 MB)" },
    {
        key: "ingestApi.routes",
        meaning: "route -> stream; Direct PUT streams are written with Firehose PutRecordBatch, Kinesis-fed ones with Kinesis PutRecords",
        default: (c) => routes(c.dev.ingestApi.routes),
    },
    { key: "ingestApi.tracing", meaning: "X-Ray active tracing on the stage and every Lambda function (their roles may write traces)" },
    {
        key: "ingestApi.manageAccountLogRole",
        meaning: "set the account's API Gateway CloudWatch role; it is one setting per account and region: keep it true in one stack only",
    },
    {
        key: "ingestApi.waf.enabled",
        meaning:
            "AWS WAF web ACL on the stage: the AWS managed common rule set (its 8 KB body-size rule only counts, since batches reach `maxBodyBytes`) and a per-IP rate-based rule, its request logs in an `aws-waf-logs-` log group (credential headers redacted)",
    },
    { key: "ingestApi.waf.ipRateLimit", meaning: "requests per client IP per 5 minutes before WAF blocks it" },
    { key: "ingestApi.stageName", meaning: "the stage's name, the first path segment of the execute-api URL: 1-128 letters, digits, `-` or `_`" },
    {
        key: "ingestApi.domain.name",
        meaning:
            "a custom domain for the API (Regional, TLS 1.2 minimum) with an ACM certificate validated by DNS, the stage mapped at `basePath` and an alias A record; `ingestApiUrl` is then `https://<name>/<basePath>`",
        unset: "the execute-api hostname only",
    },
    {
        key: "ingestApi.domain.hostedZoneId",
        meaning: "the Route 53 public hosted zone holding the name (validation and alias records)",
        unset: "required with a domain",
    },
    {
        key: "ingestApi.domain.basePath",
        meaning: "one path segment the stage is mapped at (ingest and traffic routes alike: one API, one stage)",
        unset: "the domain root",
    },
    { key: "catalog.crawlerSchedule", meaning: "crawler schedule (daily 03:00 UTC)" },
    { key: "catalog.recrawl", meaning: "`new-folders`, `events` (S3 event mode through a queue per zone) or `everything`" },
    { key: "catalog.updateBehavior", meaning: "what a crawler does with changed schemas (`LOG` in `new-folders` mode, a Glue rule)" },
    { key: "catalog.deleteBehavior", meaning: "what a crawler does with deleted objects" },
    {
        key: "catalog.manageAccountEncryption",
        meaning:
            "set the account's Data Catalog encryption (SSE-KMS with the analytics key); one setting per account and region: true in one stack only. Every role of the stack that reads the catalog (crawlers, Glue jobs, the warehouse's Spectrum role, EMR, the personas) may then use that key",
    },
    {
        key: "catalog.accountEncryptionKeyArn",
        meaning:
            "in the other stacks of an account whose Data Catalog is encrypted (by the stack that manages it, or the console): that key's ARN, which the same roles may then use; not with `manageAccountEncryption`",
        unset: "none",
    },
    {
        key: "catalog.streamsSince",
        meaning: "first day (UTC) the stream tables' `datehour` partition projection covers, hourly up to now; streamed data from before it is not seen",
    },
    { key: "athena.bytesScannedCutoffMb", meaning: "per-query bytes-scanned limit (MB)" },
    { key: "athena.resultsExpireDays", meaning: "query results expire after this many days" },
    { key: "operations.queueAgeAlarmSeconds", meaning: "alarm when a zone queue's oldest message is older (s): its processor is stuck, throttled or failing" },
    { key: "operations.firehoseFreshnessMarginSeconds", meaning: "alarm when a stream's records wait longer than its buffer interval plus this (s)" },
    { key: "operations.api5xxPercent", meaning: "alarm when more than this share of API requests answer 5xx (5-minute average)" },
    { key: "operations.apiLatencyP99Ms", meaning: "alarm when the API's p99 latency stays above this for 15 minutes" },
    {
        key: "operations.manageGlueLogGroups",
        meaning:
            "declare Glue's default log groups (`/aws-glue/jobs/output`, `/error`, `/logs-v2`, `/aws-glue/python-jobs/output`, `/error`, `/aws-glue/crawlers`; the API ingest job writes the python-jobs ones) with the stack's retention and the analytics key; account-level names: true in one stack per account and region (import them first if Glue already created them)",
    },
    {
        key: "governance.trail.enabled",
        meaning:
            "a CloudTrail trail: multi-region, log file validation, own CMK and bucket, S3 data events of the zone buckets, also delivered to a CloudWatch Logs group",
    },
    { key: "governance.trail.retentionDays", meaning: "trail log files expire after this many days" },
    {
        key: "governance.personas",
        meaning:
            "`{dataSteward, dataEngineer, dataScientist, biAnalyst}: {principals}`: IAM principal ARNs that may assume the persona's role; no principals, no role",
        unset: "none",
    },
    {
        key: "governance.sandboxExpireDays",
        meaning: "objects in the sandbox bucket (the data scientist's `data-scientist/` prefix) expire after this many days",
    },
    {
        key: "deploy.strategy",
        meaning:
            "how a function's new version takes its `live` alias's traffic: `AllAtOnce`, or gradually (`Canary10Percent5Minutes`, `Canary10Percent10Minutes`, `Canary10Percent15Minutes`, `Canary10Percent30Minutes`, `Linear10PercentEvery1Minute`, `Linear10PercentEvery2Minutes`, `Linear10PercentEvery3Minutes`, `Linear10PercentEvery10Minutes`: CodeDeploy's shapes) through the automation driver's `up`, rolled back when a rollback alarm fires (README \"Safe deploys\")",
    },
    {
        key: "deploy.rollout",
        meaning: "`{weight, stableVersions}`: one step of a gradual rollout, set by the automation driver for that `up`; never set by hand",
        unset: "none (each alias takes its function's newest version)",
    },
    {
        key: "governance.lakeFormation.enabled",
        meaning:
            'Lake Formation over the zones: each zone bucket registered in hybrid access mode, LF-tags `zone` and `sensitivity`, persona and writer grants by tag expression, the BI analyst and data scientist opted in on curated. Off by default: it changes how the account\'s Data Catalog answers and needs the deploying role to be an LF admin (README "Lake Formation")',
    },
    {
        key: "governance.lakeFormation.admins",
        meaning:
            "IAM role or user ARNs made the account's LF admins; they REPLACE the account's admin list, so only with `replaceAccountAdmins: true`. None: the account's admins are left alone",
        default: () => "none",
    },
    { key: "governance.lakeFormation.replaceAccountAdmins", meaning: "acknowledges that `admins` replaces the account's Lake Formation admin list" },
    {
        key: "governance.lakeFormation.tagKeyPrefix",
        meaning: "prefix of the LF-tag keys `zone` and `sensitivity` (LF-tags are account-wide: a second stack in the account needs its own)",
        default: () => "none",
    },
    {
        key: "governance.lakeFormation.defaultSensitivity",
        meaning: "`sensitivity` of every database (public, internal or pii); the zones before curated are tagged pii when a dataset has pii columns",
    },
    {
        key: "governance.lakeFormation.datasets",
        meaning: "`{<dataset>: {sensitivity, pii: [columns]}}`: the curated table's sensitivity and its columns tagged pii (hidden from the BI analyst)",
        unset: "none",
    },
    {
        key: "macie.enabled",
        meaning: 'Macie: a scheduled sensitive data discovery job over the zone buckets, its findings to the alarm topic; billed (README "Macie")',
    },
    { key: "macie.enableAccount", meaning: "enable Macie in the account (one per account and region: false where it is on already)" },
    { key: "macie.schedule", meaning: "how often the discovery job runs: daily, weekly (Mondays) or monthly (the 1st)" },
    { key: "macie.samplingPercentage", meaning: "percentage of eligible objects each run inspects (1-100; billed per GB inspected)" },
    { key: "etl.workerType", meaning: "Glue worker type of the Spark jobs: G.1X, G.2X, G.4X or G.8X (G.025X is for streaming jobs only)" },
    { key: "etl.numberOfWorkers", meaning: "workers per job" },
    { key: "etl.timeoutMinutes", meaning: "job timeout" },
    { key: "etl.schedule", meaning: "start of the ETL workflow (daily 04:00 UTC, after the crawlers)" },
    { key: "etl.tables", meaning: "datasets a Glue drop -> raw job owns (each with a spec in `etl/lakeetl/catalog.py`); the Lambda skips them" },
    { key: "etl.apiIngest", meaning: "scheduled API ingestion (Python shell job): `{schedule, repos, baseUrl}`", unset: "none (no job)" },
    { key: "etl.apiIngest.schedule", meaning: "its schedule (daily 02:00 UTC)" },
    { key: "etl.apiIngest.baseUrl", meaning: "API base URL" },
    {
        key: "etl.maintenance.snapshotRetentionDays",
        meaning: "curated Iceberg tables: snapshots older than this expire with their files (the time-travel window; Glue retention optimizer)",
    },
    { key: "etl.maintenance.snapshotsToRetain", meaning: "curated Iceberg tables: snapshots kept whatever their age (rollback targets)" },
    {
        key: "etl.maintenance.orphanFileRetentionDays",
        meaning: "curated Iceberg tables: files no snapshot references are deleted once older than this (Glue orphan file deletion optimizer)",
    },
    {
        key: "etl.curateTrigger.maxBatchingWindowSeconds",
        meaning: "seconds the raw zone's queue gathers arrivals before the starter starts one curate run for them (0-300, Lambda's limit)",
    },
    { key: "etl.curateTrigger.batchSize", meaning: "most raw arrivals in one curate run (1-10000; above 10 needs a window)" },
    {
        key: "etl.bigObjects.enabled",
        meaning:
            "the big-object Spark job (`etl/jobs/convert_object.py`) the drop -> raw function starts per object past its limits; off, those are quarantined `too-large`",
    },
    { key: "etl.bigObjects.maxConcurrentRuns", meaning: "big-object runs at once; a start past it is retried with its SQS message" },
    {
        key: "network.lambdasInVpc",
        meaning:
            "run the zone processors, the real-time and the serving functions in the VPC's private subnets ([reference 001](docs/references.md#001)); creates the VPC",
    },
    {
        key: "network.natGateways",
        meaning: "`none` (isolated subnets, no route out), `single` or `onePerAz` (private subnets behind NAT gateways, ~$32.85/month each); only with a VPC",
    },
    {
        key: "network.cidrBlock",
        meaning:
            "VPC CIDR block (/16-/28; the subnets are computed from it, a block too small for a /28 of each subnet in each AZ is refused); only with a VPC",
    },
    {
        key: "network.availabilityZones",
        meaning: "AZs of the subnets (2-3; Redshift Serverless needs 3); only with a VPC",
        default: (c) => `${c.dev.network.availabilityZones} (${c.redshiftServerless.network.availabilityZones} with Redshift Serverless)`,
    },
    { key: "redshift.mode", meaning: "`off`, `provisioned` (a cluster) or `serverless` (namespace + workgroup); either creates the VPC" },
    { key: "redshift.databaseName", meaning: "database created in the warehouse" },
    { key: "redshift.adminUsername", meaning: "admin user; its password is generated and kept in Secrets Manager" },
    { key: "redshift.allowedCidrs", meaning: "IPv4 networks allowed on 5439 (/8-/32, never /0)" },
    { key: "redshift.allowedSecurityGroupIds", meaning: "security groups (`sg-...`) allowed on 5439" },
    { key: "redshift.loadSchedule", meaning: "the daily load (EventBridge Scheduler, UTC), after the 04:00 ETL" },
    { key: "redshift.provisioned.nodeType", meaning: "`ra3.large`, `ra3.xlplus`, `ra3.4xlarge` or `ra3.16xlarge` (dc2 is retired)" },
    {
        key: "redshift.provisioned.numberOfNodes",
        meaning: "1 (single-node: ra3.large, ra3.xlplus) or 2 up to 16 (ra3.large), 32 (ra3.xlplus, ra3.4xlarge), 128 (ra3.16xlarge)",
    },
    { key: "redshift.provisioned.snapshotRetentionDays", meaning: "automated snapshot retention (1-35)" },
    { key: "redshift.serverless.baseRpu", meaning: "base capacity: 4, 8-512 in steps of 8, or 544-1024 in steps of 32" },
    { key: "redshift.serverless.maxRpu", meaning: "maximum capacity: a multiple of 8 from `baseRpu` to 5632" },
    { key: "emr.mode", meaning: "`off`, `serverless` (EMR Serverless Spark application) or `cluster` (EMR on EC2); either creates the VPC" },
    { key: "emr.releaseLabel", meaning: "EMR release `emr-X.Y.Z` (6.x or 7.x; Serverless from 6.6.0; 7.11.0 runs Spark 3.5.6, as Glue 5.1)" },
    { key: "emr.serverless.autoStopIdleMinutes", meaning: "stop the application after this many idle minutes" },
    { key: "emr.serverless.maxVcpu", meaning: "maximum vCPUs across workers" },
    { key: "emr.serverless.maxMemoryGb", meaning: "maximum memory (GB) across workers" },
    { key: "emr.serverless.maxDiskGb", meaning: "maximum disk (GB) across workers" },
    { key: "emr.cluster.primaryInstanceType", meaning: "primary node type (m/c/r families of generations 5-7, xlarge and up)" },
    { key: "emr.cluster.primaryInstanceCount", meaning: "1, or 3 for high availability" },
    { key: "emr.cluster.coreInstanceType", meaning: "core node type (same families)" },
    { key: "emr.cluster.coreInstanceCount", meaning: "core nodes (1-50)" },
    { key: "emr.cluster.keyPair", meaning: "EC2 key pair for SSH to the primary node", unset: "none (no SSH)" },
    { key: "emr.cluster.idleTimeoutMinutes", meaning: "terminate the cluster after this many idle minutes (1-10080)" },
    {
        key: "realtime.enabled",
        meaning: "per-minute beacon counts (60 s tumbling windows) as CloudWatch metrics and their dashboard; makes the streams below Kinesis-fed",
    },
    {
        key: "realtime.streams",
        meaning: "event type -> the configured stream carrying it (one stream each)",
        default: (c) =>
            Object.entries(c.dev.realtime.streams)
                .map(([type, stream]) => `${code(type)} -> ${code(stream)}`)
                .join(", "),
    },
    { key: "realtime.batchSize", meaning: "Kinesis records per invocation (1-10000)" },
    { key: "realtime.maxBatchingWindowSeconds", meaning: "seconds the event source waits to fill a batch (0-300)" },
    { key: "realtime.maxRetryAttempts", meaning: "retries of a failing batch before it is skipped and reported to the on-failure queue" },
    { key: "serving.enabled", meaning: "the traffic table, its daily job and `GET /traffic/{adId}`; needs `ingestApi.enabled` and a third (curated) zone" },
    { key: "serving.schedule", meaning: "when the daily job runs (EventBridge Scheduler, UTC); it loads the previous UTC day" },
    { key: "serving.maxRangeDays", meaning: "longest `start..end` one request may ask for (1-366 days, both ends included)" },
];

/** Pulumi.yaml's description of each top-level key; `{{key}}` is that key's default, `{{key:readme}}` its README default cell. */
export const PULUMI_YAML_DOCS: Record<string, string> = {
    environment: "dev or prod. prod retains data buckets and keys when the stack is removed.",
    logRetentionDays: "Log group retention in days (a CloudWatch value). Default {{logRetentionDays}}.",
    alarmEmail: "Optional e-mail subscribed to the alarm topic.",
    zones: "Zones in promotion order (2-8; the first three are the landing, raw and curated zones): [{name, lifecycle: {expireDays, quarantineRetentionDays {{zones[].lifecycle.quarantineRetentionDays}}, infrequentAccessDays, glacierDays, archiveStorageClass {{zones[].lifecycle.archiveStorageClass}} (or GLACIER, DEEP_ARCHIVE: refused on the raw zone, which the curate job reads), noncurrentExpireDays {{zones[].lifecycle.noncurrentExpireDays}}, abortMultipartDays {{zones[].lifecycle.abortMultipartDays}}}}]. Default {{zones:readme}}.",
    processor:
        "Zone processors: {memoryMb {{processor.memoryMb}}, timeoutSeconds {{processor.timeoutSeconds}}, ephemeralStorageMb {{processor.ephemeralStorageMb}}, batchSize {{processor.batchSize}}, maxBatchingWindowSeconds {{processor.maxBatchingWindowSeconds}}, maxReceiveCount {{processor.maxReceiveCount}}, maxObjectBytes {{processor.maxObjectBytes}}, maxDecompressedBytes {{processor.maxDecompressedBytes}}, reconcileSchedule {{processor.reconcileSchedule}} (UTC; each zone's reconciliation), reconcileAfterHours {{processor.reconcileAfterHours}} (an object no processor finished is announced again after this; longer than maxReceiveCount x 6 x timeoutSeconds)}.",
    curation:
        "Per-dataset curation of the curated Iceberg tables: {<dataset>: {keyColumns, orderColumn, casts, renames, dropColumns}} (MERGE by keyColumns, latest by orderColumn or ingest time).",
    quality:
        "Data quality rules per dataset, on its curated columns: {<dataset>: {completeness {col: fraction (1 = every row)}, uniqueKey [cols], ranges {col: {min, max}}, allowedValues {col: [values]}, rowCount {min, max} (per batch), freshness {column, maxAgeHours}}}: a Glue Data Quality ruleset on the table, evaluated by the curate job before each commit (failing rows quarantined, a failing batch not committed), the score a metric with an alarm.",
    contracts:
        "Dataset contracts: {<dataset>: {columns: {<column>: type}, keyColumns, piiColumns}}. drop -> raw records contract breaks in the raw object's metadata; curation masks piiColumns with HMAC-SHA256 (key in Secrets Manager).",
    streams:
        "Firehose delivery streams into the drop zone: [{name, source {{streams[].source}}|kinesis, shards, retentionHours {{streams[].retentionHours}}, bufferSizeMb {{streams[].bufferSizeMb}} (1-128), bufferIntervalSeconds {{streams[].bufferIntervalSeconds}} (0-900), compression {{streams[].compression}} (or UNCOMPRESSED)}]. Default {{streams:readme}}; source defaults to {{streams[].source}}, or kinesis for the streams realtime.streams names when realtime.enabled.",
    ingestApi:
        "HTTP ingest API: {enabled {{ingestApi.enabled}}, auth apiKey|iam|none ({{ingestApi.auth}}), rateLimit {{ingestApi.rateLimit}}, burstLimit {{ingestApi.burstLimit}}, maxBodyBytes {{ingestApi.maxBodyBytes}}, routes {{ingestApi.routes}} (Direct PUT streams via Firehose PutRecordBatch, Kinesis-fed ones via Kinesis PutRecords), tracing {{ingestApi.tracing}}, manageAccountLogRole {{ingestApi.manageAccountLogRole}} (the account-wide API Gateway CloudWatch role: true in one stack per account and region), waf {enabled {{ingestApi.waf.enabled}}, ipRateLimit {{ingestApi.waf.ipRateLimit}} (requests per client IP per 5 minutes)}, stageName {{ingestApi.stageName}}, domain {name, hostedZoneId, basePath} (a Regional TLS 1.2 custom domain: DNS-validated ACM certificate, base path mapping, alias record)}.",
    catalog:
        "Glue crawlers: {crawlerSchedule {{catalog.crawlerSchedule}}, recrawl {{catalog.recrawl}}|events|everything, updateBehavior {{catalog.updateBehavior}}, deleteBehavior {{catalog.deleteBehavior}}, manageAccountEncryption {{catalog.manageAccountEncryption}} (the account's Data Catalog encryption with the analytics key: true in one stack per account and region), accountEncryptionKeyArn (optional: in the other stacks, the key ARN the account's catalog is encrypted with, for the roles that read it), streamsSince {{catalog.streamsSince}} (first day the stream tables' partition projection covers; older streamed data is not seen)}.",
    athena: "Athena workgroup: {bytesScannedCutoffMb {{athena.bytesScannedCutoffMb}}, resultsExpireDays {{athena.resultsExpireDays}}}.",
    operations:
        "Alarm thresholds and account-level log groups: {queueAgeAlarmSeconds {{operations.queueAgeAlarmSeconds}} (a zone queue's oldest message), firehoseFreshnessMarginSeconds {{operations.firehoseFreshnessMarginSeconds}} (beyond a stream's buffer interval), api5xxPercent {{operations.api5xxPercent}}, apiLatencyP99Ms {{operations.apiLatencyP99Ms}}, manageGlueLogGroups {{operations.manageGlueLogGroups}} (declare Glue's default groups /aws-glue/jobs/output, /error, /logs-v2, /aws-glue/python-jobs/output, /error and /aws-glue/crawlers with the stack's retention: one set per account and region, so true in one stack per account)}.",
    governance:
        "CloudTrail, personas, sandbox: {trail {enabled {{governance.trail.enabled}}, retentionDays {{governance.trail.retentionDays}}}, personas {dataSteward, dataEngineer, dataScientist, biAnalyst: {principals [IAM principal ARNs allowed to assume the persona's role]}} (a persona without principals gets no role), sandboxExpireDays {{governance.sandboxExpireDays}}, lakeFormation {enabled {{governance.lakeFormation.enabled}}, admins (replace the account's LF admins: only with replaceAccountAdmins true), replaceAccountAdmins {{governance.lakeFormation.replaceAccountAdmins}}, tagKeyPrefix, defaultSensitivity {{governance.lakeFormation.defaultSensitivity}}, datasets {<dataset>: {sensitivity, pii [columns]}}}}.",
    macie: "Optional Macie: {enabled {{macie.enabled}} (billed per bucket and per GB inspected), enableAccount {{macie.enableAccount}}, schedule {{macie.schedule}}|daily|monthly, samplingPercentage {{macie.samplingPercentage}}}. Findings of the zone buckets go to the alarm topic.",
    etl: "Glue ETL: {workerType {{etl.workerType}} (G.1X-G.8X), numberOfWorkers {{etl.numberOfWorkers}}, timeoutMinutes {{etl.timeoutMinutes}}, schedule {{etl.schedule}}, tables {{etl.tables}} (datasets owned by a Glue drop -> raw job, each with a spec in etl/lakeetl/catalog.py; the drop -> raw Lambda leaves them to it. Default {{etl.tables:readme}}: every dataset goes through the Lambda, and the schedule starts raw -> curated), apiIngest {schedule {{etl.apiIngest.schedule}}, repos, baseUrl {{etl.apiIngest.baseUrl}}}, maintenance of the curated Iceberg tables {snapshotRetentionDays {{etl.maintenance.snapshotRetentionDays}}, snapshotsToRetain {{etl.maintenance.snapshotsToRetain}}, orphanFileRetentionDays {{etl.maintenance.orphanFileRetentionDays}}}, curateTrigger (raw arrivals -> one curate run per batch) {maxBatchingWindowSeconds {{etl.curateTrigger.maxBatchingWindowSeconds}} (0-300), batchSize {{etl.curateTrigger.batchSize}} (1-10000)}, bigObjects {enabled {{etl.bigObjects.enabled}}, maxConcurrentRuns {{etl.bigObjects.maxConcurrentRuns}}} (the Spark job for objects past the drop -> raw function's limits)}.",
    network:
        "The VPC, created only when redshift, emr or lambdasInVpc needs it: {lambdasInVpc {{network.lambdasInVpc}} (zone processors, real-time and serving functions in the private subnets), natGateways {{network.natGateways}}|single|onePerAz (none: isolated subnets), cidrBlock {{network.cidrBlock}} (/16-/28, as long as a /28 of each subnet fits in each AZ), availabilityZones {{network.availabilityZones:readme}}}. VPC options with nothing needing a VPC are refused.",
    redshift:
        "Optional Redshift warehouse: {mode off|provisioned|serverless ({{redshift.mode}}), databaseName {{redshift.databaseName}}, adminUsername {{redshift.adminUsername}}, allowedCidrs {{redshift.allowedCidrs}} and allowedSecurityGroupIds {{redshift.allowedSecurityGroupIds}} (the only clients on 5439), loadSchedule {{redshift.loadSchedule}}, provisioned {nodeType {{redshift.provisioned.nodeType}}, numberOfNodes {{redshift.provisioned.numberOfNodes}}, snapshotRetentionDays {{redshift.provisioned.snapshotRetentionDays}}}, serverless {baseRpu {{redshift.serverless.baseRpu}}, maxRpu {{redshift.serverless.maxRpu}}}}.",
    emr: "Optional EMR: {mode off|serverless|cluster ({{emr.mode}}), releaseLabel {{emr.releaseLabel}}, serverless {autoStopIdleMinutes {{emr.serverless.autoStopIdleMinutes}}, maxVcpu {{emr.serverless.maxVcpu}}, maxMemoryGb {{emr.serverless.maxMemoryGb}}, maxDiskGb {{emr.serverless.maxDiskGb}}}, cluster {primaryInstanceType {{emr.cluster.primaryInstanceType}}, primaryInstanceCount {{emr.cluster.primaryInstanceCount}}, coreInstanceType {{emr.cluster.coreInstanceType}}, coreInstanceCount {{emr.cluster.coreInstanceCount}}, keyPair, idleTimeoutMinutes {{emr.cluster.idleTimeoutMinutes}}}}.",
    realtime:
        "Real-time beacon counts: {enabled {{realtime.enabled}} (each Kinesis stream costs shard hours), streams {{realtime.streams}} (made Kinesis-fed), batchSize {{realtime.batchSize}}, maxBatchingWindowSeconds {{realtime.maxBatchingWindowSeconds}}, maxRetryAttempts {{realtime.maxRetryAttempts}}}. A Lambda per-minute count (60 s tumbling windows) as CloudWatch metrics, and a dashboard.",
    deploy: "Safe deploys: {strategy {{deploy.strategy:readme}} (AllAtOnce or a gradual shape played by the automation driver, see the README), rollout (the driver's, never set by hand)}.",
    serving:
        "Traffic API: {enabled {{serving.enabled}}, schedule {{serving.schedule}} (UTC; loads the previous day), maxRangeDays {{serving.maxRangeDays}}}. DynamoDB per-ad per-day counts from the curated advertising view and GET /traffic/{adId}?start=&end= on the ingest API (needs ingestApi.enabled and 3 zones).",
};

/** The default of a documented key as the README's table writes it. */
export function readmeDefault(doc: ConfigDoc, r: Resolved): string {
    if (doc.unset !== undefined) {
        const value = valueAt([r.empty], doc.key);
        const empty = value === undefined || (isPlainMap(value) && Object.keys(value).length === 0);
        if (!empty) throw new Error(`${doc.key}: documented as unset, but the config resolves it to ${JSON.stringify(value)}`);
        return doc.unset;
    }
    if (doc.default) return doc.default(r);
    return perEnvironment(doc.key, r, "none", (d, p) => `${d} (dev), ${p} (prod)`);
}

/** A key's plain default, or both when dev and prod differ. */
function perEnvironment(key: string, r: Resolved, emptyList: string, both: (dev: string, prod: string) => string): string {
    const [dev, prod] = [r.samples.dev, r.samples.prod].map((s) => plain(key, valueAt(s, key), emptyList));
    if (dev === undefined || prod === undefined) throw new Error(`${key}: no plain default; give its doc a default or unset`);
    return dev === prod ? dev : both(dev, prod);
}

export const README_TABLE_START = "<!-- config-table:start (generated by scripts/config-docs.ts from lib/config-docs.ts) -->";
export const README_TABLE_END = "<!-- config-table:end -->";
export const PULUMI_YAML_START = "# config-docs:start (generated by scripts/config-docs.ts from lib/config-docs.ts)";
export const PULUMI_YAML_END = "# config-docs:end";

/** The README's configuration table. */
export function readmeTable(r: Resolved): string {
    const rows = CONFIG_DOCS.map((doc) => `| ${code(doc.key)} | ${readmeDefault(doc, r)} | ${doc.meaning} |`);
    return ["| key | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** A Pulumi.yaml description with its `{{key}}` defaults filled in. */
function fillDefaults(template: string, r: Resolved): string {
    return template.replace(/\{\{([^}:]+)(:readme)?\}\}/g, (_, key: string, readme?: string) => {
        if (!readme) return perEnvironment(key, r, "[]", (d, p) => `${d} in dev, ${p} in prod`);
        const doc = CONFIG_DOCS.find((d) => d.key === key);
        if (!doc) throw new Error(`{{${key}:readme}}: no README row`);
        return readmeDefault(doc, r).replace(/`/g, "");
    });
}

/** Pulumi.yaml's `config:` block: the one declared key, then the optional keys as comments. */
export function pulumiYamlConfig(r: Resolved): string {
    const { environment, ...optional } = PULUMI_YAML_DOCS;
    return [
        "config:",
        `  ${CONFIG_NAMESPACE}:environment:`,
        "    type: string",
        `    default: ${r.empty.environment}`,
        `    description: ${JSON.stringify(fillDefaults(environment, r))}`,
        "# The optional keys below are validated in lib/config/; their defaults are the components' (this block and",
        "# the README's configuration reference are generated from lib/config-docs.ts by scripts/config-docs.ts).",
        "# They are documented here in comments, not declared under `config:`: the engine treats every declared",
        "# key without a `default` as required, and a declared default would be a second copy of a component's default",
        "# (some differ between dev and prod, some are lists).",
        "#",
        ...Object.entries(optional).map(([key, template]) => `# ${CONFIG_NAMESPACE}:${key}: ${fillDefaults(template, r)}`),
    ].join("\n");
}

/** `text` with what lies between the `start` and `end` lines replaced by `body`. */
export function replaceBetween(text: string, start: string, end: string, body: string): string {
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`markers ${start} ... ${end} not found`);
    return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
