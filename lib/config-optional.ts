/**
 * Config of the optional, paid-while-on parts: the VPC (`network`), the Redshift warehouse
 * (`redshift`) and EMR (`emr`). Both are off by default and the VPC exists only when one of them,
 * or VPC-attached zone processors, needs it. The schemas are mounted as top-level keys in
 * lib/config/schema.ts; `optionalIssues` holds the rules that span keys (a VPC-only option with no VPC, a
 * mode's block under another mode). The limits and defaults are the components' own
 * (components/network/args.ts, components/warehouse/args.ts, components/emr/args.ts), and
 * `resolveOptional` resolves these keys as DataLake resolves its args (`lakeNetwork`,
 * `lakeWarehouse`, `lakeEmr` in components/data-lake-args.ts). Pure.
 */
import { z } from "zod";
import { MIN_SUBNET_PREFIX, longestVpcPrefix, parseCidr, subnetPrefixes } from "./vpc-layout";
import { NETWORK_DEFAULTS, REDSHIFT_SERVERLESS_AZS } from "../components/network/args";
import {
    REDSHIFT_NODE_TYPES,
    WAREHOUSE_DEFAULTS,
    allowedNodeCounts,
    baseRpuAllowed,
    nodeCountAllowed,
    provisionedIssues,
    serverlessWarehouseIssues,
    type RedshiftNodeType,
} from "../components/warehouse/args";
import {
    EMR_CLUSTER_DEFAULTS,
    EMR_INSTANCE_TYPE,
    EMR_INSTANCE_TYPE_RULE,
    EMR_RELEASE_LABEL,
    EMR_RELEASE_RULE,
    EMR_SERVERLESS_DEFAULTS,
    emrServerlessIssues,
} from "../components/emr/args";
import {
    lakeAvailabilityZones,
    lakeEmr,
    lakeNetwork,
    lakeWarehouse,
    vpcUsers,
    type ResolvedLakeEmr,
    type ResolvedLakeNetwork,
    type ResolvedLakeWarehouse,
} from "../components/data-lake-args";

/** The warehouse's limits, as the config's tables test them. */
export { REDSHIFT_NODE_TYPES, allowedNodeCounts, baseRpuAllowed, nodeCountAllowed };

/** `a.b.c.d/n` with each octet 0-255; `min`..`max` bounds the prefix length. */
export function isCidr(value: string, min = 0, max = 32): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix < min || prefix > max) return false;
    // The address must be the network address itself (no host bits set), as EC2 requires (/32: 2 ** 0 = 1 divides any address).
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    return address % 2 ** (32 - prefix) === 0;
}

const cidr = (min: number, max: number, what: string) =>
    z.string().refine((v) => isCidr(v, min, max), `${what}: an IPv4 network like 10.0.0.0/16 (prefix /${min}-/${max}, no host bits set)`);

const scheduleExpr = z.string().regex(/^cron\(.+\)$/, "an EventBridge Scheduler cron expression like cron(0 6 * * ? *)");

// ---------------------------------------------------------------- network

const networkSchema = z
    .object({
        /** Run the zone processors, the real-time and the serving functions in the private subnets (reference 001 in docs/references.md; the ingest API stays out). Default false. */
        lambdasInVpc: z.boolean().default(false),
        /** `none` (isolated subnets, no internet route; ~$0), `single` or `onePerAz` (~$32/month per gateway plus data). Default none. */
        natGateways: z.enum(["none", "single", "onePerAz"]).default(NETWORK_DEFAULTS.natGateways),
        /** VPC CIDR block, /16 to /28 (AWS's range) and no longer than its subnets allow (lib/vpc-layout.ts). Default 10.64.0.0/16. */
        cidrBlock: cidr(16, MIN_SUBNET_PREFIX, "a VPC CIDR block").optional(),
        /** Availability zones for the subnets (2 or 3). Default 2, or 3 with redshift.mode serverless (a workgroup needs subnets in three AZs). */
        availabilityZones: z.number().int().min(2).max(3).optional(),
    })
    .strict();

// ---------------------------------------------------------------- redshift

const identifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "a lowercase identifier: letters, digits, '_', starting with a letter, at most 63 characters");

const provisionedSchema = z
    .object({
        /** Node type. Default ra3.large (dc2 is retired). */
        nodeType: z.enum(Object.keys(REDSHIFT_NODE_TYPES) as [RedshiftNodeType, ...RedshiftNodeType[]]).default(WAREHOUSE_DEFAULTS.provisioned.nodeType),
        /** Nodes: 1 is a single-node cluster, 2+ multi-node (limits per node type). Default 1. */
        numberOfNodes: z.number().int().min(1).default(WAREHOUSE_DEFAULTS.provisioned.numberOfNodes),
        /** Automated snapshot retention (days, 1-35). Default 7. */
        snapshotRetentionDays: z.number().int().min(1).max(35).default(WAREHOUSE_DEFAULTS.provisioned.snapshotRetentionDays),
    })
    .strict()
    .superRefine((p, ctx) => {
        for (const issue of provisionedIssues(p)) ctx.addIssue({ code: "custom", path: [issue.setting], message: issue.message });
    });

const serverlessWarehouseSchema = z
    .object({
        /** Base capacity (RPUs). Default 8, the smallest multiple of 8. */
        baseRpu: z.number().default(WAREHOUSE_DEFAULTS.serverless.baseRpu),
        /** Maximum capacity (RPUs): caps scaling and so the bill. Default 64. */
        maxRpu: z.number().default(WAREHOUSE_DEFAULTS.serverless.maxRpu),
    })
    .strict()
    .superRefine((s, ctx) => {
        for (const issue of serverlessWarehouseIssues(s)) ctx.addIssue({ code: "custom", path: [issue.setting], message: issue.message });
    });

const redshiftSchema = z
    .object({
        /** `off`, `provisioned` (a cluster) or `serverless` (namespace + workgroup). Default off. */
        mode: z.enum(["off", "provisioned", "serverless"]).default("off"),
        /** Database created in the warehouse. Default lake. */
        databaseName: identifier.optional(),
        /** Admin user (its password is generated and kept in Secrets Manager). Default lakeadmin. */
        adminUsername: identifier.optional(),
        /** IPv4 networks allowed to connect on 5439 (never /0). Default none. */
        allowedCidrs: z
            .array(cidr(8, 32, "an allowed client network"))
            .max(50)
            .optional(),
        /** Security groups (sg-...) allowed to connect on 5439, e.g. a BI tool's. Default none. */
        allowedSecurityGroupIds: z
            .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id like sg-0123456789abcdef0"))
            .max(50)
            .optional(),
        /** When the daily load runs (EventBridge Scheduler, UTC). Default cron(0 6 * * ? *), after the 04:00 ETL. */
        loadSchedule: scheduleExpr.optional(),
        /** mode provisioned only: {nodeType ra3.large, numberOfNodes 1, snapshotRetentionDays 7}. */
        provisioned: provisionedSchema.optional(),
        /** mode serverless only: {baseRpu 8, maxRpu 64}. */
        serverless: serverlessWarehouseSchema.optional(),
    })
    .strict();

// ---------------------------------------------------------------- emr

const emrInstanceType = z.string().regex(EMR_INSTANCE_TYPE, EMR_INSTANCE_TYPE_RULE);

const emrServerlessSchema = z
    .object({
        /** Stop the application after this many idle minutes (1-10080). Default 15. */
        autoStopIdleMinutes: z.number().int().min(1).max(10080).default(EMR_SERVERLESS_DEFAULTS.autoStopIdleMinutes),
        /** Maximum vCPUs across all workers. Default 32. */
        maxVcpu: z.number().int().min(1).max(10000).default(EMR_SERVERLESS_DEFAULTS.maxVcpu),
        /** Maximum memory (GB) across all workers. Default 128. */
        maxMemoryGb: z.number().int().min(1).max(100000).default(EMR_SERVERLESS_DEFAULTS.maxMemoryGb),
        /** Maximum disk (GB) across all workers. Default 1000. */
        maxDiskGb: z.number().int().min(20).max(500000).default(EMR_SERVERLESS_DEFAULTS.maxDiskGb),
    })
    .strict();

const emrClusterSchema = z
    .object({
        /** Primary node type. Default m5.xlarge (002: one m3.xlarge, a retired generation). */
        primaryInstanceType: emrInstanceType.default(EMR_CLUSTER_DEFAULTS.primaryInstanceType),
        /** Primary nodes: 1, or 3 for high availability. Default 1. */
        primaryInstanceCount: z.union([z.literal(1), z.literal(3)]).default(EMR_CLUSTER_DEFAULTS.primaryInstanceCount),
        /** Core node type. Default m5.xlarge. */
        coreInstanceType: emrInstanceType.default(EMR_CLUSTER_DEFAULTS.coreInstanceType),
        /** Core nodes (1-50). Default 1. */
        coreInstanceCount: z.number().int().min(1).max(50).default(EMR_CLUSTER_DEFAULTS.coreInstanceCount),
        /** EC2 key pair for SSH to the primary node. Default none: no SSH. */
        keyPair: z
            .string()
            .regex(/^[\w.+=@/-]{1,255}$/, "an EC2 key pair name")
            .optional(),
        /** Terminate the cluster after this many idle minutes (1-10080; EMR allows 1 minute to 7 days). Default 60. */
        idleTimeoutMinutes: z.number().int().min(1).max(10080).default(EMR_CLUSTER_DEFAULTS.idleTimeoutMinutes),
    })
    .strict();

const emrSchema = z
    .object({
        /** `off`, `serverless` (an EMR Serverless Spark application) or `cluster` (an EMR on EC2 cluster). Default off. */
        mode: z.enum(["off", "serverless", "cluster"]).default("off"),
        /** EMR release. Default emr-7.11.0 (Spark 3.5.6, as Glue 5.1); EMR Serverless runs emr-6.6.0 and later. */
        releaseLabel: z.string().regex(EMR_RELEASE_LABEL, EMR_RELEASE_RULE).optional(),
        /** mode serverless only: {autoStopIdleMinutes 15, maxVcpu 32, maxMemoryGb 128, maxDiskGb 1000}. */
        serverless: emrServerlessSchema.optional(),
        /** mode cluster only: {primaryInstanceType m5.xlarge, primaryInstanceCount 1, coreInstanceType m5.xlarge, coreInstanceCount 1, keyPair, idleTimeoutMinutes 60}. */
        cluster: emrClusterSchema.optional(),
    })
    .strict();

export const optionalSchemas = {
    /** The VPC of the warehouse, EMR and VPC-attached zone processors. */
    network: networkSchema.default(networkSchema.parse({})),
    /** The optional Redshift warehouse. */
    redshift: redshiftSchema.default(redshiftSchema.parse({})),
    /** Optional EMR. */
    emr: emrSchema.default(emrSchema.parse({})),
};

type NetworkInput = z.output<typeof networkSchema>;
type RedshiftInput = z.output<typeof redshiftSchema>;
type EmrInput = z.output<typeof emrSchema>;

interface Issue {
    path: string[];
    message: string;
}

/** A mode's block under another mode, and options of a part that is off. */
function modeIssues(part: "redshift" | "emr", mode: string, value: Record<string, unknown>, blocks: string[]): Issue[] {
    const issues: Issue[] = [];
    for (const block of blocks) {
        if (value[block] !== undefined && mode !== block) {
            issues.push({ path: [part, block], message: `applies only to ${part}.mode '${block}' (mode is '${mode}')` });
        }
    }
    if (mode === "off") {
        for (const key of Object.keys(value)) {
            if (key !== "mode" && !blocks.includes(key) && value[key] !== undefined) {
                issues.push({
                    path: [part, key],
                    message: `${part}.mode is 'off': set ${part}.mode to ${blocks.map((b) => `'${b}'`).join(" or ")} or remove this option`,
                });
            }
        }
    }
    return issues;
}

/** Rules across the optional keys; each issue names the key. */
export function optionalIssues(c: { network: NetworkInput; redshift: RedshiftInput; emr: EmrInput }): Issue[] {
    const issues = [
        ...modeIssues("redshift", c.redshift.mode, c.redshift, ["provisioned", "serverless"]),
        ...modeIssues("emr", c.emr.mode, c.emr, ["serverless", "cluster"]),
    ];
    // A malformed label is the schema's to report.
    if (c.emr.mode === "serverless" && c.emr.releaseLabel !== undefined && EMR_RELEASE_LABEL.test(c.emr.releaseLabel)) {
        issues.push(...emrServerlessIssues({ releaseLabel: c.emr.releaseLabel }).map((i) => ({ path: ["emr", i.setting], message: i.message })));
    }
    if (c.redshift.mode === "serverless" && (c.network.availabilityZones ?? REDSHIFT_SERVERLESS_AZS) < REDSHIFT_SERVERLESS_AZS) {
        issues.push({
            path: ["network", "availabilityZones"],
            message: "redshift.mode 'serverless' needs subnets in 3 availability zones: set 3 or leave it unset",
        });
    }
    if (vpcUsers(c).length > 0) {
        issues.push(...layoutIssues(c));
    } else {
        const why = "nothing needs a VPC (it exists only for redshift.mode, emr.mode other than 'off', or network.lambdasInVpc)";
        if (c.network.natGateways !== "none") issues.push({ path: ["network", "natGateways"], message: `a NAT gateway needs a VPC, and ${why}` });
        for (const key of ["cidrBlock", "availabilityZones"] as const) {
            if (c.network[key] !== undefined) issues.push({ path: ["network", key], message: `is a VPC option, and ${why}` });
        }
    }
    return issues;
}

/** Availability zones: as set, else the lake's default for its warehouse mode (`lakeAvailabilityZones`). */
function availabilityZonesOf(c: { network: NetworkInput; redshift: RedshiftInput }): number {
    return c.network.availabilityZones ?? lakeAvailabilityZones(c.redshift.mode);
}

/** A VPC CIDR too small for a /28-or-larger subnet of each kind in each AZ (the schema reports malformed ones). */
function layoutIssues(c: { network: NetworkInput; redshift: RedshiftInput }): Issue[] {
    const { cidrBlock, natGateways: nat } = c.network;
    if (cidrBlock === undefined || !isCidr(cidrBlock, 16, MIN_SUBNET_PREFIX)) return [];
    const azs = availabilityZonesOf(c);
    if (subnetPrefixes(parseCidr(cidrBlock)[1], azs, nat)) return [];
    const subnets = nat === "none" ? "an isolated subnet" : `a private and a public subnet (natGateways '${nat}')`;
    // Other ways out: 2 zones (unless already 2, or Redshift Serverless needs 3), no NAT.
    const others = [...(azs > 2 && c.redshift.mode !== "serverless" ? ["2 availability zones"] : []), ...(nat === "none" ? [] : ["natGateways 'none'"])];
    return [
        {
            path: ["network", "cidrBlock"],
            message: `too small for ${subnets} in each of ${azs} availability zones, each at least a /${MIN_SUBNET_PREFIX} (AWS's smallest subnet): use a prefix of /${longestVpcPrefix(azs, nat)} or shorter${others.map((o) => `, or ${o}`).join("")}`,
        },
    ];
}

/** The network as the lake resolves it: whether it has a VPC and why (`vpcUsers`), and the VPC's settings. */
export type NetworkConfig = ResolvedLakeNetwork;
export type RedshiftConfig = ResolvedLakeWarehouse;
export type EmrConfig = ResolvedLakeEmr;

/** The validated optional keys with every default applied by the lake and its areas (call after the schema and `optionalIssues` passed). */
export function resolveOptional(c: { network: NetworkInput; redshift: RedshiftInput; emr: EmrInput }): {
    network: NetworkConfig;
    redshift: RedshiftConfig;
    emr: EmrConfig;
} {
    return { network: lakeNetwork(c), redshift: lakeWarehouse(c.redshift), emr: lakeEmr(c.emr) };
}
