/**
 * The Automation API driver for CI: `preview | up | refresh | destroy | outputs | cost --stack NAME`.
 * Streams the engine's output, attaches the policy pack to preview and up (with
 * policy/config.<stack>.json when present), estimates the monthly cost of what a preview shows
 * (`cost` prints it; `preview` adds it to its summary), and exits 0 on success, 1 with the
 * engine's error when the operation fails, 2 on a bad command line, 3 when no Pulumi CLI is found.
 * Run: `npx ts-node --transpile-only automation/main.ts up --stack dev` (see automation/README.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, OutputMap, PolicyEvent } from "@pulumi/pulumi/automation";
import { DriverArgs, EXIT, USAGE, UsageError, parseArgs } from "./args";
import { IDLE_USAGE, TYPICAL_USAGE, costMarkdown, estimateCost, type CostEstimate, type CostResource } from "./cost";
import { NoCliError, POLICY_PACK, openStack, type OpenOptions, type StackHandle } from "./engine";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { UpOptions } from "@pulumi/pulumi/automation";
import { CONFIG_NAMESPACE, parseConfig } from "../lib/config";
import type { DeploymentSettings, DeployStrategy, Rollout } from "../lib/live-function";
import { deployedFunctions, firingAlarms, runRollout, type RolloutEngine, type RolloutResult } from "./rollout";

export interface Io {
    out: (text: string) => void;
    err: (text: string) => void;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** What `--summary-file` holds. */
export interface RunSummary {
    command: string;
    stack: string;
    /** Resource operations by kind (`create`, `same`, `update`, `delete`, ...), from the engine. */
    resourceChanges: Record<string, number>;
    /** Policy packs the engine ran: name -> version. */
    policyPacks: Record<string, string>;
    violations: { policyName: string; message: string; urn?: string; enforcementLevel: string }[];
    /** `preview` and `cost`: the monthly estimate of the previewed resources, and it as Markdown. */
    cost?: CostEstimate & { markdown: string };
    /** `up`: how the new function versions took traffic (automation/rollout.ts). */
    rollout?: RolloutResult;
}

/** Operations after which a resource no longer exists (or never did, for `read`). */
const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace", "read", "read-replacement"]);

/**
 * Collects, from a preview's events, every resource the stack would hold afterwards: type,
 * inputs, `area` tag and parent (the same resource can step more than once, e.g. on replace).
 */
export class PreviewResources {
    private readonly byUrn = new Map<string, CostResource>();

    onEvent(event: EngineEvent): void {
        const step = event.resourcePreEvent?.metadata;
        if (!step) return;
        if (GONE.has(step.op)) {
            if (step.op === "delete" || step.op === "discard") this.byUrn.delete(step.urn);
            return;
        }
        const state = step.new;
        if (!state) return;
        const name = state.urn.slice(state.urn.lastIndexOf("::") + 2);
        const inputs = state.inputs ?? {};
        const area = typeof inputs.tags?.area === "string" ? inputs.tags.area : undefined;
        // The engine leaves `custom` out of the event when it is false (a component).
        this.byUrn.set(state.urn, { type: state.type, name, urn: state.urn, parent: state.parent || undefined, custom: state.custom === true, inputs, area });
    }

    get resources(): CostResource[] {
        return [...this.byUrn.values()];
    }
}

/** The policy config for a stack: the flag, else policy/config.<stack>.json when it exists. */
export function policyConfigFor(args: Pick<DriverArgs, "stack" | "policyConfig">): string | undefined {
    if (args.policyConfig) return path.resolve(args.policyConfig);
    const file = path.join(POLICY_PACK, `config.${args.stack}.json`);
    return fs.existsSync(file) ? file : undefined;
}

function printOutputs(outputs: OutputMap, showSecrets: boolean, io: Io): void {
    const shown = Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret && !showSecrets ? "[secret]" : o.value]));
    io.out(`${JSON.stringify(shown, null, 2)}\n`);
}

/**
 * The engine's own error text: the CLI's stderr when it failed (its stdout was streamed already;
 * the Automation API's `stderr` then holds both, the process error's own `stderr` only the CLI's),
 * else the error message.
 */
export function engineError(e: unknown): string {
    const result = (e as { commandResult?: { stderr?: string; err?: { stderr?: string } } }).commandResult;
    const text = (result?.err?.stderr ?? result?.stderr)?.trim() || (e instanceof Error ? e.message : String(e));
    return `${text}\n`;
}

/** The estimate of what a preview showed, in the stack's `aws:region`. */
async function estimate(args: DriverArgs, stack: StackHandle["stack"], resources: CostResource[]): Promise<NonNullable<RunSummary["cost"]>> {
    const region = (await stack.getConfig("aws:region")).value;
    const result = estimateCost(resources, region, { ...(args.idle ? IDLE_USAGE : TYPICAL_USAGE), ...args.usage });
    return { ...result, markdown: costMarkdown(result, `${args.stack}${args.idle ? " (idle)" : ""}`) };
}

/** The stack's `datalake:*` config, parsed as the program parses it. */
async function stackConfig(stack: StackHandle["stack"]): Promise<Record<string, unknown>> {
    const raw: Record<string, unknown> = {};
    for (const [key, { value }] of Object.entries(await stack.getAllConfig())) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        try {
            raw[key.slice(CONFIG_NAMESPACE.length + 1)] = JSON.parse(value);
        } catch {
            raw[key.slice(CONFIG_NAMESPACE.length + 1)] = value;
        }
    }
    return raw;
}

/**
 * The rollout engine of a stack: `up` with `deploy.rollout` set for that run (the workspace is a
 * temporary copy: nothing is written to the project's stack file), the state's aliases, versions
 * and rollback alarms, CloudWatch's alarm states in the stack's region.
 */
export function stackRolloutEngine(stack: StackHandle["stack"], upOptions: UpOptions, io: Io, region: string | undefined): RolloutEngine {
    const cloudwatch = new CloudWatchClient(region ? { region } : {});
    return {
        deployed: async () => deployedFunctions((await stack.exportStack()).deployment?.resources ?? []),
        up: async (rollout?: Rollout) => {
            const { rollout: _previous, ...deploy } = ((await stackConfig(stack)).deploy ?? {}) as DeploymentSettings;
            await stack.setConfig(`${CONFIG_NAMESPACE}:deploy`, { value: JSON.stringify(rollout ? { ...deploy, rollout } : deploy) });
            await stack.up(upOptions);
        },
        firing: (alarms) => firingAlarms(cloudwatch, alarms),
        sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
        log: io.err,
    };
}

/**
 * Runs one driver command; resolves with the process exit code. `open` is the engine side
 * (tests pass a fake stack).
 */
export async function runDriver(
    args: DriverArgs,
    io: Io = processIo,
    program?: OpenOptions["program"],
    open: (opts: OpenOptions) => Promise<Pick<StackHandle, "stack" | "close">> = openStack,
): Promise<number> {
    const summary: RunSummary = { command: args.command, stack: args.stack, resourceChanges: {}, policyPacks: {}, violations: [] };
    const previewed = new PreviewResources();
    const onEvent = (event: EngineEvent) => {
        previewed.onEvent(event);
        const p: PolicyEvent | undefined = event.policyEvent;
        if (p) summary.violations.push({ policyName: p.policyName, message: p.message, urn: p.resourceUrn, enforcementLevel: p.enforcementLevel });
        if (event.summaryEvent) {
            summary.resourceChanges = { ...event.summaryEvent.resourceChanges } as Record<string, number>;
            summary.policyPacks = event.summaryEvent.policyPacks ?? {};
        }
    };
    const onOutput = io.out;
    const policy = args.policy ? { policyPacks: [POLICY_PACK], policyPackConfigs: [policyConfigFor(args)].filter((f): f is string => !!f) } : {};
    let handle: Pick<StackHandle, "stack" | "close"> | undefined;
    let code: number = EXIT.ok;
    try {
        handle = await open({ stack: args.stack, config: args.config, local: args.local, stateDir: args.stateDir, program });
        const { stack } = handle;
        switch (args.command) {
            case "preview":
                await stack.preview({ onOutput, onEvent, expectNoChanges: args.expectNoChanges, ...policy });
                try {
                    summary.cost = await estimate(args, stack, previewed.resources);
                } catch (e) {
                    // The preview itself succeeded: a missing estimate (a region without prices) is a warning.
                    io.err(`automation: no cost estimate: ${e instanceof Error ? e.message : e}\n`);
                }
                break;
            case "cost": {
                // The engine's own output would bury the table: only its error is shown.
                await stack.preview({ onEvent });
                const cost = (summary.cost = await estimate(args, stack, previewed.resources));
                io.out(cost.markdown);
                break;
            }
            case "up": {
                // A gradual strategy runs as a rollout of several `up`s; AllAtOnce as one.
                const strategy: DeployStrategy = parseConfig(await stackConfig(stack)).deploy.strategy;
                const region = (await stack.getAllConfig())["aws:region"]?.value;
                const upOptions = { onOutput, onEvent, expectNoChanges: args.expectNoChanges, ...policy };
                const result = (summary.rollout = await runRollout(strategy, stackRolloutEngine(stack, upOptions, io, region)));
                if (result.outcome === "rolled-back") {
                    io.err(`automation: rolled back ${result.functions.join(", ")} at ${result.weight * 100}%: ${result.alarms.join(", ")} in ALARM\n`);
                    code = EXIT.failed;
                }
                break;
            }
            case "refresh":
                await stack.refresh({ onOutput, onEvent });
                break;
            case "destroy":
                await stack.destroy({ onOutput, onEvent });
                break;
            case "outputs":
                printOutputs(await stack.outputs(), args.showSecrets, io);
                break;
        }
    } catch (e) {
        io.err(engineError(e));
        code = e instanceof NoCliError ? EXIT.noCli : EXIT.failed;
    } finally {
        handle?.close();
    }
    if (args.summaryFile) fs.writeFileSync(args.summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    if (args.policy && ["preview", "up"].includes(args.command) && code !== EXIT.noCli) {
        io.err(`automation: ${args.command} ${args.stack}: ${summary.violations.length} policy violation(s)\n`);
    }
    return code;
}

/** CLI entry: parses argv and the environment, runs, exits with the driver's code. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv, io: Io = processIo): Promise<number> {
    let args: DriverArgs;
    try {
        args = parseArgs(argv, env);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.err(`automation: ${e.message}\n\n${USAGE}`);
        return EXIT.usage;
    }
    return runDriver(args, io);
}

if (require.main === module) {
    cli(process.argv.slice(2), process.env).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
            process.exit(EXIT.failed);
        },
    );
}
