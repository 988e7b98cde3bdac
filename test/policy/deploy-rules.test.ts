/**
 * The safe-deploy rules (policy/rules-deploys.ts) against the lake's own program under mocks
 * (dev and prod, as shipped and with real-time and serving on), and canaries: each breaks one
 * thing in a recorded good stack and names the rule that must flag it and the resource it must flag.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { deployPolicies } from "../../policy/rules-deploys";
import { functionQualifier } from "../../policy/rules/lambda";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate, expectCanaryFired } from "./harness";
import { DEPLOY_CANARY_CONFIG, DeployCanary, deployCanaries } from "./deploy-canaries";

type Props = Record<string, any>;

function apply(recorded: RecordedResource[], c: DeployCanary): RecordedResource[] {
    const target = recorded.find((r) => r.name === c.target);
    if (!target) throw new Error(`no recorded resource ${c.target}`);
    if (!c.change) return recorded.filter((r) => r !== target);
    const changed = (values: Props) => {
        const copy = JSON.parse(JSON.stringify(values));
        c.change!(copy);
        return copy;
    };
    return recorded.map((r) => (r === target ? { ...r, props: changed(r.props), outputs: changed(r.outputs) } : r));
}

describe("policy pack: safe-deploy rules", function () {
    this.timeout(120_000);

    it("functionQualifier reads ARNs, invoke ARNs and name:qualifier", () => {
        const arn = "arn:aws:lambda:eu-west-1:123456789012:function:f";
        expect(functionQualifier(arn)).to.equal("");
        expect(functionQualifier(`${arn}:live`)).to.equal("live");
        expect(functionQualifier(`${arn}:$LATEST`)).to.equal("$LATEST");
        expect(functionQualifier(`arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}:7/invocations`)).to.equal("7");
        expect(functionQualifier("f:live")).to.equal("live");
        expect(functionQualifier("arn:aws:sqs:eu-west-1:123456789012:q")).to.equal(undefined);
        expect(functionQualifier(undefined)).to.equal(undefined);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack} with real-time and serving on: every rule of the whole pack passes`, async () => {
            const violations = await evaluate(await runProgram(stack, DEPLOY_CANARY_CONFIG), { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
        it(`${stack} as shipped: the safe-deploy rules pass`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: deployPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("every rule has a canary", () => {
        const covered = new Set(deployCanaries.map((c) => c.rule));
        expect(deployPolicies.map((p) => p.name).filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    it("lambda-prod-rollback-alarm leaves dev (AllAtOnce, no rollback alarms) alone, unless the policy config says prod", async () => {
        const dev = await runProgram("dev", DEPLOY_CANARY_CONFIG);
        expect(await evaluate(dev, { policies: deployPolicies })).to.deep.equal([]);
        const asProd = await evaluate(dev, { policies: deployPolicies, config: { "lambda-prod-rollback-alarm": { environment: "prod" } } });
        expect(asProd.map((v) => v.policy)).to.have.length(7);
        expect(new Set(asProd.map((v) => v.message.split(" ")[0]))).to.deep.equal(new Set(["[no-rollback-alarm]"]));
    });

    it("a new prod stack's preview (alarm dimensions and alias ARNs unknown) reports nothing it cannot judge yet", async () => {
        const UNKNOWN = pulumi.runtime.unknownValue;
        const preview = (await runProgram("prod", DEPLOY_CANARY_CONFIG)).map((r) => {
            const props = JSON.parse(JSON.stringify(r.props));
            if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && props.dimensions?.FunctionName) props.dimensions.FunctionName = UNKNOWN;
            if (r.type === "aws:lambda/eventSourceMapping:EventSourceMapping") props.functionName = UNKNOWN;
            if (r.type === "aws:lambda/permission:Permission") [props.function, props.qualifier] = [UNKNOWN, UNKNOWN];
            return { ...r, props, outputs: props };
        });
        const violations = await evaluate(preview, { policies: deployPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of deployCanaries) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const changed = apply(await runProgram(c.stack ?? "dev", DEPLOY_CANARY_CONFIG), c);
            const violations = await evaluate(changed, { policies: deployPolicies });
            const flagged = changed.find((r) => r.name === (c.flagged ?? c.target))!;
            expectCanaryFired(violations, c, flagged.urn);
        });
    }
});
