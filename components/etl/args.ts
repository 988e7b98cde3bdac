/**
 * The ETL area's own settings and their defaults, applied inside `Etl` (`etlWithDefaults`). Pure,
 * so lib/config validates the stack config against the worker types and takes its ETL
 * defaults from here.
 */

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
}

/** The settings with their defaults applied. */
export interface ResolvedEtlSettings {
    workerType: BatchWorkerType;
    numberOfWorkers: number;
    timeoutMinutes: number;
    schedule: string;
    tables: string[];
    apiIngest?: Required<ApiIngestProps>;
}

export const ETL_DEFAULTS = {
    workerType: "G.1X",
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    schedule: "cron(0 4 * * ? *)",
} as const satisfies Omit<ResolvedEtlSettings, "tables" | "apiIngest">;

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
        ...(api && {
            apiIngest: {
                schedule: api.schedule ?? API_INGEST_DEFAULTS.schedule,
                repos: api.repos,
                baseUrl: api.baseUrl ?? API_INGEST_DEFAULTS.baseUrl,
            },
        }),
    };
}
