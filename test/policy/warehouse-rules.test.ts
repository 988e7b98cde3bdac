/**
 * The warehouse, EMR and network rules: every rule flags its bad canaries (and only its own rule
 * fires), accepts the good resources, and passes on what the program records with each toggle on.
 */
import { expect } from "chai";
import { warehousePolicies } from "../../policy/rules-warehouse";
import { Recorded, describeViolations, evaluate } from "./harness";
import { runProgram } from "../../harness/program";
import { allPolicies } from "../../policy/all";

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
    resource("aws:redshiftserverless/namespace:Namespace", { namespaceName: "lake", kmsKeyId: KEY, logExports: ["connectionlog", "userlog", "useractivitylog"], ...props });
const workgroup = (props: Record<string, any> = {}) =>
    resource("aws:redshiftserverless/workgroup:Workgroup", { publiclyAccessible: false, configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }], ...props });
const ingress = (props: Record<string, any> = {}) =>
    resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "tcp", fromPort: 5439, toPort: 5439, cidrIpv4: "10.0.0.0/16", ...props });
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
const vpc = (props: Record<string, any> = {}, stack = "dev") =>
    resource("awsx:ec2:Vpc", { natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Isolated", cidrMask: 20 }], ...props }, stack);

interface Canary {
    rule: string;
    case: string;
    make: () => Recorded[];
    config?: Record<string, Record<string, unknown>>;
}

const bad: Canary[] = [
    { rule: "redshift-not-public", case: "cluster publicly accessible", make: () => [cluster({ publiclyAccessible: true }), parameterGroup(), logging()] },
    { rule: "redshift-not-public", case: "cluster with publiclyAccessible unset", make: () => [cluster({ publiclyAccessible: undefined }), parameterGroup(), logging()] },
    { rule: "redshift-not-public", case: "workgroup publicly accessible", make: () => [workgroup({ publiclyAccessible: true })] },
    { rule: "redshift-port-not-open-to-internet", case: "ingress rule 5439 from 0.0.0.0/0", make: () => [ingress({ cidrIpv4: "0.0.0.0/0" })] },
    { rule: "redshift-port-not-open-to-internet", case: "ingress rule of all ports from ::/0", make: () => [ingress({ ipProtocol: "-1", fromPort: undefined, toPort: undefined, cidrIpv4: undefined, cidrIpv6: "::/0" })] },
    {
        rule: "redshift-port-not-open-to-internet",
        case: "inline security group ingress 5000-6000 from 0.0.0.0/0",
        make: () => [resource("aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "tcp", fromPort: 5000, toPort: 6000, cidrBlocks: ["0.0.0.0/0"] }] })],
    },
    { rule: "redshift-cmk-encryption", case: "cluster not encrypted", make: () => [cluster({ encrypted: "false" }), parameterGroup(), logging()] },
    { rule: "redshift-cmk-encryption", case: "cluster encrypted with the AWS owned key", make: () => [cluster({ kmsKeyId: undefined }), parameterGroup(), logging()] },
    { rule: "redshift-cmk-encryption", case: "namespace without a CMK", make: () => [namespace({ kmsKeyId: undefined })] },
    { rule: "redshift-require-ssl", case: "cluster on the default parameter group", make: () => [cluster({ clusterParameterGroupName: undefined }), logging()] },
    { rule: "redshift-require-ssl", case: "parameter group with require_ssl false", make: () => [cluster(), parameterGroup("false"), logging()] },
    { rule: "redshift-require-ssl", case: "workgroup without require_ssl", make: () => [workgroup({ configParameters: [] })] },
    { rule: "redshift-audit-logging", case: "cluster without audit logging", make: () => [cluster(), parameterGroup()] },
    { rule: "redshift-audit-logging", case: "audit logging without user activity", make: () => [cluster(), parameterGroup(), logging(["connectionlog", "userlog"])] },
    { rule: "redshift-audit-logging", case: "namespace exporting no logs", make: () => [namespace({ logExports: undefined })] },
    { rule: "emr-security-configuration-encryption", case: "in-transit encryption off", make: () => [encryption((e) => (e.EnableInTransitEncryption = false))] },
    { rule: "emr-security-configuration-encryption", case: "at-rest encryption off", make: () => [encryption((e) => (e.EnableAtRestEncryption = false))] },
    { rule: "emr-security-configuration-encryption", case: "EMRFS SSE-S3", make: () => [encryption((e) => (e.AtRestEncryptionConfiguration.S3EncryptionConfiguration = { EncryptionMode: "SSE-S3" }))] },
    { rule: "emr-security-configuration-encryption", case: "local disks without KMS", make: () => [encryption((e) => delete e.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration)] },
    { rule: "emr-cluster-security-configuration", case: "cluster without a security configuration", make: () => [emrCluster({ securityConfiguration: undefined })] },
    { rule: "no-nat-in-dev", case: "dev VPC with a single NAT gateway", make: () => [vpc({ natGateways: { strategy: "Single" } })] },
    { rule: "no-nat-in-dev", case: "dev VPC with private and public subnets and no strategy (awsx: one per AZ)", make: () => [vpc({ natGateways: undefined, subnetSpecs: [{ type: "Private" }, { type: "Public" }] })] },
    { rule: "no-nat-in-dev", case: "a NAT gateway resource in dev", make: () => [resource("aws:ec2/natGateway:NatGateway", { subnetId: "subnet-1" })] },
];

const good: Canary[] = [
    { rule: "all", case: "the good provisioned warehouse", make: () => [cluster(), parameterGroup(), logging(), ingress()] },
    { rule: "all", case: "the good serverless warehouse", make: () => [namespace(), workgroup()] },
    { rule: "all", case: "the good EMR cluster", make: () => [emrCluster(), encryption()] },
    { rule: "all", case: "an isolated dev VPC", make: () => [vpc()] },
    { rule: "no-nat-in-dev", case: "a prod VPC with NAT per AZ", make: () => [vpc({ natGateways: { strategy: "OnePerAz" } }, "prod")] },
    { rule: "no-nat-in-dev", case: "a dev VPC with NAT allowed by policy config", make: () => [vpc({ natGateways: { strategy: "Single" } })], config: { "no-nat-in-dev": { allowNat: true } } },
];

describe("policy: warehouse, EMR and network rules", () => {
    it("every rule has a bad canary, and names are unique", () => {
        const names = warehousePolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.filter((name) => !bad.some((c) => c.rule === name))).to.deep.equal([]);
    });

    for (const c of good) {
        it(`accepts ${c.case}`, async () => {
            const violations = await evaluate(c.make(), { policies: warehousePolicies, config: c.config });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    for (const c of bad) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const violations = await evaluate(c.make(), { policies: warehousePolicies, config: c.config });
            expect([...new Set(violations.map((v) => v.policy))], describeViolations(violations)).to.deep.equal([c.rule]);
        });
    }
});

describe("policy: the whole pack on the stacks with each toggle on", function () {
    this.timeout(180_000);
    const stacks: ["dev" | "prod", Record<string, unknown>][] = [
        ["dev", { redshift: { mode: "provisioned", allowedCidrs: ["10.20.0.0/16"] } }],
        ["prod", { redshift: { mode: "serverless" } }],
        ["prod", { redshift: { mode: "provisioned", provisioned: { nodeType: "ra3.4xlarge", numberOfNodes: 2 } }, network: { natGateways: "onePerAz" } }],
        ["dev", { emr: { mode: "serverless" }, network: { lambdasInVpc: true } }],
        ["dev", { emr: { mode: "cluster", cluster: { keyPair: "ops" } } }],
    ];
    for (const [stack, overrides] of stacks) {
        it(`${stack} ${JSON.stringify(overrides)}: no violation`, async () => {
            const violations = await evaluate(await runProgram(stack, overrides), { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("dev with NAT asked for in stack config: no-nat-in-dev flags the VPC until the pack's config allows it", async () => {
        const recorded = await runProgram("dev", { redshift: { mode: "provisioned" }, network: { natGateways: "single" } });
        const flagged = await evaluate(recorded, { policies: allPolicies });
        expect(flagged.map((v) => [v.policy, v.urn?.split("::").pop()])).to.deep.equal([["no-nat-in-dev", "lake-network-vpc"]]);
        expect(await evaluate(recorded, { policies: allPolicies, config: { "no-nat-in-dev": { allowNat: true } } })).to.deep.equal([]);
    });
});
