/**
 * Boundary tables for lib/config-optional.ts: every numeric limit just inside and just outside,
 * every pattern with values that differ only at an anchor or a quantifier's edge, every enum
 * value. An accepted value must come back unchanged in the resolved config; a refused one must
 * fail with exactly one line naming `datalake:<key> = <value>` and the allowed text.
 */
import { expect } from "chai";
import { RawConfig, parseConfig } from "../../lib/config";
import { allowedNodeCounts, baseRpuAllowed, isCidr, nodeCountAllowed } from "../../lib/config-optional";
import { NOT_INT, intRange, oneOf, tooBig, tooSmall } from "./config-bound-rows";
import { configErrorLines, configLine } from "./config-errors";

/** A deep copy of `base` with `value` at the dotted `key` (array indexes included). */
function withValue(base: RawConfig, key: string, value: unknown): RawConfig {
    const copy = structuredClone(base) as Record<string, any>;
    const parts = key.split(".");
    let node = copy;
    for (const p of parts.slice(0, -1)) node = node[p] ??= {};
    node[parts[parts.length - 1]] = value;
    return copy as RawConfig;
}

function valueAt(obj: unknown, key: string): unknown {
    return key.split(".").reduce((v: any, p) => v?.[p], obj);
}

const VPC_CIDR = "a VPC CIDR block: an IPv4 network like 10.0.0.0/16 (prefix /16-/28, no host bits set)";
const CLIENT_CIDR = "an allowed client network: an IPv4 network like 10.0.0.0/16 (prefix /8-/32, no host bits set)";
const IDENTIFIER = "a lowercase identifier: letters, digits, '_', starting with a letter, at most 63 characters";
const SG = "a security group id like sg-0123456789abcdef0";
const CRON = "an EventBridge Scheduler cron expression like cron(0 6 * * ? *)";
const INSTANCE = "an EMR instance type like m5.xlarge, m6g.2xlarge or r7i.4xlarge (m/c/r families of generation 5-7, xlarge and up)";
const KEY_PAIR = "an EC2 key pair name";
const RELEASE = "an EMR 6.x or 7.x release label like emr-7.11.0";
const SERVERLESS_RELEASE = "EMR Serverless offers emr-6.6.0 and later: set a later release or leave it unset";
const BASE_RPU = "base capacity must be 4, 8-512 in steps of 8, or 544-1024 in steps of 32";
const maxRpu = (base: number) => `max capacity must be a multiple of 8 from baseRpu (${base}) to 5632`;

const hex = (n: number) => "0123456789abcdef0123456789".slice(0, n);
const identifierRows = (key: string, base: RawConfig): Bound => ({
    key,
    base,
    inside: ["a", "lake", "a_1", "z9", `a${"b".repeat(62)}`],
    outside: ["", "A", "Lake", "lakE", "1lake", "_lake", "lake-", "la ke", `a${"b".repeat(63)}`].map((v) => [v, IDENTIFIER]),
});

interface Bound {
    /** Dotted key under `datalake:`; the resolved config has the value at the same path. */
    key: string;
    /** The config that makes the key meaningful (its mode, something that needs the VPC). */
    base: RawConfig;
    inside: unknown[];
    /** Refused values and the allowed text of their single error line. */
    outside: [unknown, string][];
}

const vpcUser: RawConfig = { emr: { mode: "serverless" } };
const provisioned: RawConfig = { redshift: { mode: "provisioned" } };
const serverless = (s: Record<string, unknown>): RawConfig => ({ redshift: { mode: "serverless", serverless: s } });
const emrServerless: RawConfig = { emr: { mode: "serverless", serverless: {} } };
const emrCluster: RawConfig = { emr: { mode: "cluster", cluster: {} } };

const bounds: Bound[] = [
    // ------------------------------------------------ network
    { key: "network.lambdasInVpc", base: vpcUser, inside: [true, false], outside: [["true", "Invalid input: expected boolean, received string"]] },
    { key: "network.natGateways", base: vpcUser, inside: ["none", "single", "onePerAz"], outside: [["None", oneOf("none", "single", "onePerAz")]] },
    {
        key: "network.cidrBlock",
        base: vpcUser,
        // The base has 2 AZs and no NAT: /27 is the longest prefix its subnets fit (subnet-layout.test.ts covers the rest).
        inside: ["10.64.0.0/16", "10.0.0.0/24", "172.16.0.0/20", "10.255.0.0/16", "255.255.255.0/24", "0.0.0.0/16", "10.0.0.224/27"],
        outside: [
            "10.0.0.0/15", // prefix edges
            "10.0.0.0/29",
            "10.64.1.0/16", // host bits
            "10.0.0.128/24",
            "10.0.0.8/28",
            "256.0.0.0/16", // octet edges
            "10.256.0.0/16",
            "10.0.256.0/24",
            "10.0.0.256/24",
            "1010.0.0.0/16", // anchors
            "10.0.0.0/16x",
            "10.0.0.0/016",
            "10.0.0/16",
            "10.0.0.0",
            "",
        ].map((v) => [v, VPC_CIDR]),
    },
    { key: "network.availabilityZones", base: vpcUser, ...intRange(2, 3) },

    // ------------------------------------------------ redshift
    { key: "redshift.mode", base: {}, inside: ["off", "provisioned", "serverless"], outside: [["Off", oneOf("off", "provisioned", "serverless")]] },
    identifierRows("redshift.databaseName", provisioned),
    identifierRows("redshift.adminUsername", { redshift: { mode: "serverless" } }),
    {
        key: "redshift.allowedCidrs.0",
        base: { redshift: { mode: "provisioned", allowedCidrs: [] } },
        inside: ["10.0.0.0/8", "10.0.0.128/25", "203.0.113.255/32", "255.255.255.255/32", "192.168.0.0/31"],
        outside: [
            "10.0.0.0/7",
            "0.0.0.0/0",
            "10.0.0.0/33",
            "10.0.0.1/31",
            "10.0.0.128/24",
            "10.0.0.0/99",
            "256.0.0.0/8",
            "1010.0.0.0/8",
            "10.0.0.0/8 ",
            "10.0.0.1000/32",
            "fd00::/8",
        ].map((v) => [v, CLIENT_CIDR]),
    },
    {
        key: "redshift.allowedSecurityGroupIds.0",
        base: { redshift: { mode: "provisioned", allowedSecurityGroupIds: [] } },
        inside: [`sg-${hex(8)}`, `sg-${hex(17)}`, "sg-ffffffff"],
        outside: [`sg-${hex(7)}`, `sg-${hex(18)}`, "sg-0123456G", "sg-0123456g", "SG-01234567", `xsg-${hex(8)}`, `sg-${hex(8)}x`, "sg-", "quicksight"].map(
            (v) => [v, SG],
        ),
    },
    {
        key: "redshift.loadSchedule",
        base: provisioned,
        inside: ["cron(0 6 * * ? *)", "cron(x)", "cron(30 2 ? * MON-FRI *)"],
        outside: ["cron()", "rate(1 day)", "xcron(0 6 * * ? *)", "cron(0 6 * * ? *)x", "cron(0 6 * * ? *", "at(2026-01-01T06:00:00)"].map((v) => [v, CRON]),
    },
    {
        key: "redshift.provisioned.nodeType",
        base: { redshift: { mode: "provisioned", provisioned: { numberOfNodes: 2 } } },
        inside: ["ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge"],
        outside: ["dc2.large", "ra3.8xlarge", "RA3.LARGE"].map((v) => [v, oneOf("ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge")]),
    },
    {
        key: "redshift.provisioned.snapshotRetentionDays",
        base: provisioned,
        inside: [1, 7, 35],
        outside: [
            [0, tooSmall(1)],
            [36, tooBig(35)],
            [7.5, NOT_INT],
        ],
    },
    {
        key: "redshift.serverless.baseRpu",
        base: serverless({ maxRpu: 5632 }),
        inside: [4, 8, 16, 504, 512, 544, 576, 1024],
        outside: [0, 3, 5, 7, 9, 12, 508, 513, 520, 536, 1000, 1025, 1056, 4.5, 8.5, 544.5].map((v) => [v, BASE_RPU]),
    },
    {
        key: "redshift.serverless.maxRpu",
        base: serverless({ baseRpu: 16 }),
        inside: [16, 24, 5624, 5632],
        outside: [8, 15, 20, 5633, 5640, 16.5].map((v) => [v, maxRpu(16)]),
    },

    // ------------------------------------------------ emr
    { key: "emr.mode", base: {}, inside: ["off", "serverless", "cluster"], outside: [["EKS", oneOf("off", "serverless", "cluster")]] },
    {
        key: "emr.releaseLabel",
        base: vpcUser,
        inside: ["emr-6.6.0", "emr-6.15.0", "emr-7.11.0", "emr-7.1.10"],
        outside: [
            ...["emr-5.36.0", "emr-8.0.0", "emr-67.1.0", "xemr-7.11.0", "emr-7.11.0x", "emr-7.11", "emr-7..0", "emr-7.a.0", "emr-7.11.x", "emr-7.11."].map(
                (v): [string, string] => [v, RELEASE],
            ),
            // Well-formed, but older than anything EMR Serverless runs.
            ...["emr-6.0.0", "emr-6.5.9"].map((v): [string, string] => [v, SERVERLESS_RELEASE]),
        ],
    },
    { key: "emr.serverless.autoStopIdleMinutes", base: emrServerless, ...intRange(1, 10080) },
    { key: "emr.serverless.maxVcpu", base: emrServerless, ...intRange(1, 10000) },
    { key: "emr.serverless.maxMemoryGb", base: emrServerless, ...intRange(1, 100000) },
    { key: "emr.serverless.maxDiskGb", base: emrServerless, ...intRange(20, 500000) },
    ...["primaryInstanceType", "coreInstanceType"].map((field): Bound => ({
        key: `emr.cluster.${field}`,
        base: emrCluster,
        inside: ["m5.xlarge", "m5a.2xlarge", "m6g.2xlarge", "c7g.9xlarge", "r7i.48xlarge", "r6gd.12xlarge", "c5d.24xlarge"],
        outside: ["m3.xlarge", "m5.large", "m5.xxlarge", "m5.3xlarge", "t3.xlarge", "M5.XLARGE", "xm5.xlarge", "m5.xlargex", "m5.2xlarge2", "m5xlarge"].map(
            (v) => [v, INSTANCE],
        ),
    })),
    {
        key: "emr.cluster.primaryInstanceCount",
        base: emrCluster,
        inside: [1, 3],
        outside: [
            [0, "Invalid input"],
            [2, "Invalid input"],
            [4, "Invalid input"],
        ],
    },
    { key: "emr.cluster.coreInstanceCount", base: emrCluster, ...intRange(1, 50) },
    {
        key: "emr.cluster.keyPair",
        base: emrCluster,
        inside: ["k", "ab", "lake-admin_1.pem", "a+b=c@d/e", "k".repeat(255)],
        outside: ["", "k".repeat(256), "my key", "!key", "key!", "clé"].map((v) => [v, KEY_PAIR]),
    },
    { key: "emr.cluster.idleTimeoutMinutes", base: emrCluster, ...intRange(1, 10080) },
];

describe("lib/config-optional bounds", () => {
    for (const b of bounds) {
        describe(b.key, () => {
            for (const v of b.inside) {
                it(`${JSON.stringify(v)} is accepted and resolved unchanged`, () =>
                    expect(valueAt(parseConfig(withValue(b.base, b.key, v)), b.key)).to.deep.equal(v));
            }
            for (const [v, message] of b.outside) {
                it(`${JSON.stringify(v)} is refused: ${message}`, () =>
                    expect(configErrorLines(withValue(b.base, b.key, v))).to.deep.equal([configLine(b.key, v, message)]));
            }
        });
    }

    describe("list lengths (at most 50 entries)", () => {
        const lists: [string, string][] = [
            ["redshift.allowedCidrs", "10.0.0.0/8"],
            ["redshift.allowedSecurityGroupIds", `sg-${hex(8)}`],
        ];
        for (const [key, item] of lists) {
            for (const n of [0, 1, 50]) {
                it(`${key} with ${n} entries is accepted`, () => {
                    const list = Array(n).fill(item);
                    expect(valueAt(parseConfig(withValue(provisioned, key, list)), key)).to.deep.equal(list);
                });
            }
            it(`${key} with 51 entries is refused`, () => {
                const list = Array(51).fill(item);
                expect(configErrorLines(withValue(provisioned, key, list))).to.deep.equal([
                    configLine(key, list, "Too big: expected array to have <=50 items"),
                ]);
            });
        }
    });

    describe("node counts: the message names the node type's allowed counts", () => {
        const rows: [string, number, string][] = [
            ["ra3.large", 17, "ra3.large allows 1 (single-node) or 2-16 (multi-node) nodes"],
            ["ra3.xlplus", 33, "ra3.xlplus allows 1 (single-node) or 2-32 (multi-node) nodes"],
            ["ra3.4xlarge", 1, "ra3.4xlarge allows 2-32 (multi-node) nodes"],
            ["ra3.16xlarge", 129, "ra3.16xlarge allows 2-128 (multi-node) nodes"],
        ];
        for (const [nodeType, n, message] of rows) {
            it(`${nodeType} x ${n}: ${message}`, () => {
                const raw = { redshift: { mode: "provisioned", provisioned: { nodeType, numberOfNodes: n } } };
                expect(configErrorLines(raw)).to.deep.equal([configLine("redshift.provisioned.numberOfNodes", n, message)]);
            });
        }
        it("0 nodes fail the minimum and the node type's rule", () => {
            expect(configErrorLines({ redshift: { mode: "provisioned", provisioned: { numberOfNodes: 0 } } })).to.deep.equal([
                configLine("redshift.provisioned.numberOfNodes", 0, tooSmall(1)),
                configLine("redshift.provisioned.numberOfNodes", 0, "ra3.large allows 1 (single-node) or 2-16 (multi-node) nodes"),
            ]);
        });
        it("allowedNodeCounts spells each rule", () => {
            expect(["ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge"].map((t) => allowedNodeCounts(t as "ra3.large"))).to.deep.equal([
                "1 (single-node) or 2-16 (multi-node)",
                "1 (single-node) or 2-32 (multi-node)",
                "2-32 (multi-node)",
                "2-128 (multi-node)",
            ]);
        });
        const direct: [string, number, boolean][] = [
            ["ra3.large", -1, false],
            ["ra3.large", 0, false],
            ["ra3.large", 1, true],
            ["ra3.large", 1.5, false],
            ["ra3.large", 2, true],
            ["ra3.large", 16.5, false],
            ["ra3.4xlarge", 0, false],
            ["ra3.4xlarge", 1, false],
            ["ra3.4xlarge", 2, true],
        ];
        for (const [nodeType, n, ok] of direct) {
            it(`nodeCountAllowed(${nodeType}, ${n}) is ${ok}`, () => expect(nodeCountAllowed(nodeType as "ra3.large", n)).to.equal(ok));
        }
    });

    describe("baseRpuAllowed outside the schema (NaN, infinities)", () => {
        for (const v of [NaN, Infinity, -Infinity, -8, -4]) it(`${v} is refused`, () => expect(baseRpuAllowed(v)).to.equal(false));
    });

    describe("isCidr with its default prefix range /0-/32", () => {
        const rows: [string, boolean][] = [
            ["0.0.0.0/0", true],
            ["128.0.0.0/1", true],
            ["1.0.0.0/7", false],
            ["2.0.0.0/7", true],
            ["10.0.0.1/32", true],
            ["10.0.0.1/33", false],
            ["1.0.0.0/0", false],
        ];
        for (const [v, ok] of rows) it(`${v} is ${ok ? "a network" : "refused"}`, () => expect(isCidr(v)).to.equal(ok));
    });

    describe("resolved defaults", () => {
        const warehouse = {
            databaseName: "lake",
            adminUsername: "lakeadmin",
            allowedCidrs: [],
            allowedSecurityGroupIds: [],
            loadSchedule: "cron(0 6 * * ? *)",
        };
        const clusterDefaults = {
            primaryInstanceType: "m5.xlarge",
            primaryInstanceCount: 1,
            coreInstanceType: "m5.xlarge",
            coreInstanceCount: 1,
            idleTimeoutMinutes: 60,
        };
        const network = (over: Record<string, unknown>) => ({
            needed: true,
            lambdasInVpc: false,
            natGateways: "none",
            cidrBlock: "10.64.0.0/16",
            availabilityZones: 2,
            ...over,
        });
        const rows: [string, RawConfig, Record<string, unknown>][] = [
            ["nothing on: no VPC, both parts off", {}, { network: network({ needed: false, users: [] }), redshift: { mode: "off" }, emr: { mode: "off" } }],
            [
                "explicit off modes resolve like the defaults",
                { redshift: { mode: "off" }, emr: { mode: "off" }, network: { lambdasInVpc: false, natGateways: "none" } },
                { network: network({ needed: false, users: [] }), redshift: { mode: "off" }, emr: { mode: "off" } },
            ],
            [
                "provisioned: two AZs, ra3.large x 1, 7 days",
                { redshift: { mode: "provisioned" } },
                {
                    network: network({ users: ["redshift.mode provisioned"] }),
                    redshift: { mode: "provisioned", ...warehouse, provisioned: { nodeType: "ra3.large", numberOfNodes: 1, snapshotRetentionDays: 7 } },
                    emr: { mode: "off" },
                },
            ],
            [
                "a partial provisioned block keeps the other defaults",
                { redshift: { mode: "provisioned", provisioned: { numberOfNodes: 4 } } },
                {
                    network: network({ users: ["redshift.mode provisioned"] }),
                    redshift: { mode: "provisioned", ...warehouse, provisioned: { nodeType: "ra3.large", numberOfNodes: 4, snapshotRetentionDays: 7 } },
                    emr: { mode: "off" },
                },
            ],
            [
                "serverless: three AZs, 8 base and 64 max RPUs",
                { redshift: { mode: "serverless" } },
                {
                    network: network({ users: ["redshift.mode serverless"], availabilityZones: 3 }),
                    redshift: { mode: "serverless", ...warehouse, serverless: { baseRpu: 8, maxRpu: 64 } },
                    emr: { mode: "off" },
                },
            ],
            [
                "a partial serverless block keeps the other default",
                { redshift: { mode: "serverless", serverless: { maxRpu: 128 } } },
                {
                    network: network({ users: ["redshift.mode serverless"], availabilityZones: 3 }),
                    redshift: { mode: "serverless", ...warehouse, serverless: { baseRpu: 8, maxRpu: 128 } },
                    emr: { mode: "off" },
                },
            ],
            [
                "EMR Serverless: emr-7.11.0, stops after 15 idle minutes, 32 vCPU, 128 GB, 1000 GB disk; two AZs",
                { emr: { mode: "serverless" } },
                {
                    network: network({ users: ["emr.mode serverless"] }),
                    redshift: { mode: "off" },
                    emr: {
                        mode: "serverless",
                        releaseLabel: "emr-7.11.0",
                        serverless: { autoStopIdleMinutes: 15, maxVcpu: 32, maxMemoryGb: 128, maxDiskGb: 1000 },
                    },
                },
            ],
            [
                "EMR cluster: 1 + 1 m5.xlarge, no key pair, 60 idle minutes",
                { emr: { mode: "cluster", releaseLabel: "emr-6.15.0" } },
                {
                    network: network({ users: ["emr.mode cluster"] }),
                    redshift: { mode: "off" },
                    emr: {
                        mode: "cluster",
                        releaseLabel: "emr-6.15.0",
                        cluster: clusterDefaults,
                    },
                },
            ],
            [
                "everything on: users in order redshift, emr, lambdas",
                { redshift: { mode: "serverless" }, emr: { mode: "cluster" }, network: { lambdasInVpc: true } },
                {
                    network: network({
                        users: ["redshift.mode serverless", "emr.mode cluster", "network.lambdasInVpc"],
                        lambdasInVpc: true,
                        availabilityZones: 3,
                    }),
                    redshift: { mode: "serverless", ...warehouse, serverless: { baseRpu: 8, maxRpu: 64 } },
                    emr: {
                        mode: "cluster",
                        releaseLabel: "emr-7.11.0",
                        cluster: clusterDefaults,
                    },
                },
            ],
        ];
        for (const [what, raw, want] of rows) {
            it(what, () => {
                const c = parseConfig(raw);
                expect({ network: c.network, redshift: c.redshift, emr: c.emr }).to.deep.equal(want);
            });
        }
        it("keys given as undefined count as unset (no 'mode is off' or 'applies only to' issue)", () => {
            const raw = { redshift: { databaseName: undefined, provisioned: undefined }, emr: { releaseLabel: undefined, cluster: undefined } };
            expect(parseConfig(raw)).to.deep.include({ redshift: { mode: "off" }, emr: { mode: "off" } });
        });
    });

    describe("rules across keys: the exact issues", () => {
        const why = "nothing needs a VPC (it exists only for redshift.mode, emr.mode other than 'off', or network.lambdasInVpc)";
        const rows: [string, RawConfig, string[]][] = [
            [
                "a serverless warehouse with two AZs",
                { redshift: { mode: "serverless" }, network: { availabilityZones: 2 } },
                [configLine("network.availabilityZones", 2, "redshift.mode 'serverless' needs subnets in 3 availability zones: set 3 or leave it unset")],
            ],
            [
                "a mode's block under the other mode",
                { redshift: { mode: "serverless", provisioned: {} }, emr: { mode: "cluster", serverless: {} } },
                [
                    configLine("redshift.provisioned", {}, "applies only to redshift.mode 'provisioned' (mode is 'serverless')"),
                    configLine("emr.serverless", {}, "applies only to emr.mode 'serverless' (mode is 'cluster')"),
                ],
            ],
            [
                "a mode's block with the mode off",
                { redshift: { serverless: {} }, emr: { cluster: {} } },
                [
                    configLine("redshift.serverless", {}, "applies only to redshift.mode 'serverless' (mode is 'off')"),
                    configLine("emr.cluster", {}, "applies only to emr.mode 'cluster' (mode is 'off')"),
                ],
            ],
            [
                "options of parts that are off",
                { redshift: { databaseName: "lake", loadSchedule: "cron(0 6 * * ? *)" }, emr: { releaseLabel: "emr-7.11.0" } },
                [
                    configLine(
                        "redshift.databaseName",
                        "lake",
                        "redshift.mode is 'off': set redshift.mode to 'provisioned' or 'serverless' or remove this option",
                    ),
                    configLine(
                        "redshift.loadSchedule",
                        "cron(0 6 * * ? *)",
                        "redshift.mode is 'off': set redshift.mode to 'provisioned' or 'serverless' or remove this option",
                    ),
                    configLine("emr.releaseLabel", "emr-7.11.0", "emr.mode is 'off': set emr.mode to 'serverless' or 'cluster' or remove this option"),
                ],
            ],
            [
                "every VPC option with nothing that needs a VPC",
                { network: { natGateways: "single", cidrBlock: "10.64.0.0/16", availabilityZones: 2 } },
                [
                    configLine("network.natGateways", "single", `a NAT gateway needs a VPC, and ${why}`),
                    configLine("network.cidrBlock", "10.64.0.0/16", `is a VPC option, and ${why}`),
                    configLine("network.availabilityZones", 2, `is a VPC option, and ${why}`),
                ],
            ],
        ];
        for (const [what, raw, issues] of rows) it(`${what} is refused`, () => expect(configErrorLines(raw)).to.deep.equal(issues));

        const accepted: [string, RawConfig, number][] = [
            ["serverless with three AZs", { redshift: { mode: "serverless" }, network: { availabilityZones: 3 } }, 3],
            ["provisioned with two AZs", { redshift: { mode: "provisioned" }, network: { availabilityZones: 2 } }, 2],
            ["EMR with two AZs", { emr: { mode: "serverless" }, network: { availabilityZones: 2 } }, 2],
            ["lambdas in the VPC with three AZs", { network: { lambdasInVpc: true, availabilityZones: 3 } }, 3],
        ];
        for (const [what, raw, azs] of accepted) it(`${what} is accepted`, () => expect(parseConfig(raw).network.availabilityZones).to.equal(azs));
    });
});
