/**
 * The lake's VPC, built only when something runs in it (DataLake: the warehouse, EMR or VPC-attached functions): an awsx Vpc
 * over two or more AZs whose subnets are isolated (no route out) unless a NAT strategy is asked
 * for, S3 and DynamoDB gateway endpoints on its route tables, the interface endpoints the enabled
 * features need (behind one security group open on 443 to the VPC only), its default security
 * group stripped of every rule, flow logs of all traffic to a log group encrypted with the logs
 * key, and, for VPC-attached functions, their security group.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { requireLogsKey } from "../../lib/lake-context";
import { roleWithPolicy } from "../../lib/service-role";
import { EMR_MANAGED_TAG, GATEWAY_ENDPOINTS, flowLogRolePolicy, interfaceEndpointServices, serviceName, subnetLayout } from "./settings";
import { networkArgsWithDefaults, type NetworkArgs, type ResolvedNetworkArgs } from "./args";
import { ownedBy } from "../../lib/ownership";

/** HTTPS, what every AWS API endpoint listens on. */
export const HTTPS = 443;

export class Network extends pulumi.ComponentResource {
    readonly vpc: awsx.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    /** The subnets workloads run in: isolated ones, or private ones when there is NAT. */
    readonly subnetIds: pulumi.Output<string[]>;
    readonly cidrBlock: string;
    readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** Security group of the VPC-attached functions (only with `network.lambdasInVpc`). */
    readonly functionSecurityGroupId?: pulumi.Output<string>;
    readonly interfaceEndpoints: string[];
    readonly flowLogGroupName: pulumi.Output<string>;

    /** A VPC from its args; fields left out take the defaults in args.ts (`NETWORK_DEFAULTS`). */
    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:network:Network", name, {}, ownedBy("network", opts));
        const resolved = networkArgsWithDefaults(args);
        this.cidrBlock = resolved.cidrBlock;
        this.vpc = this.createVpc(name, resolved);
        this.vpcId = this.vpc.vpcId;
        this.subnetIds = resolved.natGateways === "none" ? this.vpc.isolatedSubnetIds : this.vpc.privateSubnetIds;
        this.flowLogGroupName = this.createFlowLogs(name, resolved);
        this.restrictDefaultSecurityGroup(name);
        this.endpointSecurityGroupId = this.createEndpointSecurityGroup(name);
        this.interfaceEndpoints = interfaceEndpointServices(resolved.features);
        this.createInterfaceEndpoints(name, resolved.region);
        if (resolved.features.lambdasInVpc) this.functionSecurityGroupId = this.createFunctionSecurityGroup(name);
        this.registerOutputs({
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            functionSecurityGroupId: this.functionSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }

    /** The VPC, its subnets, routes, NAT (if asked for) and the gateway endpoints on its route tables. */
    private createVpc(name: string, args: ResolvedNetworkArgs): awsx.ec2.Vpc {
        const layout = subnetLayout(args, args.features.emrCluster ? { ...EMR_MANAGED_TAG } : {});
        return new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                numberOfAvailabilityZones: args.availabilityZones,
                // Specs with cidrBlocks: awsx places the subnets where subnetLayout computed them
                // ("Exact" would also refuse the free quarter a three-AZ layout leaves).
                subnetStrategy: "Auto",
                subnetSpecs: layout.subnetSpecs.map((s) => ({ ...s, type: s.type as awsx.types.enums.ec2.SubnetType })),
                natGateways: { strategy: layout.strategy as awsx.types.enums.ec2.NatGatewayStrategy },
                // Private DNS of interface endpoints needs both.
                enableDnsHostnames: true,
                enableDnsSupport: true,
                // Auto: the gateway endpoints are attached to every route table the component creates.
                vpcEndpointStrategy: "Auto",
                vpcEndpointSpecs: GATEWAY_ENDPOINTS.map((service) => ({
                    serviceName: serviceName(args.region, service),
                    vpcEndpointType: "Gateway",
                })),
                tags: { "datalake:vpc-users": args.users.join(" ") },
            },
            { parent: this },
        );
    }

    /** Flow logs of all accepted and rejected traffic to a log group encrypted with the logs key. */
    private createFlowLogs(name: string, args: ResolvedNetworkArgs): pulumi.Output<string> {
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/aws/vpc/flow-logs/${pulumi.getProject()}-${pulumi.getStack()}`,
                retentionInDays: args.context.logRetentionDays,
                kmsKeyId: requireLogsKey(args.context, "Network"),
            },
            { parent: this },
        );
        const { role, policy } = roleWithPolicy(
            `${name}-flow-logs`,
            {
                role: {
                    service: "vpc-flow-logs.amazonaws.com",
                    description: "VPC Flow Logs delivery to the flow-log group",
                    accountId: pulumi.output(args.context.scope).accountId,
                },
                policy: logGroup.arn.apply((arn) => JSON.stringify(flowLogRolePolicy(arn))),
            },
            this,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: this.vpc.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 600,
            },
            { parent: this, dependsOn: [policy] },
        );
        return logGroup.name;
    }

    /**
     * The VPC's default security group, adopted with no rule (the provider removes AWS's
     * allow-all-within-the-group ingress and allow-all egress): a resource launched without a group
     * gets no traffic (Security Hub EC2.2, CKV2_AWS_12). Every lake workload names its own group.
     */
    private restrictDefaultSecurityGroup(name: string): void {
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpcId, ingress: [], egress: [] }, { parent: this });
    }

    /** Interface endpoints accept HTTPS from inside the VPC only, and initiate nothing. */
    private createEndpointSecurityGroup(name: string): pulumi.Output<string> {
        const sg = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            { vpcId: this.vpc.vpcId, description: "Interface VPC endpoints: HTTPS from the VPC", revokeRulesOnDelete: true },
            { parent: this },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-endpoints-https`,
            { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: HTTPS, toPort: HTTPS, cidrIpv4: this.cidrBlock, description: "HTTPS from the VPC" },
            { parent: this },
        );
        return sg.id;
    }

    private createInterfaceEndpoints(name: string, region: string): void {
        for (const service of this.interfaceEndpoints) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}-endpoint`,
                {
                    vpcId: this.vpc.vpcId,
                    serviceName: serviceName(region, service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.subnetIds,
                    securityGroupIds: [this.endpointSecurityGroupId],
                },
                { parent: this },
            );
        }
    }

    /**
     * Functions in the VPC (zone processors, real-time, serving): no inbound; outbound HTTPS only
     * (S3 and DynamoDB through their gateway endpoints). The description, which AWS cannot change
     * in place, still names the processors alone: rewording it would replace the group under them.
     */
    private createFunctionSecurityGroup(name: string): pulumi.Output<string> {
        const sg = new aws.ec2.SecurityGroup(
            `${name}-functions-sg`,
            { vpcId: this.vpc.vpcId, description: "Zone processors: outbound HTTPS to AWS APIs", revokeRulesOnDelete: true },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-functions-https`,
            {
                securityGroupId: sg.id,
                ipProtocol: "tcp",
                fromPort: HTTPS,
                toPort: HTTPS,
                cidrIpv4: "0.0.0.0/0",
                description: "HTTPS to AWS APIs (endpoints; NAT when configured)",
            },
            { parent: this },
        );
        return sg.id;
    }
}
