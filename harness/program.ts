/**
 * Runs the Pulumi program under mocks for a stack and records every resource it registers, for
 * the component tests, the policy tests and the local lake (local/ provisions the recorded graph
 * into moto). The stack's `Pulumi.<stack>.yaml` (plus overrides) becomes the runtime config and
 * the program reads it through `loadConfig()`, exactly as index.ts does. Each run gets a fresh
 * mock monitor, so dev and prod can run in one process. The mocks' answers: harness/mock-state.ts.
 * The mock monitor ignores resource transforms (the `transforms` option); `EngineTransforms` runs
 * them as the engine does, so what is recorded is what the engine would send to the provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CallbackInvokeRequest } from "@pulumi/pulumi/proto/callback_pb";
import { TransformRequest, TransformResponse } from "@pulumi/pulumi/proto/resource_pb";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../lib/config";
import lakeProgram from "../index";
import { mockCall, mockState } from "./mock-state";

export { ACCOUNT_ID, PARTITION } from "./mock-state";

const PROJECT = "datalake";
const ROOT = path.resolve(__dirname, "..");

export interface RecordedResource {
    /** Type token, e.g. `aws:s3/bucket:Bucket` or `datalake:storage:Zone`. */
    type: string;
    /** Logical name, e.g. `lake-drop-bucket`. */
    name: string;
    urn: string;
    /** Inputs as the program passed them, secrets unwrapped. */
    props: Record<string, any>;
    /** Outputs the mock returned (inputs plus computed ids, names, ARNs, URLs). */
    outputs: Record<string, any>;
    /** Physical id the mock returned (custom resources). */
    id?: string;
    /** Parent URN (undefined for top-level resources). */
    parent?: string;
    /** false for component resources. */
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    /** URNs of every direct dependency: `dependsOn` plus resources whose outputs are inputs. */
    dependencies: string[];
    /** Type tokens of its `aliases` (a renamed component's previous token, lib/renamed.ts). */
    aliasTypes?: string[];
}

/** Secrets arrive as `{ <sig>: <secret sig>, value }`; tests and policies want the value. */
function unwrapSecrets(v: any): any {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object" && v.constructor === Object) {
        if (v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapSecrets(v.value);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** `Pulumi.<stack>.yaml` config plus overrides, as the runtime stores it (objects as JSON text). */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    const values: Record<string, unknown> = { ...((parse(fs.readFileSync(file, "utf8")) ?? {}).config ?? {}) };
    for (const [k, v] of Object.entries(overrides)) {
        const key = k.includes(":") ? k : `${CONFIG_NAMESPACE}:${k}`;
        if (v === undefined) delete values[key];
        else values[key] = v;
    }
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

let queue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, Promise<RecordedResource[]>>();

/**
 * Runs the program for `stack` (config from `Pulumi.<stack>.yaml`, `overrides` by key with or
 * without the `datalake:` prefix; `undefined` removes a key) and resolves with every resource it
 * registered. Rejects if the program throws (bad config) or a registration fails. Runs are
 * serialised (the Pulumi runtime is process-global) and cached by their arguments: treat the
 * result as read-only.
 */
export function runProgram(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): Promise<RecordedResource[]> {
    const cacheKey = JSON.stringify([stack, overrides]);
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    const run = recordResources(stack, lakeProgram, overrides);
    cache.set(cacheKey, run);
    return run;
}

/**
 * The stack outputs the program returns for `stack` under the mocks, resolved to plain JSON (what
 * `pulumi stack output --json` shows; undefined values dropped). Not cached.
 */
export async function programOutputs(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    let outputs: Record<string, unknown> = {};
    await recordResources(
        stack,
        async () => {
            const result = await lakeProgram();
            outputs = await new Promise((resolve) => pulumi.output(result).apply((v) => resolve(JSON.parse(JSON.stringify(v)))));
        },
        overrides,
    );
    return outputs;
}

/**
 * Like `runProgram`, but records what `build` constructs (e.g. one component on its own) under
 * the same mocks and stack config; an async `build` is awaited. Not cached.
 */
export function recordResources(stack: "dev" | "prod", build: () => unknown, overrides: Record<string, unknown> = {}): Promise<RecordedResource[]> {
    const run = queue.then(() => runOnce(stack, overrides, build));
    queue = run.catch(() => undefined);
    return run;
}

async function runOnce(stack: string, overrides: Record<string, unknown>, build: () => unknown): Promise<RecordedResource[]> {
    const config = stackConfig(stack, overrides);
    const region = config["aws:region"] ?? "eu-west-1";
    pulumi.runtime.setAllConfig(config);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => mockState(args.type, args.name, args.inputs, region),
            call: (args) => mockCall(args.token, args.inputs, region),
        },
        PROJECT,
        stack,
        false,
    );
    // The mock monitor declares no transform support; EngineTransforms below supplies it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an SDK-internal module without typings
    require("@pulumi/pulumi/runtime/state").getStore().supportsTransforms = true;

    const recorded: RecordedResource[] = [];
    const failures: Error[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an SDK-internal module without typings
    const transforms = new EngineTransforms(require("@pulumi/pulumi/runtime/settings").getCallbacks());
    const registerTransformed = (req: any, callback: (err: any, resp: any) => void) =>
        transforms.apply(req).then(
            () => register(req, callback),
            (err) => callback(err, undefined),
        );
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
        registerTransformed(req, (err: any, resp: any) => {
            if (!err) transforms.registered(resp.getUrn(), req);
            if (err) {
                failures.push(err instanceof Error ? err : new Error(String(err)));
            } else {
                recorded.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: resp.getUrn(),
                    props: unwrapSecrets(pulumi.runtime.deserializeProperties(req.getObject())),
                    outputs: unwrapSecrets(pulumi.runtime.deserializeProperties(resp.getObject())),
                    id: resp.getId() || undefined,
                    parent: req.getParent() || undefined,
                    custom: req.getCustom(),
                    protect: !!req.getProtect(),
                    retainOnDelete: !!req.getRetainondelete(),
                    dependencies: req.getDependenciesList(),
                    aliasTypes: req
                        .getAliasesList()
                        .map((a: any) => a.getSpec()?.getType())
                        .filter(Boolean),
                });
            }
            callback(err, resp);
        });

    // Pulumi reports failed applies as unhandled rejections; catch them for this run.
    const onRejection = (reason: unknown) => failures.push(reason instanceof Error ? reason : new Error(String(reason)));
    process.on("unhandledRejection", onRejection);
    // Pulumi records the full call stack of every resource; with ts-node's source-map hook each
    // of those costs milliseconds (most of a run's CPU). V8's own formatting is enough here.
    const errorClass: { prepareStackTrace?: unknown } = Error;
    const prepareStackTrace = errorClass.prepareStackTrace;
    errorClass.prepareStackTrace = undefined;
    let buildError: unknown;
    try {
        await Promise.resolve()
            .then(build)
            .catch((e: unknown) => (buildError = e));
        // Also after a failed build: what it registered (transforms make that asynchronous) must
        // finish on this run's monitor, not leak into the next run's.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- an SDK-internal module without typings
        const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
    } finally {
        errorClass.prepareStackTrace = prepareStackTrace;
        process.off("unhandledRejection", onRejection);
    }
    if (buildError !== undefined) throw buildError;
    if (failures.length) throw failures[0];
    return recorded;
}

/**
 * The engine's resource transforms, which the mock monitor leaves out: as in the engine
 * (pulumi/pkg resource/deploy/source_eval.go, RegisterResource), a registration runs its own
 * transforms, then those of each ancestor, nearest first, each callback invoked through the
 * program's callback server with the properties the previous one returned.
 */
class EngineTransforms {
    private readonly byUrn = new Map<string, { parent: string; tokens: string[] }>();

    /** `server`: this run's callback server, where the SDK registers the program's transforms. */
    constructor(private readonly server: { invoke(call: { request: CallbackInvokeRequest }, done: (err: any, resp: any) => void): void }) {}

    async apply(req: any): Promise<void> {
        const tokens: string[] = req.getTransformsList().map((c: any) => c.getToken());
        for (let at = this.byUrn.get(req.getParent()); at; at = this.byUrn.get(at.parent)) tokens.push(...at.tokens);
        if (tokens.length === 0) return;
        for (const token of tokens) {
            const request = new TransformRequest();
            request.setType(req.getType());
            request.setName(req.getName());
            request.setCustom(req.getCustom());
            request.setParent(req.getParent());
            request.setProperties(req.getObject());
            const invoke = new CallbackInvokeRequest();
            invoke.setToken(token);
            invoke.setRequest(request.serializeBinary());
            const bytes = await new Promise<Uint8Array>((resolve, reject) =>
                this.server.invoke({ request: invoke }, (err: any, resp: any) =>
                    err ? reject(new Error(err.details ?? String(err))) : resolve(resp.getResponse_asU8()),
                ),
            );
            req.setObject(TransformResponse.deserializeBinary(bytes).getProperties());
        }
    }

    /** Remembers a registered resource's own transforms, which its descendants run too. */
    registered(urn: string, req: any): void {
        this.byUrn.set(urn, { parent: req.getParent(), tokens: req.getTransformsList().map((c: any) => c.getToken()) });
    }
}

/** Finders over a recorded program. */
export class Resources {
    constructor(readonly all: RecordedResource[]) {}

    /** Every resource of a type, e.g. `aws:s3/bucket:Bucket`. */
    byType(type: string): RecordedResource[] {
        return this.all.filter((r) => r.type === type);
    }

    /** The single resource of `type` whose name contains `namePart`; throws unless exactly one. */
    one(type: string, namePart: string): RecordedResource {
        const found = this.byType(type).filter((r) => r.name.includes(namePart));
        if (found.length !== 1) {
            throw new Error(`expected one ${type} named *${namePart}*, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        }
        return found[0];
    }

    /** The resource with this exact logical name and type. */
    named(type: string, name: string): RecordedResource {
        const r = this.byType(type).find((x) => x.name === name);
        if (!r) throw new Error(`no ${type} named ${name}`);
        return r;
    }

    byUrn(urn: string): RecordedResource {
        const r = this.all.find((x) => x.urn === urn);
        if (!r) throw new Error(`no resource ${urn}`);
        return r;
    }

    /** Direct children of a resource (by parent URN). */
    childrenOf(parent: RecordedResource): RecordedResource[] {
        return this.all.filter((r) => r.parent === parent.urn);
    }

    /** Every custom resource under `ancestor`, at any depth. */
    descendantsOf(ancestor: RecordedResource): RecordedResource[] {
        const direct = this.childrenOf(ancestor);
        return direct.flatMap((c) => [c, ...this.descendantsOf(c)]);
    }

    /** Resources `r` directly depends on. */
    dependenciesOf(r: RecordedResource): RecordedResource[] {
        return r.dependencies.map((u) => this.byUrn(u));
    }
}

/** `runProgram` wrapped in the finders. */
export async function program(stack: "dev" | "prod", overrides?: Record<string, unknown>): Promise<Resources> {
    return new Resources(await runProgram(stack, overrides));
}
