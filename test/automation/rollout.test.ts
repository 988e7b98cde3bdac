/**
 * Gradual deploys played by the driver (automation/rollout.ts): the steps of each strategy, what a
 * rollout reads from the stack's state, the sequence of `up`s it runs (promote, roll back on an
 * alarm, nothing to shift, first deploy, AllAtOnce) against a fake engine and clock, and the
 * driver's `up` wiring of `deploy.rollout` into the stack's config (a fake stack: no CLI, no AWS).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { EXIT, parseArgs } from "../../automation/args";
import { runDriver, stackRolloutEngine, type RunSummary } from "../../automation/main";
import { deployedFunctions, rolloutSteps, runRollout, type DeployedFunctions, type RolloutEngine } from "../../automation/rollout";
import { DEPLOY_STRATEGIES, type Rollout } from "../../lib/live-function";

const FN = "datalake-prod-ingest-api";

/** A fake engine: `states` are what `deployed()` returns in turn; `alarms` what `firing()` returns in turn (then none). */
function fakeEngine(states: DeployedFunctions[], alarms: string[][] = []) {
    const calls = { ups: [] as (Rollout | undefined)[], slept: 0, polls: 0, log: "" };
    let read = 0;
    const engine: RolloutEngine = {
        deployed: async () => states[Math.min(read++, states.length - 1)],
        up: async (rollout) => void calls.ups.push(rollout),
        firing: async () => alarms[calls.polls++] ?? [],
        sleep: async (s) => void (calls.slept += s),
        log: (t) => void (calls.log += t),
    };
    return { engine, calls };
}

const live = (version: string, newest: string): DeployedFunctions => ({
    liveVersions: { [FN]: version },
    newestVersions: { [FN]: newest },
    rollbackAlarms: [`${FN}-rollback-errors-a1b2c3d`],
});

describe("automation: gradual deploys (rollout)", () => {
    it("steps: a canary is one share held its minutes, a linear shape adds its share every interval", () => {
        expect(rolloutSteps("AllAtOnce")).to.deep.equal([]);
        expect(rolloutSteps("Canary10Percent5Minutes")).to.deep.equal([{ weight: 0.1, holdSeconds: 300 }]);
        expect(rolloutSteps("Canary10Percent30Minutes")).to.deep.equal([{ weight: 0.1, holdSeconds: 1800 }]);
        const linear = rolloutSteps("Linear10PercentEvery1Minute");
        expect(linear.map((s) => s.weight)).to.deep.equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
        expect(linear.every((s) => s.holdSeconds === 60)).to.equal(true);
        expect(rolloutSteps("Linear10PercentEvery10Minutes")[0]).to.deep.equal({ weight: 0.1, holdSeconds: 600 });
        // Every strategy the config accepts has a shape, each share in Lambda's routing range.
        for (const s of DEPLOY_STRATEGIES) for (const step of rolloutSteps(s)) expect(step.weight).to.be.greaterThan(0).and.lessThan(1);
    });

    it("reads the live aliases, newest versions and rollback alarms from the state", () => {
        const urn = (type: string, name: string) => `urn:pulumi:prod::datalake::datalake:ingest:IngestApi$${type}::${name}`;
        const state = deployedFunctions([
            { type: "aws:lambda/function:Function", urn: urn("aws:lambda/function:Function", "f"), outputs: { name: FN, version: "8" } },
            { type: "aws:lambda/alias:Alias", urn: urn("aws:lambda/alias:Alias", "f-live"), outputs: { name: "live", functionName: FN, functionVersion: "7" } },
            { type: "aws:lambda/alias:Alias", urn: urn("aws:lambda/alias:Alias", "f-beta"), outputs: { name: "beta", functionName: FN, functionVersion: "8" } },
            {
                type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                urn: urn("aws:cloudwatch/metricAlarm:MetricAlarm", "f-rollback-errors"),
                outputs: { name: "f-rb-1" },
            },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", urn: urn("aws:cloudwatch/metricAlarm:MetricAlarm", "f-errors"), outputs: { name: "ops" } },
        ]);
        expect(state).to.deep.equal({ liveVersions: { [FN]: "7" }, newestVersions: { [FN]: "8" }, rollbackAlarms: ["f-rb-1"] });
    });

    it("promotes: the new version takes 10% while the alarms stay quiet for 5 minutes, then everything", async () => {
        const { engine, calls } = fakeEngine([live("7", "7"), live("7", "8")]);
        expect(await runRollout("Canary10Percent5Minutes", engine)).to.deep.equal({ outcome: "promoted", functions: [FN] });
        expect(calls.ups).to.deep.equal([{ weight: 0.1, stableVersions: { [FN]: "7" } }, undefined]);
        expect(calls.slept).to.equal(300);
    });

    it("rolls back: a rollback alarm in ALARM puts every alias back on its stable version alone, and says which", async () => {
        const { engine, calls } = fakeEngine([live("7", "7"), live("7", "8")], [[], ["f-rb-1"]]);
        expect(await runRollout("Linear10PercentEvery1Minute", engine)).to.deep.equal({
            outcome: "rolled-back",
            functions: [FN],
            alarms: ["f-rb-1"],
            weight: 0.1,
        });
        expect(calls.ups).to.deep.equal([
            { weight: 0.1, stableVersions: { [FN]: "7" } },
            { weight: 0, stableVersions: { [FN]: "7" } },
        ]);
        expect(calls.log).to.match(/f-rb-1 in ALARM at 10%: rolling back/);
    });

    it("alarms that cannot be read roll back too, then fail with the error", async () => {
        const { engine, calls } = fakeEngine([live("7", "7"), live("7", "8")]);
        engine.firing = async () => {
            throw new Error("CloudWatch: ExpiredToken");
        };
        let failed: unknown;
        await runRollout("Canary10Percent5Minutes", engine).catch((e) => (failed = e));
        expect((failed as Error).message).to.equal("CloudWatch: ExpiredToken");
        expect(calls.ups).to.deep.equal([
            { weight: 0.1, stableVersions: { [FN]: "7" } },
            { weight: 0, stableVersions: { [FN]: "7" } },
        ]);
    });

    it("a linear shape runs an `up` per share, then the plain one", async () => {
        const { engine, calls } = fakeEngine([live("7", "7"), live("7", "8")]);
        await runRollout("Linear10PercentEvery2Minutes", engine);
        expect(calls.ups.map((u) => u?.weight)).to.deep.equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, undefined]);
        expect(calls.slept).to.equal(9 * 120);
    });

    it("nothing new published: the first `up` left every alias where it was, and nothing is watched", async () => {
        const { engine, calls } = fakeEngine([live("7", "7"), live("7", "7")]);
        expect(await runRollout("Canary10Percent5Minutes", engine)).to.deep.equal({ outcome: "no-new-versions" });
        expect(calls.ups).to.have.length(1);
        expect(calls.polls).to.equal(0);
    });

    it("a first deploy (no alias yet) and AllAtOnce are one plain `up`", async () => {
        const empty: DeployedFunctions = { liveVersions: {}, newestVersions: {}, rollbackAlarms: [] };
        for (const [strategy, outcome] of [
            ["Canary10Percent5Minutes", "first-deploy"],
            ["AllAtOnce", "all-at-once"],
        ] as const) {
            const { engine, calls } = fakeEngine([empty]);
            expect(await runRollout(strategy, engine)).to.deep.equal({ outcome });
            expect(calls.ups).to.deep.equal([undefined]);
        }
    });

    it("the driver's engine sets deploy.rollout for one `up`, keeps the stack's own deploy settings, and clears it after", async () => {
        const config: Record<string, { value: string }> = { "datalake:deploy": { value: JSON.stringify({ strategy: "Linear10PercentEvery1Minute" }) } };
        const seen: string[] = [];
        const stack = {
            getAllConfig: async () => config,
            setConfig: async (key: string, v: { value: string }) => void (config[key] = v),
            up: async () => void seen.push(config["datalake:deploy"].value),
            exportStack: async () => ({ version: 3, deployment: { resources: [] } }),
        };
        const io = { out: () => undefined, err: () => undefined };
        const engine = stackRolloutEngine(stack as any, {}, io, "eu-west-1");
        await engine.up({ weight: 0.2, stableVersions: { [FN]: "7" } });
        await engine.up();
        expect(seen.map((v) => JSON.parse(v))).to.deep.equal([
            { strategy: "Linear10PercentEvery1Minute", rollout: { weight: 0.2, stableVersions: { [FN]: "7" } } },
            { strategy: "Linear10PercentEvery1Minute" },
        ]);
        expect(await engine.deployed()).to.deep.equal({ liveVersions: {}, newestVersions: {}, rollbackAlarms: [] });
    });

    it("`up` of a dev stack (AllAtOnce) is one `up`, recorded in the summary", async () => {
        const ups: unknown[] = [];
        const stack = {
            getAllConfig: async () => ({ "aws:region": { value: "eu-west-1" } }),
            setConfig: async () => undefined,
            up: async (opts: unknown) => void ups.push(opts),
            exportStack: async () => ({ version: 3, deployment: { resources: [] } }),
        };
        const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rollout-")), "summary.json");
        const io = { out: () => undefined, err: () => undefined };
        const code = await runDriver(parseArgs(["up", "--stack", "dev", "--no-policy", "--summary-file", summaryFile]), io, undefined, async () => ({
            stack: stack as any,
            close: () => undefined,
        }));
        expect(code).to.equal(EXIT.ok);
        expect(ups).to.have.length(1);
        const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8")) as RunSummary;
        expect(summary.rollout).to.deep.equal({ outcome: "all-at-once" });
        fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true });
    });
});
