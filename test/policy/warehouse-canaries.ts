/**
 * Canaries of the warehouse, EMR and network rules (policy/rules-warehouse.ts lists them; policy/rules/redshift.ts, emr.ts, vpc.ts, lambda.ts hold them): good resources,
 * and bad variants naming the one condition that must fire. warehouse-rules.test.ts runs them;
 * pack.test.ts counts their conditions.
 */
import * as pulumi from "@pulumi/pulumi";
import { ruleCases } from "./canaries";
import { Recorded } from "./harness";
import { WORKGROUP_CONFIG_PARAMETERS } from "../../lib/warehouse-parameters";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/warehouse";

let n = 0;
function resource(type: string, props: Record<string, any>, stack = "dev"): Recorded {
    n += 1;
    return { type, name: `canary${n}`, urn: `urn:pulumi:${stack}::datalake::${type}::canary${n}`, props, dependencies: [] };
}

const parameterGroup = (requireSsl = "true") =>
    resource("aws:redshift/parameterGroup:ParameterGroup", { name: "lake-params", parameters: [{ name: "require_ssl", value: requireSsl }] });
const cluster = (props: Record<string, any> = {}) =>
    resource("aws:redshift/cluster:Cluster", {
        clusterIdentifier: "lake-warehouse",
        publiclyAccessible: false,
        encrypted: "true",
        kmsKeyId: KEY,
        clusterParameterGroupName: "lake-params",
        ...props,
    });
const logging = (logExports = ["connectionlog", "userlog", "useractivitylog"]) =>
    resource("aws:redshift/logging:Logging", { clusterIdentifier: "lake-warehouse", logDestinationType: "cloudwatch", logExports });
const namespace = (props: Record<string, any> = {}) =>
    resource("aws:redshiftserverless/namespace:Namespace", {
        namespaceName: "lake",
        kmsKeyId: KEY,
        logExports: ["connectionlog", "userlog", "useractivitylog"],
        ...props,
    });
const workgroup = (props: Record<string, any> = {}) =>
    resource("aws:redshiftserverless/workgroup:Workgroup", {
        publiclyAccessible: false,
        configParameters: Object.entries(WORKGROUP_CONFIG_PARAMETERS).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
        ...props,
    });
const ingress = (props: Record<string, any> = {}) =>
    resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
        ipProtocol: "tcp",
        fromPort: 5439,
        toPort: 5439,
        cidrIpv4: "10.0.0.0/16",
        ...props,
    });
const encryption = (edit: (e: any) => void = () => undefined) => {
    const e = {
        EnableAtRestEncryption: true,
        EnableInTransitEncryption: true,
        InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: "PEM", S3Object: "s3://a/certs.zip" } },
        AtRestEncryptionConfiguration: {
            S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: KEY },
            LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: KEY },
        },
    };
    edit(e);
    return resource("aws:emr/securityConfiguration:SecurityConfiguration", { configuration: JSON.stringify({ EncryptionConfiguration: e }) });
};
const emrCluster = (props: Record<string, any> = {}) => resource("aws:emr/cluster:Cluster", { securityConfiguration: "lake-emr-security", ...props });
/** A private-subnet EMR cluster's groups and the rules EMR needs in them (policy/rules/emr.ts `emr-private-cluster-security-groups`). */
const [PRIMARY, CORE, SERVICE_ACCESS] = ["sg-0primary", "sg-0core", "sg-0serviceaccess"];
type SgRule = [direction: "ingress" | "egress", group: string, peer: string, ipProtocol: string, port?: number];
const PRIVATE_CLUSTER_RULES: SgRule[] = [
    ["ingress", SERVICE_ACCESS, PRIMARY, "tcp", 9443],
    ["egress", PRIMARY, SERVICE_ACCESS, "tcp", 9443],
    ["egress", SERVICE_ACCESS, PRIMARY, "tcp", 8443],
    ["egress", SERVICE_ACCESS, CORE, "tcp", 8443],
    ...[PRIMARY, CORE].flatMap((from) => [PRIMARY, CORE].map((to): SgRule => ["egress", from, to, "-1"])),
    ["egress", PRIMARY, "0.0.0.0/0", "tcp", 443],
    ["egress", CORE, "0.0.0.0/0", "tcp", 443],
];
const sgRule = ([direction, group, peer, ipProtocol, port]: SgRule) =>
    resource(
        direction === "ingress" ? "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" : "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        {
            securityGroupId: group,
            ipProtocol,
            ...(port === undefined ? {} : { fromPort: port, toPort: port }),
            ...(peer.startsWith("sg-") ? { referencedSecurityGroupId: peer } : { cidrIpv4: peer }),
        },
    );
/** The cluster and its rules, without those `drop` picks. */
const privateCluster = (drop: (r: SgRule) => boolean = () => false) => [
    emrCluster({ ec2Attributes: { emrManagedMasterSecurityGroup: PRIMARY, emrManagedSlaveSecurityGroup: CORE, serviceAccessSecurityGroup: SERVICE_ACCESS } }),
    ...PRIVATE_CLUSTER_RULES.filter((r) => !drop(r)).map(sgRule),
];
const is =
    (direction: string, group: string, peer: string) =>
    ([d, g, p]: SgRule) =>
        d === direction && g === group && p === peer;
const VPC_ID = "vpc-0123456789abcdef0";
const defaultSecurityGroup = (props: Record<string, any> = {}, stack = "dev") =>
    resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", { vpcId: VPC_ID, ingress: [], egress: [], ...props }, stack);
const bareVpc = (props: Record<string, any> = {}, stack = "dev") =>
    resource(
        "awsx:ec2:Vpc",
        { vpcId: VPC_ID, natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Isolated", cidrBlocks: ["10.0.0.0/20", "10.0.128.0/20"] }], ...props },
        stack,
    );
/** A VPC with its default security group adopted, no rules. */
const vpc = (props: Record<string, any> = {}, stack = "dev") => [bareVpc(props, stack), defaultSecurityGroup({}, stack)];

/** A function in the VPC's subnets, or outside with the tags given. */
const fn = (inVpc: boolean, tags: Record<string, string> = {}) =>
    resource("aws:lambda/function:Function", {
        runtime: "nodejs22.x",
        tags,
        ...(inVpc ? { vpcConfig: { subnetIds: ["subnet-0a", "subnet-0b"], securityGroupIds: ["sg-0functions"] } } : {}),
    });

export interface WarehouseCanary {
    rule: string;
    /** The one condition of the rule that must fire (bad canaries); "all" for good ones. */
    condition: string;
    case: string;
    make: () => Recorded[];
    config?: Record<string, Record<string, unknown>>;
}

/** One bad variant (or more) per condition of every rule. */
export const warehouseCanaries: WarehouseCanary[] = [
    ...ruleCases<WarehouseCanary>("redshift-not-public", [
        {
            condition: "publicly-accessible",
            case: "cluster publicly accessible",
            make: () => [cluster({ publiclyAccessible: true }), parameterGroup(), logging()],
        },
        {
            condition: "publicly-accessible",
            case: "cluster with publiclyAccessible unset",
            make: () => [cluster({ publiclyAccessible: undefined }), parameterGroup(), logging()],
        },
        { condition: "publicly-accessible", case: "workgroup publicly accessible", make: () => [workgroup({ publiclyAccessible: true })] },
    ]),
    ...ruleCases<WarehouseCanary>("redshift-port-not-open-to-internet", [
        { condition: "open-to-internet", case: "ingress rule 5439 from 0.0.0.0/0", make: () => [ingress({ cidrIpv4: "0.0.0.0/0" })] },
        {
            condition: "open-to-internet",
            case: "ingress rule of all ports from ::/0",
            make: () => [ingress({ ipProtocol: "-1", fromPort: undefined, toPort: undefined, cidrIpv4: undefined, cidrIpv6: "::/0" })],
        },
        {
            condition: "open-to-internet",
            case: "inline security group ingress 5000-6000 from 0.0.0.0/0",
            make: () => [
                resource("aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "tcp", fromPort: 5000, toPort: 6000, cidrBlocks: ["0.0.0.0/0"] }] }),
            ],
        },
    ]),
    ...ruleCases<WarehouseCanary>("redshift-cmk-encryption", [
        { condition: "encrypted", case: "cluster not encrypted", make: () => [cluster({ encrypted: "false" }), parameterGroup(), logging()] },
        {
            condition: "customer-key",
            case: "cluster encrypted with the AWS owned key",
            make: () => [cluster({ kmsKeyId: undefined }), parameterGroup(), logging()],
        },
        { condition: "customer-key", case: "namespace without a CMK", make: () => [namespace({ kmsKeyId: undefined })] },
    ]),
    ...ruleCases<WarehouseCanary>("redshift-require-ssl", [
        {
            condition: "parameter-group",
            case: "cluster on the default parameter group",
            make: () => [cluster({ clusterParameterGroupName: undefined }), logging()],
        },
        { condition: "require-ssl", case: "parameter group with require_ssl false", make: () => [cluster(), parameterGroup("false"), logging()] },
        {
            condition: "require-ssl",
            case: "workgroup with require_ssl false",
            make: () => [
                workgroup({
                    configParameters: Object.entries({ ...WORKGROUP_CONFIG_PARAMETERS, require_ssl: "false" }).map(([parameterKey, parameterValue]) => ({
                        parameterKey,
                        parameterValue,
                    })),
                }),
            ],
        },
        {
            condition: "complete-config",
            case: "workgroup setting require_ssl alone (the rest read back differs on every up)",
            make: () => [workgroup({ configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }] })],
        },
    ]),
    ...ruleCases<WarehouseCanary>("redshift-audit-logging", [
        { condition: "logging-enabled", case: "cluster without audit logging", make: () => [cluster(), parameterGroup()] },
        {
            condition: "all-logs",
            case: "audit logging without user activity",
            make: () => [cluster(), parameterGroup(), logging(["connectionlog", "userlog"])],
        },
        { condition: "all-logs", case: "namespace exporting no logs", make: () => [namespace({ logExports: undefined })] },
    ]),
    ...ruleCases<WarehouseCanary>("emr-security-configuration-encryption", [
        { condition: "in-transit", case: "in-transit encryption off", make: () => [encryption((e) => (e.EnableInTransitEncryption = false))] },
        { condition: "at-rest", case: "at-rest encryption off", make: () => [encryption((e) => (e.EnableAtRestEncryption = false))] },
        {
            condition: "s3-kms",
            case: "EMRFS SSE-S3",
            make: () => [encryption((e) => (e.AtRestEncryptionConfiguration.S3EncryptionConfiguration = { EncryptionMode: "SSE-S3" }))],
        },
        {
            condition: "local-disk-kms",
            case: "local disks without KMS",
            make: () => [encryption((e) => delete e.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration)],
        },
    ]),
    {
        rule: "emr-cluster-security-configuration",
        condition: "security-configuration",
        case: "cluster without a security configuration",
        make: () => [emrCluster({ securityConfiguration: undefined })],
    },
    ...ruleCases<WarehouseCanary>("emr-private-cluster-security-groups", [
        {
            condition: "service-access-9443",
            case: "service-access group without ingress 9443 from the primary group (EMR refuses the cluster)",
            make: () => privateCluster(is("ingress", SERVICE_ACCESS, PRIMARY)),
        },
        {
            condition: "service-access-9443",
            case: "primary group without egress 9443 to the service-access group",
            make: () => privateCluster(is("egress", PRIMARY, SERVICE_ACCESS)),
        },
        {
            condition: "service-access-8443",
            case: "service-access group without egress 8443 to the core group",
            make: () => privateCluster(is("egress", SERVICE_ACCESS, CORE)),
        },
        { condition: "node-to-node", case: "core group without egress to the primary group", make: () => privateCluster(is("egress", CORE, PRIMARY)) },
        {
            condition: "node-https-egress",
            case: "core group without HTTPS egress (no S3, KMS, Glue or EMR)",
            make: () => privateCluster(is("egress", CORE, "0.0.0.0/0")),
        },
    ]),
    ...ruleCases<WarehouseCanary>("no-nat-in-dev", [
        { condition: "nat-in-dev", case: "dev VPC with a single NAT gateway", make: () => vpc({ natGateways: { strategy: "Single" } }) },
        {
            condition: "nat-in-dev",
            case: "dev VPC with private and public subnets and no strategy (awsx: one per AZ)",
            make: () => vpc({ natGateways: undefined, subnetSpecs: [{ type: "Private" }, { type: "Public" }] }),
        },
        { condition: "nat-in-dev", case: "a NAT gateway resource in dev", make: () => [resource("aws:ec2/natGateway:NatGateway", { subnetId: "subnet-1" })] },
    ]),
    ...ruleCases<WarehouseCanary>("vpc-default-security-group-closed", [
        { condition: "unmanaged", case: "an awsx VPC whose default security group nothing adopts", make: () => [bareVpc()] },
        {
            condition: "unmanaged",
            case: "an aws.ec2.Vpc whose default security group nothing adopts, next to another VPC's adopted group",
            make: () => [resource("aws:ec2/vpc:Vpc", { id: "vpc-0fedcba9876543210", cidrBlock: "10.1.0.0/16" }), ...vpc()],
        },
        {
            condition: "unmanaged",
            case: "in preview (VPC ids unknown): a default group that depends on another VPC",
            make: () => {
                const [outer, other] = [bareVpc({ vpcId: pulumi.runtime.unknownValue }), bareVpc({ vpcId: pulumi.runtime.unknownValue })];
                const group = { ...defaultSecurityGroup({ vpcId: pulumi.runtime.unknownValue }), propertyDependencies: { vpcId: [other.urn] } };
                return [outer, other, group];
            },
        },
        {
            condition: "default-rules",
            case: "the default group adopted with AWS's self-referencing allow-all ingress",
            make: () => [bareVpc(), defaultSecurityGroup({ ingress: [{ protocol: "-1", self: true, fromPort: 0, toPort: 0 }] })],
        },
        {
            condition: "default-rules",
            case: "the default group adopted with allow-all egress",
            make: () => [bareVpc(), defaultSecurityGroup({ egress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"], fromPort: 0, toPort: 0 }] })],
        },
    ]),
    ...ruleCases<WarehouseCanary>("lambda-vpc-placement", [
        { condition: "outside-vpc-undeclared", case: "a function outside the VPC, without a reason, next to one in it", make: () => [fn(true), fn(false)] },
        {
            condition: "outside-vpc-undeclared",
            case: "a function outside the VPC whose reason tag is empty",
            make: () => [fn(true), fn(false, { "datalake:outside-vpc": " " })],
        },
        {
            condition: "outside-vpc-undeclared",
            case: "a function with an empty subnet list, next to one in the VPC",
            make: () => [fn(true), { ...fn(false), props: { vpcConfig: { subnetIds: [], securityGroupIds: [] } } }],
        },
    ]),
];

/** Resources every rule accepts. */
export const warehouseGood: WarehouseCanary[] = [
    { rule: "all", condition: "all", case: "the good provisioned warehouse", make: () => [cluster(), parameterGroup(), logging(), ingress()] },
    { rule: "all", condition: "all", case: "the good serverless warehouse", make: () => [namespace(), workgroup()] },
    { rule: "all", condition: "all", case: "the good EMR cluster", make: () => [emrCluster(), encryption()] },
    { rule: "all", condition: "all", case: "the good EMR cluster in a private subnet, with its groups' rules", make: () => privateCluster() },
    {
        rule: "all",
        condition: "all",
        case: "the same rules declared inline and as legacy aws.ec2.SecurityGroupRule",
        make: () => [
            ...privateCluster((r) => is("ingress", SERVICE_ACCESS, PRIMARY)(r) || is("egress", CORE, PRIMARY)(r)),
            resource("aws:ec2/securityGroup:SecurityGroup", {
                id: SERVICE_ACCESS,
                ingress: [{ protocol: "tcp", fromPort: 9443, toPort: 9443, securityGroups: [PRIMARY] }],
            }),
            resource("aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "egress",
                securityGroupId: CORE,
                protocol: "tcp",
                fromPort: 0,
                toPort: 65535,
                sourceSecurityGroupId: PRIMARY,
            }),
        ],
    },
    { rule: "all", condition: "all", case: "an isolated dev VPC", make: () => vpc() },
    {
        rule: "all",
        condition: "all",
        case: "in preview (VPC ids unknown): the default group adopting the VPC its vpcId depends on",
        make: () => {
            const outer = bareVpc({ vpcId: pulumi.runtime.unknownValue });
            return [outer, { ...defaultSecurityGroup({ vpcId: pulumi.runtime.unknownValue }), propertyDependencies: { vpcId: [outer.urn] } }];
        },
    },
    {
        rule: "all",
        condition: "all",
        case: "an aws.ec2.Vpc inside an awsx Vpc (judged through the awsx one)",
        make: () => {
            const [outer, group] = vpc();
            return [outer, group, { ...resource("aws:ec2/vpc:Vpc", { id: "vpc-inner" }), parent: outer.urn }];
        },
    },
    { rule: "no-nat-in-dev", condition: "all", case: "a prod VPC with NAT per AZ", make: () => vpc({ natGateways: { strategy: "OnePerAz" } }, "prod") },
    {
        rule: "no-nat-in-dev",
        condition: "all",
        case: "a dev VPC with NAT allowed by policy config",
        make: () => vpc({ natGateways: { strategy: "Single" } }),
        config: { "no-nat-in-dev": { allowNat: true } },
    },
    { rule: "all", condition: "all", case: "functions all outside any VPC (no VPC in the stack)", make: () => [fn(false), fn(false)] },
    {
        rule: "all",
        condition: "all",
        case: "a function outside the VPC that says why, next to one in it",
        make: () => [fn(true), fn(false, { "datalake:outside-vpc": "calls the SQS API and the VPC has no SQS endpoint" })],
    },
];
