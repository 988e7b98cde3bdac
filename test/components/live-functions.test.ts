/**
 * Safe deploys under mocks, on the whole lake with every function-bearing area on (realtime,
 * serving): each function is published behind one `live` alias; every event source mapping, rule
 * and schedule target, API integration and invoke permission names that alias, never the bare
 * function; prod (Canary10Percent5Minutes) gives each function its rollback alarms, dev (AllAtOnce)
 * none; a driver rollout step keeps the alias on the stable version and routes the weight.
 */
import { expect } from "chai";
import { lake, STACKS, T, type Lake } from "./helpers";
import { aliasTarget, deployStrategy, LIVE_ALIAS } from "../../lib/live-function";
import type { RecordedResource } from "../../harness/program";

const ALL_ON = { realtime: { enabled: true }, serving: { enabled: true } };
const PERMISSION = "aws:lambda/permission:Permission";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const INTEGRATION = "aws:apigateway/integration:Integration";

/** Each function with its alias (the alias naming it). */
function liveFunctions(l: Lake): { fn: RecordedResource; alias: RecordedResource }[] {
    return l.res.byType(T.fn).map((fn) => {
        const aliases = l.res.byType(T.liveAlias).filter((a) => a.props.functionName === fn.outputs.name);
        expect(aliases, `${fn.name}: its aliases`).to.have.length(1);
        return { fn, alias: aliases[0] };
    });
}

describe("live aliases (lib/live-function)", function () {
    this.timeout(120_000);

    describe("aliasTarget", () => {
        it("without a rollout, or with nothing new, the alias takes the newest version alone", () => {
            expect(aliasTarget("f", "4", undefined)).to.deep.equal({ functionVersion: "4" });
            expect(aliasTarget("f", "4", { weight: 0.1, stableVersions: { g: "2" } })).to.deep.equal({ functionVersion: "4" });
            expect(aliasTarget("f", "4", { weight: 0.1, stableVersions: { f: "4" } })).to.deep.equal({ functionVersion: "4" });
        });
        it("during a rollout it stays on the stable version and routes the weight to the newest; weight 0 is a rollback", () => {
            expect(aliasTarget("f", "5", { weight: 0.3, stableVersions: { f: "4" } })).to.deep.equal({
                functionVersion: "4",
                routingConfig: { additionalVersionWeights: { "5": 0.3 } },
            });
            expect(aliasTarget("f", "5", { weight: 0, stableVersions: { f: "4" } })).to.deep.equal({ functionVersion: "4" });
        });
        it("a strategy outside DEPLOY_STRATEGIES is refused, naming the allowed ones; none is AllAtOnce", () => {
            expect(() => deployStrategy({ strategy: "Canary50Percent1Minute" })).to.throw(
                /"Canary50Percent1Minute": one of AllAtOnce, Canary10Percent5Minutes/,
            );
            expect(deployStrategy(undefined)).to.equal("AllAtOnce");
        });
        it("refuses a weight outside Lambda's routing range", () => {
            expect(() => aliasTarget("f", "5", { weight: 1, stableVersions: { f: "4" } })).to.throw(/below 1/);
            expect(() => aliasTarget("f", "5", { weight: -0.1, stableVersions: { f: "4" } })).to.throw(/at least 0/);
        });
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const l = {} as Lake;
            before(async () => Object.assign(l, await lake(stack, ALL_ON)));

            it("every function is published, behind exactly one `live` alias on its newest version", () => {
                const live = liveFunctions(l);
                expect(live).to.have.length(7);
                for (const { fn, alias } of live) {
                    expect(fn.props.publish, fn.name).to.equal(true);
                    expect(alias.name).to.equal(`${fn.name}-${LIVE_ALIAS}`);
                    expect(alias.props).to.include({ name: LIVE_ALIAS, functionVersion: fn.outputs.version });
                    expect(alias.props.routingConfig).to.equal(undefined);
                }
            });

            it("every mapping, target, schedule, integration and permission names an alias, none the bare function", () => {
                const live = liveFunctions(l);
                const aliasArns = new Set(live.map((x) => x.alias.outputs.arn));
                const names = (type: string) => l.res.byType(type);
                expect(
                    names(T.esm)
                        .map((m) => m.props.functionName)
                        .filter((f) => !aliasArns.has(f)),
                ).to.deep.equal([]);
                const lambdaTargets = names(TARGET).filter((t) => String(t.props.arn).includes(":function:"));
                expect(lambdaTargets.length).to.be.greaterThan(0);
                expect(lambdaTargets.map((t) => t.props.arn).filter((a) => !aliasArns.has(a))).to.deep.equal([]);
                expect(
                    names(SCHEDULE)
                        .map((s) => s.props.target.arn)
                        .filter((a) => !aliasArns.has(a)),
                ).to.deep.equal([]);
                const aliasInvokeArns = new Set(live.map((x) => x.alias.outputs.invokeArn));
                const lambdaIntegrations = names(INTEGRATION).filter((i) => i.props.type === "AWS_PROXY");
                expect(lambdaIntegrations.map((i) => i.props.uri).filter((u) => !aliasInvokeArns.has(u))).to.deep.equal([]);
                const permissions = names(PERMISSION).filter((p) => p.props.action === "lambda:InvokeFunction");
                expect(permissions.length).to.be.greaterThan(0);
                for (const p of permissions) expect(p.props.qualifier, p.name).to.equal(LIVE_ALIAS);
            });

            it(
                stack === "prod"
                    ? "each function has rollback alarms: errors through the alias, growth of its failure queues"
                    : "no rollback alarms (AllAtOnce)",
                () => {
                    const rollback = l.res.byType(T.alarm).filter((a) => a.name.includes("-rollback-"));
                    if (stack === "dev") return void expect(rollback).to.deep.equal([]);
                    for (const { fn } of liveFunctions(l)) {
                        const errors = rollback.find((a) => a.name === `${fn.name}-rollback-errors`);
                        expect(errors, fn.name).to.not.equal(undefined);
                        expect(errors!.props).to.deep.include({
                            namespace: "AWS/Lambda",
                            metricName: "Errors",
                            period: 60,
                            dimensions: { FunctionName: fn.outputs.name, Resource: `${fn.outputs.name}:${LIVE_ALIAS}` },
                        });
                    }
                    const failures = rollback.filter((a) => a.name.includes("-rollback-failures-"));
                    // The processors and the starter watch their zone queue's DLQ, realtime its failure queue, the traffic job its DLQ.
                    expect(failures.map((a) => a.name.replace(/-rollback-failures-\d+$/, "")).sort()).to.deep.equal(
                        ["lake-drop-to-raw-function", "lake-realtime-function", "lake-serving-job", "lake-start-curation-function"].sort(),
                    );
                    for (const a of failures) expect(a.props.metricQueries[1]).to.include({ expression: "DIFF(visible)", returnData: true });
                },
            );
        });
    }

    it("a driver rollout step keeps each alias on its stable version and routes the weight to the new one", async () => {
        const dev = await lake("dev", ALL_ON);
        const fn = dev.res.named(T.fn, "lake-ingest-http-function");
        const stableVersions = { [fn.outputs.name]: "7" };
        const step = await lake("dev", { ...ALL_ON, deploy: { rollout: { weight: 0.1, stableVersions } } });
        expect(step.res.named(T.liveAlias, "lake-ingest-http-function-live").props).to.deep.include({
            functionVersion: "7",
            routingConfig: { additionalVersionWeights: { [fn.outputs.version]: 0.1 } },
        });
        // A function the rollout does not name takes its newest version.
        expect(step.res.named(T.liveAlias, "lake-realtime-function-live").props.functionVersion).to.equal("1");
    });
});
