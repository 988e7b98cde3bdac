/**
 * Runs the pack's policies against recorded resources without a PolicyPack (constructing one
 * starts a gRPC server that keeps the process alive): each `validateResource` is called once per
 * resource and each `validateStack` once, with args built the way the policy server builds them:
 * resource rules see the recorded inputs, stack rules the outputs (the mock's, when recorded),
 * both behind the SDK's unknown-checking proxy, so a rule reading a value that is unknown during
 * preview (`pulumi.runtime.unknownValue`) gets an advisory "can't run during preview", as there.
 */
import {
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationArgs,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { conditionOf } from "../../policy/define";

/** The fields of harness/program.ts's RecordedResource the policies need. */
export interface Recorded {
    type: string;
    name: string;
    urn: string;
    /** Inputs, secrets unwrapped. */
    props: Record<string, any>;
    /** Outputs (inputs plus computed ids, names, ARNs); stack rules fall back to `props`. */
    outputs?: Record<string, any>;
    /** Parent URN. */
    parent?: string;
    protect?: boolean;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /** URNs each input depends on (the engine passes these to stack rules). */
    propertyDependencies?: Record<string, string[]>;
}

export interface Violation {
    policy: string;
    urn?: string;
    message: string;
    /** The rule could not run because a value it read is unknown (preview). */
    advisory?: true;
}

export interface EvaluateOptions {
    /** Default: every policy of the pack (policy/all.ts). */
    policies?: Policies;
    /** Per-policy config, as in a `--policy-pack-config` file: `{ "prod-retain-data": { environment: "prod" } }`. */
    config?: Record<string, Record<string, unknown>>;
}

export class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

function options(r: Recorded): PolicyResourceOptions {
    return {
        protect: r.protect === true,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

function typeMatcher(type: string) {
    return (resourceClass: unknown) => (resourceClass as { __pulumiType?: string } | undefined)?.__pulumiType === type;
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

function resourceArgs(r: Recorded, getConfig: () => any): ResourceValidationArgs {
    const isType = typeMatcher(r.type);
    const props = unknownCheckingProxy(r.props);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: options(r),
        stackTags: new Map(),
        isType,
        asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig,
        notApplicable,
    };
}

/** PolicyResources with dependencies resolved to the resource objects, as the policy server does. */
export function stackResources(recorded: Recorded[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = recorded.map((r) => {
        const isType = typeMatcher(r.type);
        const props = unknownCheckingProxy(r.outputs ?? r.props);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType,
            asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    const resolve = (urns: string[] = []) => urns.flatMap((urn) => byUrn.get(urn) ?? []);
    recorded.forEach((r, i) => {
        resources[i].dependencies = resolve(r.dependencies);
        for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) resources[i].propertyDependencies[prop] = resolve(urns);
        if (r.parent) resources[i].parent = byUrn.get(r.parent);
    });
    return resources;
}

/** Every violation every (enabled) policy reports against `recorded`. */
export async function evaluate(recorded: Recorded[], { policies = allPolicies, config = {} }: EvaluateOptions = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    const resources = stackResources(recorded);
    for (const p of policies) {
        if (p.enforcementLevel === "disabled") continue;
        const getConfig = <T extends object>() => (config[p.name] ?? {}) as T;
        const record = (urn: string | undefined) => (message: string, reported?: string) => violations.push({ policy: p.name, urn: reported ?? urn, message });
        // As the server does: not-applicable is silent, an unknown value an advisory, anything else an error.
        const settle = (e: unknown, urn?: string) => {
            if (e instanceof UnknownValueError)
                violations.push({ policy: p.name, urn, message: `can't run during preview: ${(e as Error).message}`, advisory: true });
            else if (!(e instanceof NotApplicable)) throw e;
        };
        if ("validateStack" in p) {
            const args: StackValidationArgs = { resources, stackTags: new Map(), getConfig, notApplicable };
            await Promise.resolve()
                .then(() => p.validateStack(args, record(undefined)))
                .catch((e) => settle(e));
            continue;
        }
        const validations: ResourceValidation[] = [p.validateResource ?? []].flat();
        for (const r of recorded) {
            for (const validate of validations) {
                // The server ignores the urn passed to a resource validation's report.
                await Promise.resolve()
                    .then(() => validate(resourceArgs(r, getConfig), (message) => record(r.urn)(message)))
                    .catch((e) => settle(e, r.urn));
            }
        }
    }
    return violations;
}

export function describeViolations(violations: Violation[]): string {
    return violations.map((v) => `  [${v.policy}${v.advisory ? ", advisory" : ""}] ${v.urn ?? "(stack)"}: ${v.message}`).join("\n");
}

/**
 * A canary over a recorded stack fired as it should: its rule flags `flaggedUrn`, with the canary's
 * condition only, and no other rule fires (but those it names in `alsoFires`).
 */
export function expectCanaryFired(violations: Violation[], c: { rule: string; condition: string; alsoFires?: string[] }, flaggedUrn: string): void {
    const hits = violations.filter((v) => v.policy === c.rule);
    expect(
        hits.map((v) => v.urn),
        describeViolations(violations),
    ).to.include(flaggedUrn);
    expect(
        hits.map((v) => conditionOf(v.message)),
        "only the canary's condition fires",
    ).to.deep.equal(hits.map(() => c.condition));
    expect(
        violations.filter((v) => v.policy !== c.rule && !c.alsoFires?.includes(v.policy)),
        "only the broken rule fires",
    ).to.deep.equal([]);
}
