/**
 * How the pack's rules are written: `resourceRule` for a check of one resource's inputs,
 * `stackRule` for a check that needs the rest of the stack. Both run only on resources of the
 * given types and are mandatory unless `meta` says otherwise. `prodResourceRule` is a resource
 * rule that applies only to prod stacks. Shared by every rules-*.ts file.
 *
 * Every rule declares its conditions (`conditions`: id -> what it requires) and reports through
 * `flag(condition, message)`, which prefixes the message with `[condition]`: the canaries (one per
 * condition, test/policy) can then tell which condition fired, and a rule reporting a condition it
 * did not declare throws.
 */
import {
    type EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isOneOf, stackOf } from "./resources";

/** A resource's inputs (or outputs), as the policy SDK hands them over. */
export type Props = Record<string, any>;

/** Reports one violation of the rule's declared `condition`. */
export type Flag = (condition: string, message: string) => void;

/** Condition id -> one line saying what the condition requires. */
export type Conditions = Record<string, string>;

interface Declared {
    conditions: Conditions;
}

const declared = new Map<string, Conditions>();

/** The declared conditions of every rule built so far, by rule name. */
export function ruleConditions(): ReadonlyMap<string, Conditions> {
    return declared;
}

/** The condition id of a reported message (`[id] ...`), or undefined. */
export function conditionOf(message: string): string | undefined {
    return /^\[([a-z0-9-]+)\] /.exec(message)?.[1];
}

function flagger(name: string, conditions: Conditions, report: (message: string) => void): Flag {
    return (condition, message) => {
        if (!(condition in conditions)) throw new Error(`policy ${name} reported undeclared condition '${condition}'`);
        report(`[${condition}] ${message}`);
    };
}

/** Records the rule's conditions; returns the rest of its fields, mandatory unless they say otherwise. */
function declare<M extends { name: string } & Declared>(meta: M): Omit<M, "conditions"> & { enforcementLevel: EnforcementLevel } {
    const { conditions, ...policy } = meta;
    declared.set(meta.name, conditions);
    return { enforcementLevel: "mandatory", ...policy };
}

/** A per-resource rule that only looks at resources of `types`. */
export function resourceRule(
    meta: Omit<ResourceValidationPolicy, "validateResource"> & Declared,
    types: readonly string[],
    check: (props: Props, args: ResourceValidationArgs, flag: Flag) => void,
): ResourceValidationPolicy {
    return {
        ...declare(meta),
        validateResource: (args, report) => {
            if (isOneOf(args.type, types))
                check(
                    args.props,
                    args,
                    flagger(meta.name, meta.conditions, (m) => report(m)),
                );
        },
    };
}

/** A stack rule run once per resource of `types`, with the whole stack at hand. */
export function stackRule(
    meta: Omit<StackValidationPolicy, "validateStack"> & Declared,
    types: readonly string[],
    check: (r: PolicyResource, all: PolicyResource[], flag: Flag, args: StackValidationArgs) => void,
): StackValidationPolicy {
    return {
        ...declare(meta),
        validateStack: (args, report) => {
            for (const r of args.resources) {
                if (isOneOf(r.type, types))
                    check(
                        r,
                        args.resources,
                        flagger(meta.name, meta.conditions, (m) => report(m, r.urn)),
                        args,
                    );
            }
        },
    };
}

/** Policy config: `environment` overrides what the stack name implies. */
export interface EnvironmentConfig {
    environment?: "dev" | "prod";
}

export const ENVIRONMENT_SCHEMA: PolicyConfigSchema["properties"] = { environment: { type: "string", enum: ["dev", "prod"] } };

/** prod when the policy config says so, else when the stack name contains "prod". */
export function isProd(config: EnvironmentConfig, urn: string): boolean {
    if (config.environment) return config.environment === "prod";
    return /prod/i.test(stackOf(urn));
}

/** A `resourceRule` that applies only in a prod stack (`isProd`), configurable by `environment`. */
export function prodResourceRule(
    meta: Omit<ResourceValidationPolicy, "validateResource" | "configSchema"> & Declared,
    types: readonly string[],
    check: (props: Props, args: ResourceValidationArgs, flag: Flag) => void,
): ResourceValidationPolicy {
    return resourceRule({ ...meta, configSchema: { properties: ENVIRONMENT_SCHEMA } }, types, (props, args, flag) => {
        if (!isProd(args.getConfig<EnvironmentConfig>(), args.urn)) args.notApplicable("not a prod stack");
        check(props, args, flag);
    });
}
