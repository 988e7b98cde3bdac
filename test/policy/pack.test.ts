import { expect } from "chai";
import { policies } from "../../policy/rules";
import { badCanaries, Canary, goodVariants } from "./canaries";
import { goodLake } from "./fixtures";
import { describeViolations, evaluate } from "./harness";

const ruleNames = policies.map((p) => p.name);

async function run(c: Canary) {
    const lake = goodLake(c.stack ?? "dev");
    c.change(lake);
    return { lake, violations: await evaluate(lake.resources, { config: c.config }) };
}

describe("policy pack: canaries", () => {
    for (const stack of ["dev", "prod"]) {
        it(`the good fixture lake (${stack}) has no violations`, async () => {
            const violations = await evaluate(goodLake(stack).resources);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("policy names are unique", () => {
        expect(new Set(ruleNames).size).to.equal(ruleNames.length);
    });

    it("every rule has at least one bad canary, and every canary names a rule", () => {
        const covered = new Set(badCanaries.map((c) => c.rule));
        expect(ruleNames.filter((n) => !covered.has(n)), "rules without a canary").to.deep.equal([]);
        const named = [...badCanaries, ...goodVariants].map((c) => c.rule);
        expect(named.filter((n) => !ruleNames.includes(n)), "canaries naming no rule").to.deep.equal([]);
    });

    for (const c of badCanaries) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const { lake, violations } = await run(c);
            const hits = violations.filter((v) => v.policy === c.rule);
            expect(hits.map((v) => v.urn), describeViolations(violations)).to.include(lake.get(c.flags).urn);
        });
    }

    for (const c of goodVariants) {
        it(`${c.rule} accepts: ${c.case}`, async () => {
            const { violations } = await run(c);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }
});
