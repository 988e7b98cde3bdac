/** The pack's counts and rule table in policy/README.md and the README match the rules `all.ts` serves. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policy/all";

const read = (file: string) => fs.readFileSync(path.join(__dirname, "../..", file), "utf8");

describe("policy pack docs", () => {
    const policyReadme = read("policy/README.md");
    it("policy/README.md gives the number of rules and a table row for each", () => {
        expect(policyReadme).to.contain(`all mandatory: ${allPolicies.length} rules`);
        // A row's first cell names one rule or a few sharing a description: `a`, `b`.
        const rows = [...policyReadme.matchAll(/^\| (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*) \|/gm)].flatMap((m) => m[1].split(", ").map((n) => n.slice(1, -1)));
        expect(rows).to.have.members(allPolicies.map((p) => p.name));
    });
    it("the README gives the same number", () => {
        expect(read("README.md")).to.contain(`**Policy pack** (\`policy/\`): ${allPolicies.length} rules`);
    });
});
