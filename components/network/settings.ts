/**
 * The network's pure parts: which interface endpoints the enabled features need (each with the
 * reason), the awsx subnet layout (explicit CIDRs) for the NAT strategy, and the flow-log documents.
 */
import { NAT_STRATEGIES, type NatGateways, type VpcFeatures } from "./args";
import type { AccountScope } from "../../lib/account-scope";
import { PolicyDocument, doc } from "../../lib/iam";
import { vpcSubnets } from "../../lib/vpc-layout";

/**
 * Interface endpoints by service (short name, `com.amazonaws.<region>.<service>`) and who needs
 * them. S3 and DynamoDB are gateway endpoints, always present. Services the warehouse and EMR
 * reach through their own AWS control planes (Secrets Manager for the admin secret, the Redshift
 * Data API the scheduler calls, STS for role assumption) need no endpoint in the VPC, so none is
 * created: each interface endpoint costs ~$7.30/month per AZ.
 */
export const INTERFACE_ENDPOINTS: Record<string, { why: string; neededBy: (f: VpcFeatures) => boolean }> = {
    glue: {
        why: "Glue Data Catalog: Redshift Spectrum with enhanced VPC routing, EMR's Hive metastore client",
        neededBy: (f) => f.redshift || f.emrServerless || f.emrCluster,
    },
    kms: { why: "EMR local-disk encryption keys requested from the nodes", neededBy: (f) => f.emrServerless || f.emrCluster },
    logs: { why: "EMR Serverless job logs to CloudWatch Logs", neededBy: (f) => f.emrServerless },
    elasticmapreduce: { why: "EMR cluster nodes reporting to the EMR control plane", neededBy: (f) => f.emrCluster },
};

/** Interface endpoint services the features need, sorted. */
export function interfaceEndpointServices(f: VpcFeatures): string[] {
    return Object.entries(INTERFACE_ENDPOINTS)
        .filter(([, e]) => e.neededBy(f))
        .map(([service]) => service)
        .sort();
}

/** Gateway endpoints every lake VPC has (free; keep S3 and DynamoDB traffic off NAT and the internet). */
export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;

export function serviceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}

/**
 * awsx subnet specs and NAT strategy: without NAT the subnets are Isolated (no route out); with
 * NAT they are Private, plus the Public subnets the gateways live in. Each spec carries its CIDR
 * in every AZ, computed from the VPC's (lib/vpc-layout.ts), so awsx allocates nothing.
 */
export function subnetLayout(
    network: { cidrBlock: string; availabilityZones: number; natGateways: NatGateways },
    workloadTags: Record<string, string> = {},
): { subnetSpecs: { type: string; cidrBlocks: string[]; tags?: Record<string, string> }[]; strategy: string } {
    const nat = network.natGateways;
    const cidrs = vpcSubnets(network.cidrBlock, network.availabilityZones, nat);
    const tags = Object.keys(workloadTags).length ? { tags: workloadTags } : {};
    const workloads = { type: nat === "none" ? "Isolated" : "Private", cidrBlocks: cidrs.workload, ...tags };
    return {
        subnetSpecs: nat === "none" ? [workloads] : [workloads, { type: "Public", cidrBlocks: cidrs.public }],
        strategy: NAT_STRATEGIES[nat],
    };
}

/** AmazonEMRServicePolicy_v2 acts only on resources with this tag (the cluster's subnets and security groups). */
export const EMR_MANAGED_TAG = { "for-use-with-amazon-emr-managed-policies": "true" } as const;

/**
 * The flow-log role: the actions the VPC Flow Logs guide lists for delivery to CloudWatch Logs
 * ("IAM role for publishing flow logs to CloudWatch Logs"), the stream ones scoped to the one log
 * group. DescribeLogGroups authorizes only on "*" (STAR_ONLY_ACTIONS); CreateLogGroup is left
 * out: the program creates the group, encrypted, and the service must not recreate it bare.
 */
export function flowLogRolePolicy(logGroupArn: string): PolicyDocument {
    return doc(
        {
            Sid: "WriteFlowLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    );
}

export interface FunctionVpc {
    scope: AccountScope;
    vpcId: string;
    subnetIds: string[];
    securityGroupIds: string[];
}

/**
 * ENI management a VPC-attached Lambda's role needs (what AWSLambdaVPCAccessExecutionRole grants),
 * scoped to the account's network interfaces in this VPC, its subnets and the function's security
 * groups; DescribeNetworkInterfaces takes no resource scoping.
 */
export function lambdaVpcAccessPolicy(v: FunctionVpc): PolicyDocument {
    const arn = (resource: string) => `arn:${v.scope.partition}:ec2:${v.scope.region}:${v.scope.accountId}:${resource}`;
    const inVpc = { ArnEquals: { "ec2:Vpc": arn(`vpc/${v.vpcId}`) } };
    return doc(
        {
            Sid: "CreateFunctionEnis",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterface",
            Resource: [
                arn("network-interface/*"),
                ...v.subnetIds.map((id) => arn(`subnet/${id}`)),
                ...v.securityGroupIds.map((id) => arn(`security-group/${id}`)),
            ],
        },
        {
            Sid: "ManageFunctionEnis",
            Effect: "Allow",
            Action: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
            Resource: arn("network-interface/*"),
            Condition: inVpc,
        },
        { Sid: "DescribeFunctionEnis", Effect: "Allow", Action: "ec2:DescribeNetworkInterfaces", Resource: "*" },
    );
}
