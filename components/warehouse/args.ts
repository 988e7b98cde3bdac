/**
 * The warehouse area's own args, its Redshift limits and its defaults, applied inside `Warehouse`
 * (`warehouseWithDefaults`). Pure, so lib/config-optional.ts validates the stack config's
 * `redshift` against the same limits and maps it here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";

/** Provisioned node types (dc2 is retired for new clusters). */
export const RedshiftNodeType = { ra3_large: "ra3.large", ra3_xlplus: "ra3.xlplus", ra3_4xlarge: "ra3.4xlarge", ra3_16xlarge: "ra3.16xlarge" } as const;
export type RedshiftNodeType = (typeof RedshiftNodeType)[keyof typeof RedshiftNodeType];

/**
 * Provisioned node types (dc2 is retired for new clusters) and their node counts: `single` says
 * whether a one-node cluster exists, `max` the largest multi-node cluster at creation
 * (Redshift Management Guide, "Node type details", checked 2026).
 */
export const REDSHIFT_NODE_TYPES = {
    "ra3.large": { single: true, max: 16 },
    "ra3.xlplus": { single: true, max: 32 },
    "ra3.4xlarge": { single: false, max: 32 },
    "ra3.16xlarge": { single: false, max: 128 },
} as const satisfies Record<RedshiftNodeType, { single: boolean; max: number }>;

/** Node counts a node type allows: 1 (single-node) where offered, else 2..max (multi-node). */
export function allowedNodeCounts(nodeType: RedshiftNodeType): string {
    const t = REDSHIFT_NODE_TYPES[nodeType];
    return `${t.single ? "1 (single-node) or " : ""}2-${t.max} (multi-node)`;
}

export function nodeCountAllowed(nodeType: RedshiftNodeType, count: number): boolean {
    const t = REDSHIFT_NODE_TYPES[nodeType];
    return Number.isInteger(count) && (count === 1 ? t.single : count >= 2 && count <= t.max);
}

/**
 * Serverless base capacity (Redshift Management Guide, "Compute capacity", checked 2026): 4, or
 * 8-512 in steps of 8, or 512-1024 in steps of 32 (1024 only in some regions: us-east-1,
 * us-east-2, us-west-2, eu-west-1, eu-central-1).
 */
export function baseRpuAllowed(rpu: number): boolean {
    // No integer check: a fraction (or NaN) is a multiple of neither 8 nor 32.
    if (rpu === 4) return true;
    if (rpu >= 8 && rpu <= 512) return rpu % 8 === 0;
    return rpu > 512 && rpu <= 1024 && rpu % 32 === 0;
}
export const BASE_RPU_RULE = "4, 8-512 in steps of 8, or 544-1024 in steps of 32";
/** Serverless max capacity: a multiple of 8 up to 5632 RPUs, not below the base. */
export const MAX_RPU_LIMIT = 5632;

/** A provisioned cluster's size. */
export interface ProvisionedProps {
    /**
     * Node type (dc2 is retired).
     * @default "ra3.large"
     */
    nodeType?: RedshiftNodeType;
    /**
     * Nodes: 1 is a single-node cluster, 2+ multi-node (limits per node type: `allowedNodeCounts`).
     * @default 1
     */
    numberOfNodes?: number;
    /**
     * Automated snapshot retention (days, 1-35).
     * @default 7
     */
    snapshotRetentionDays?: number;
}

/** A serverless workgroup's capacity. */
export interface ServerlessWarehouseProps {
    /**
     * Base capacity (RPUs, `BASE_RPU_RULE`).
     * @default 8 (the smallest multiple of 8)
     */
    baseRpu?: number;
    /**
     * Maximum capacity (RPUs): caps scaling and so the bill.
     * @default 64
     */
    maxRpu?: number;
}

/** A provisioned cluster or a serverless namespace + workgroup. */
export const WarehouseMode = { provisioned: "provisioned", serverless: "serverless" } as const;
export type WarehouseMode = (typeof WarehouseMode)[keyof typeof WarehouseMode];

/** The warehouse's own settings; `mode` picks a provisioned cluster or a serverless namespace + workgroup. */
export interface WarehouseSettings {
    /** `provisioned` (a cluster) or `serverless` (namespace + workgroup). Required. */
    mode: WarehouseMode;
    /**
     * Database created in the warehouse.
     * @default "lake"
     */
    databaseName?: string;
    /**
     * Admin user (its password is generated and kept in Secrets Manager).
     * @default "lakeadmin"
     */
    adminUsername?: string;
    /**
     * IPv4 networks allowed to connect on 5439.
     * @default [] (none)
     */
    allowedCidrs?: string[];
    /**
     * Security groups (sg-...) allowed to connect on 5439, e.g. a BI tool's.
     * @default [] (none)
     */
    allowedSecurityGroupIds?: string[];
    /**
     * When the daily load runs (EventBridge Scheduler cron, UTC).
     * @default "cron(0 6 * * ? *)" (after the 04:00 ETL)
     */
    loadSchedule?: string;
    /**
     * mode provisioned only: the cluster's size.
     * @default { nodeType: "ra3.large", numberOfNodes: 1, snapshotRetentionDays: 7 }
     */
    provisioned?: ProvisionedProps;
    /**
     * mode serverless only: the workgroup's capacity.
     * @default { baseRpu: 8, maxRpu: 64 }
     */
    serverless?: ServerlessWarehouseProps;
}

export const WAREHOUSE_DEFAULTS = {
    databaseName: "lake",
    adminUsername: "lakeadmin",
    loadSchedule: "cron(0 6 * * ? *)",
    provisioned: { nodeType: "ra3.large", numberOfNodes: 1, snapshotRetentionDays: 7 },
    serverless: { baseRpu: 8, maxRpu: 64 },
} as const satisfies Required<Omit<WarehouseSettings, "mode" | "allowedCidrs" | "allowedSecurityGroupIds">>;

type ResolvedCommon = Required<Omit<WarehouseSettings, "mode" | "provisioned" | "serverless">>;
export type ResolvedProvisioned = Required<ProvisionedProps>;
export type ResolvedServerlessWarehouse = Required<ServerlessWarehouseProps>;

/** The settings with their defaults applied: only the block of the mode. */
export type ResolvedWarehouseSettings =
    | (ResolvedCommon & { mode: "provisioned"; provisioned: ResolvedProvisioned })
    | (ResolvedCommon & { mode: "serverless"; serverless: ResolvedServerlessWarehouse });

/** A setting Redshift refuses: the setting and why (lib/config-optional reports them as config errors). */
export interface WarehouseSettingIssue<S> {
    setting: keyof S & string;
    message: string;
}

/** Node counts the node type does not offer. */
export function provisionedIssues(p: ResolvedProvisioned): WarehouseSettingIssue<ProvisionedProps>[] {
    return nodeCountAllowed(p.nodeType, p.numberOfNodes)
        ? []
        : [{ setting: "numberOfNodes", message: `${p.nodeType} allows ${allowedNodeCounts(p.nodeType)} nodes` }];
}

/** Capacities Redshift Serverless does not offer. */
export function serverlessWarehouseIssues(s: ResolvedServerlessWarehouse): WarehouseSettingIssue<ServerlessWarehouseProps>[] {
    return [
        ...(baseRpuAllowed(s.baseRpu) ? [] : [{ setting: "baseRpu" as const, message: `base capacity must be ${BASE_RPU_RULE}` }]),
        // `% 8` also refuses fractions (no fraction is a multiple of 8).
        ...(s.maxRpu % 8 !== 0 || s.maxRpu < s.baseRpu || s.maxRpu > MAX_RPU_LIMIT
            ? [{ setting: "maxRpu" as const, message: `max capacity must be a multiple of 8 from baseRpu (${s.baseRpu}) to ${MAX_RPU_LIMIT}` }]
            : []),
    ];
}

/** Throws on the issues of a block, each naming its setting, so a program fails before deploying. */
function refuse<S>(block: string, issues: WarehouseSettingIssue<S>[]): void {
    if (issues.length) throw new Error(`Warehouse: ${issues.map((i) => `${block}.${i.setting}: ${i.message}`).join("; ")}`);
}

/** `settings` with the defaults of what it leaves out (the other mode's block dropped); throws on a size Redshift refuses. */
export function warehouseWithDefaults(settings: WarehouseSettings): ResolvedWarehouseSettings {
    const common: ResolvedCommon = {
        databaseName: settings.databaseName ?? WAREHOUSE_DEFAULTS.databaseName,
        adminUsername: settings.adminUsername ?? WAREHOUSE_DEFAULTS.adminUsername,
        allowedCidrs: settings.allowedCidrs ?? [],
        allowedSecurityGroupIds: settings.allowedSecurityGroupIds ?? [],
        loadSchedule: settings.loadSchedule ?? WAREHOUSE_DEFAULTS.loadSchedule,
    };
    if (settings.mode === "provisioned") {
        const p = settings.provisioned ?? {};
        const d = WAREHOUSE_DEFAULTS.provisioned;
        const provisioned: ResolvedProvisioned = {
            nodeType: p.nodeType ?? d.nodeType,
            numberOfNodes: p.numberOfNodes ?? d.numberOfNodes,
            snapshotRetentionDays: p.snapshotRetentionDays ?? d.snapshotRetentionDays,
        };
        refuse("provisioned", provisionedIssues(provisioned));
        return { mode: "provisioned", ...common, provisioned };
    }
    const s = settings.serverless ?? {};
    const d = WAREHOUSE_DEFAULTS.serverless;
    const serverless: ResolvedServerlessWarehouse = { baseRpu: s.baseRpu ?? d.baseRpu, maxRpu: s.maxRpu ?? d.maxRpu };
    refuse("serverless", serverlessWarehouseIssues(serverless));
    return { mode: "serverless", ...common, serverless };
}

/** What the warehouse needs of the lake's VPC (a `Network` satisfies it). */
export interface WarehouseNetwork {
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string[]>;
}

/** The curated zone the warehouse loads from. */
export interface WarehouseCurated {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** Its Glue database (Catalog `databaseNames`). */
    database: pulumi.Input<string>;
}

export interface WarehouseArgs extends WarehouseSettings {
    /** The VPC whose subnets the warehouse runs in. Required. */
    network: WarehouseNetwork;
    /** The curated zone it loads. Required. */
    curated: WarehouseCurated;
    /**
     * Account scope; `retainData` (key, cluster or namespace protected and retained, final snapshot
     * on deletion), `logRetentionDays` and `logsKeyArn` (required here) for the audit log groups. Required.
     */
    context: LakeContext;
    /**
     * Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`): Spectrum reads the catalog with them.
     * @default []
     */
    catalogKeyArns?: pulumi.Input<string>[];
}

/** The warehouse's args with every default applied (the context's too). */
export type ResolvedWarehouseArgs = ResolvedWarehouseSettings & {
    network: WarehouseNetwork;
    curated: WarehouseCurated;
    context: ResolvedLakeContext;
    catalogKeyArns: pulumi.Input<string>[];
};

/** `args` with the defaults of the fields it leaves out. */
export function warehouseArgsWithDefaults(args: WarehouseArgs): ResolvedWarehouseArgs {
    return {
        ...warehouseWithDefaults(args),
        network: args.network,
        curated: args.curated,
        context: lakeContext(args.context),
        catalogKeyArns: args.catalogKeyArns ?? [],
    };
}
