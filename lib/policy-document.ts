/**
 * The shape of an IAM policy document, and its builder. Its own module so that lib/iam.ts (the
 * statement primitives) and lib/trust.ts (the trust table, which iam.ts reads) both import it
 * without importing each other. Pure: no imports (the policy pack loads it through lib/trust.ts).
 */

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
    Action: string | string[];
    /** Absent only in trust policies, where IAM rejects it. */
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** A policy document of `statements`. */
export function doc(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
