/**
 * Gradual deploys played by the engine (README "Safe deploys"): with a gradual `deploy.strategy`,
 * `up` runs as a rollout. The first `up` publishes the new versions while each `live` alias stays
 * on the version it served and routes the strategy's first share to the new one (config
 * `deploy.rollout`); the driver then watches the rollback alarms for the step's time, and either
 * moves to the next share or, when one fires, runs `up` with share 0 (every alias back on its
 * stable version alone) and fails. After the last step a plain `up` moves every alias to its new
 * version. Steps follow CodeDeploy's shapes: `Canary<P>Percent<M>Minutes` is P% for M minutes,
 * `Linear<P>PercentEvery<M>Minute(s)` adds P% every M minutes.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { type DeployStrategy, type Rollout, LIVE_ALIAS, ROLLBACK_ALARM_MARK } from "../lib/live-function";

export interface RolloutStep {
    /** Share of invocations the new versions take (0-1). */
    weight: number;
    /** Seconds the step is watched before the next. */
    holdSeconds: number;
}

/** The steps of a strategy; none for AllAtOnce. Pure. */
export function rolloutSteps(strategy: DeployStrategy): RolloutStep[] {
    const canary = /^Canary(\d+)Percent(\d+)Minutes$/.exec(strategy);
    if (canary) return [{ weight: Number(canary[1]) / 100, holdSeconds: Number(canary[2]) * 60 }];
    const linear = /^Linear(\d+)PercentEvery(\d+)Minutes?$/.exec(strategy);
    if (linear) {
        const [step, minutes] = [Number(linear[1]), Number(linear[2])];
        return Array.from({ length: Math.ceil(100 / step) - 1 }, (_, i) => ({ weight: ((i + 1) * step) / 100, holdSeconds: minutes * 60 }));
    }
    if (strategy === "AllAtOnce") return [];
    throw new Error(`deploy strategy ${strategy}: no rollout shape`);
}

/** What the deployed stack holds that a rollout reads. */
export interface DeployedFunctions {
    /** Version each `live` alias serves (its main version), by function name. */
    liveVersions: Record<string, string>;
    /** Newest published version, by function name. */
    newestVersions: Record<string, string>;
    /** Physical names of the rollback alarms. */
    rollbackAlarms: string[];
}

/** A stack resource as `pulumi stack export` lists it (the fields read here). */
export interface StateResource {
    type: string;
    urn: string;
    outputs?: Record<string, any>;
}

/** The live aliases, newest versions and rollback alarms of a stack's state. Pure. */
export function deployedFunctions(resources: StateResource[]): DeployedFunctions {
    const found: DeployedFunctions = { liveVersions: {}, newestVersions: {}, rollbackAlarms: [] };
    for (const r of resources) {
        const o = r.outputs ?? {};
        if (r.type === "aws:lambda/alias:Alias" && o.name === LIVE_ALIAS) found.liveVersions[o.functionName] = o.functionVersion;
        if (r.type === "aws:lambda/function:Function" && o.version) found.newestVersions[o.name] = o.version;
        if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.urn.slice(r.urn.lastIndexOf("::") + 2).includes(ROLLBACK_ALARM_MARK)) {
            found.rollbackAlarms.push(o.name);
        }
    }
    return found;
}

/** The engine and the clock a rollout drives (tests give fakes). */
export interface RolloutEngine {
    /** The deployed stack's functions (none before the first `up`). */
    deployed(): Promise<DeployedFunctions>;
    /** One `up`, with a rollout step or without (every alias on its newest version). */
    up(rollout?: Rollout): Promise<void>;
    /** Those of `alarms` in state ALARM. */
    firing(alarms: string[]): Promise<string[]>;
    sleep(seconds: number): Promise<void>;
    log(text: string): void;
}

export type RolloutResult =
    | { outcome: "all-at-once" | "first-deploy" | "no-new-versions" }
    | { outcome: "promoted"; functions: string[] }
    | { outcome: "rolled-back"; functions: string[]; alarms: string[]; weight: number };

/** Seconds between two looks at the alarms (CloudWatch evaluates the rollback alarms each minute). */
export const ALARM_POLL_SECONDS = 30;

/** Plays `strategy` on the engine; resolves with what happened (a rollback is a result, not an error). */
export async function runRollout(strategy: DeployStrategy, engine: RolloutEngine, pollSeconds = ALARM_POLL_SECONDS): Promise<RolloutResult> {
    const steps = rolloutSteps(strategy);
    if (steps.length === 0) {
        await engine.up();
        return { outcome: "all-at-once" };
    }
    const before = await engine.deployed();
    if (Object.keys(before.liveVersions).length === 0) {
        // Nothing serves traffic yet: there is nothing to shift from.
        await engine.up();
        return { outcome: "first-deploy" };
    }
    const stableVersions = before.liveVersions;
    await engine.up({ weight: steps[0].weight, stableVersions });
    const after = await engine.deployed();
    const functions = Object.keys(stableVersions).filter((f) => after.newestVersions[f] !== undefined && after.newestVersions[f] !== stableVersions[f]);
    if (functions.length === 0) return { outcome: "no-new-versions" };
    engine.log(`rollout ${strategy}: ${functions.join(", ")} at ${steps[0].weight * 100}%\n`);
    try {
        return await shiftAndWatch(strategy, steps, engine, { functions, stableVersions, alarms: after.rollbackAlarms }, pollSeconds);
    } catch (e) {
        // Alarms that cannot be read are no all-clear (CodeDeploy's ignorePollAlarmFailure false):
        // back to the stable versions, then the error.
        engine.log(`rollout ${strategy}: ${e instanceof Error ? e.message : e}: rolling back\n`);
        await engine.up({ weight: 0, stableVersions });
        throw e;
    }
}

/** The steps after the first `up`: hold each while watching the alarms, then the next share; the end. */
async function shiftAndWatch(
    strategy: DeployStrategy,
    steps: RolloutStep[],
    engine: RolloutEngine,
    r: { functions: string[]; stableVersions: Record<string, string>; alarms: string[] },
    pollSeconds: number,
): Promise<RolloutResult> {
    const { functions, stableVersions } = r;
    for (const [i, step] of steps.entries()) {
        if (i > 0) {
            await engine.up({ weight: step.weight, stableVersions });
            engine.log(`rollout ${strategy}: ${step.weight * 100}%\n`);
        }
        for (let watched = 0; watched < step.holdSeconds; watched += pollSeconds) {
            const alarms = await engine.firing(r.alarms);
            if (alarms.length > 0) {
                engine.log(`rollout ${strategy}: ${alarms.join(", ")} in ALARM at ${step.weight * 100}%: rolling back\n`);
                await engine.up({ weight: 0, stableVersions });
                return { outcome: "rolled-back", functions, alarms, weight: step.weight };
            }
            await engine.sleep(Math.min(pollSeconds, step.holdSeconds - watched));
        }
    }
    // One last look: an alarm of the last minute counts too.
    const late = await engine.firing(r.alarms);
    if (late.length > 0) {
        await engine.up({ weight: 0, stableVersions });
        return { outcome: "rolled-back", functions, alarms: late, weight: steps.at(-1)!.weight };
    }
    await engine.up();
    return { outcome: "promoted", functions };
}

/** DescribeAlarms takes at most 100 names per call. */
const DESCRIBE_ALARMS_MAX_NAMES = 100;

/** Those of `alarms` in ALARM, from CloudWatch. */
export async function firingAlarms(client: CloudWatchClient, alarms: string[]): Promise<string[]> {
    const firing: string[] = [];
    for (let i = 0; i < alarms.length; i += DESCRIBE_ALARMS_MAX_NAMES) {
        const page = await client.send(new DescribeAlarmsCommand({ AlarmNames: alarms.slice(i, i + DESCRIBE_ALARMS_MAX_NAMES), StateValue: "ALARM" }));
        firing.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName!));
    }
    return firing;
}
