/**
 * The operations area's own settings (alarm thresholds, Glue's account-level log groups) and their
 * defaults, applied by `deriveSignals` and `Monitoring` (`operationsWithDefaults`). Pure, so
 * lib/config validates the stack config against OPERATIONS_LIMITS and takes its defaults from here.
 */

/** The thresholds of the derived alarms and the opt-in for Glue's own log groups. */
export interface OperationsSettings {
    /**
     * Alarm when a zone queue's oldest message is older than this (s).
     * @default 3600
     */
    queueAgeAlarmSeconds?: number;
    /**
     * Alarm when a Firehose record waits longer than its buffer interval plus this (s).
     * @default 900
     */
    firehoseFreshnessMarginSeconds?: number;
    /**
     * Alarm when more than this percentage of an API's requests answer 5xx (5-minute average).
     * @default 1
     */
    api5xxPercent?: number;
    /**
     * Alarm when an API's p99 latency stays above this (ms) for 15 minutes.
     * @default 3000
     */
    apiLatencyP99Ms?: number;
    /**
     * Declare Glue's default log groups (/aws-glue/jobs/*, /aws-glue/python-jobs/*, /aws-glue/crawlers).
     * One set per account and region: turn it on in one stack per account.
     * @default false
     */
    manageGlueLogGroups?: boolean;
}

export type ResolvedOperationsSettings = Required<OperationsSettings>;

export const OPERATIONS_DEFAULTS = {
    queueAgeAlarmSeconds: 3600,
    firehoseFreshnessMarginSeconds: 900,
    api5xxPercent: 1,
    apiLatencyP99Ms: 3000,
    manageGlueLogGroups: false,
} as const satisfies ResolvedOperationsSettings;

/**
 * Inclusive ranges the stack config accepts: queue age up to SQS's 14-day retention, API latency
 * up to API Gateway's 29 s integration timeout.
 */
export const OPERATIONS_LIMITS = {
    queueAgeAlarmSeconds: [60, 1209600],
    firehoseFreshnessMarginSeconds: [60, 86400],
    api5xxPercent: [0, 100],
    apiLatencyP99Ms: [50, 29000],
} as const;

/** `settings` with the defaults of what it leaves out (or sets to undefined). */
export function operationsWithDefaults(settings: OperationsSettings = {}): ResolvedOperationsSettings {
    return {
        queueAgeAlarmSeconds: settings.queueAgeAlarmSeconds ?? OPERATIONS_DEFAULTS.queueAgeAlarmSeconds,
        firehoseFreshnessMarginSeconds: settings.firehoseFreshnessMarginSeconds ?? OPERATIONS_DEFAULTS.firehoseFreshnessMarginSeconds,
        api5xxPercent: settings.api5xxPercent ?? OPERATIONS_DEFAULTS.api5xxPercent,
        apiLatencyP99Ms: settings.apiLatencyP99Ms ?? OPERATIONS_DEFAULTS.apiLatencyP99Ms,
        manageGlueLogGroups: settings.manageGlueLogGroups ?? OPERATIONS_DEFAULTS.manageGlueLogGroups,
    };
}
