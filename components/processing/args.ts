/**
 * The processing area's component args and their defaults, the one place they live: `ZoneProcessor`
 * and `Reconciler` apply them (`zoneProcessorWithDefaults`, `reconcilerWithDefaults`), DataLake
 * resolves its `processor` settings with `processingWithDefaults` (the processors', the zone
 * queues' receives, the reconciliations'), and lib/config takes the stack config's `processor`
 * defaults and checks from here. Pure (types only from Pulumi), so the config loads it without
 * the Pulumi runtime.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import type { LambdaVpc } from "../network/function-vpc";
import { ZONE_DEFAULTS } from "../storage/args";
import { refuse, withDefaults } from "../../lib/defaults";

/** A zone processor's Lambda, event source and size limits. */
export interface ProcessorSettings {
    /**
     * Lambda memory (MB): DuckDB converts faster with more CPU.
     * @default 2048
     */
    memoryMb?: number;
    /**
     * Lambda timeout (s). Its zone queue's visibility timeout is 6x this (a `Zone`'s `consumerTimeoutSeconds`).
     * @default 300
     */
    timeoutSeconds?: number;
    /**
     * /tmp size (MB) for the downloaded source and the Parquet output.
     * @default 4096
     */
    ephemeralStorageMb?: number;
    /**
     * SQS messages per invocation; above 10 needs `maxBatchingWindowSeconds` >= 1.
     * @default 5
     */
    batchSize?: number;
    /**
     * Seconds the event source waits to fill a batch.
     * @default 0
     */
    maxBatchingWindowSeconds?: number;
    /**
     * Largest source object the function converts itself (bytes). drop -> raw hands larger ones,
     * and those its measured curve says would not fit its time, memory or /tmp (lib/handover.ts),
     * to the big-object Spark job (quarantined `too-large` without one); raw -> curated quarantines them.
     * @default 2147483648 (2 GiB)
     */
    maxObjectBytes?: number;
    /**
     * Largest decompressed size of a gzip source (bomb guard); below `ephemeralStorageMb`.
     * @default 3221225472 (3 GiB)
     */
    maxDecompressedBytes?: number;
}

/** A zone reconciliation's schedule and threshold. */
export interface ReconcileSettings {
    /**
     * When it runs: an EventBridge cron expression, UTC.
     * @default "cron(0 6 * * ? *)" (daily at 06:00)
     */
    schedule?: string;
    /**
     * Objects no processor finished are announced again after this many hours; longer than a
     * message's retries (the zone's `maxReceiveCount` x 6 x the processor's `timeoutSeconds`).
     * @default 24
     */
    staleAfterHours?: number;
}

export type ResolvedProcessorSettings = Required<ProcessorSettings>;
export type ResolvedReconcileSettings = Required<ReconcileSettings>;

/**
 * The whole area's settings as DataLake's (and the stack config's) `processor` holds them: the processors', the
 * zone queues' `maxReceiveCount` (a `Zone`'s own default), and the reconciliations' under their config names.
 */
export interface ProcessingSettings extends ProcessorSettings {
    /**
     * Receives before a message moves to the DLQ (a `Zone`'s `maxReceiveCount`).
     * @default 5
     */
    maxReceiveCount?: number;
    /** A reconciliation's `schedule`. @default "cron(0 6 * * ? *)" */
    reconcileSchedule?: string;
    /** A reconciliation's `staleAfterHours`. @default 24 */
    reconcileAfterHours?: number;
}

export type ResolvedProcessingSettings = Required<ProcessingSettings>;

export const PROCESSOR_DEFAULTS = {
    memoryMb: 2048,
    timeoutSeconds: ZONE_DEFAULTS.consumerTimeoutSeconds,
    ephemeralStorageMb: 4096,
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxObjectBytes: 2 * 1024 ** 3,
    maxDecompressedBytes: 3 * 1024 ** 3,
} as const satisfies ResolvedProcessorSettings;

export const RECONCILE_DEFAULTS = { schedule: "cron(0 6 * * ? *)", staleAfterHours: 24 } as const satisfies ResolvedReconcileSettings;

/** A setting that contradicts another: the setting and why (lib/config reports them as config errors). */
export interface ProcessorSettingIssue {
    setting: keyof ProcessorSettings;
    message: string;
}

/** Combinations the function or SQS cannot run with, on settings with their defaults applied. */
export function processorSettingIssues(s: ResolvedProcessorSettings): ProcessorSettingIssue[] {
    const issues: ProcessorSettingIssue[] = [];
    if (!(s.maxDecompressedBytes < s.ephemeralStorageMb * 1024 ** 2)) {
        issues.push({
            setting: "maxDecompressedBytes",
            message: "maxDecompressedBytes must be below ephemeralStorageMb (the decompressed file and its Parquet live in /tmp)",
        });
    }
    if (!(s.batchSize <= 10 || s.maxBatchingWindowSeconds >= 1)) {
        issues.push({ setting: "batchSize", message: "a batchSize above 10 needs maxBatchingWindowSeconds >= 1 (an SQS rule)" });
    }
    return issues;
}

/** `settings` with the defaults of what it leaves out; throws on a combination `processorSettingIssues` refuses. */
export function processorWithDefaults(settings: ProcessorSettings = {}): ResolvedProcessorSettings {
    const resolved: ResolvedProcessorSettings = withDefaults(settings, PROCESSOR_DEFAULTS);
    refuse("ZoneProcessor", processorSettingIssues(resolved));
    return resolved;
}

/** Defaults both functions share: POWERTOOLS_LOG_LEVEL and X-Ray tracing. */
export const FUNCTION_DEFAULTS = { logLevel: "INFO", tracing: false } as const;

/** Most concurrent invocations a zone queue drives by default. */
export const ZONE_PROCESSOR_DEFAULTS = { ...FUNCTION_DEFAULTS, maximumConcurrency: 10 } as const;

/** What the processor needs of its source zone (a `Zone` satisfies it). */
export interface ProcessorSource {
    zoneName: string;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    queueArn: pulumi.Input<string>;
    /** The queue's DLQ: in a gradual deploy, messages reaching it roll the processor back. @default none watched */
    dlqName?: pulumi.Input<string>;
}

/** What the processor needs of its target zone (a `Zone` satisfies it). */
export interface ProcessorTarget {
    zoneName: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

/** The big-object Glue job a drop -> raw processor starts (Etl's `bigObjectJob`). */
export interface BigObjectJobRef {
    /** The job's name (BIG_OBJECT_JOB). */
    name: pulumi.Input<string>;
    /** The job's ARN (the one `glue:StartJobRun` is allowed on). */
    arn: pulumi.Input<string>;
}

export interface ZoneProcessorArgs {
    /** Zone read from; its queue drives the function. Required. */
    source: ProcessorSource;
    /** Zone written to. Required. */
    target: ProcessorTarget;
    /** Folder under `functions/` whose `index.ts` exports `handler`, e.g. `drop-to-raw`. Required. */
    code: string;
    /** The program's context: `logRetentionDays` and `logsKeyArn` (required here) for the function's log group. Required. */
    context: LakeContext;
    /**
     * Memory, timeout, /tmp, batch and size limits; each field left out takes its default.
     * @default PROCESSOR_DEFAULTS (2048 MB, 300 s, 4096 MB /tmp, batches of 5, no batching window, 2 GiB objects, 3 GiB decompressed)
     */
    settings?: ProcessorSettings;
    /** Layer ARNs, e.g. the DuckDB layer's. Required. */
    layers: pulumi.Input<string>[];
    /**
     * The big-object Glue job (etl/jobs/convert_object.py) the function starts for each object past
     * its limits: passed as BIG_OBJECT_JOB with the limits as OBJECT_LIMITS (lib/handover.ts
     * objectLimits of `settings`), and glue:StartJobRun on exactly that job.
     * @default not set (objects past `maxObjectBytes` are quarantined `too-large`)
     */
    bigObjectJob?: BigObjectJobRef;
    /**
     * Datasets a Glue job promotes instead (config `etl.tables`), passed as BATCH_DATASETS.
     * @default not set (the hop promotes every dataset)
     */
    batchDatasets?: string[];
    /**
     * The expected columns of each dataset with a contract, dataset -> column -> type (one of
     * lib/contract CONTRACT_COLUMN_TYPES; lib/dataset-contract.ts contractColumns), passed as
     * DATASET_CONTRACTS: the drop -> raw hop records each object's breaks in its metadata.
     * @default not set (no dataset is checked)
     */
    contractColumns?: Record<string, Record<string, string>>;
    /**
     * POWERTOOLS_LOG_LEVEL.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * Most concurrent invocations the queue may drive.
     * @default 10
     */
    maximumConcurrency?: number;
    /**
     * Physical function name.
     * @default `<project>-<stack>-<source>-to-<target>`
     */
    functionName?: string;
    /**
     * Run in these subnets of this VPC with these security groups (config `network.lambdasInVpc`).
     * @default not in a VPC
     */
    vpc?: LambdaVpc;
    /**
     * X-Ray active tracing (config `ingestApi.tracing`, the lake's one tracing setting).
     * @default false
     */
    tracing?: boolean;
}

/** The processor's args with every default applied (the context's and the settings' too); `functionName` stays optional (its default needs the stack). */
export type ResolvedZoneProcessorArgs = Omit<ZoneProcessorArgs, "context" | "settings" | "logLevel" | "maximumConcurrency" | "tracing"> & {
    context: ResolvedLakeContext;
    settings: ResolvedProcessorSettings;
} & Required<Pick<ZoneProcessorArgs, "logLevel" | "maximumConcurrency" | "tracing">>;

/** `args` with the defaults of the fields it leaves out; throws on settings `processorSettingIssues` refuses. */
export function zoneProcessorWithDefaults(args: ZoneProcessorArgs): ResolvedZoneProcessorArgs {
    return { ...args, ...withDefaults(args, ZONE_PROCESSOR_DEFAULTS), context: lakeContext(args.context), settings: processorWithDefaults(args.settings) };
}

/** What the reconciliation needs of its zone (a `Zone` with an event queue satisfies it). */
export interface ReconciledZone {
    zoneName: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    queueArn: pulumi.Input<string>;
    queueUrl: pulumi.Input<string>;
}

export interface ReconcilerArgs extends ReconcileSettings {
    /** The zone reconciled. Required. */
    zone: ReconciledZone;
    /**
     * The program's context: `scope` (the region of the key's `kms:ViaService` condition),
     * `logRetentionDays` and `logsKeyArn` (required here) for the function's log group. Required.
     */
    context: LakeContext;
    /**
     * POWERTOOLS_LOG_LEVEL.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * X-Ray active tracing (config `ingestApi.tracing`, the lake's one tracing setting).
     * @default false
     */
    tracing?: boolean;
}

/** The reconciliation's args with every default applied (the context's too). */
export type ResolvedReconcilerArgs = Required<Omit<ReconcilerArgs, "context">> & { context: ResolvedLakeContext };

/** `args` with the defaults of the fields it leaves out. */
export function reconcilerWithDefaults(args: ReconcilerArgs): ResolvedReconcilerArgs {
    return { ...args, ...withDefaults(args, { ...RECONCILE_DEFAULTS, ...FUNCTION_DEFAULTS }), context: lakeContext(args.context) };
}

/** DataLake's `processor` settings (the stack config's `processor`) with the defaults of what it leaves out (each from the component that owns it). */
export function processingWithDefaults(settings: ProcessingSettings = {}): ResolvedProcessingSettings {
    const { maxReceiveCount, reconcileSchedule, reconcileAfterHours, ...processor } = settings;
    return {
        ...processorWithDefaults(processor),
        maxReceiveCount: maxReceiveCount ?? ZONE_DEFAULTS.maxReceiveCount,
        reconcileSchedule: reconcileSchedule ?? RECONCILE_DEFAULTS.schedule,
        reconcileAfterHours: reconcileAfterHours ?? RECONCILE_DEFAULTS.staleAfterHours,
    };
}

/** Lambda's limits on an SQS event source's batching (CreateEventSourceMapping): window <= 300 s; batch <= 10000 on a standard queue, above 10 only with a window. */
export const SQS_BATCHING_LIMITS = { maxBatchingWindowSeconds: 300, maxBatchSize: 10000, batchSizeWithoutWindow: 10 } as const;

/** How the raw zone's queue feeds the curation starter. */
export interface CurationStarterSettings {
    /**
     * Seconds the event source gathers raw arrivals into one batch, so one curate run takes
     * minutes of arrivals (Lambda's maximum, 300, is also the default).
     * @default 300
     */
    maxBatchingWindowSeconds?: number;
    /**
     * Most messages in one batch (one curate run): at most 10000, and above 10 only with a window.
     * @default 1000
     */
    batchSize?: number;
}
export type ResolvedCurationStarterSettings = Required<CurationStarterSettings>;

export const CURATION_STARTER_DEFAULTS = { maxBatchingWindowSeconds: 300, batchSize: 1000 } as const satisfies ResolvedCurationStarterSettings;

/** Combinations Lambda refuses, on settings with their defaults applied. */
export function curationStarterIssues(s: ResolvedCurationStarterSettings): { setting: keyof CurationStarterSettings; message: string }[] {
    const issues: { setting: keyof CurationStarterSettings; message: string }[] = [];
    const limits = SQS_BATCHING_LIMITS;
    if (!Number.isInteger(s.maxBatchingWindowSeconds) || s.maxBatchingWindowSeconds < 0 || s.maxBatchingWindowSeconds > limits.maxBatchingWindowSeconds) {
        issues.push({
            setting: "maxBatchingWindowSeconds",
            message: `a whole number of seconds from 0 to ${limits.maxBatchingWindowSeconds} (Lambda's limit)`,
        });
    }
    if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > limits.maxBatchSize) {
        issues.push({ setting: "batchSize", message: `from 1 to ${limits.maxBatchSize} (Lambda's limit for a standard queue)` });
    } else if (s.batchSize > limits.batchSizeWithoutWindow && s.maxBatchingWindowSeconds < 1) {
        issues.push({ setting: "batchSize", message: `a batchSize above ${limits.batchSizeWithoutWindow} needs maxBatchingWindowSeconds >= 1 (an SQS rule)` });
    }
    return issues;
}

/** `settings` with the defaults of what it leaves out; throws on a combination Lambda refuses. */
export function curationStarterWithDefaults(settings: CurationStarterSettings = {}): ResolvedCurationStarterSettings {
    // Only the starter's own fields: callers pass the whole CurationStarterArgs.
    const resolved: ResolvedCurationStarterSettings = withDefaults(settings, CURATION_STARTER_DEFAULTS);
    refuse("CurationStarter", curationStarterIssues(resolved));
    return resolved;
}

/** What the starter needs of the raw zone (a `Zone` with an event queue satisfies it). */
export interface CurationSource {
    zoneName: string;
    queueArn: pulumi.Input<string>;
    /** The zone key, which encrypts the queue. */
    keyArn: pulumi.Input<string>;
    /** The queue's DLQ: in a gradual deploy, messages reaching it roll the starter back. @default none watched */
    dlqName?: pulumi.Input<string>;
}

export interface CurationStarterArgs extends CurationStarterSettings {
    /** The zone whose queue announces raw arrivals. Required. */
    source: CurationSource;
    /** The curate Glue job it starts. Required. */
    jobName: pulumi.Input<string>;
    /** The program's context: `scope` (the job's ARN), `logRetentionDays` and `logsKeyArn` (required here). Required. */
    context: LakeContext;
    /**
     * POWERTOOLS_LOG_LEVEL.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * X-Ray active tracing.
     * @default false
     */
    tracing?: boolean;
}

export type ResolvedCurationStarterArgs = Omit<CurationStarterArgs, "context" | "logLevel" | "tracing" | keyof CurationStarterSettings> &
    ResolvedCurationStarterSettings & { context: ResolvedLakeContext; logLevel: string; tracing: boolean };

/** `args` with the defaults of the fields it leaves out. */
export function curationStarterArgsWithDefaults(args: CurationStarterArgs): ResolvedCurationStarterArgs {
    return { ...args, ...withDefaults(args, FUNCTION_DEFAULTS), ...curationStarterWithDefaults(args), context: lakeContext(args.context) };
}
