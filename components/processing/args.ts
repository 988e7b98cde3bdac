/**
 * The processing area's settings and their defaults, the one place they live: `ZoneProcessor` and
 * `Reconciler` apply them (`processorWithDefaults`, `reconcilerWithDefaults`), and lib/config.ts
 * resolves the stack config's `processor` with `processingWithDefaults`. Pure, so the config loads
 * it without the Pulumi runtime.
 */
import { ZONE_DEFAULTS } from "../storage/args";

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
     * Largest source object converted (bytes); larger ones are quarantined.
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
 * The whole area's settings as the stack config's `processor` holds them: the processors', the
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

/** Leaves out the keys whose value is undefined, so spreading settings never erases a default. */
function defined<T extends object>(settings: T): Partial<T> {
    return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `settings` with the defaults of what it leaves out; throws on a combination `processorSettingIssues` refuses. */
export function processorWithDefaults(settings: ProcessorSettings = {}): ResolvedProcessorSettings {
    const resolved: ResolvedProcessorSettings = {
        memoryMb: settings.memoryMb ?? PROCESSOR_DEFAULTS.memoryMb,
        timeoutSeconds: settings.timeoutSeconds ?? PROCESSOR_DEFAULTS.timeoutSeconds,
        ephemeralStorageMb: settings.ephemeralStorageMb ?? PROCESSOR_DEFAULTS.ephemeralStorageMb,
        batchSize: settings.batchSize ?? PROCESSOR_DEFAULTS.batchSize,
        maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds ?? PROCESSOR_DEFAULTS.maxBatchingWindowSeconds,
        maxObjectBytes: settings.maxObjectBytes ?? PROCESSOR_DEFAULTS.maxObjectBytes,
        maxDecompressedBytes: settings.maxDecompressedBytes ?? PROCESSOR_DEFAULTS.maxDecompressedBytes,
    };
    const issues = processorSettingIssues(resolved);
    if (issues.length) throw new Error(`ZoneProcessor: ${issues.map((i) => `${i.setting}: ${i.message}`).join("; ")}`);
    return resolved;
}

/** `settings` with the defaults of what it leaves out. */
export function reconcilerWithDefaults(settings: ReconcileSettings = {}): ResolvedReconcileSettings {
    return { ...RECONCILE_DEFAULTS, ...defined(settings) };
}

/** The stack config's `processor` with the defaults of what it leaves out (each from the component that owns it). */
export function processingWithDefaults(settings: ProcessingSettings = {}): ResolvedProcessingSettings {
    const { maxReceiveCount, reconcileSchedule, reconcileAfterHours, ...processor } = settings;
    const reconcile = reconcilerWithDefaults({ schedule: reconcileSchedule, staleAfterHours: reconcileAfterHours });
    return {
        ...processorWithDefaults(processor),
        maxReceiveCount: maxReceiveCount ?? ZONE_DEFAULTS.maxReceiveCount,
        reconcileSchedule: reconcile.schedule,
        reconcileAfterHours: reconcile.staleAfterHours,
    };
}
