/**
 * The VPC's subnet arithmetic (lib/vpc-layout.ts, what awsx receives as `cidrBlocks`), over every
 * prefix network.cidrBlock accepts x AZ count x NAT strategy, at generated network addresses:
 * an accepted config's subnets lie inside the VPC, do not overlap, are aligned to their own
 * prefix and are at least AWS's /28; the refused configs are exactly those where no layout could
 * fit a /28 of each kind in each AZ (the oracle below counts addresses, independently of the
 * layout), and the refusal names the key, the value and what is allowed.
 */
import { expect } from "chai";
import fc from "fast-check";
import { parseConfig } from "../../../lib/config";
import { NatLayout, formatCidr, parseCidr, vpcSubnets } from "../../../lib/vpc-layout";
import { subnetLayout } from "../../../components/network";
import { configErrorLines, configLine } from "../../lib/config-errors";

const PREFIXES = Array.from({ length: 28 - 16 + 1 }, (_, i) => 16 + i);
const AZS = [2, 3];
const NATS: NatLayout[] = ["none", "single", "onePerAz"];
const AWS_SMALLEST_SUBNET = 16; // addresses in a /28

/** The oracle: a config is refused iff its VPC has fewer addresses than a /28 of each subnet kind in each AZ. */
const fits = (prefix: number, azs: number, nat: NatLayout) => azs * (nat === "none" ? 1 : 2) * AWS_SMALLEST_SUBNET <= 2 ** (32 - prefix);

const range = (cidr: string) => {
    const [address, prefix] = parseCidr(cidr);
    return { first: address, last: address + 2 ** (32 - prefix) - 1, prefix, aligned: address % 2 ** (32 - prefix) === 0 };
};

const network = (cidrBlock: string, availabilityZones: number, natGateways: NatLayout) => ({
    emr: { mode: "serverless" },
    network: { cidrBlock, availabilityZones, natGateways },
});

/** A random network address with this prefix. */
const vpcCidr = (prefix: number) => fc.integer({ min: 0, max: 2 ** prefix - 1 }).map((n) => formatCidr(n * 2 ** (32 - prefix), prefix));

describe("network: the subnet layout holds every accepted VPC CIDR", () => {
    for (const prefix of PREFIXES) {
        for (const azs of AZS) {
            for (const nat of NATS) {
                const accepted = fits(prefix, azs, nat);
                it(`/${prefix}, ${azs} AZs, natGateways ${nat}: ${accepted ? "subnets inside, disjoint, aligned, /28 or larger" : "refused"}`, () => {
                    fc.assert(
                        fc.property(vpcCidr(prefix), (cidr) => {
                            if (!accepted) {
                                expect(() => vpcSubnets(cidr, azs, nat)).to.throw(cidr);
                                const [line] = configErrorLines(network(cidr, azs, nat));
                                expect(line).to.match(new RegExp(`^${escape(configLine("network.cidrBlock", cidr, "too small for "))}`));
                                expect(line).to.include(`${azs} availability zones`).and.include("/28").and.include("use a prefix of /");
                                // Only the ways out that exist: 2 zones from 3, no NAT from NAT.
                                expect(line.includes("or 2 availability zones")).to.equal(azs === 3);
                                expect(line.includes("or natGateways 'none'")).to.equal(nat !== "none");
                                return;
                            }
                            expect(parseConfig(network(cidr, azs, nat)).network).to.include({ cidrBlock: cidr, availabilityZones: azs });
                            const { workload, public: pub } = vpcSubnets(cidr, azs, nat);
                            expect(workload).to.have.length(azs);
                            expect(pub).to.have.length(nat === "none" ? 0 : azs);
                            const vpc = range(cidr);
                            const subnets = [...workload, ...pub].map(range);
                            for (const s of subnets) {
                                expect(s.aligned, "aligned to its prefix").to.equal(true);
                                expect(s.prefix).to.be.at.most(28);
                                expect(s.first >= vpc.first && s.last <= vpc.last, "inside the VPC").to.equal(true);
                            }
                            subnets.forEach((a, i) =>
                                subnets.slice(i + 1).forEach((b) => expect(a.last < b.first || b.last < a.first, "disjoint").to.equal(true)),
                            );
                        }),
                        { numRuns: 25 },
                    );
                });
            }
        }
    }

    it("the AZ count the check uses is the resolved one: 3 under Redshift Serverless, else 2", () => {
        const serverless = { redshift: { mode: "serverless" }, network: { cidrBlock: "10.0.0.0/27" } };
        expect(configErrorLines(serverless)).to.deep.equal([
            configLine(
                "network.cidrBlock",
                "10.0.0.0/27",
                "too small for an isolated subnet in each of 3 availability zones, each at least a /28 (AWS's smallest subnet): use a prefix of /26 or shorter",
            ),
        ]);
        expect(parseConfig({ emr: { mode: "serverless" }, network: { cidrBlock: "10.0.0.0/27" } }).network.availabilityZones).to.equal(2);
    });

    it("the longest prefix in a refusal is the longest the oracle accepts", () => {
        for (const azs of AZS) {
            for (const nat of NATS) {
                const longest = Math.max(...PREFIXES.filter((p) => fits(p, azs, nat)));
                const refused = PREFIXES.find((p) => !fits(p, azs, nat));
                if (refused === undefined) continue;
                const [line] = configErrorLines(network(`10.0.0.0/${refused}`, azs, nat));
                expect(line).to.include(`use a prefix of /${longest} or shorter`);
            }
        }
    });

    it("large VPCs keep the CIDRs awsx's Auto allocation gave them (a /20 per AZ, then the /24 public subnet): no subnet replaced", () => {
        expect(vpcSubnets("10.64.0.0/16", 2, "none")).to.deep.equal({ workload: ["10.64.0.0/20", "10.64.128.0/20"], public: [] });
        expect(vpcSubnets("10.64.0.0/16", 3, "onePerAz")).to.deep.equal({
            workload: ["10.64.0.0/20", "10.64.64.0/20", "10.64.128.0/20"],
            public: ["10.64.16.0/24", "10.64.80.0/24", "10.64.144.0/24"],
        });
        expect(vpcSubnets("172.16.0.0/17", 3, "single")).to.deep.equal({
            workload: ["172.16.0.0/20", "172.16.32.0/20", "172.16.64.0/20"],
            public: ["172.16.16.0/24", "172.16.48.0/24", "172.16.80.0/24"],
        });
    });

    it("small VPCs: the workload subnet takes its AZ's block, or half of it next to the public subnet", () => {
        expect(vpcSubnets("10.0.0.0/24", 2, "none")).to.deep.equal({ workload: ["10.0.0.0/25", "10.0.0.128/25"], public: [] });
        expect(vpcSubnets("10.0.0.0/24", 3, "single")).to.deep.equal({
            workload: ["10.0.0.0/27", "10.0.0.64/27", "10.0.0.128/27"],
            public: ["10.0.0.32/27", "10.0.0.96/27", "10.0.0.160/27"],
        });
        expect(vpcSubnets("172.16.0.0/18", 3, "onePerAz")).to.deep.equal({
            workload: ["172.16.0.0/21", "172.16.16.0/21", "172.16.32.0/21"],
            public: ["172.16.8.0/24", "172.16.24.0/24", "172.16.40.0/24"],
        });
        expect(vpcSubnets("10.0.0.0/20", 2, "onePerAz")).to.deep.equal({
            workload: ["10.0.0.0/22", "10.0.8.0/22"],
            public: ["10.0.4.0/24", "10.0.12.0/24"],
        });
    });

    it("awsx gets one CIDR per AZ on every spec (its explicit layout), the EMR tag on the workload subnets", () => {
        expect(
            subnetLayout({ cidrBlock: "10.0.0.0/22", availabilityZones: 2, natGateways: "single" }, { "for-use-with-amazon-emr-managed-policies": "true" }),
        ).to.deep.equal({
            subnetSpecs: [
                { type: "Private", cidrBlocks: ["10.0.0.0/24", "10.0.2.0/24"], tags: { "for-use-with-amazon-emr-managed-policies": "true" } },
                { type: "Public", cidrBlocks: ["10.0.1.0/24", "10.0.3.0/24"] },
            ],
            strategy: "Single",
        });
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
