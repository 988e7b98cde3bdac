/** EMR rules: security configurations that encrypt, and the security group rules a private cluster needs. */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule, stackRule } from "../define";
import { WarehouseTypes, isOneOf, isSet, known } from "../resources";

function parseConfiguration(value: unknown): Props | undefined {
    if (typeof value !== "string") return undefined;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** EMR security configurations encrypt at rest (S3 SSE-KMS or CSE-KMS with a key, KMS local disks) and in transit. */
export function emrSecurityConfigurationEncrypted(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "emr-security-configuration-encryption",
            description: "EMR security configurations enable at-rest (S3 SSE-KMS/CSE-KMS with a key, local disks with KMS) and in-transit encryption.",
            conditions: {
                "at-rest": "EnableAtRestEncryption is true",
                "in-transit": "EnableInTransitEncryption is true",
                "s3-kms": "EMRFS encrypts S3 with SSE-KMS or CSE-KMS and a key",
                "local-disk-kms": "local disks are encrypted with a KMS key",
            },
        },
        WarehouseTypes.emrSecurityConfiguration,
        (props, _args, flag) => {
            const raw = known(props, "configuration");
            if (raw === undefined) return; // computed: unknown during preview
            const e = parseConfiguration(raw)?.EncryptionConfiguration;
            if (!e) return flag("at-rest", "configuration has no EncryptionConfiguration");
            if (e.EnableAtRestEncryption !== true) flag("at-rest", "EnableAtRestEncryption is not true");
            if (e.EnableInTransitEncryption !== true) flag("in-transit", "EnableInTransitEncryption is not true: node-to-node traffic is plaintext");
            const s3 = e.AtRestEncryptionConfiguration?.S3EncryptionConfiguration;
            if (!["SSE-KMS", "CSE-KMS"].includes(s3?.EncryptionMode) || !s3?.AwsKmsKey)
                flag("s3-kms", `EMRFS S3 encryption is ${s3?.EncryptionMode ?? "unset"}${s3?.AwsKmsKey ? "" : " without a key"}: use SSE-KMS with a CMK`);
            const disk = e.AtRestEncryptionConfiguration?.LocalDiskEncryptionConfiguration;
            if (disk?.EncryptionKeyProviderType !== "AwsKms" || !disk?.AwsKmsKey)
                flag("local-disk-kms", "local disks are not encrypted with a KMS key (LocalDiskEncryptionConfiguration AwsKms)");
        },
    );
}

/** Every EMR cluster runs with a security configuration. */
export function emrClusterSecurityConfiguration(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "emr-cluster-security-configuration",
            description: "EMR clusters run with a security configuration (encryption at rest and in transit).",
            conditions: { "security-configuration": "securityConfiguration is set" },
        },
        WarehouseTypes.emrCluster,
        (props, _args, flag) => {
            if (!isSet(props, "securityConfiguration"))
                flag("security-configuration", "no securityConfiguration: EMRFS, local disks and node traffic would be unencrypted");
        },
    );
}

/** A security group rule of the stack, whichever resource declares it. */
interface GroupRule {
    direction: unknown;
    group: unknown;
    /** Security group ids, CIDRs and prefix lists it allows to or from. */
    peers: string[];
    protocol: unknown;
    from: unknown;
    to: unknown;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === "string" && v !== "");

/** A rule from inputs named `protocol`/`fromPort`/`toPort`, with `self` adding its own group. */
function rule(direction: unknown, group: unknown, peers: unknown[], p: Props, protocolKey: string): GroupRule {
    return {
        direction,
        group,
        peers: strings(known(p, "self") === true ? [...peers, group] : peers),
        protocol: known(p, protocolKey),
        from: known(p, "fromPort"),
        to: known(p, "toPort"),
    };
}

/** Rules of separate ingress/egress resources, legacy aws.ec2.SecurityGroupRule and inline group rules. */
function groupRules(all: PolicyResource[]): GroupRule[] {
    return all.flatMap((r): GroupRule[] => {
        const p = r.props;
        if (isOneOf(r.type, [...WarehouseTypes.ingressRule, ...WarehouseTypes.egressRule])) {
            const direction = isOneOf(r.type, WarehouseTypes.ingressRule) ? "ingress" : "egress";
            const peers = ["referencedSecurityGroupId", "cidrIpv4", "cidrIpv6", "prefixListId"].map((k) => known(p, k));
            return [rule(direction, known(p, "securityGroupId"), peers, p, "ipProtocol")];
        }
        if (isOneOf(r.type, WarehouseTypes.legacyRule)) {
            const peers = [known(p, "sourceSecurityGroupId"), ...["cidrBlocks", "ipv6CidrBlocks", "prefixListIds"].flatMap((k) => list(known(p, k)))];
            return [rule(known(p, "type"), known(p, "securityGroupId"), peers, p, "protocol")];
        }
        if (isOneOf(r.type, WarehouseTypes.securityGroup)) {
            return ["ingress", "egress"].flatMap((direction) =>
                list(known(p, direction)).map((x) => {
                    const inline = x as Props;
                    const peers = ["securityGroups", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds"].flatMap((k) => list(known(inline, k)));
                    return rule(direction, known(p, "id"), peers, inline, "protocol");
                }),
            );
        }
        return [];
    });
}

/** Whether `rule` lets TCP through on every port from `from` to `to`. */
function coversTcp(rule: GroupRule, from: number, to = from): boolean {
    const protocol = String(rule.protocol).toLowerCase();
    if (protocol === "-1" || protocol === "all") return true;
    return (protocol === "tcp" || protocol === "6") && Number(rule.from) <= from && Number(rule.to) >= to;
}

export const EMR_SERVICE_ACCESS_PORT = 9443;
export const EMR_CLUSTER_MANAGER_PORT = 8443;

/**
 * An EMR cluster in a private subnet (it names a service-access group) needs rules in its
 * EMR-managed groups that EMR does not write (ManagementGuide/emr-man-sec-groups.html), and the
 * provider removes AWS's default egress: without them EMR refuses the cluster, or its nodes
 * cannot reach each other, S3, KMS, Glue or EMR. Judged once the group ids are known (not in a
 * new stack's preview); a group whose rules the stack does not declare is flagged.
 */
export function emrPrivateClusterGroupRules(): StackValidationPolicy {
    return stackRule(
        {
            name: "emr-private-cluster-security-groups",
            description:
                "EMR clusters in a private subnet: the service-access group takes 9443 from the primary group and reaches both node groups on 8443; the node groups reach each other and HTTPS out.",
            conditions: {
                "service-access-9443": `the primary group may send, and the service-access group accept from it, TCP ${EMR_SERVICE_ACCESS_PORT}`,
                "service-access-8443": `the service-access group may reach the primary and core groups on TCP ${EMR_CLUSTER_MANAGER_PORT}`,
                "node-to-node": "the primary and core groups may send all TCP to each other and to themselves",
                "node-https-egress": "the primary and core groups may send HTTPS (443) to a CIDR or prefix list (S3, KMS, Glue and EMR)",
            },
        },
        WarehouseTypes.emrCluster,
        (r, all, flag) => {
            const attributes = known(r.props, "ec2Attributes");
            const isId = (id: unknown): id is string => typeof id === "string" && id !== "";
            const serviceAccess = known(attributes, "serviceAccessSecurityGroup");
            if (!isId(serviceAccess)) return; // a public subnet, or unknown during preview
            const primary = known(attributes, "emrManagedMasterSecurityGroup");
            const nodes = [primary, known(attributes, "emrManagedSlaveSecurityGroup")].filter(isId);
            const rules = groupRules(all);
            /** A `direction` rule of `group` with a peer passing `peer` that lets TCP `from`-`to` through. */
            const allows = (direction: string, group: string, peer: (p: string) => boolean, from: number, to = from) =>
                rules.some((x) => x.direction === direction && x.group === group && x.peers.some(peer) && coversTcp(x, from, to));
            const is = (id: string) => (p: string) => p === id;
            if (isId(primary)) {
                if (!allows("ingress", serviceAccess, is(primary), EMR_SERVICE_ACCESS_PORT))
                    flag(
                        "service-access-9443",
                        `the service-access group lacks ingress TCP ${EMR_SERVICE_ACCESS_PORT} from the primary group: EMR refuses the cluster`,
                    );
                if (!allows("egress", primary, is(serviceAccess), EMR_SERVICE_ACCESS_PORT))
                    flag("service-access-9443", `the primary group lacks egress TCP ${EMR_SERVICE_ACCESS_PORT} to the service-access group`);
            }
            if (nodes.some((n) => !allows("egress", serviceAccess, is(n), EMR_CLUSTER_MANAGER_PORT)))
                flag(
                    "service-access-8443",
                    `the service-access group lacks egress TCP ${EMR_CLUSTER_MANAGER_PORT} to the primary or core group: EMR cannot manage the nodes`,
                );
            if (nodes.some((from) => nodes.some((to) => !allows("egress", from, is(to), 0, 65535))))
                flag("node-to-node", "the primary and core groups do not allow all TCP out to each other and themselves: YARN, HDFS and Spark cannot connect");
            const outside = (p: string) => ![...nodes, serviceAccess].includes(p);
            if (nodes.some((n) => !allows("egress", n, outside, 443)))
                flag("node-https-egress", "a node group has no HTTPS egress to a CIDR or prefix list: nodes cannot reach S3, KMS, Glue or EMR");
        },
    );
}
