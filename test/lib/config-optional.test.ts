/**
 * The optional keys (network, redshift, emr) as tables of values inside and outside what AWS and
 * the lake allow: each outside value fails naming the key, the value and the rule.
 */
import { expect } from "chai";
import { RawConfig, parseConfig } from "../../lib/config";
import { REDSHIFT_NODE_TYPES, baseRpuAllowed, isCidr, nodeCountAllowed } from "../../lib/config-optional";
import { configErrorOf } from "./config-errors";

const provisioned = (p: Record<string, unknown>) => ({ redshift: { mode: "provisioned", provisioned: p } }) as RawConfig;
const serverless = (s: Record<string, unknown>) => ({ redshift: { mode: "serverless", serverless: s } }) as RawConfig;
const cluster = (c: Record<string, unknown>) => ({ emr: { mode: "cluster", cluster: c } }) as RawConfig;

describe("lib/config-optional", () => {
    describe("defaults", () => {
        const c = parseConfig({});
        it("everything off, no VPC", () => {
            expect(c.redshift).to.deep.equal({ mode: "off" });
            expect(c.emr).to.deep.equal({ mode: "off" });
            expect(c.network).to.include({ needed: false, lambdasInVpc: false, natGateways: "none" });
        });
        it("provisioned: ra3.large, one node, 7 days of snapshots, database lake, admin lakeadmin, daily at 06:00 UTC", () => {
            const r = parseConfig({ redshift: { mode: "provisioned" } }).redshift;
            expect(r).to.deep.include({
                mode: "provisioned",
                databaseName: "lake",
                adminUsername: "lakeadmin",
                loadSchedule: "cron(0 6 * * ? *)",
                allowedCidrs: [],
            });
            expect(r.mode === "provisioned" && r.provisioned).to.deep.equal({ nodeType: "ra3.large", numberOfNodes: 1, snapshotRetentionDays: 7 });
        });
        it("serverless: 8 base and 64 max RPUs, three AZs", () => {
            const c2 = parseConfig({ redshift: { mode: "serverless" } });
            expect(c2.redshift.mode === "serverless" && c2.redshift.serverless).to.deep.equal({ baseRpu: 8, maxRpu: 64 });
            expect(c2.network).to.include({ needed: true, availabilityZones: 3, cidrBlock: "10.64.0.0/16" });
        });
        it("EMR: emr-7.11.0; serverless stops after 15 idle minutes; a cluster is 1 + 1 m5.xlarge, terminated after 60 idle minutes", () => {
            const s = parseConfig({ emr: { mode: "serverless" } }).emr;
            expect(s).to.deep.include({ mode: "serverless", releaseLabel: "emr-7.11.0" });
            expect(s.mode === "serverless" && s.serverless.autoStopIdleMinutes).to.equal(15);
            const k = parseConfig({ emr: { mode: "cluster" } }).emr;
            expect(k.mode === "cluster" && k.cluster).to.deep.equal({
                primaryInstanceType: "m5.xlarge",
                primaryInstanceCount: 1,
                coreInstanceType: "m5.xlarge",
                coreInstanceCount: 1,
                idleTimeoutMinutes: 60,
            });
        });
    });

    describe("the VPC exists iff something needs it", () => {
        const cases: [string, RawConfig, string[]][] = [
            ["nothing", {}, []],
            ["redshift provisioned", { redshift: { mode: "provisioned" } }, ["redshift.mode provisioned"]],
            ["redshift serverless", { redshift: { mode: "serverless" } }, ["redshift.mode serverless"]],
            ["emr serverless", { emr: { mode: "serverless" } }, ["emr.mode serverless"]],
            ["emr cluster", { emr: { mode: "cluster" } }, ["emr.mode cluster"]],
            ["lambdas in the VPC", { network: { lambdasInVpc: true } }, ["network.lambdasInVpc"]],
        ];
        for (const [what, raw, users] of cases) {
            it(what, () => {
                const n = parseConfig(raw).network;
                expect([n.needed, n.users]).to.deep.equal([users.length > 0, users]);
            });
        }
    });

    describe("node counts per node type (inside / outside)", () => {
        const inside: [string, number][] = [
            ["ra3.large", 1],
            ["ra3.large", 2],
            ["ra3.large", 16],
            ["ra3.xlplus", 1],
            ["ra3.xlplus", 32],
            ["ra3.4xlarge", 2],
            ["ra3.4xlarge", 32],
            ["ra3.16xlarge", 2],
            ["ra3.16xlarge", 128],
        ];
        const outside: [string, number][] = [
            ["ra3.large", 0],
            ["ra3.large", 17],
            ["ra3.xlplus", 33],
            ["ra3.4xlarge", 1],
            ["ra3.4xlarge", 33],
            ["ra3.16xlarge", 1],
            ["ra3.16xlarge", 129],
            ["ra3.large", 2.5],
        ];
        for (const [nodeType, n] of inside)
            it(`${nodeType} x ${n} is accepted`, () => expect(() => parseConfig(provisioned({ nodeType, numberOfNodes: n }))).not.to.throw());
        for (const [nodeType, n] of outside) {
            it(`${nodeType} x ${n} is refused, naming the key, value and allowed counts`, () => {
                const m = configErrorOf(provisioned({ nodeType, numberOfNodes: n }));
                expect(m).to.include(`datalake:redshift.provisioned.numberOfNodes = ${n}`);
                if (Number.isInteger(n) && n >= 1) expect(m).to.include(`${nodeType} allows`);
            });
        }
        it("dc2 (retired) and unknown node types are refused with the list", () => {
            for (const nodeType of ["dc2.large", "ra3.8xlarge"]) {
                expect(configErrorOf(provisioned({ nodeType })))
                    .to.include(`datalake:redshift.provisioned.nodeType = "${nodeType}"`)
                    .and.include("ra3.large");
            }
        });
        it("the table and the checker agree", () => {
            for (const [t, spec] of Object.entries(REDSHIFT_NODE_TYPES)) {
                expect(nodeCountAllowed(t as keyof typeof REDSHIFT_NODE_TYPES, 1)).to.equal(spec.single);
                expect(nodeCountAllowed(t as keyof typeof REDSHIFT_NODE_TYPES, spec.max)).to.equal(true);
            }
        });
    });

    describe("serverless RPU steps (inside / outside)", () => {
        const baseInside = [4, 8, 16, 128, 512, 544, 1024];
        const baseOutside = [0, 2, 6, 12, 100, 520, 1000, 1056, 8.5];
        for (const b of baseInside) it(`base ${b} is accepted`, () => expect(baseRpuAllowed(b)).to.equal(true));
        for (const b of baseOutside) {
            it(`base ${b} is refused`, () => {
                expect(baseRpuAllowed(b)).to.equal(false);
                expect(configErrorOf(serverless({ baseRpu: b, maxRpu: 1024 })))
                    .to.include(`datalake:redshift.serverless.baseRpu = ${b}`)
                    .and.include("steps of 8");
            });
        }
        const maxCases: [number, number, boolean][] = [
            [8, 8, true],
            [8, 64, true],
            [32, 5632, true],
            [32, 24, false],
            [8, 60, false],
            [8, 5640, false],
        ];
        for (const [baseRpu, maxRpu, ok] of maxCases) {
            it(`base ${baseRpu}, max ${maxRpu}: ${ok ? "accepted" : "refused"}`, () => {
                if (ok) expect(() => parseConfig(serverless({ baseRpu, maxRpu }))).not.to.throw();
                else
                    expect(configErrorOf(serverless({ baseRpu, maxRpu })))
                        .to.include(`datalake:redshift.serverless.maxRpu = ${maxRpu}`)
                        .and.include("multiple of 8");
            });
        }
        it("two AZs are refused for serverless (a workgroup needs three)", () => {
            expect(configErrorOf({ redshift: { mode: "serverless" }, network: { availabilityZones: 2 } }))
                .to.include("datalake:network.availabilityZones = 2")
                .and.include("3 availability zones");
        });
    });

    describe("unknown modes and mismatched blocks", () => {
        it("unknown modes name the allowed ones", () => {
            expect(configErrorOf({ redshift: { mode: "on" } }))
                .to.include('datalake:redshift.mode = "on"')
                .and.include("provisioned");
            expect(configErrorOf({ emr: { mode: "eks" } }))
                .to.include('datalake:emr.mode = "eks"')
                .and.include("serverless");
            expect(configErrorOf({ network: { natGateways: "two" } })).to.include('datalake:network.natGateways = "two"');
        });
        const blocks: [RawConfig, string][] = [
            [{ redshift: { mode: "serverless", provisioned: {} } }, "datalake:redshift.provisioned"],
            [{ redshift: { mode: "provisioned", serverless: {} } }, "datalake:redshift.serverless"],
            [{ redshift: { provisioned: {} } }, "datalake:redshift.provisioned"],
            [{ redshift: { allowedCidrs: ["10.0.0.0/8"] } }, "datalake:redshift.allowedCidrs"],
            [{ emr: { mode: "serverless", cluster: {} } }, "datalake:emr.cluster"],
            [{ emr: { mode: "cluster", serverless: {} } }, "datalake:emr.serverless"],
            [{ emr: { releaseLabel: "emr-7.11.0" } }, "datalake:emr.releaseLabel"],
        ];
        for (const [raw, key] of blocks) it(`${JSON.stringify(raw)} is refused at ${key}`, () => expect(configErrorOf(raw)).to.include(key));
        it("a release older than EMR Serverless offers is refused in serverless mode only (a cluster runs it)", () => {
            expect(configErrorOf({ emr: { mode: "serverless", releaseLabel: "emr-6.5.0" } })).to.include("datalake:emr.releaseLabel");
            expect(parseConfig({ emr: { mode: "cluster", releaseLabel: "emr-6.5.0" } }).emr).to.deep.include({ releaseLabel: "emr-6.5.0" });
        });
    });

    describe("CIDRs (inside / outside)", () => {
        const inside = ["10.0.0.0/8", "10.1.0.0/16", "192.168.4.0/24", "203.0.113.7/32"];
        const outside = ["0.0.0.0/0", "10.0.0.1/16", "10.0.0.0/33", "256.0.0.0/8", "10.0.0.0", "fd00::/8", "10.0.0.0/7"];
        for (const c of inside)
            it(`${c} is an allowed client network`, () => expect(() => parseConfig({ redshift: { mode: "provisioned", allowedCidrs: [c] } })).not.to.throw());
        for (const c of outside) {
            it(`${c} is refused as a client network`, () =>
                expect(configErrorOf({ redshift: { mode: "provisioned", allowedCidrs: [c] } })).to.include(`datalake:redshift.allowedCidrs.0 = "${c}"`));
        }
        const vpcInside = ["10.64.0.0/16", "172.16.0.0/20", "10.0.0.0/24", "10.0.0.0/27"];
        const vpcOutside = ["10.0.0.0/8", "10.0.0.0/29", "10.64.1.0/16"];
        for (const c of vpcInside) it(`VPC ${c} is accepted`, () => expect(isCidr(c, 16, 28)).to.equal(true));
        for (const c of vpcOutside)
            it(`VPC ${c} is refused`, () =>
                expect(configErrorOf({ emr: { mode: "serverless" }, network: { cidrBlock: c } })).to.include(`datalake:network.cidrBlock = "${c}"`));
        it("security group ids must look like sg-...", () => {
            expect(configErrorOf({ redshift: { mode: "provisioned", allowedSecurityGroupIds: ["quicksight"] } })).to.include(
                "datalake:redshift.allowedSecurityGroupIds.0",
            );
        });
    });

    describe("EMR instance types (inside / outside)", () => {
        const inside = ["m5.xlarge", "m6g.2xlarge", "r7i.4xlarge", "c6i.16xlarge", "m7g.xlarge"];
        const outside = ["m3.xlarge", "m5.large", "t3.xlarge", "m5.xxlarge", "p4d.24xlarge", "M5.XLARGE"];
        for (const t of inside)
            it(`${t} is accepted`, () => expect(() => parseConfig(cluster({ primaryInstanceType: t, coreInstanceType: t }))).not.to.throw());
        for (const t of outside) {
            it(`${t} is refused`, () =>
                expect(configErrorOf(cluster({ coreInstanceType: t })))
                    .to.include(`datalake:emr.cluster.coreInstanceType = "${t}"`)
                    .and.include("EMR instance type"));
        }
        it("two primary nodes are refused (1, or 3 for high availability)", () =>
            expect(configErrorOf(cluster({ primaryInstanceCount: 2 }))).to.include("datalake:emr.cluster.primaryInstanceCount = 2"));
        it("release labels other than emr-6.x/7.x are refused", () => {
            expect(configErrorOf({ emr: { mode: "serverless", releaseLabel: "emr-5.23.0" } })).to.include('datalake:emr.releaseLabel = "emr-5.23.0"');
        });
    });

    describe("VPC-only options when nothing needs a VPC", () => {
        const cases: [RawConfig, string][] = [
            [{ network: { natGateways: "single" } }, 'datalake:network.natGateways = "single": a NAT gateway needs a VPC'],
            [{ network: { natGateways: "onePerAz" } }, 'datalake:network.natGateways = "onePerAz": a NAT gateway needs a VPC'],
            [{ network: { cidrBlock: "10.64.0.0/16" } }, 'datalake:network.cidrBlock = "10.64.0.0/16": is a VPC option'],
            [{ network: { availabilityZones: 3 } }, "datalake:network.availabilityZones = 3: is a VPC option"],
        ];
        for (const [raw, message] of cases) it(`${JSON.stringify(raw)} is refused`, () => expect(configErrorOf(raw)).to.include(message));
        it("the same options are accepted once something needs the VPC", () => {
            expect(parseConfig({ network: { lambdasInVpc: true, natGateways: "single", cidrBlock: "10.9.0.0/16", availabilityZones: 3 } }).network).to.include({
                needed: true,
                natGateways: "single",
                cidrBlock: "10.9.0.0/16",
                availabilityZones: 3,
            });
        });
    });
});
