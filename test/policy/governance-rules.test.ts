/**
 * Canaries of the governance rules: each rule flags its bad cases, accepts the good resources, and
 * bites on the recorded dev stack when one of its resources is broken the same way.
 */
import { expect } from "chai";
import { governancePolicies } from "../../policy/rules-governance";
import { runProgram } from "../../harness/program";
import { conditionOf } from "../../policy/define";
import { describeViolations, evaluate } from "./harness";
import { goodBucketPolicy, goodQueue, goodTopicPolicy, goodTrail, governanceCanaries as bad } from "./governance-canaries";
import { lakeFormationCanaries } from "./lakeformation-canaries";

describe("policy: governance rules (CloudTrail, service principals, cost tags)", () => {
    it("every governance rule has a bad canary (Lake Formation's and Macie's in lakeformation-canaries.ts), and names are unique", () => {
        const names = governancePolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.filter((n) => ![...bad, ...lakeFormationCanaries].some((c) => c.rule === n))).to.deep.equal([]);
    });

    it("accepts the good resources", async () => {
        const violations = await evaluate([goodTrail(), goodTopicPolicy(), goodBucketPolicy(), goodQueue()], { policies: governancePolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of bad) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const violations = await evaluate([c.make()], { policies: governancePolicies });
            expect([...new Set(violations.map((v) => v.policy))], describeViolations(violations)).to.deep.equal([c.rule]);
            expect([...new Set(violations.map((v) => conditionOf(v.message)))]).to.deep.equal([c.condition]);
        });
    }

    it("bites on the recorded dev stack: an untagged bucket, an unscoped topic policy, a single-region trail", async function () {
        this.timeout(120_000);
        // Shallow copies: only the top-level props below are replaced (the recorded run is shared).
        const recorded = (await runProgram("dev")).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.props } }));
        expect(await evaluate(recorded, { policies: governancePolicies })).to.deep.equal([]);
        const find = (type: string) => recorded.find((r) => r.type === type)!;
        find("aws:s3/bucket:Bucket").props.tags = undefined;
        const topic = find("aws:sns/topicPolicy:TopicPolicy");
        const doc = JSON.parse(topic.props.policy);
        for (const s of doc.Statement) if (s.Principal?.Service) delete s.Condition;
        topic.props.policy = JSON.stringify(doc);
        find("aws:cloudtrail/trail:Trail").props.isMultiRegionTrail = false;
        const violations = await evaluate(recorded, { policies: governancePolicies });
        expect([...new Set(violations.map((v) => v.policy))].sort()).to.deep.equal([
            "cloudtrail-trail-hardened",
            "cost-allocation-tags",
            "service-principal-scoped",
        ]);
    });
});
