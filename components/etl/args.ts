/**
 * The ETL area's own settings and their defaults, applied inside `Etl` (`etlWithDefaults`). Pure,
 * so lib/config validates the stack config against the worker types and takes its ETL
 * defaults from here.
 */
import { withDefaults } from "../../lib/defaults";

/** Glue worker types of the batch Spark jobs (an `as const` object: an enum in the component package's schema). */
export const BatchWorkerType = { G_1X: "G.1X", G_2X: "G.2X", G_4X: "G.4X", G_8X: "G.8X" } as const;
export type BatchWorkerType = (typeof BatchWorkerType)[keyof typeof BatchWorkerType];
/** The same, as the non-empty list zod's enums take. */
export const BATCH_WORKER_TYPES = Object.values(BatchWorkerType) as [BatchWorkerType, ...BatchWorkerType[]];

/** Worker types Glue has but batch jobs may not use, and why. */
export const REFUSED_WORKER_TYPES = {
    "G.025X": "Glue offers G.025X to streaming jobs only, and the ETL jobs are batch jobs: use G.1X or larger",
} as const;

/** The scheduled API ingestion (a Python-shell job writing NDJSON into the landing zone). */
export interface ApiIngestProps {
    /**
     * When the job runs (a Glue cron expression).
     * @default "cron(0 2 * * ? *)" (daily at 02:00 UTC)
     */
    schedule?: string;
    /** Repositories (owner/name) whose stats are fetched. Required. */
    repos: string[];
    /**
     * API base URL.
     * @default "https://api.github.com"
     */
    baseUrl?: string;
}

/**
 * Maintenance of the curated Iceberg tables by the Glue Data Catalog's table optimizers
 * (compaction, snapshot retention, orphan file deletion: every table has all three).
 */
export interface TableMaintenanceSettings {
    /**
     * Snapshots older than this many days expire (the time-travel window), their unreferenced files deleted.
     * @default 7
     */
    snapshotRetentionDays?: number;
    /**
     * Snapshots kept whatever their age (rollback targets).
     * @default 10
     */
    snapshotsToRetain?: number;
    /**
     * Files under a table's location that no snapshot references are deleted once older than this
     * many days (longer than a curate run, so a run's files not yet committed are never taken).
     * @default 3
     */
    orphanFileRetentionDays?: number;
}

export const TABLE_MAINTENANCE_DEFAULTS = {
    snapshotRetentionDays: 7,
    snapshotsToRetain: 10,
    orphanFileRetentionDays: 3,
} as const satisfies Required<TableMaintenanceSettings>;

/** `settings` with the defaults of what it leaves out. */
export function tableMaintenanceWithDefaults(settings: TableMaintenanceSettings = {}): Required<TableMaintenanceSettings> {
    return withDefaults(settings, TABLE_MAINTENANCE_DEFAULTS);
}

/** The Glue jobs' settings. */
export interface EtlSettings {
    /**
     * Glue worker type of the Spark jobs.
     * @default "G.1X"
     */
    workerType?: BatchWorkerType;
    /**
     * Workers per Spark job (2-299).
     * @default 2
     */
    numberOfWorkers?: number;
    /**
     * Job timeout, in minutes.
     * @default 60
     */
    timeoutMinutes?: number;
    /**
     * Start of the ETL workflow: its drop -> raw jobs, or raw -> curated when there are none.
     * @default "cron(0 4 * * ? *)" (daily at 04:00 UTC, after the crawlers)
     */
    schedule?: string;
    /**
     * Datasets whose drop -> raw step is a Glue job (one per table, reading `<table>/` of the
     * landing zone with its spec in etl/lakeetl/catalog.py).
     * @default [] (every dataset goes through the drop -> raw Lambda)
     */
    tables?: string[];
    /**
     * Scheduled API ingestion.
     * @default undefined (no API ingest job)
     */
    apiIngest?: ApiIngestProps;
    /**
     * Maintenance of the curated tables.
     * @default TABLE_MAINTENANCE_DEFAULTS (snapshots kept 7 days and at least 10, orphan files after 3 days)
     */
    maintenance?: TableMaintenanceSettings;
    /**
     * The big-object Spark job (etl/jobs/convert_object.py) the drop -> raw function hands objects past its limits to.
     * @default { enabled: true, maxConcurrentRuns: 10 }
     */
    bigObjects?: BigObjectJobProps;
}

/** The big-object job: one Spark run per dropped object past the drop -> raw function's limits (lib/handover.ts). */
export interface BigObjectJobProps {
    /**
     * Whether the job exists; without it such objects are quarantined `too-large`.
     * @default true
     */
    enabled?: boolean;
    /**
     * Runs at once (Glue's MaxConcurrentRuns); a start past it fails its SQS message, which is retried.
     * @default 10
     */
    maxConcurrentRuns?: number;
}

/** The settings with their defaults applied. */
export interface ResolvedEtlSettings {
    workerType: BatchWorkerType;
    numberOfWorkers: number;
    timeoutMinutes: number;
    schedule: string;
    tables: string[];
    apiIngest?: Required<ApiIngestProps>;
    maintenance: Required<TableMaintenanceSettings>;
    bigObjects: Required<BigObjectJobProps>;
}

export const ETL_DEFAULTS = {
    workerType: "G.1X",
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    schedule: "cron(0 4 * * ? *)",
} as const satisfies Omit<ResolvedEtlSettings, "tables" | "apiIngest" | "maintenance" | "bigObjects">;

/**
 * Glue's quota of jobs per trigger (default 50, https://docs.aws.amazon.com/general/latest/gr/glue.html):
 * the workflow's scheduled trigger starts every `tables` job, so at most this many tables.
 */
export const GLUE_JOBS_PER_TRIGGER = 50;

export const BIG_OBJECT_DEFAULTS = { enabled: true, maxConcurrentRuns: 10 } as const satisfies Required<BigObjectJobProps>;

export const API_INGEST_DEFAULTS = {
    schedule: "cron(0 2 * * ? *)",
    baseUrl: "https://api.github.com",
} as const satisfies Omit<Required<ApiIngestProps>, "repos">;

/** `settings` with the defaults of what it leaves out. */
export function etlWithDefaults(settings: EtlSettings): ResolvedEtlSettings {
    const api = settings.apiIngest;
    return {
        workerType: settings.workerType ?? ETL_DEFAULTS.workerType,
        numberOfWorkers: settings.numberOfWorkers ?? ETL_DEFAULTS.numberOfWorkers,
        timeoutMinutes: settings.timeoutMinutes ?? ETL_DEFAULTS.timeoutMinutes,
        schedule: settings.schedule ?? ETL_DEFAULTS.schedule,
        tables: settings.tables ?? [],
        maintenance: tableMaintenanceWithDefaults(settings.maintenance),
        bigObjects: withDefaults(settings.bigObjects ?? {}, BIG_OBJECT_DEFAULTS),
        ...(api && {
            apiIngest: {
                schedule: api.schedule ?? API_INGEST_DEFAULTS.schedule,
                repos: api.repos,
                baseUrl: api.baseUrl ?? API_INGEST_DEFAULTS.baseUrl,
            },
        }),
    };
}
