/**
 * The real-time and serving rules (policy/rules-realtime.ts) against the lake's own program
 * under mocks with both features on, and canaries: each breaks one thing in a recorded good
 * stack and names the rule that must flag it and the resource it must flag. The whole pack must
 * also pass on those stacks (the new resources meet every older rule too).
 */
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { realtimePolicies } from "../../policy/rules-realtime";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate, expectCanaryFired } from "./harness";
import { REALTIME_SERVING_ON, RealtimeCanary, realtimeCanaries } from "./realtime-canaries";

const ON = REALTIME_SERVING_ON;

type Props = Record<string, any>;

function apply(recorded: RecordedResource[], c: RealtimeCanary): RecordedResource[] {
    const target = recorded.find((r) => r.name === c.target);
    if (!target) throw new Error(`no recorded resource ${c.target}`);
    const changed = (values: Props) => {
        const copy = JSON.parse(JSON.stringify(values));
        c.change(copy);
        return copy;
    };
    return recorded.map((r) => (r === target ? { ...r, props: changed(r.props), outputs: changed(r.outputs) } : r));
}

describe("policy pack: real-time and serving rules", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack} with real-time and serving on: every rule of the whole pack passes`, async () => {
            const violations = await evaluate(await runProgram(stack, ON), { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
        it(`${stack} as shipped (both off): the new rules pass`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: realtimePolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("every rule has a canary; the zone processors' SQS mappings are not this rule's business", async () => {
        const covered = new Set(realtimeCanaries.map((c) => c.rule));
        expect(realtimePolicies.map((p) => p.name).filter((n) => !covered.has(n))).to.deep.equal([]);
        const dev = await runProgram("dev", ON);
        const sqsMapping = dev.find((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && !r.name.startsWith("lake-realtime"))!;
        const changed = dev.map((r) => (r === sqsMapping ? { ...r, props: { ...r.props, functionResponseTypes: [] } } : r));
        const violations = await evaluate(changed, { policies: realtimePolicies });
        expect(violations.filter((v) => v.policy === "lambda-stream-mapping-failure-handling")).to.deep.equal([]);
    });

    it("dynamodb-prod-pitr-deletion-protection leaves dev tables alone, unless the policy config says prod", async () => {
        const dev = await runProgram("dev", ON);
        expect(await evaluate(dev, { policies: realtimePolicies })).to.deep.equal([]);
        const asProd = await evaluate(dev, { policies: realtimePolicies, config: { "dynamodb-prod-pitr-deletion-protection": { environment: "prod" } } });
        expect(asProd.map((v) => v.message).sort()).to.deep.equal([
            "[deletion-protection] prod table can be deleted: set deletionProtectionEnabled true",
            "[pitr] prod table without point-in-time recovery: set pointInTimeRecovery {enabled: true}",
        ]);
    });

    for (const c of realtimeCanaries) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const changed = apply(await runProgram(c.stack ?? "dev", ON), c);
            const violations = await evaluate(changed, { policies: realtimePolicies });
            const flagged = changed.find((r) => r.name === c.target)!;
            expectCanaryFired(violations, c, flagged.urn);
        });
    }
});
