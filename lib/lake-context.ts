/**
 * What every component needs from the program around it, passed as one `context` argument instead
 * of the same four fields copied into each component's args. `DataLake` builds it once from the
 * stack config; a program using a component alone builds it with `lakeContext`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allOf } from "./outputs";
import type { AccountScope } from "./account-scope";
import type { DeploymentSettings } from "./live-function";

export interface LakeContext {
    /** Account, partition and region the component's ARNs are built in (`lookupAccountScope`). Required. */
    scope: pulumi.Input<AccountScope>;
    /**
     * Keep data (buckets, keys, tables) on stack removal and protect it from deletion.
     * @default false
     */
    retainData?: boolean;
    /**
     * Retention, in days, of every log group the component declares.
     * @default 14
     */
    logRetentionDays?: number;
    /** KMS key ARN encrypting the log groups the component declares. Required by components that declare log groups. */
    logsKeyArn?: pulumi.Input<string>;
    /**
     * How the component's functions take new versions through their `live` alias (lib/live-function.ts).
     * @default { strategy: "AllAtOnce" }
     */
    deployment?: DeploymentSettings;
}

/** The context with its defaults applied. */
export type ResolvedLakeContext = Required<Omit<LakeContext, "logsKeyArn" | "deployment">> & Pick<LakeContext, "logsKeyArn" | "deployment">;

export const LAKE_CONTEXT_DEFAULTS = { retainData: false, logRetentionDays: 14 } as const;

/** `context` with the defaults of the fields it leaves out. */
export function lakeContext(context: LakeContext): ResolvedLakeContext {
    return {
        ...context,
        retainData: context.retainData ?? LAKE_CONTEXT_DEFAULTS.retainData,
        logRetentionDays: context.logRetentionDays ?? LAKE_CONTEXT_DEFAULTS.logRetentionDays,
    };
}

/** The logs key of a component that declares log groups: a clear error when the context has none. */
export function requireLogsKey(context: LakeContext, component: string): pulumi.Input<string> {
    if (context.logsKeyArn === undefined) throw new Error(`${component}: context.logsKeyArn is required (the KMS key its log groups are encrypted with)`);
    return context.logsKeyArn;
}

/**
 * The account scope of the current provider, looked up once, with the invokes parented to `parent`
 * (none in a program of its own: they belong to the stack).
 */
export function lookupAccountScope(parent?: pulumi.Resource): pulumi.Output<AccountScope> {
    const opts = parent ? { parent } : {};
    return allOf({
        accountId: aws.getCallerIdentityOutput({}, opts).accountId,
        partition: aws.getPartitionOutput({}, opts).partition,
        region: aws.getRegionOutput({}, opts).region,
    });
}
