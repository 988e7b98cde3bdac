/**
 * The network area's own args and their defaults, applied inside `Network` (`networkWithDefaults`).
 * Pure, so lib/config-optional.ts validates the stack config's `network` against them and maps it here.
 */
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";

/** How many NAT gateways the VPC has: none keeps the private subnets isolated. */
export const NatGateways = { none: "none", single: "single", onePerAz: "onePerAz" } as const;
export type NatGateways = (typeof NatGateways)[keyof typeof NatGateways];

/** NAT gateway strategies (awsx `natGateways.strategy`) by name. */
export const NAT_STRATEGIES = { none: "None", single: "Single", onePerAz: "OnePerAz" } as const satisfies Record<NatGateways, string>;

/** What runs in the VPC; each drives the interface endpoints it needs. */
export interface VpcFeatures {
    redshift: boolean;
    emrServerless: boolean;
    emrCluster: boolean;
    /** Functions attached to the VPC: the VPC also gets their security group. */
    lambdasInVpc: boolean;
}

/** The VPC's shape. */
export interface NetworkSettings {
    /**
     * `none` (isolated subnets, no internet route), `single` or `onePerAz` (a NAT gateway each, billed hourly).
     * @default "none"
     */
    natGateways?: NatGateways;
    /**
     * VPC CIDR block, /16 to /28 and no longer than its subnets allow (lib/vpc-layout.ts).
     * @default "10.64.0.0/16"
     */
    cidrBlock?: string;
    /**
     * Availability zones of the subnets (2 or 3).
     * @default 2
     */
    availabilityZones?: number;
}

export type ResolvedNetworkSettings = Required<NetworkSettings>;

export const NETWORK_DEFAULTS = { natGateways: "none", cidrBlock: "10.64.0.0/16", availabilityZones: 2 } as const satisfies ResolvedNetworkSettings;

/** Subnets a Redshift Serverless workgroup needs: three availability zones. */
export const REDSHIFT_SERVERLESS_AZS = 3;

export interface NetworkArgs extends NetworkSettings {
    /** Account scope; `logRetentionDays` and `logsKeyArn` (required here) for the flow-log group. Required. */
    context: LakeContext;
    /** The stack's region (`aws:region`), plain: awsx takes endpoint service names as plain strings. Required. */
    region: string;
    /**
     * What runs in the VPC: decides the interface endpoints and the functions' security group.
     * @default nothing (gateway endpoints only, no functions' security group)
     */
    features?: Partial<VpcFeatures>;
    /**
     * Why the VPC exists, written space-separated in its `datalake:vpc-users` tag.
     * @default []
     */
    users?: string[];
}

/** The network's args with every default applied (the context's too). */
export type ResolvedNetworkArgs = Omit<NetworkArgs, keyof NetworkSettings | "context" | "features" | "users"> &
    ResolvedNetworkSettings & { context: ResolvedLakeContext; features: VpcFeatures; users: string[] };

/** `settings` with the defaults of what it leaves out. */
export function networkWithDefaults(settings: NetworkSettings): ResolvedNetworkSettings {
    return {
        natGateways: settings.natGateways ?? NETWORK_DEFAULTS.natGateways,
        cidrBlock: settings.cidrBlock ?? NETWORK_DEFAULTS.cidrBlock,
        availabilityZones: settings.availabilityZones ?? NETWORK_DEFAULTS.availabilityZones,
    };
}

/** `args` with the defaults of the fields it leaves out. */
export function networkArgsWithDefaults(args: NetworkArgs): ResolvedNetworkArgs {
    const f = args.features ?? {};
    return {
        ...args,
        ...networkWithDefaults(args),
        context: lakeContext(args.context),
        features: {
            redshift: f.redshift ?? false,
            emrServerless: f.emrServerless ?? false,
            emrCluster: f.emrCluster ?? false,
            lambdasInVpc: f.lambdasInVpc ?? false,
        },
        users: args.users ?? [],
    };
}
