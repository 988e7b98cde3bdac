/**
 * The batch ETL's infrastructure contract: where scripts live in the artifacts bucket, the job
 * names, the arguments each Glue job is started with (their names are the ones the entry scripts
 * in etl/jobs read with getResolvedOptions), and the workflow's conditional predicate. Pure.
 */
import {
    CONTRACT_COLUMNS_ARGUMENT,
    CURATED_TABLES_PREFIX,
    CURATE_DATASETS_ARGUMENT,
    type CurationRule,
    MASKING_SECRET_ARGUMENT,
    PII_COLUMNS_ARGUMENT,
    PROCESSED_TAG,
    QUALITY_METRICS_NAMESPACE,
    QUALITY_NAMESPACE_ARGUMENT,
    QUALITY_RULES_ARGUMENT,
    QUARANTINE_PREFIX,
    type QualityRule,
} from "../../lib/contract";
import { glueName } from "../../lib/names";
import { GLUE_JOBS_PER_TRIGGER, REFUSED_WORKER_TYPES } from "./args";

/** Glue version of the Spark jobs: Spark 3.5.6, Python 3.11 (pyspark pinned to match in .venv). */
export const SPARK_GLUE_VERSION = "5.1";
/** Python-shell jobs: Python 3.9 runs on Glue 3.0 with 1/16 DPU. */
export const SHELL_GLUE_VERSION = "3.0";
export const SHELL_PYTHON_VERSION = "3.9";
export const SHELL_MAX_CAPACITY = 0.0625;

/** A worker type batch Spark jobs accept (args.ts REFUSED_WORKER_TYPES: Glue offers G.025X to streaming jobs only). */
export function batchWorkerType(workerType: string): string {
    const why = (REFUSED_WORKER_TYPES as Record<string, string>)[workerType];
    if (why) throw new Error(`Etl: workerType = "${workerType}": ${why}`);
    return workerType;
}

/** Entry scripts in etl/jobs, by job kind. */
export const SCRIPTS = {
    dropToRaw: "drop_to_raw.py",
    rawToCurated: "raw_to_curated.py",
    curateTables: "curate_tables.py",
    apiIngest: "api_ingest.py",
    convertObject: "convert_object.py",
} as const;

/** The pure transforms package (etl/lakeetl), shipped as a zip on the Spark jobs' --extra-py-files. */
export const PACKAGE_DIR = "lakeetl";

/** Artifacts bucket layout: entry scripts and packages under `glue/`, Spark scratch under `glue-temp/`. */
export const ARTIFACT_PREFIX = "glue/";
export const TEMP_PREFIX = "glue-temp/";

export function scriptKey(script: string): string {
    return `${ARTIFACT_PREFIX}jobs/${script}`;
}

export function packageKey(): string {
    return `${ARTIFACT_PREFIX}packages/${PACKAGE_DIR}.zip`;
}

export function s3Uri(bucket: string, key: string): string {
    return `s3://${bucket}/${key}`;
}

/** Job names: `<project>_<stack>_drop_to_raw_<table>`, `..._raw_to_curated`, `..._curate_tables`, `..._api_ingest`. */
export const jobNames = {
    dropToRaw: (project: string, stack: string, table: string) => glueName(project, stack, "drop_to_raw", table),
    rawToCurated: (project: string, stack: string) => glueName(project, stack, "raw_to_curated"),
    curateTables: (project: string, stack: string) => glueName(project, stack, "curate_tables"),
    apiIngest: (project: string, stack: string) => glueName(project, stack, "api_ingest"),
    convertObject: (project: string, stack: string) => glueName(project, stack, "convert_object"),
};

/** Dataset (first key segment) of the API ingest's output in the landing zone. */
export const API_INGEST_DATASET = "github_stats";

/**
 * Prefix of one table in a zone bucket (`<table>/`), and of its bad rows in the zone the job
 * writes (`quarantine/<table>/`): a job's S3 writes all use its target zone's key, which only
 * that zone's bucket accepts.
 */
export function tablePrefix(table: string): string {
    return `${table}/`;
}
export function tableQuarantinePrefix(table: string): string {
    return `${QUARANTINE_PREFIX}${table}/`;
}

export interface SparkJobOptions {
    /**
     * Job bookmarks: on only for a job whose reads name a `transformation_ctx` (drop_to_raw.py);
     * without one a bookmark tracks nothing (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html).
     */
    bookmarks: boolean;
}

/**
 * Arguments every Spark job gets: its own log groups (`--custom-logGroup-prefix`, Glue 5),
 * bookmarks on or off, metrics, catalog, scratch, package, and no `_SUCCESS` marker objects: the
 * zones' processors receive an event for every object written, and an empty marker is not data.
 * No `--enable-continuous-cloudwatch-log`: a Glue 4.0-era switch; Glue 5.x streams driver and
 * executor logs to CloudWatch always.
 */
export function sparkJobArguments(tempDir: string, packageUri: string, logGroupPrefix: string, opts: SparkJobOptions): Record<string, string> {
    return {
        "--custom-logGroup-prefix": logGroupPrefix,
        "--conf": "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs=false",
        "--job-language": "python",
        "--job-bookmark-option": opts.bookmarks ? "job-bookmark-enable" : "job-bookmark-disable",
        "--enable-metrics": "true",
        "--enable-observability-metrics": "true",
        "--enable-glue-datacatalog": "true",
        "--TempDir": tempDir,
        "--extra-py-files": packageUri,
    };
}

/**
 * A Spark job's own log groups: Glue 5 writes `<prefix>/error` and `<prefix>/output` instead of
 * the account-wide `/aws-glue/jobs/error` and `/output` when the job sets `--custom-logGroup-prefix`
 * (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html), so its role can be
 * limited to them and the stack can declare them (retention, key).
 */
export function sparkJobLogGroupPrefix(jobName: string): string {
    return `/aws-glue/jobs/${jobName}`;
}
export function sparkJobLogGroups(jobName: string): string[] {
    return ["error", "output"].map((g) => `${sparkJobLogGroupPrefix(jobName)}/${g}`);
}
/**
 * A Python-shell job's log groups. It takes no log-group prefix (Glue 3.0), and a security
 * configuration with CloudWatch encryption moves its logs from the shared `/aws-glue/python-jobs/
 * output` and `/error` to groups named after that configuration and the job's role, which are
 * therefore the job's own: its role may write only them and the stack declares them.
 */
export function shellJobLogGroups(securityConfiguration: string, roleName: string): string[] {
    return ["output", "error"].map((g) => `/aws-glue/python-jobs/${securityConfiguration}-role/${roleName}/${g}`);
}

export interface BigObjectArguments {
    rawBucket: string;
    rawKeyArn: string;
    landingKeyArn: string;
    /** Expected columns per dataset (`--contract_columns`), as the function's DATASET_CONTRACTS. Default none. */
    contractColumns?: Record<string, Record<string, string>>;
}

/**
 * The big-object job's default arguments (etl/jobs/convert_object.py): where it writes and with
 * which keys. Each run adds the object version (lib/contract BIG_OBJECT_RUN_ARGUMENTS).
 */
export function bigObjectArguments(a: BigObjectArguments): Record<string, string> {
    return {
        "--target_bucket": a.rawBucket,
        "--target_kms_key_arn": a.rawKeyArn,
        // Quarantine copies stay in the landing zone, under its own key.
        "--source_kms_key_arn": a.landingKeyArn,
        ...(a.contractColumns && Object.keys(a.contractColumns).length > 0 ? { [CONTRACT_COLUMNS_ARGUMENT]: JSON.stringify(a.contractColumns) } : {}),
    };
}

export interface DropToRawArguments {
    table: string;
    landingBucket: string;
    rawBucket: string;
    landingDatabase: string;
    rawDatabase: string;
}

/**
 * The per-table arguments of drop_to_raw.py. `--consumed_tag` is the tag it puts on the files a
 * committed run read: the contract's `promoted`, which the landing zone's lifecycle expires.
 */
export function dropToRawArguments(a: DropToRawArguments): Record<string, string> {
    return {
        "--table": a.table,
        "--source_path": s3Uri(a.landingBucket, tablePrefix(a.table)),
        "--target_path": s3Uri(a.rawBucket, tablePrefix(a.table)),
        "--quarantine_path": s3Uri(a.rawBucket, tableQuarantinePrefix(a.table)),
        "--source_database": a.landingDatabase,
        "--target_database": a.rawDatabase,
        "--consumed_tag": `${PROCESSED_TAG.key}=${PROCESSED_TAG.promoted}`,
    };
}

/**
 * Glue 5's switch that puts Apache Iceberg's Spark runtime on a job's classpath
 * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html): every
 * job that reads or writes the curated tables has it. The scripts configure their `lake` catalog
 * themselves (GlueCatalog, S3FileIO), so the same script runs on EMR and locally.
 */
export const ICEBERG_FORMAT_ARGUMENTS = { "--datalake-formats": "iceberg" } as const;

/** Where the curated tables live: their catalog (`glue`: the Data Catalog) and warehouse. */
function curatedCatalogArguments(curatedBucket: string, curatedDatabase: string): Record<string, string> {
    return {
        "--catalog_database": curatedDatabase,
        "--warehouse_path": s3Uri(curatedBucket, CURATED_TABLES_PREFIX),
        "--catalog_type": "glue",
    };
}

export interface RawToCuratedArguments {
    rawBucket: string;
    curatedBucket: string;
    rawDatabase: string;
    curatedDatabase: string;
    views: string[];
}

/** The arguments of raw_to_curated.py (the views): they read the curated Iceberg tables through the catalog. */
export function rawToCuratedArguments(a: RawToCuratedArguments): Record<string, string> {
    return {
        ...ICEBERG_FORMAT_ARGUMENTS,
        "--raw_path": s3Uri(a.rawBucket, ""),
        "--curated_path": s3Uri(a.curatedBucket, ""),
        "--source_database": a.rawDatabase,
        "--target_database": a.curatedDatabase,
        "--views": a.views.join(","),
        ...curatedCatalogArguments(a.curatedBucket, a.curatedDatabase),
    };
}

export interface CurateTablesArguments {
    rawBucket: string;
    curatedBucket: string;
    curatedDatabase: string;
    curationRules: Record<string, CurationRule>;
    /** Default: {} (no dataset has quality rules). */
    qualityRules?: Record<string, QualityRule>;
    /** Pii columns by dataset (lib/dataset-contract.ts piiColumns); none: nothing is masked. */
    piiColumns?: Record<string, string[]>;
    /** The masking key's secret (its ARN); required when `piiColumns` names any column. */
    maskingSecretArn?: string;
}

/**
 * The default arguments of curate_tables.py (the contract in ICEBERG.md / etl/README.md):
 * `--datasets` empty means every dataset (the rules' and every folder under `--raw_path`); the
 * curation starter overrides it per run with its batch's datasets.
 */
export function curateTablesArguments(a: CurateTablesArguments): Record<string, string> {
    return {
        ...ICEBERG_FORMAT_ARGUMENTS,
        [CURATE_DATASETS_ARGUMENT]: "",
        "--raw_path": s3Uri(a.rawBucket, ""),
        ...curatedCatalogArguments(a.curatedBucket, a.curatedDatabase),
        "--curation_rules": JSON.stringify(a.curationRules),
        [QUALITY_RULES_ARGUMENT]: JSON.stringify(a.qualityRules ?? {}),
        [QUALITY_NAMESPACE_ARGUMENT]: QUALITY_METRICS_NAMESPACE,
        "--quarantine_path": s3Uri(a.curatedBucket, QUARANTINE_PREFIX),
        ...maskingArguments(a),
    };
}

/** `--pii_columns` and `--masking_secret`, both or neither: the job refuses pii columns without a key. */
function maskingArguments(a: CurateTablesArguments): Record<string, string> {
    if (!a.piiColumns || Object.keys(a.piiColumns).length === 0) return {};
    if (!a.maskingSecretArn) throw new Error("curateTablesArguments: piiColumns need maskingSecretArn (the masking key)");
    return { [PII_COLUMNS_ARGUMENT]: JSON.stringify(a.piiColumns), [MASKING_SECRET_ARGUMENT]: a.maskingSecretArn };
}

export interface ApiIngestArguments {
    baseUrl: string;
    repos: string[];
    landingBucket: string;
    landingKeyArn: string;
}

/**
 * The arguments of api_ingest.py (Python shell, etl/jobs/api_ingest.py docstring): writes NDJSON
 * under `<dataset>/ingest_date=YYYY-MM-DD/` of the landing zone, SSE-KMS with the zone's key.
 */
export function apiIngestArguments(a: ApiIngestArguments): Record<string, string> {
    return {
        "--api_url": a.baseUrl,
        "--repos": a.repos.join(","),
        "--bucket": a.landingBucket,
        "--kms_key_id": a.landingKeyArn,
        "--dataset": API_INGEST_DATASET,
    };
}

export interface JobCondition {
    jobName: string;
    state: "SUCCEEDED";
    logicalOperator: "EQUALS";
}

/** A conditional trigger of the workflow: it starts `start` (with `arguments`) once every job in `waitFor` SUCCEEDED. */
export interface WorkflowStep {
    /** The trigger's name suffix (`<project>_<stack>_etl_<name>`). */
    name: string;
    description: string;
    waitFor: string[];
    start: string;
    /** The run's arguments (the trigger action's `arguments`). Default: none (the job's defaults). */
    arguments?: Record<string, string>;
}

/** Which jobs the workflow's scheduled trigger starts, and its conditional triggers in order. */
export interface WorkflowPlan {
    /** Started by the scheduled trigger (`schedule`). */
    scheduled: string[];
    /** Conditional triggers, each waiting for the previous one's job (the first for `scheduled`). */
    steps: WorkflowStep[];
}

/** The jobs of the workflow: drop -> raw per Glue-owned table, the curate job, the views job. */
export interface WorkflowJobs {
    /** drop -> raw job by table (its dataset). */
    dropToRaw: Record<string, string>;
    /** The curate job; absent without a curated zone. */
    curate?: string;
    /** The views job; absent without a curated zone. */
    views?: string;
}

/**
 * The schedule starts every drop -> raw job; once all SUCCEEDED (`after_raw`) the curate job runs
 * for exactly their datasets (`--datasets`), and once it SUCCEEDED (`after_curate`) the views job:
 * the views read the tables with this run's drop -> raw output MERGEd, not as the last run the
 * curation starter started left them. With no drop -> raw job (no Glue-owned table: every dataset
 * is curated by the starter's runs) the schedule starts the views job itself.
 */
export function workflowPlan(jobs: WorkflowJobs): WorkflowPlan {
    const tables = Object.keys(jobs.dropToRaw);
    if (tables.length > GLUE_JOBS_PER_TRIGGER) {
        throw new Error(
            `Etl: ${tables.length} tables: the schedule trigger would start ${tables.length} jobs, Glue starts at most ${GLUE_JOBS_PER_TRIGGER} per trigger`,
        );
    }
    const dropToRaw = tables.map((t) => jobs.dropToRaw[t]);
    if (dropToRaw.length === 0) return { scheduled: jobs.views ? [jobs.views] : [], steps: [] };
    if (!jobs.curate || !jobs.views) return { scheduled: dropToRaw, steps: [] };
    return {
        scheduled: dropToRaw,
        steps: [
            {
                name: "after_raw",
                description: "Starts the curate job for the drop -> raw jobs' datasets when every one of them SUCCEEDED",
                waitFor: dropToRaw,
                start: jobs.curate,
                arguments: { [CURATE_DATASETS_ARGUMENT]: tables.join(",") },
            },
            { name: "after_curate", description: "Starts raw -> curated when the workflow's curate run SUCCEEDED", waitFor: [jobs.curate], start: jobs.views },
        ],
    };
}

/** Predicate of a conditional trigger: every job it waits for SUCCEEDED (logical AND). */
export function allSucceeded(jobNamesToWait: string[]): { logical: "AND"; conditions: JobCondition[] } {
    if (jobNamesToWait.length === 0) throw new Error("a conditional trigger needs at least one job to wait for");
    return {
        logical: "AND",
        conditions: jobNamesToWait.map((jobName) => ({ jobName, state: "SUCCEEDED", logicalOperator: "EQUALS" })),
    };
}
