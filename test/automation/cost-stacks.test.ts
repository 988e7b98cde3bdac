/**
 * The cost estimate of the dev and prod stacks and of each config toggle, over the mocked
 * program's resources (the same estimator the driver runs over a preview), and the README's
 * generated cost section.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { README_COST_END, README_COST_START, TOGGLE_CASES, costSection } from "../../automation/cost-docs";
import { IDLE_USAGE, TYPICAL_USAGE } from "../../automation/cost";
import { mockedEstimate } from "../../harness/cost-resources";
import { replaceBetween } from "../../lib/config-docs";

const README = path.resolve(__dirname, "../../README.md");
const STALE =
    "README.md's cost section is stale: run scripts/cost-docs.ts (npx ts-node --transpile-only scripts/cost-docs.ts, then npx prettier --write README.md)";

describe("automation: cost of the stacks", function () {
    this.timeout(600_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every resource is priced or known to be free, every cost has an area`, async () => {
            const e = await mockedEstimate(stack, {}, TYPICAL_USAGE);
            expect(e.notPriced).to.deep.equal([]);
            expect(e.byArea).to.not.have.property("unattributed");
            expect(e.totalUsd).to.be.greaterThan(0);
            const sum = Object.values(e.byArea).reduce((a, b) => a + b, 0);
            expect(sum).to.be.closeTo(e.totalUsd, 0.05);
        });
    }

    it("dev idles near the figure the README states", async () => {
        const stated = /idles at about \*\*\$(\d+) a month\*\*/.exec(fs.readFileSync(README, "utf8"));
        expect(stated, "README.md states dev's idle cost").to.not.equal(null);
        const idle = (await mockedEstimate("dev", {}, IDLE_USAGE)).totalUsd;
        expect(Math.abs(idle - Number(stated![1])) / Number(stated![1]), `dev idles at $${idle}, the README says $${stated![1]}`).to.be.below(0.15);
    });

    it("prod costs more than dev (WAF, longer log retention, more Glue jobs)", async () => {
        const [dev, prod] = [await mockedEstimate("dev", {}, TYPICAL_USAGE), await mockedEstimate("prod", {}, TYPICAL_USAGE)];
        expect(prod.totalUsd).to.be.greaterThan(dev.totalUsd);
        expect(prod.byToggle["ingestApi.waf.enabled"]).to.be.greaterThan(0);
        expect(dev.byToggle).to.not.have.property("ingestApi.waf.enabled");
    });

    for (const t of TOGGLE_CASES) {
        it(`${t.toggle}: turning it on costs more, and its area carries the difference`, async () => {
            const [on, off] = [await mockedEstimate("dev", t.on, TYPICAL_USAGE), await mockedEstimate("dev", t.off, TYPICAL_USAGE)];
            expect(on.notPriced).to.deep.equal([]);
            expect(on.totalUsd).to.be.greaterThan(off.totalUsd);
            expect(on.byArea[t.area] ?? 0).to.be.greaterThan(off.byArea[t.area] ?? 0);
        });
    }

    it("README.md's cost section is what scripts/cost-docs.ts writes", async () => {
        const current = fs.readFileSync(README, "utf8");
        const generated = replaceBetween(current, README_COST_START, README_COST_END, await costSection(mockedEstimate));
        expect(current === generated, STALE).to.equal(true);
    });
});
