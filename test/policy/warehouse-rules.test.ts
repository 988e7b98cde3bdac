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

    // The mutation suite runs on the default stacks, which have no EMR: the EMR cluster's groups are mutated here.
    for (const [cut, condition] of [
        ["emr-service-access-from-primary", "service-access-9443"],
        ["emr-service-access-to-core", "service-access-8443"],
        ["emr-core-to-primary", "node-to-node"],
        ["emr-primary-https-out", "node-https-egress"],
    ]) {
        it(`dev EMR cluster without its rule ${cut}: emr-private-cluster-security-groups [${condition}] flags it`, async () => {
            const recorded = await runProgram("dev", { emr: { mode: "cluster" } });
            const mutated = recorded.filter((r) => !r.name.endsWith(cut));
            expect(recorded.length - mutated.length).to.equal(1);
            const violations = await evaluate(mutated, { policies: allPolicies });
            expect(violations.map((v) => `${v.policy} ${conditionOf(v.message)}`)).to.deep.equal([`emr-private-cluster-security-groups ${condition}`]);
        });
    }

    it("dev EMR cluster whose service role gates volume-key use on kms:GrantIsForAWSResource (as before): iam-actions-valid flags it", async () => {
        const recorded = await runProgram("dev", { emr: { mode: "cluster" } });
        const gated = {
            Sid: "EbsVolumeKeyGrants",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
            Resource: recorded.find((r) => r.name.endsWith("emr-cmk-key"))!.outputs.arn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        };
        const mutated = recorded.map((r) => {
            if (!r.name.endsWith("emr-service-policy")) return r;
            const withGated = (p: Record<string, any>) => ({ ...p, policy: JSON.stringify({ Version: "2012-10-17", Statement: [gated] }) });
            return { ...r, props: withGated(r.props), outputs: withGated(r.outputs) };
        });
        const violations = await evaluate(mutated, { policies: allPolicies });
        expect(violations.map((v) => `${v.policy} ${conditionOf(v.message)}`)).to.include("iam-actions-valid grant-condition-on-grants");
    });

    // The mutation suite's stacks run no function in a VPC: the placement rule is mutated here.
    it("dev with lambdasInVpc, real-time and serving, the real-time function moved out of the VPC: lambda-vpc-placement flags it alone", async () => {
        const recorded = await runProgram("dev", { network: { lambdasInVpc: true }, realtime: { enabled: true }, serving: { enabled: true } });
        const withoutVpc = ({ vpcConfig: _dropped, ...rest }: Record<string, any>) => rest;
        const outside = (r: (typeof recorded)[number]) => ({ ...r, props: withoutVpc(r.props), outputs: withoutVpc(r.outputs) });
        const mutated = recorded.map((r) => (r.type === "aws:lambda/function:Function" && r.name.endsWith("realtime-function") ? outside(r) : r));
        expect(mutated.filter((r, i) => r !== recorded[i])).to.have.length(1);
        const violations = await evaluate(mutated, { policies: allPolicies });
        expect(violations.map((v) => [v.policy, conditionOf(v.message), v.urn?.split("::").pop()])).to.deep.equal([
            ["lambda-vpc-placement", "outside-vpc-undeclared", mutated.find((r, i) => r !== recorded[i])!.name],
        ]);
    });

    it("dev with NAT asked for in stack config: no-nat-in-dev flags the VPC until the pack's config allows it", async () => {
        const recorded = await runProgram("dev", { redshift: { mode: "provisioned" }, network: { natGateways: "single" } });
        const flagged = await evaluate(recorded, { policies: allPolicies });
        expect(flagged.map((v) => [v.policy, v.urn?.split("::").pop()])).to.deep.equal([["no-nat-in-dev", "lake-network-vpc"]]);
        expect(await evaluate(recorded, { policies: allPolicies, config: { "no-nat-in-dev": { allowNat: true } } })).to.deep.equal([]);
    });
});
