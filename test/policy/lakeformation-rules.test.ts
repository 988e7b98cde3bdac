/**
 * Canaries of the Lake Formation and Macie rules: each rule flags its bad cases, accepts the good
 * resources, and bites on the recorded dev stack with Lake Formation and Macie on.
 */
import { expect } from "chai";
import { governancePolicies } from "../../policy/rules-governance";
import { runProgram } from "../../harness/program";
import { conditionOf } from "../../policy/define";
import { describeViolations, evaluate } from "./harness";
import { ADMIN, LF_CONFIG, goodGrants, goodMacie, goodRegistration, goodSettings, lakeFormationCanaries as bad } from "./lakeformation-canaries";

const RULES = ["lakeformation-hybrid-registration", "lakeformation-admins-configured", "lakeformation-no-iam-allowed-on-pii", "macie-discovery-scoped"];

describe("policy: Lake Formation and Macie rules", () => {
    it("every rule has a bad canary", () => {
        expect(RULES.filter((n) => !governancePolicies.some((p) => p.name === n))).to.deep.equal([]);
        expect(RULES.filter((n) => !bad.some((c) => c.rule === n))).to.deep.equal([]);
    });

    it("accepts the good resources", async () => {
        const violations = await evaluate([goodRegistration(), goodSettings(), ...goodGrants(), ...goodMacie()], {
            policies: governancePolicies,
            config: LF_CONFIG,
        });
        expect(
            violations.filter((v) => RULES.includes(v.policy)),
            describeViolations(violations),
        ).to.deep.equal([]);
    });

    for (const c of bad) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const violations = (await evaluate([c.make()].flat(), { policies: governancePolicies, config: LF_CONFIG })).filter((v) => RULES.includes(v.policy));
            expect([...new Set(violations.map((v) => v.policy))], describeViolations(violations)).to.deep.equal([c.rule]);
            expect([...new Set(violations.map((v) => conditionOf(v.message)))]).to.deep.equal([c.condition]);
        });
    }

    it("bites on the recorded dev stack with Lake Formation and Macie on: an unlisted admin, a pii grant to IAM_ALLOWED_PRINCIPALS", async function () {
        this.timeout(120_000);
        const overrides = {
            governance: {
                personas: { biAnalyst: { principals: ["arn:aws:iam::123456789012:role/sso-bi"] } },
                lakeFormation: { enabled: true, admins: [ADMIN], replaceAccountAdmins: true, datasets: { orders: { pii: ["customer_id"] } } },
            },
            macie: { enabled: true },
        };
        const recorded = (await runProgram("dev", overrides)).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.props } }));
        const clean = await evaluate(recorded, { policies: governancePolicies, config: LF_CONFIG });
        expect(clean, describeViolations(clean)).to.deep.equal([]);
        const table = recorded.find((r) => r.type === "aws:lakeformation/resourceLfTags:ResourceLfTags" && r.props.tableWithColumns)!.props.tableWithColumns;
        recorded.push({
            type: "aws:lakeformation/permissions:Permissions",
            name: "injected",
            urn: "urn:pulumi:dev::datalake::aws:lakeformation/permissions:Permissions::injected",
            props: { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["SELECT"], table: { databaseName: table.databaseName, name: table.name } },
        });
        const violations = await evaluate(recorded, { policies: governancePolicies });
        expect([...new Set(violations.map((v) => `${v.policy} ${conditionOf(v.message)}`))].sort()).to.deep.equal([
            "lakeformation-admins-configured not-configured",
            "lakeformation-no-iam-allowed-on-pii pii-table",
        ]);
    });
});
