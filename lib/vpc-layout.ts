/**
 * The VPC's subnet layout, computed from its CIDR block, availability-zone count and NAT strategy
 * (awsx is given the CIDRs, it allocates nothing). Each AZ gets an aligned block, the VPC split in
 * 2 (two AZs) or 4 (three AZs, the fourth quarter left free); in it the workload subnet comes
 * first and, with NAT, the public subnet the gateway lives in right after it. Workload subnets are
 * a /20 where the block allows it and public ones a /24 (the CIDRs awsx allocated before, so a
 * deployed VPC keeps its subnets); in a smaller block the workload subnet takes the whole block
 * without NAT, its first half with NAT (the public subnet the rest, or a /24 of it). A subnet is
 * never smaller than AWS's /28: a config that would need one is refused. Pure.
 */

export type NatLayout = "none" | "single" | "onePerAz";

/** AWS's smallest subnet (and VPC): a /28. */
export const MIN_SUBNET_PREFIX = 28;
/** The workload and public subnet prefixes where the AZ block is large enough. */
export const WORKLOAD_PREFIX = 20;
export const PUBLIC_PREFIX = 24;

/** Subnet prefix lengths in each AZ's block; `undefined`: the layout cannot hold this VPC. */
export function subnetPrefixes(vpcPrefix: number, azs: number, nat: NatLayout): { workload: number; public?: number } | undefined {
    const block = azBlockPrefix(vpcPrefix, azs);
    const prefixes =
        nat === "none"
            ? { workload: Math.max(WORKLOAD_PREFIX, block) }
            : { workload: Math.max(WORKLOAD_PREFIX, block + 1), public: Math.max(PUBLIC_PREFIX, block + 1) };
    return Math.max(prefixes.workload, prefixes.public ?? 0) > MIN_SUBNET_PREFIX ? undefined : prefixes;
}

/** The longest VPC prefix the layout holds for this AZ count and NAT strategy. */
export function longestVpcPrefix(azs: number, nat: NatLayout): number {
    return MIN_SUBNET_PREFIX - azBits(azs) - (nat === "none" ? 0 : 1);
}

/** The subnets' CIDRs, one per AZ in AZ order (awsx `subnetSpecs[].cidrBlocks`); `public` is empty without NAT. */
export function vpcSubnets(cidrBlock: string, azs: number, nat: NatLayout): { workload: string[]; public: string[] } {
    const [address, prefix] = parseCidr(cidrBlock);
    const prefixes = subnetPrefixes(prefix, azs, nat);
    if (!prefixes)
        throw new Error(`${cidrBlock} cannot hold ${azs} availability zones with natGateways '${nat}' (longest prefix /${longestVpcPrefix(azs, nat)})`);
    const blockSize = 2 ** (32 - azBlockPrefix(prefix, azs));
    const bases = Array.from({ length: azs }, (_, i) => address + i * blockSize);
    return {
        workload: bases.map((base) => formatCidr(base, prefixes.workload)),
        public: prefixes.public === undefined ? [] : bases.map((base) => formatCidr(base + 2 ** (32 - prefixes.workload), prefixes.public!)),
    };
}

/** Bits that split the VPC into aligned per-AZ blocks (2 AZs: halves, 3: quarters). */
function azBits(azs: number): number {
    return Math.ceil(Math.log2(azs));
}

function azBlockPrefix(vpcPrefix: number, azs: number): number {
    return vpcPrefix + azBits(azs);
}

/** `a.b.c.d/n` (already validated) as [address as a number, prefix length]. */
export function parseCidr(cidr: string): [number, number] {
    const [ip, prefix] = cidr.split("/");
    return [ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0), Number(prefix)];
}

export function formatCidr(address: number, prefix: number): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}
