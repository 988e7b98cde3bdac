/**
 * The local lake's provisioning: `pulumi up` of the stack through the Automation API driver's
 * engine side (automation/engine.ts: the project-built CLI, a file backend), with the provider
 * double in emulator mode (harness/aws-double/emulator.ts) pointed at the emulator. What the
 * engine recorded (its state) and what the double did (its ledger: created in the emulator, or
 * recorded only and why) become the graph the local runtime works on. `destroy()` runs `pulumi
 * destroy`, which deletes from the emulator what `up` created there.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { localState, openStack, projectProgram } from "../automation/engine";
import { LEDGER_ENV, parseUrn, type LedgerEntry } from "../harness/aws-double/double";
import { EMULATOR_CREDENTIALS_ENV, EMULATOR_ENV } from "../harness/aws-double/emulator";
import type { RecordedResource } from "../harness/program";

/** What provisioning produced, by resource. */
export interface Provisioned {
    /** Resource URN -> its main emulator identifier (bucket name, queue URL, key id, stream name, ...), for those created there. */
    physical: Map<string, string>;
    /** Resources created in the emulator, by type. */
    provisioned: Record<string, number>;
    /** Custom resources recorded only (the emulator lacks them, or on purpose), by type. */
    skipped: Record<string, number>;
    /** Why each recorded-only type is, by type. */
    reasons: Record<string, string>;
}

export interface Deployment {
    resources: RecordedResource[];
    prov: Provisioned;
    /** Engine seconds of the `up`. */
    upSeconds: number;
    /** `pulumi destroy` of the stack; resolves with the resources deleted from the emulator. */
    destroy(): Promise<{ seconds: number; deleted: number }>;
}

export interface DeployOptions {
    stack: string;
    /** The emulator's endpoint (moto on loopback). */
    endpoint: string;
    /** Access key the provider double creates with (an emulator enforcing IAM needs a real one). Default the emulator's test credentials. */
    credentials?: { accessKeyId: string; secretAccessKey: string };
    /** The engine's own output (progress lines). */
    onOutput: (text: string) => void;
    /** File backend folder. Default a fresh temporary folder, removed by `destroy()`. */
    stateDir?: string;
    /** Config overrides for this deployment, by full key (`datalake:streams`): value text. Default none. */
    config?: Record<string, string>;
}

function readLedger(file: string): LedgerEntry[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LedgerEntry);
}

/** The engine's state of a resource, in the shape of the mocks' record (harness/program.ts). */
export function fromState(r: any): RecordedResource {
    return {
        type: r.type,
        name: parseUrn(r.urn).name,
        urn: r.urn,
        props: r.inputs ?? {},
        outputs: r.outputs ?? {},
        id: r.id,
        parent: r.parent,
        custom: r.custom === true,
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        dependencies: r.dependencies ?? [],
        // The state keeps alias URNs only while a move is pending; the local lake never renames.
        aliasTypes: [],
    };
}

/** Created vs recorded-only counts and physical names from the double's ledger of `create`s. */
export function provisionedFrom(ledger: LedgerEntry[]): Provisioned {
    const prov: Provisioned = { physical: new Map(), provisioned: {}, skipped: {}, reasons: {} };
    for (const e of ledger.filter((x) => x.op === "create")) {
        const { type } = parseUrn(e.urn);
        if (e.emulated) {
            prov.provisioned[type] = (prov.provisioned[type] ?? 0) + 1;
            prov.physical.set(e.urn, e.physical!);
        } else {
            prov.skipped[type] = (prov.skipped[type] ?? 0) + 1;
            prov.reasons[type] ??= e.reason ?? "recorded only";
        }
    }
    return prov;
}

/**
 * Clears `protect` on every resource of the stack's state (export, edit, import): prod protects its
 * data buckets and keys, and a local stack's data lives only as long as its emulator.
 */
async function unprotect(stack: Stack): Promise<void> {
    const state = await stack.exportStack();
    const resources: { protect?: boolean }[] = state.deployment?.resources ?? [];
    if (!resources.some((r) => r.protect)) return;
    for (const r of resources) delete r.protect;
    await stack.importStack(state);
}

/** `pulumi up` of the stack into the emulator; see the module comment. */
export async function deployLocalStack(opts: DeployOptions): Promise<Deployment> {
    const ownState = !opts.stateDir;
    const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "datalake-local-state-"));
    const ledger = path.join(stateDir, "emulator-ledger.jsonl");
    fs.mkdirSync(stateDir, { recursive: true });
    fs.rmSync(ledger, { force: true });
    const handle = await openStack({
        stack: opts.stack,
        local: true,
        stateDir,
        program: projectProgram(),
        config: opts.config,
        env: {
            [EMULATOR_ENV]: opts.endpoint,
            [LEDGER_ENV]: ledger,
            ...(opts.credentials && { [EMULATOR_CREDENTIALS_ENV]: JSON.stringify(opts.credentials) }),
        },
    });
    let closed = false;
    const close = () => {
        if (closed) return;
        closed = true;
        handle.close();
        if (ownState) fs.rmSync(stateDir, { recursive: true, force: true });
    };
    try {
        const started = Date.now();
        await handle.stack.up({ onOutput: opts.onOutput });
        const upSeconds = (Date.now() - started) / 1000;
        const resources = localState(stateDir, opts.stack)
            .filter((r) => !r.type.startsWith("pulumi:providers:"))
            .map(fromState);
        const created = readLedger(ledger).length;
        return {
            resources,
            prov: provisionedFrom(readLedger(ledger)),
            upSeconds,
            destroy: async () => {
                try {
                    const t = Date.now();
                    await unprotect(handle.stack);
                    await handle.stack.destroy({ onOutput: opts.onOutput });
                    const deleted = readLedger(ledger)
                        .slice(created)
                        .filter((e) => e.op === "delete" && e.emulated).length;
                    return { seconds: (Date.now() - t) / 1000, deleted };
                } finally {
                    close();
                }
            },
        };
    } catch (e) {
        close();
        throw e;
    }
}
