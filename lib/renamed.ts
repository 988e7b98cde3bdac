/**
 * Component type tokens that changed (issue 17: a token names its folder), each with the token it
 * had. `renamedFrom` adds the old token as an alias, so the engine moves a deployed component and
 * every resource below it (children inherit the parent's aliases) to the new URN instead of
 * deleting and recreating it. Remove an entry only in a major release.
 */
import * as pulumi from "@pulumi/pulumi";

export const PREVIOUS_TYPES = {
    "datalake:keys:AnalyticsKey": "datalake:catalog:AnalyticsKey",
    "datalake:keys:LogsKey": "datalake:security:LogsKey",
    "datalake:storage:AnalyticsBucket": "datalake:query:AnalyticsBucket",
    "datalake:traffic:Traffic": "datalake:serving:Serving",
} as const;

export type RenamedType = keyof typeof PREVIOUS_TYPES;

/** `opts` with an alias from the previous token of `type`. */
export function renamedFrom<T extends pulumi.ComponentResourceOptions>(type: RenamedType, opts?: T): T {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: PREVIOUS_TYPES[type] }] } as T;
}
