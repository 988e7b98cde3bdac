/**
 * Canaries of the real-time and serving rules (policy/rules-realtime.ts), on the lake's recorded
 * stacks with `realtime.enabled` and `serving.enabled`: each breaks one thing and names the rule,
 * the one condition of it that must fire, and the resource it is reported on.
 * realtime-rules.test.ts runs them; pack.test.ts counts conditions.
 */
type Props = Record<string, any>;

export interface RealtimeCanary {
    rule: string;
    condition: string;
    case: string;
    stack?: "dev" | "prod";
    /** Logical name of the resource changed and flagged. */
    target: string;
    change: (props: Props) => void;
}

/** Config overrides of the stacks the canaries break. */
export const REALTIME_SERVING_ON = { realtime: { enabled: true }, serving: { enabled: true } };

export const realtimeCanaries: RealtimeCanary[] = [
    {
        rule: "dynamodb-table-cmk-encryption",
        condition: "customer-managed-key",
        case: "no SSE block (AWS owned key)",
        target: "lake-serving-table",
        change: (p) => delete p.serverSideEncryption,
    },
    {
        rule: "dynamodb-table-cmk-encryption",
        condition: "customer-managed-key",
        case: "SSE without a key (AWS managed key)",
        target: "lake-serving-table",
        change: (p) => delete p.serverSideEncryption.kmsKeyArn,
    },
    {
        rule: "dynamodb-table-cmk-encryption",
        condition: "customer-managed-key",
        case: "SSE disabled",
        target: "lake-serving-table",
        change: (p) => (p.serverSideEncryption.enabled = false),
    },
    {
        rule: "dynamodb-prod-pitr-deletion-protection",
        condition: "pitr",
        case: "prod without PITR",
        stack: "prod",
        target: "lake-serving-table",
        change: (p) => (p.pointInTimeRecovery.enabled = false),
    },
    {
        rule: "dynamodb-prod-pitr-deletion-protection",
        condition: "deletion-protection",
        case: "prod without deletion protection",
        stack: "prod",
        target: "lake-serving-table",
        change: (p) => delete p.deletionProtectionEnabled,
    },
    {
        rule: "lambda-stream-mapping-failure-handling",
        condition: "partial-batch",
        case: "no partial batch responses",
        target: "lake-realtime-impressions",
        change: (p) => delete p.functionResponseTypes,
    },
    {
        rule: "lambda-stream-mapping-failure-handling",
        condition: "bounded-retries",
        case: "retries until expiry (-1)",
        target: "lake-realtime-clicks",
        change: (p) => (p.maximumRetryAttempts = -1),
    },
    {
        rule: "lambda-stream-mapping-failure-handling",
        condition: "bounded-retries",
        case: "retries unset",
        target: "lake-realtime-clicks",
        change: (p) => delete p.maximumRetryAttempts,
    },
    {
        rule: "lambda-stream-mapping-failure-handling",
        condition: "on-failure",
        case: "no on-failure destination",
        target: "lake-realtime-impressions",
        change: (p) => delete p.destinationConfig,
    },
    {
        rule: "scheduler-target-dlq",
        condition: "dlq",
        case: "no dead-letter queue",
        target: "lake-serving-schedule",
        change: (p) => delete p.target.deadLetterConfig,
    },
    {
        rule: "scheduler-target-dlq",
        condition: "retries",
        case: "no retry policy",
        target: "lake-serving-schedule",
        change: (p) => delete p.target.retryPolicy,
    },
];
