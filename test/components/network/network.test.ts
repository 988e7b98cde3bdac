/**
 * The VPC under the mocks (awsx's Vpc is one remote resource there; its outputs come from
 * harness/mock-state.ts): present iff Redshift, EMR or VPC-attached processors need it, the
 * subnets and NAT strategy it is given, the endpoints each feature needs, flow logs, security groups.
 */
import { expect } from "chai";
import { program, Resources } from "../../../harness/program";
import { INTERFACE_ENDPOINTS, interfaceEndpointServices } from "../../../components/network";

const VPC = "awsx:ec2:Vpc";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

const endpoints = (res: Resources) =>
    res
        .byType(ENDPOINT)
        .map((e) => e.props.serviceName.split(".").pop())
        .sort();

describe("network: the VPC follows the toggles", function () {
    this.timeout(120_000);

    const cases: [string, "dev" | "prod", Record<string, unknown>, string[] | undefined][] = [
        ["dev as committed: no VPC", "dev", {}, undefined],
        ["prod as committed: no VPC", "prod", {}, undefined],
        ["redshift provisioned", "dev", { redshift: { mode: "provisioned" } }, ["glue"]],
        ["redshift serverless", "prod", { redshift: { mode: "serverless" } }, ["glue"]],
        ["emr serverless", "dev", { emr: { mode: "serverless" } }, ["glue", "kms", "logs"]],
        ["emr cluster", "dev", { emr: { mode: "cluster" } }, ["elasticmapreduce", "glue", "kms"]],
        ["processors in the VPC", "dev", { network: { lambdasInVpc: true } }, []],
    ];
    for (const [what, stack, overrides, expected] of cases) {
        it(`${what}: ${expected ? `VPC with interface endpoints [${expected.join(", ")}]` : "no VPC, no endpoint, no security group"}`, async () => {
            const res = await program(stack, overrides);
            if (!expected) {
                expect(res.byType(VPC)).to.have.length(0);
                expect(
                    res.all.filter((r) => r.type.startsWith("aws:ec2/") || r.type.startsWith("aws:vpc/") || r.type === "datalake:network:Network"),
                ).to.deep.equal([]);
                return;
            }
            const vpc = res.one(VPC, "network-vpc");
            expect(vpc.props.vpcEndpointSpecs).to.deep.equal([
                { serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway" },
                { serviceName: "com.amazonaws.eu-west-1.dynamodb", vpcEndpointType: "Gateway" },
            ]);
            expect(vpc.props.vpcEndpointStrategy).to.equal("Auto");
            expect(endpoints(res)).to.deep.equal(expected);
            for (const e of res.byType(ENDPOINT)) {
                expect(e.props).to.deep.include({ vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: vpc.outputs.isolatedSubnetIds });
                expect(e.props.securityGroupIds).to.deep.equal(["lake-network-endpoints-sg-id"]);
            }
        });
    }

    it("no NAT by default: isolated subnets in two AZs, strategy None; NAT asked for: private + public subnets", async () => {
        const none = (await program("dev", { redshift: { mode: "provisioned" } })).one(VPC, "network-vpc");
        expect(none.props).to.deep.include({
            numberOfAvailabilityZones: 2,
            cidrBlock: "10.64.0.0/16",
            natGateways: { strategy: "None" },
            subnetStrategy: "Auto",
        });
        expect(none.props.subnetSpecs).to.deep.equal([{ type: "Isolated", cidrBlocks: ["10.64.0.0/20", "10.64.128.0/20"] }]);
        const nat = (await program("dev", { redshift: { mode: "provisioned" }, network: { natGateways: "onePerAz", availabilityZones: 3 } })).one(
            VPC,
            "network-vpc",
        );
        expect(nat.props.natGateways).to.deep.equal({ strategy: "OnePerAz" });
        expect(nat.props.subnetSpecs).to.deep.equal([
            { type: "Private", cidrBlocks: ["10.64.0.0/20", "10.64.64.0/20", "10.64.128.0/20"] },
            { type: "Public", cidrBlocks: ["10.64.16.0/24", "10.64.80.0/24", "10.64.144.0/24"] },
        ]);
        expect(nat.props.numberOfAvailabilityZones).to.equal(3);
    });

    it("flow logs of all traffic to a log group encrypted with the logs key, delivered by a role scoped to it", async () => {
        const res = await program("prod", { redshift: { mode: "serverless" } });
        const flowLog = res.one("aws:ec2/flowLog:FlowLog", "network-flow-log");
        const group = res.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
        expect(flowLog.props).to.deep.include({
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: group.outputs.arn,
            vpcId: res.one(VPC, "network-vpc").outputs.vpcId,
        });
        expect(group.props).to.deep.include({
            name: "/aws/vpc/flow-logs/datalake-prod",
            kmsKeyId: res.one("aws:kms/key:Key", "lake-logs-key-key").outputs.arn,
            retentionInDays: 365,
        });
        const rolePolicy = JSON.parse(res.one("aws:iam/rolePolicy:RolePolicy", "network-flow-logs-policy").props.policy);
        // The VPC Flow Logs guide's delivery actions; CreateLogGroup left out (the group is the program's).
        expect(rolePolicy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "WriteFlowLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: [group.outputs.arn, `${group.outputs.arn}:*`],
                },
                { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
            ],
        });
        const trust = JSON.parse(res.one("aws:iam/role:Role", "network-flow-logs-role").props.assumeRolePolicy);
        expect(trust.Statement[0]).to.deep.include({
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("the endpoint security group accepts HTTPS from the VPC only", async () => {
        const res = await program("dev", { emr: { mode: "serverless" } });
        const rules = res.byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("lake-network"));
        expect(rules.map((r) => [r.props.fromPort, r.props.toPort, r.props.cidrIpv4])).to.deep.equal([[443, 443, "10.64.0.0/16"]]);
    });

    it("lambdasInVpc: the processors, the real-time and the serving functions in the subnets with their security group and ENI permissions; the ingest API stays out", async () => {
        const res = await program("dev", { network: { lambdasInVpc: true }, realtime: { enabled: true }, serving: { enabled: true } });
        const vpc = res.one(VPC, "network-vpc");
        // The curation starter stays out too: it calls only the SQS and Glue APIs.
        const inVpc = ["lake-drop-to-raw", "lake-realtime-function", "lake-serving-job", "lake-serving-api"];
        const functions = res.byType("aws:lambda/function:Function").filter((f) => f.props.vpcConfig !== undefined);
        expect(functions.map((f) => f.name).sort()).to.deep.equal(
            ["lake-drop-to-raw-function", "lake-realtime-function", "lake-serving-api", "lake-serving-job"].sort(),
        );
        for (const prefix of inVpc) {
            const fn = functions.find((f) => f.name === prefix || f.name === `${prefix}-function`)!;
            expect(fn.props.vpcConfig, fn.name).to.deep.equal({ subnetIds: vpc.outputs.isolatedSubnetIds, securityGroupIds: ["lake-network-functions-sg-id"] });
            const accessPolicy = res.named("aws:iam/rolePolicy:RolePolicy", `${prefix}-vpc-access`);
            const access = JSON.parse(accessPolicy.props.policy);
            const arn = (r: string) => `arn:aws:ec2:eu-west-1:123456789012:${r}`;
            expect(access.Statement[0]).to.deep.include({
                Action: "ec2:CreateNetworkInterface",
                Resource: [
                    arn("network-interface/*"),
                    ...vpc.outputs.isolatedSubnetIds.map((id: string) => arn(`subnet/${id}`)),
                    arn("security-group/lake-network-functions-sg-id"),
                ],
            });
            expect(access.Statement[1].Condition).to.deep.equal({ ArnEquals: { "ec2:Vpc": arn(`vpc/${vpc.outputs.vpcId}`) } });
            // The ENI policy is on the function's own role, and Lambda checks it when it creates the function.
            const role = res.byType("aws:iam/role:Role").find((r) => r.outputs.arn === fn.props.role)!;
            expect(accessPolicy.props.role).to.equal(role.outputs.name);
            expect(
                res.dependenciesOf(fn).map((d) => d.name),
                fn.name,
            ).to.include(`${prefix}-vpc-access`);
        }
        expect(res.one("aws:lambda/function:Function", "ingest-http-function").props.vpcConfig).to.equal(undefined);
        const egress = res.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "functions-https");
        expect([egress.props.fromPort, egress.props.toPort]).to.deep.equal([443, 443]);
    });

    it("the VPC's default security group is adopted with no ingress and no egress rule", async () => {
        const res = await program("dev", { emr: { mode: "serverless" } });
        const group = res.named("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "lake-network-default-sg");
        expect(group.props).to.deep.include({ vpcId: res.one(VPC, "network-vpc").outputs.vpcId, ingress: [], egress: [] });
    });

    it("every interface endpoint says who needs it", () => {
        const all = { redshift: true, emrServerless: true, emrCluster: true, lambdasInVpc: true };
        expect(interfaceEndpointServices(all)).to.deep.equal(Object.keys(INTERFACE_ENDPOINTS).sort());
        expect(interfaceEndpointServices({ redshift: false, emrServerless: false, emrCluster: false, lambdasInVpc: true })).to.deep.equal([]);
    });
});
