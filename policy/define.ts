/**
 * How the pack's rules are written: `resourceRule` for a check of one resource's inputs,
 * `stackRule` for a check that needs the rest of the stack. Both run only on resources of the
 * given types and are mandatory unless `meta` says otherwise. Shared by rules.ts,
 * rules-ingest.ts and rules-analytics.ts. `prodResourceRule` is a resource rule that applies
 * only to prod stacks.
 */
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isOneOf, stackOf } from "./resources";

/** A resource's inputs (or outputs), as the policy SDK hands them over. */
export type Props = Record<string, any>;

/** A per-resource rule that only looks at resources of `types`. */
export function resourceRule(
    meta: Omit<ResourceValidationPolicy, "validateResource">,
    types: readonly string[],
    check: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidationPolicy {
    return {
        enforcementLevel: "mandatory",
        ...meta,
        validateResource: (args, report) => {
            if (isOneOf(args.type, types)) check(args.props, args, report);
        },
    };
}

/** A stack rule run once per resource of `types`, with the whole stack at hand. */
export function stackRule(
    meta: Omit<StackValidationPolicy, "validateStack">,
    types: readonly string[],
    check: (r: PolicyResource, all: PolicyResource[], report: (message: string) => void, args: StackValidationArgs) => void,
): StackValidationPolicy {
    return {
        enforcementLevel: "mandatory",
        ...meta,
        validateStack: (args, report) => {
            for (const r of args.resources) {
                if (isOneOf(r.type, types)) check(r, args.resources, (m) => report(m, r.urn), args);
            }
        },
    };
}

/** Policy config: `environment` overrides what the stack name implies. */
export interface EnvironmentConfig {
    environment?: "dev" | "prod";
}

/** prod when the policy config says so, else when the stack name contains "prod". */
export function isProd(config: EnvironmentConfig, urn: string): boolean {
    if (config.environment) return config.environment === "prod";
    return /prod/i.test(stackOf(urn));
}

/** A `resourceRule` that applies only in a prod stack (`isProd`), configurable by `environment`. */
export function prodResourceRule(
    meta: Omit<ResourceValidationPolicy, "validateResource" | "configSchema">,
    types: readonly string[],
    check: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidationPolicy {
    return resourceRule(
        { ...meta, configSchema: { properties: { environment: { type: "string", enum: ["dev", "prod"] } } } },
        types,
        (props, args, report) => {
            if (!isProd(args.getConfig<EnvironmentConfig>(), args.urn)) args.notApplicable("not a prod stack");
            check(props, args, report);
        },
    );
}
