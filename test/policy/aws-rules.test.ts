/**
 * The rules for what AWS itself refuses or does quietly otherwise (policy/rules-aws.ts) against the
 * lake's stacks, with canaries. The bucket notification rule's own canary and per-variant runs are
 * in test/components/storage/event-routing.test.ts.
 */
import { expect } from "chai";
import { awsPolicies, executionLogGroupName } from "../../policy/rules-aws";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate } from "./harness";

type Props = Record<string, any>;

function changed(recorded: RecordedResource[], name: string, change: (p: Props) => void): RecordedResource[] {
    return recorded.map((r) => {
        if (r.name !== name) return r;
        const copy = (v: Props) => {
            const c = JSON.parse(JSON.stringify(v));
            change(c);
            return c;
        };
        return { ...r, props: copy(r.props), outputs: copy(r.outputs) };
    });
}

describe("policy pack: what AWS refuses or does otherwise", function () {
    this.timeout(120_000);
    let dev: RecordedResource[];
    before(async () => {
        dev = await runProgram("dev");
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`the lake's ${stack} stack passes every rule`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: awsPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("apigateway-execution-logs-declared flags execution logging into a group API Gateway would create", async () => {
        const broken = changed(dev, "lake-ingest-http-method-settings", (p) => (p.settings.loggingLevel = "ERROR"));
        const violations = await evaluate(broken, { policies: awsPolicies });
        const target = broken.find((r) => r.name === "lake-ingest-http-method-settings")!;
        expect(violations.map((v) => [v.policy, v.urn]), describeViolations(violations)).to.deep.equal([["apigateway-execution-logs-declared", target.urn]]);
        expect(violations[0].message).to.contain(executionLogGroupName(target.props.restApi, target.props.stageName));
    });

    it("apigateway-execution-logs-declared accepts execution logging into a declared group with a retention", async () => {
        const settings = dev.find((r) => r.name === "lake-ingest-http-method-settings")!;
        const group = executionLogGroupName(settings.props.restApi, settings.props.stageName);
        const accessLogs = dev.find((r) => r.name === "lake-ingest-http-access-logs")!;
        const withGroup = [
            ...changed(dev, settings.name, (p) => (p.settings.loggingLevel = "INFO")),
            { ...accessLogs, name: "execution-logs", urn: `${accessLogs.urn}-execution`, props: { name: group, retentionInDays: 14 }, outputs: { name: group, retentionInDays: 14 } },
        ];
        expect(await evaluate(withGroup, { policies: awsPolicies })).to.deep.equal([]);
        const forever = withGroup.map((r) => (r.name === "execution-logs" ? { ...r, props: { name: group }, outputs: { name: group } } : r));
        const violations = await evaluate(forever, { policies: awsPolicies });
        expect(violations.map((v) => v.message)).to.have.length(1);
        expect(violations[0].message).to.contain("retentionInDays");
    });
});
