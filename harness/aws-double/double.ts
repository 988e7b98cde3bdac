/**
 * TEST DOUBLE of the `aws` provider (and of the `awsx` remote components) for the real Pulumi
 * engine: scripts/setup-pulumi.sh installs it as the project-local resource plugin, so
 * `preview`/`up`/`refresh`/`destroy` run the real program through the real engine with no AWS
 * account. It creates nothing anywhere and is never part of what a user deploys. Every answer
 * (ids, ARNs, auto-names, invoke results) comes from harness/mock-state.ts, the same module the
 * Pulumi mocks use, so the mocks and the engine see one and the same cloud.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { mockCall, mockState } from "../mock-state";
import type { Emulator } from "./emulator";

/** Env var naming a JSON-lines file to which the double appends every create/update/delete. */
export const LEDGER_ENV = "DATALAKE_AWS_DOUBLE_LEDGER";

export interface LedgerEntry {
    op: "create" | "update" | "delete";
    urn: string;
    id: string;
    /** Emulator mode: whether the operation reached the emulator (false: recorded only). */
    emulated?: boolean;
    /** Emulator mode, emulated: the emulator's main identifier (bucket name, queue URL, key id, ...). */
    physical?: string;
    /** Emulator mode, recorded only: why. */
    reason?: string;
}

/** `urn:pulumi:stack::project::parent$type::name` -> type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4) throw new Error(`not a URN: ${urn}`);
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/** JSON text with sorted keys and no `undefined`: how the engine round-trips a state. */
export function canonical(value: unknown): string {
    const sort = (v: any): any => {
        if (Array.isArray(v)) return v.map(sort);
        if (v && typeof v === "object") {
            return Object.fromEntries(
                Object.keys(v)
                    .filter((k) => v[k] !== undefined)
                    .sort()
                    .map((k) => [k, sort(v[k])]),
            );
        }
        return v;
    };
    return JSON.stringify(sort(value));
}

/** The component a remote component's `construct` registers (no children: like the mocks). */
class RemoteComponentDouble extends pulumi.ComponentResource {
    constructor(type: string, name: string, outputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.registerOutputs(outputs);
    }
}

export interface DoubleOptions {
    /** Package served: `aws` (custom resources, invokes) or `awsx` (remote components). */
    pkg: string;
    version: string;
    /** Region the provider was configured with (read at Configure time). */
    region: () => string;
    /**
     * Emulator mode (harness/aws-double/emulator.ts): creates and deletes in the emulator what it
     * has, records the rest. Default none: the double creates nothing anywhere.
     */
    emulator?: () => Emulator;
}

function record(entry: LedgerEntry): void {
    const file = process.env[LEDGER_ENV];
    if (file) fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** The SDK's marker of a secret value (`{[SECRET_KEY]: SECRET_SIG, value}`). */
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Inputs with every secret replaced by its value: what an API call sends. */
export function unwrapSecrets(v: any): any {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") {
        if (v[SECRET_KEY] === SECRET_SIG) return unwrapSecrets(v.value);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/**
 * Outputs the service numbers from the resource's history rather than from its inputs: a published
 * function's version (1 when created, one more on every update, as Lambda numbers them).
 * `carried` keeps them from the old state where a diff compares states.
 */
const HISTORICAL_OUTPUTS: Record<string, string[]> = { "aws:lambda/function:Function": ["version", "qualifiedArn"] };

function carried(type: string, state: Record<string, any>, olds: Record<string, any>): Record<string, any> {
    const keys = HISTORICAL_OUTPUTS[type] ?? [];
    return { ...state, ...Object.fromEntries(keys.filter((k) => olds[k] !== undefined).map((k) => [k, olds[k]])) };
}

/** The state after an update: a published function's next version. */
function updated(type: string, state: Record<string, any>, olds: Record<string, any>): Record<string, any> {
    if (type !== "aws:lambda/function:Function" || !state.publish) return state;
    const version = String(Number(olds.version) > 0 ? Number(olds.version) + 1 : 1);
    return { ...state, version, qualifiedArn: `${state.arn}:${version}` };
}

/** The provider the plugin serves; pure apart from the optional ledger and emulator. */
export function createDouble(opts: DoubleOptions): provider.Provider {
    const state = (urn: string, inputs: Record<string, any>) => {
        const { type, name } = parseUrn(urn);
        return mockState(type, name, inputs, opts.region());
    };
    /** Emulator mode: the mocks' state with what the emulator made on top, or the mocks' alone when recorded only. */
    const createIn = async (emulator: Emulator, urn: string, inputs: Record<string, any>) => {
        const { type, name } = parseUrn(urn);
        const mock = state(urn, inputs);
        let made: Awaited<ReturnType<Emulator["create"]>>;
        try {
            made = await emulator.create(type, name, unwrapSecrets(inputs), mock.state.name);
        } catch (e) {
            throw new Error(`the emulator refused ${type} ${name}: ${(e as Error).message}`, { cause: e });
        }
        if ("reason" in made) {
            record({ op: "create", urn, id: mock.id, emulated: false, reason: made.reason });
            return { id: mock.id, outs: mock.state };
        }
        const id = made.id ?? made.physical;
        record({ op: "create", urn, id, emulated: true, physical: made.physical });
        // Struct.fromJavaScript refuses undefined: outputs the emulator did not give keep the mocks' value.
        const given = Object.fromEntries(Object.entries(made.outs ?? {}).filter(([, v]) => v !== undefined));
        return { id, outs: { ...mock.state, ...given } };
    };
    return {
        version: opts.version,
        // Inputs are taken as they are: validation is the program's config schema and the policy pack.
        check: async (_urn, _olds, news) => ({ inputs: news }),
        // The state is a pure function of the inputs: no change when the program did not change. In
        // emulator mode the state holds the emulator's values, so the inputs alone are compared.
        diff: async (_id, urn, olds, news) => ({
            changes: opts.emulator
                ? Object.keys({ ...news }).some((k) => canonical(news[k]) !== canonical(olds[k]))
                : canonical(carried(parseUrn(urn).type, state(urn, news).state, olds)) !== canonical(olds),
        }),
        create: async (urn, inputs) => {
            if (opts.emulator) return createIn(opts.emulator(), urn, inputs);
            const { id, state: outs } = state(urn, inputs);
            record({ op: "create", urn, id });
            return { id, outs };
        },
        // Nothing drifts behind a double: a refresh finds what was created.
        read: async (id, _urn, props) => ({ id, props }),
        update: async (id, urn, olds, news) => {
            if (opts.emulator) throw new Error(`${urn}: updates are not emulated (destroy the local stack and run again)`);
            record({ op: "update", urn, id });
            return { outs: updated(parseUrn(urn).type, state(urn, news).state, olds) };
        },
        delete: async (id, urn, props) => {
            if (!opts.emulator) return record({ op: "delete", urn, id });
            const { type, name } = parseUrn(urn);
            let emulated: boolean;
            try {
                emulated = await opts.emulator().delete(type, id, unwrapSecrets(props));
            } catch (e) {
                throw new Error(`the emulator refused to delete ${type} ${name}: ${(e as Error).message}`, { cause: e });
            }
            record({ op: "delete", urn, id, emulated });
        },
        invoke: async (token, inputs) => ({ outputs: mockCall(token, inputs ?? {}, opts.region()) }),
        construct: async (name, type, inputs, options) => {
            // A remote component (e.g. awsx:ec2:Vpc): one component resource, outputs from the mocks.
            // Inputs may be unknown in preview, so each output follows them; the mock answer's keys
            // depend on the type only.
            const outs = pulumi.output(inputs).apply((plain) => mockState(type, name, plain ?? {}, opts.region()).state);
            const keys = Object.keys(mockState(type, name, {}, opts.region()).state);
            const state = Object.fromEntries(keys.map((k) => [k, outs.apply((o) => o[k])]));
            const component = new RemoteComponentDouble(type, name, state, options);
            return { urn: component.urn, state };
        },
    };
}
