/**
 * The warehouse, EMR and network rules: every condition fires alone on its bad canary, the good
 * resources pass, and the whole pack passes on what the program records with each toggle on.
 */
import { expect } from "chai";
import { conditionOf } from "../../policy/define";
import { warehousePolicies } from "../../policy/rules-warehouse";
import { describeViolations, evaluate } from "./harness";
import { runProgram } from "../../harness/program";
import { allPolicies } from "../../policy/all";
import { warehouseCanaries, warehouseGood } from "./warehouse-canaries";

describe("policy: warehouse, EMR and network rules", () => {
    it("every rule has a bad canary, and names are unique", () => {
        const names = warehousePolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.filter((name) => !warehouseCanaries.some((c) => c.rule === name))).to.deep.equal([]);
    });

    for (const c of warehouseGood) {
        it(`accepts ${c.case}`, async () => {
            const violations = await evaluate(c.make(), { policies: warehousePolicies, config: c.config });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    for (const c of warehouseCanaries) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const violations = await evaluate(c.make(), { policies: warehousePolicies, config: c.config });
            expect([...new Set(violations.map((v) => `${v.policy} ${conditionOf(v.message)}`))], describeViolations(violations)).to.deep.equal([
                `${c.rule} ${c.condition}`,
            ]);
        });
    }
});

describe("policy: the whole pack on the stacks with each toggle on", function () {
    this.timeout(180_000);
    const stacks: ["dev" | "prod", Record<string, unknown>][] = [
        ["dev", { redshift: { mode: "provisioned", allowedCidrs: ["10.20.0.0/16"] } }],
        ["prod", { redshift: { mode: "serverless" } }],
        ["prod", { redshift: { mode: "provisioned", provisioned: { nodeType: "ra3.4xlarge", numberOfNodes: 2 } }, network: { natGateways: "onePerAz" } }],
        ["dev", { emr: { mode: "serverless" }, network: { lambdasInVpc: true }, realtime: { enabled: true }, serving: { enabled: true } }],
        ["prod", { network: { lambdasInVpc: true, natGateways: "single", cidrBlock: "10.10.0.0/24", availabilityZones: 3 } }],
        ["dev", { emr: { mode: "cluster", cluster: { keyPair: "ops" } } }],
    ];
    for (const [stack, overrides] of stacks) {
        it(`${stack} ${JSON.stringify(overrides)}: no violation`, async () => {
            const violations = await evaluate(await runProgram(stack, overrides), { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("dev with NAT asked for in stack config: no-nat-in-dev flags the VPC until the pack's config allows it", async () => {
        const recorded = await runProgram("dev", { redshift: { mode: "provisioned" }, network: { natGateways: "single" } });
        const flagged = await evaluate(recorded, { policies: allPolicies });
        expect(flagged.map((v) => [v.policy, v.urn?.split("::").pop()])).to.deep.equal([["no-nat-in-dev", "lake-network-vpc"]]);
        expect(await evaluate(recorded, { policies: allPolicies, config: { "no-nat-in-dev": { allowNat: true } } })).to.deep.equal([]);
    });
});
