/**
 * Canaries of the real-time and serving rules (policy/rules-realtime.ts), on the lake's recorded
 * stacks with `realtime.enabled` and `serving.enabled`: each breaks one thing and names the rule,
 * the one condition of it that must fire, and the resource it is reported on.
 * realtime-rules.test.ts runs them; pack.test.ts counts conditions.
 */
import { ruleCases } from "./canaries";

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

/** Logical names of the resources the canaries break. */
const TABLE = "lake-serving-table";
const IMPRESSIONS = "lake-realtime-impressions";
const CLICKS = "lake-realtime-clicks";
const SCHEDULE = "lake-serving-schedule";

export const realtimeCanaries: RealtimeCanary[] = [
    ...ruleCases<RealtimeCanary>("dynamodb-table-cmk-encryption", [
        { condition: "customer-managed-key", case: "no SSE block (AWS owned key)", target: TABLE, change: (p) => delete p.serverSideEncryption },
        {
            condition: "customer-managed-key",
            case: "SSE without a key (AWS managed key)",
            target: TABLE,
            change: (p) => delete p.serverSideEncryption.kmsKeyArn,
        },
        { condition: "customer-managed-key", case: "SSE disabled", target: TABLE, change: (p) => (p.serverSideEncryption.enabled = false) },
    ]),
    ...ruleCases<RealtimeCanary>("dynamodb-prod-pitr-deletion-protection", [
        { condition: "pitr", case: "prod without PITR", stack: "prod", target: TABLE, change: (p) => (p.pointInTimeRecovery.enabled = false) },
        {
            condition: "deletion-protection",
            case: "prod without deletion protection",
            stack: "prod",
            target: TABLE,
            change: (p) => delete p.deletionProtectionEnabled,
        },
    ]),
    ...ruleCases<RealtimeCanary>("lambda-stream-mapping-failure-handling", [
        { condition: "partial-batch", case: "no partial batch responses", target: IMPRESSIONS, change: (p) => delete p.functionResponseTypes },
        { condition: "bounded-retries", case: "retries until expiry (-1)", target: CLICKS, change: (p) => (p.maximumRetryAttempts = -1) },
        { condition: "bounded-retries", case: "retries unset", target: CLICKS, change: (p) => delete p.maximumRetryAttempts },
        { condition: "on-failure", case: "no on-failure destination", target: IMPRESSIONS, change: (p) => delete p.destinationConfig },
    ]),
    ...ruleCases<RealtimeCanary>("scheduler-target-dlq", [
        { condition: "dlq", case: "no dead-letter queue", target: SCHEDULE, change: (p) => delete p.target.deadLetterConfig },
        { condition: "retries", case: "no retry policy", target: SCHEDULE, change: (p) => delete p.target.retryPolicy },
    ]),
];
