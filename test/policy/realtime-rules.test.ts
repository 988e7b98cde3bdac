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
import { describeViolations, evaluate } from "./harness";

const ON = { realtime: { enabled: true }, serving: { enabled: true } };

type Props = Record<string, any>;

interface Canary {
    rule: string;
    case: string;
    stack?: "dev" | "prod";
    /** Logical name of the resource changed and flagged. */
    target: string;
    change: (props: Props) => void;
}

const badCanaries: Canary[] = [
    { rule: "dynamodb-table-cmk-encryption", case: "no SSE block (AWS owned key)", target: "lake-serving-table", change: (p) => delete p.serverSideEncryption },
    { rule: "dynamodb-table-cmk-encryption", case: "SSE without a key (AWS managed key)", target: "lake-serving-table", change: (p) => delete p.serverSideEncryption.kmsKeyArn },
    { rule: "dynamodb-table-cmk-encryption", case: "SSE disabled", target: "lake-serving-table", change: (p) => (p.serverSideEncryption.enabled = false) },
    { rule: "dynamodb-prod-pitr-deletion-protection", case: "prod without PITR", stack: "prod", target: "lake-serving-table", change: (p) => (p.pointInTimeRecovery.enabled = false) },
    { rule: "dynamodb-prod-pitr-deletion-protection", case: "prod without deletion protection", stack: "prod", target: "lake-serving-table", change: (p) => delete p.deletionProtectionEnabled },
    { rule: "lambda-stream-mapping-failure-handling", case: "no partial batch responses", target: "lake-realtime-impressions", change: (p) => delete p.functionResponseTypes },
    { rule: "lambda-stream-mapping-failure-handling", case: "retries until expiry (-1)", target: "lake-realtime-clicks", change: (p) => (p.maximumRetryAttempts = -1) },
    { rule: "lambda-stream-mapping-failure-handling", case: "retries unset", target: "lake-realtime-clicks", change: (p) => delete p.maximumRetryAttempts },
    { rule: "lambda-stream-mapping-failure-handling", case: "no on-failure destination", target: "lake-realtime-impressions", change: (p) => delete p.destinationConfig },
    { rule: "scheduler-target-dlq", case: "no dead-letter queue", target: "lake-serving-schedule", change: (p) => delete p.target.deadLetterConfig },
    { rule: "scheduler-target-dlq", case: "no retry policy", target: "lake-serving-schedule", change: (p) => delete p.target.retryPolicy },
];

function apply(recorded: RecordedResource[], c: Canary): RecordedResource[] {
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
        const covered = new Set(badCanaries.map((c) => c.rule));
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
            "prod table can be deleted: set deletionProtectionEnabled true",
            "prod table without point-in-time recovery: set pointInTimeRecovery {enabled: true}",
        ]);
    });

    for (const c of badCanaries) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const changed = apply(await runProgram(c.stack ?? "dev", ON), c);
            const violations = await evaluate(changed, { policies: realtimePolicies });
            const flagged = changed.find((r) => r.name === c.target)!;
            expect(violations.filter((v) => v.policy === c.rule).map((v) => v.urn), describeViolations(violations)).to.include(flagged.urn);
            expect(violations.filter((v) => v.policy !== c.rule), "only the broken rule fires").to.deep.equal([]);
        });
    }
});
