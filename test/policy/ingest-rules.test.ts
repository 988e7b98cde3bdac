/**
 * The ingest rules (policy/rules-ingest.ts) against the lake's own program under mocks, and their
 * canaries (./ingest-canaries.ts) on the recorded dev stack.
 */
import { expect } from "chai";
import { ingestPolicies } from "../../policy/rules-ingest";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate, expectCanaryFired } from "./harness";
import { IngestCanary, goodWebAcl, ingestCanaries } from "./ingest-canaries";

/** Dev with a Kinesis-fed stream next to the Direct PUT ones, so both kinds are covered, and a custom domain. */
const DEV = {
    streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "metrics", source: "kinesis" }],
    ingestApi: { domain: { name: "ingest.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } },
};

type Props = Record<string, any>;

/** `recorded` with the canary applied to deep copies (inputs, what resource rules see, and outputs, what stack rules see). */
function apply(recorded: RecordedResource[], c: Pick<IngestCanary, "target" | "change" | "remove" | "add">): RecordedResource[] {
    const target = recorded.find((r) => r.name === c.target);
    if (!target) throw new Error(`no recorded resource ${c.target}`);
    const copy = (v: Props) => JSON.parse(JSON.stringify(v));
    let out = recorded.filter((r) => !(c.remove && r === target)).map((r) => ({ ...r, props: copy(r.props), outputs: copy(r.outputs) }));
    const changed = out.find((r) => r.name === c.target);
    if (changed && c.change) [changed.props, changed.outputs].forEach(c.change);
    for (const extra of c.add?.(out) ?? []) {
        out = [
            ...out,
            {
                urn: `urn:pulumi:dev::datalake::${extra.type}::${extra.name}`,
                outputs: extra.props,
                custom: true,
                protect: false,
                retainOnDelete: false,
                dependencies: [],
                ...extra,
            } as RecordedResource,
        ];
    }
    return out;
}

describe("policy pack: ingest rules", function () {
    this.timeout(120_000);
    let dev: RecordedResource[];
    before(async () => {
        dev = await runProgram("dev", DEV);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`the lake's ${stack} stack passes every ingest rule`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: ingestPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("a Kinesis-fed stream passes without Firehose SSE (its source stream is encrypted)", async () => {
        const firehose = dev.find((r) => r.name === "lake-ingest-metrics-firehose")!;
        expect(firehose.props.serverSideEncryption).to.equal(undefined);
        const violations = await evaluate(dev, { policies: ingestPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("apigateway-domain-tls accepts TLS_1_2 (the lake's) and the enhanced SecurityPolicy_* policies", async () => {
        for (const policy of ["TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_2_2021_06"]) {
            const changed = apply(dev, { target: "lake-ingest-http-domain", change: (p) => (p.securityPolicy = policy) });
            const violations = await evaluate(changed, { policies: ingestPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        }
    });

    it("apigateway-waf accepts a web ACL with the common rule set and a rate-based rule, even where required", async () => {
        const changed = apply(dev, { target: "lake-ingest-http-stage", add: goodWebAcl });
        const violations = await evaluate(changed, { policies: ingestPolicies, config: { "apigateway-waf": { required: true } } });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of ingestCanaries) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const changed = apply(dev, c);
            const violations = await evaluate(changed, { policies: ingestPolicies, config: c.config });
            const flagged = changed.find((r) => r.name === (c.flags ?? c.target))!;
            expectCanaryFired(violations, c, flagged.urn);
        });
    }

    it("apigateway-prod-method-auth flags open methods in prod, by stack name or by policy config", async () => {
        const prodOpen = await runProgram("prod", { ingestApi: { auth: "none" } });
        const byName = await evaluate(prodOpen, { policies: ingestPolicies });
        const methods = prodOpen.filter((r) => r.type === "aws:apigateway/method:Method").map((r) => r.urn);
        // The five routes and GET /openapi.json.
        expect(methods).to.have.length(6);
        expect(
            byName
                .filter((v) => v.policy === "apigateway-prod-method-auth")
                .map((v) => v.urn)
                .sort(),
        ).to.deep.equal(methods.sort());

        const devOpen = await runProgram("dev", { ingestApi: { auth: "none" } });
        expect(await evaluate(devOpen, { policies: ingestPolicies }), "dev may be open").to.deep.equal([]);
        const asProd = await evaluate(devOpen, {
            policies: ingestPolicies,
            config: { "apigateway-prod-method-auth": { environment: "prod" }, "apigateway-waf": { environment: "dev" } },
        });
        expect(asProd.filter((v) => v.policy === "apigateway-prod-method-auth")).to.have.length(6);
    });

    it("apigateway-prod-method-auth accepts IAM auth in prod", async () => {
        const violations = await evaluate(await runProgram("prod", { ingestApi: { auth: "iam" } }), { policies: ingestPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });
});
