/**
 * The network's pure parts: which interface endpoints the enabled features need (each with the
 * reason), the awsx subnet layout for the NAT strategy, and the flow-log documents.
 */
import { NAT_STRATEGIES } from "../../lib/config-optional";
import { AccountScope, PolicyDocument, Statement, doc, keyAdministration, serviceAssumeRolePolicy } from "../../lib/iam";

/** What runs in the VPC; each drives the interface endpoints it needs. */
export interface VpcFeatures {
    redshift: boolean;
    emrServerless: boolean;
    emrCluster: boolean;
    lambdasInVpc: boolean;
}

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
 * NAT they are Private, plus the small Public subnets the gateways live in.
 */
export function subnetLayout(
    nat: keyof typeof NAT_STRATEGIES,
    workloadTags: Record<string, string> = {},
): { subnetSpecs: { type: string; cidrMask: number; tags?: Record<string, string> }[]; strategy: string } {
    const tags = Object.keys(workloadTags).length ? { tags: workloadTags } : {};
    const workloads = { type: nat === "none" ? "Isolated" : "Private", cidrMask: 20, ...tags };
    return {
        subnetSpecs: nat === "none" ? [workloads] : [workloads, { type: "Public", cidrMask: 24 }],
        strategy: NAT_STRATEGIES[nat],
    };
}

/** AmazonEMRServicePolicy_v2 acts only on resources with this tag (the cluster's subnets and security groups). */
export const EMR_MANAGED_TAG = { "for-use-with-amazon-emr-managed-policies": "true" } as const;

/** Key policy of the flow-log key: the account administers it; CloudWatch Logs uses it for this one log group. */
export function flowLogKeyPolicy(s: AccountScope, logGroupName: string): PolicyDocument {
    const logs: Statement = {
        Sid: "AllowFlowLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${s.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${logGroupName}` } },
    };
    return doc(keyAdministration(s.partition, s.accountId), logs);
}

/** Trust policy of the flow-log role: VPC Flow Logs, for this account only. */
export function flowLogAssumeRolePolicy(accountId: string): PolicyDocument {
    return serviceAssumeRolePolicy("vpc-flow-logs.amazonaws.com", accountId);
}

/** The flow-log role writes streams of its one log group. */
export function flowLogRolePolicy(logGroupArn: string): PolicyDocument {
    return doc({
        Sid: "WriteFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    });
}

/**
 * ENI management a VPC-attached Lambda's role needs (what AWSLambdaVPCAccessExecutionRole grants;
 * EC2 accepts no resource scoping for the Describe call, so the statement is account-wide).
 */
export function lambdaVpcAccessPolicy(): PolicyDocument {
    return doc({
        Sid: "ManageFunctionEnis",
        Effect: "Allow",
        Action: [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: "*",
    });
}
