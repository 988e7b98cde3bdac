/**
 * The rules of the optional warehouse, EMR and network (Redshift, EMR, the VPC), as
 * @pulumi/policy policies in the style of ./rules.ts: pure, no PolicyPack built here. The pack
 * lists `warehousePolicies` next to the others. Values still unknown during preview (a key ARN)
 * count as set (`isSet`/`known`).
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_SCHEMA, EnvironmentConfig, Props, isProd, resourceRule, stackRule } from "./define";
import { isOneOf, isSet, known, referenced } from "./resources";
import { WORKGROUP_CONFIG_PARAMETERS } from "../lib/warehouse-parameters";
import { OUTSIDE_VPC_TAG } from "../lib/vpc-placement";

export const WarehouseTypes = {
    cluster: ["aws:redshift/cluster:Cluster"],
    parameterGroup: ["aws:redshift/parameterGroup:ParameterGroup"],
    logging: ["aws:redshift/logging:Logging"],
    namespace: ["aws:redshiftserverless/namespace:Namespace"],
    workgroup: ["aws:redshiftserverless/workgroup:Workgroup"],
    ingressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    egressRule: ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
    legacyRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
    securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
    emrCluster: ["aws:emr/cluster:Cluster"],
    emrSecurityConfiguration: ["aws:emr/securityConfiguration:SecurityConfiguration"],
    awsxVpc: ["awsx:ec2:Vpc"],
    vpc: ["aws:ec2/vpc:Vpc"],
    defaultSecurityGroup: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    natGateway: ["aws:ec2/natGateway:NatGateway"],
    lambdaFunction: ["aws:lambda/function:Function"],
} as const;

export const REDSHIFT_PORT = 5439;
/** The audit logs a warehouse must export: connections, user changes, every query. */
export const AUDIT_LOGS = ["connectionlog", "userlog", "useractivitylog"];
const ANYWHERE = ["0.0.0.0/0", "::/0"];

const truthy = (v: unknown) => v === true || v === "true";

/** Clusters and workgroups set `publiclyAccessible: false` explicitly. */
export function warehouseNotPublic(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "redshift-not-public",
            description: "Redshift clusters and serverless workgroups are not publicly accessible (publiclyAccessible false).",
            conditions: { "publicly-accessible": "publiclyAccessible is explicitly false" },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.workgroup],
        (props, _args, flag) => {
            if (known(props, "publiclyAccessible") !== false) {
                flag(
                    "publicly-accessible",
                    `publiclyAccessible is ${known(props, "publiclyAccessible") ?? "unset"}: set it false; clients reach the warehouse inside the VPC`,
                );
            }
        },
    );
}

/** No security group opens Redshift's port to the internet. */
export function warehousePortNotOpen(): ResourceValidationPolicy {
    const covers = (from: unknown, to: unknown, protocol: unknown) =>
        protocol === "-1" || protocol === "all" || (Number(from) <= REDSHIFT_PORT && Number(to) >= REDSHIFT_PORT);
    return resourceRule(
        {
            name: "redshift-port-not-open-to-internet",
            description: `No security group rule opens ${REDSHIFT_PORT} (Redshift) to 0.0.0.0/0 or ::/0.`,
            conditions: { "open-to-internet": `no ingress covering ${REDSHIFT_PORT} from 0.0.0.0/0 or ::/0` },
        },
        [...WarehouseTypes.ingressRule, ...WarehouseTypes.securityGroup],
        (props, _args, flag) => {
            const rules: Props[] = WarehouseTypes.ingressRule.includes(_args.type as never)
                ? [
                      {
                          cidrBlocks: [known(props, "cidrIpv4"), known(props, "cidrIpv6")],
                          fromPort: known(props, "fromPort"),
                          toPort: known(props, "toPort"),
                          protocol: known(props, "ipProtocol"),
                      },
                  ]
                : ((known(props, "ingress") as Props[] | undefined) ?? []).map((r) => ({
                      ...r,
                      cidrBlocks: [...(r.cidrBlocks ?? []), ...(r.ipv6CidrBlocks ?? [])],
                  }));
            for (const r of rules) {
                const open = (r.cidrBlocks as unknown[]).filter((c) => typeof c === "string" && ANYWHERE.includes(c));
                if (open.length && covers(r.fromPort, r.toPort, r.protocol)) {
                    flag(
                        "open-to-internet",
                        `ingress ${r.protocol} ${r.fromPort}-${r.toPort} from ${open.join(", ")} exposes Redshift's port ${REDSHIFT_PORT}: allow only the clients' networks or security groups`,
                    );
                }
            }
        },
    );
}

/** Clusters encrypted with a customer managed key; serverless namespaces with one too. */
export function warehouseEncrypted(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "redshift-cmk-encryption",
            description: "Redshift clusters (encrypted true) and serverless namespaces are encrypted with a customer managed KMS key (kmsKeyId).",
            conditions: { encrypted: "a cluster sets encrypted true", "customer-key": "kmsKeyId names a customer managed key" },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.namespace],
        (props, args, flag) => {
            if (WarehouseTypes.cluster.includes(args.type as never) && !truthy(known(props, "encrypted"))) {
                flag("encrypted", `encrypted is ${known(props, "encrypted") ?? "unset"}: set encrypted "true"`);
            }
            if (!isSet(props, "kmsKeyId")) flag("customer-key", "no kmsKeyId: the warehouse would use an AWS owned key; set the warehouse's CMK");
        },
    );
}

function parametersRequireSsl(parameters: Props[] | undefined, key: string, value: string): boolean {
    return (parameters ?? []).some((p) => p[key] === "require_ssl" && String(p[value]).toLowerCase() === "true");
}

/**
 * Clients must use TLS: the cluster's parameter group, or the workgroup's config, sets require_ssl;
 * the workgroup's config names every parameter AWS returns, or it differs on every `up` (the
 * provider reads the whole set back).
 */
export function warehouseRequiresSsl(): StackValidationPolicy {
    const workgroupKeys = Object.keys(WORKGROUP_CONFIG_PARAMETERS);
    return stackRule(
        {
            name: "redshift-require-ssl",
            description:
                "Redshift requires TLS: the cluster's parameter group or the workgroup's configParameters set require_ssl true; the workgroup's configParameters are complete.",
            conditions: {
                "parameter-group": "a cluster names a parameter group of the stack (the default one has require_ssl false)",
                "require-ssl": "the parameter group or the workgroup's configParameters set require_ssl true",
                "complete-config": `the workgroup's configParameters set every parameter AWS returns (${workgroupKeys.join(", ")})`,
            },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.workgroup],
        (r, all, flag) => {
            if (WarehouseTypes.workgroup.includes(r.type as never)) {
                const parameters: Props[] | undefined = known(r.props, "configParameters");
                if (!parametersRequireSsl(parameters, "parameterKey", "parameterValue"))
                    flag("require-ssl", "configParameters lack require_ssl = true: clients could connect without TLS");
                const missing = workgroupKeys.filter((k) => !(parameters ?? []).some((p) => p.parameterKey === k));
                if (parameters !== undefined && missing.length)
                    flag("complete-config", `configParameters lack ${missing.join(", ")}: AWS returns them, so the workgroup would differ on every up`);
                return;
            }
            const groups = referenced(
                r,
                "clusterParameterGroupName",
                all.filter((x) => WarehouseTypes.parameterGroup.includes(x.type as never)),
            );
            if (groups.length === 0) {
                flag("parameter-group", "no clusterParameterGroupName of this stack: the default parameter group has require_ssl false");
            } else if (!groups.every((g) => parametersRequireSsl(known(g.props, "parameters"), "name", "value"))) {
                flag("require-ssl", `parameter group ${groups.map((g) => g.name).join(", ")} does not set require_ssl true`);
            }
        },
    );
}

function missingLogs(logExports: unknown): string[] {
    const set = Array.isArray(logExports) ? logExports : [];
    return AUDIT_LOGS.filter((l) => !set.includes(l));
}

/** Every cluster has audit logging with all three logs; every namespace exports them. */
export function warehouseAuditLogging(): StackValidationPolicy {
    return stackRule(
        {
            name: "redshift-audit-logging",
            description: `Redshift audit logging exports ${AUDIT_LOGS.join(", ")}: an aws.redshift.Logging per cluster, logExports on namespaces.`,
            conditions: { "logging-enabled": "every cluster has an aws.redshift.Logging", "all-logs": `the exports include ${AUDIT_LOGS.join(", ")}` },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.namespace],
        (r, all, flag) => {
            if (WarehouseTypes.namespace.includes(r.type as never)) {
                const missing = missingLogs(known(r.props, "logExports"));
                if (missing.length) flag("all-logs", `logExports lacks ${missing.join(", ")}`);
                return;
            }
            // By identifier when both are known, else by the Logging's dependency on the cluster.
            const id = known(r.props, "clusterIdentifier");
            const loggings = all.filter(
                (l: PolicyResource) =>
                    WarehouseTypes.logging.includes(l.type as never) &&
                    ((id !== undefined && known(l.props, "clusterIdentifier") === id) || referenced(l, "clusterIdentifier", [r]).includes(r)),
            );
            if (loggings.length === 0) {
                flag("logging-enabled", "no aws.redshift.Logging for this cluster: connections and queries are not audited");
                return;
            }
            const missing = missingLogs(loggings.flatMap((l) => (known(l.props, "logExports") as string[] | undefined) ?? []));
            if (missing.length) flag("all-logs", `audit logging lacks ${missing.join(", ")}`);
        },
    );
}

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

/** Policy config of the NAT rule: `allowNat` says a dev stack asked for NAT on purpose. */
export interface NatConfig extends EnvironmentConfig {
    allowNat?: boolean;
}

/** awsx defaults to one NAT gateway per AZ when there are private and public subnets. */
function vpcHasNat(props: Props): boolean {
    const strategy = known(known(props, "natGateways"), "strategy");
    if (strategy !== undefined) return strategy !== "None";
    const types = ((known(props, "subnetSpecs") as Props[] | undefined) ?? []).map((s) => s.type);
    return types.length === 0 || (types.includes("Private") && types.includes("Public"));
}

/** A NAT gateway costs ~$32/month plus data: dev stacks have none unless the policy config allows it. */
export function noNatInDev(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-nat-in-dev",
            description: "Dev stacks create no NAT gateway (awsx Vpc natGateways None, no aws.ec2.NatGateway) unless policy config allowNat is true.",
            configSchema: { properties: { ...ENVIRONMENT_SCHEMA, allowNat: { type: "boolean" } } },
            conditions: { "nat-in-dev": "a dev stack has no NAT gateway unless policy config allowNat is true" },
        },
        [...WarehouseTypes.awsxVpc, ...WarehouseTypes.natGateway],
        (props, args, flag) => {
            const config = args.getConfig<NatConfig>();
            if (isProd(config, args.urn) || config.allowNat === true) args.notApplicable("prod, or NAT allowed by policy config");
            if (WarehouseTypes.natGateway.includes(args.type as never) || vpcHasNat(props)) {
                flag(
                    "nat-in-dev",
                    "a NAT gateway in a dev stack (~$32/month each, plus data): use natGateways 'none' (isolated subnets with endpoints), or set policy config allowNat true",
                );
            }
        },
    );
}

/** The VPC's id as a DefaultSecurityGroup's `vpcId` names it (awsx's output, or the aws.ec2.Vpc's id). */
const vpcIdOf = (vpc: PolicyResource) => known(vpc.props, WarehouseTypes.awsxVpc.includes(vpc.type as never) ? "vpcId" : "id");

/** A DefaultSecurityGroup adopts this VPC's group: by id when both are known, else by dependency (preview). */
function adopts(group: PolicyResource, vpc: PolicyResource): boolean {
    const [vpcId, groupVpcId] = [vpcIdOf(vpc), known(group.props, "vpcId")];
    if (typeof vpcId === "string" && typeof groupVpcId === "string") return vpcId === groupVpcId;
    return [...(group.propertyDependencies?.vpcId ?? []), ...group.dependencies].includes(vpc);
}

/**
 * Every VPC's default security group is adopted with no rule: AWS creates it open to itself and
 * to all egress, and anything launched without a group lands in it (Security Hub EC2.2,
 * CKV2_AWS_12). An aws.ec2.Vpc inside an awsx Vpc is judged through the awsx one.
 */
export function vpcDefaultSecurityGroupClosed(): StackValidationPolicy {
    return stackRule(
        {
            name: "vpc-default-security-group-closed",
            description: "Every VPC's default security group is adopted by an aws.ec2.DefaultSecurityGroup with no ingress and no egress rule.",
            conditions: {
                unmanaged: "every VPC (awsx Vpc, or an aws.ec2.Vpc outside one) has an aws.ec2.DefaultSecurityGroup adopting its default group",
                "default-rules": "a DefaultSecurityGroup has no ingress and no egress rule",
            },
        },
        [...WarehouseTypes.awsxVpc, ...WarehouseTypes.vpc, ...WarehouseTypes.defaultSecurityGroup],
        (r, all, flag) => {
            if (WarehouseTypes.defaultSecurityGroup.includes(r.type as never)) {
                const open = ["ingress", "egress"].filter((k) => ((known(r.props, k) as unknown[] | undefined) ?? []).length > 0);
                if (open.length) flag("default-rules", `the default security group keeps ${open.join(" and ")} rules: adopt it with none`);
                return;
            }
            if (r.parent && WarehouseTypes.awsxVpc.includes(r.parent.type as never)) return;
            const groups = all.filter((g) => WarehouseTypes.defaultSecurityGroup.includes(g.type as never));
            if (!groups.some((g) => adopts(g, r))) {
                flag(
                    "unmanaged",
                    "the VPC's default security group allows all traffic within itself and out: adopt it with an aws.ec2.DefaultSecurityGroup with no rules",
                );
            }
        },
    );
}

/** Whether a function is placed in subnets (an unknown list, at preview, counts as placed). */
function inVpc(fn: PolicyResource): boolean {
    const subnets = fn.props.vpcConfig?.subnetIds;
    return subnets !== undefined && (!Array.isArray(subnets) || subnets.length > 0);
}

/**
 * Once a stack puts functions in a VPC (`network.lambdasInVpc`), a function left outside says why,
 * so "in the VPC" means every function but the ones that declare otherwise.
 */
export function lambdaVpcPlacement(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-vpc-placement",
            description: `In a stack that runs functions in a VPC, every function runs there too or carries the tag ${OUTSIDE_VPC_TAG} with the reason.`,
            conditions: {
                "outside-vpc-undeclared": `with a function in a VPC, every other function has a vpcConfig with subnets or a non-empty ${OUTSIDE_VPC_TAG} tag`,
            },
        },
        WarehouseTypes.lambdaFunction,
        (r, all, flag) => {
            if (inVpc(r)) return;
            if (!all.some((f) => WarehouseTypes.lambdaFunction.includes(f.type as never) && inVpc(f))) return;
            const reason = known(r.props, "tags")?.[OUTSIDE_VPC_TAG];
            if (reason === undefined || (typeof reason === "string" && reason.trim() === "")) {
                flag(
                    "outside-vpc-undeclared",
                    `the stack runs functions in a VPC but this one is outside it without a reason: give it the VPC's subnets, or the tag ${OUTSIDE_VPC_TAG} saying why`,
                );
            }
        },
    );
}

/** Every warehouse, EMR and network rule, in the order they are reported. */
export const warehousePolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    warehouseNotPublic(),
    warehousePortNotOpen(),
    warehouseEncrypted(),
    warehouseRequiresSsl(),
    warehouseAuditLogging(),
    emrSecurityConfigurationEncrypted(),
    emrClusterSecurityConfiguration(),
    emrPrivateClusterGroupRules(),
    noNatInDev(),
    vpcDefaultSecurityGroupClosed(),
    lambdaVpcPlacement(),
];
