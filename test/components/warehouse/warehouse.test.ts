/**
 * The warehouse under the mocks, in both modes: network placement and exposure, keys and secrets,
 * TLS and audit settings, snapshots, the COPY/Spectrum role scoped to curated, and the daily
 * schedule: its Data API target, its role, and the SQL it sends.
 */
import { expect } from "chai";
import { program, Resources, RecordedResource } from "../../../harness/program";
import { CURATED_TABLES, SPECTRUM_SCHEMA, callLoad } from "../../../components/warehouse";

const T = {
    cluster: "aws:redshift/cluster:Cluster",
    namespace: "aws:redshiftserverless/namespace:Namespace",
    workgroup: "aws:redshiftserverless/workgroup:Workgroup",
    schedule: "aws:scheduler/schedule:Schedule",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    key: "aws:kms/key:Key",
};

const clients = { allowedCidrs: ["10.20.0.0/16", "192.168.1.0/24"], allowedSecurityGroupIds: ["sg-0123456789abcdef0"] };
const policyOf = (r: RecordedResource) => JSON.parse(r.props.policy);
const curatedOf = (res: Resources) => ({
    bucket: res.one("aws:s3/bucket:Bucket", "curated-bucket").outputs,
    key: res.one(T.key, "curated-key").outputs,
});

describe("warehouse: Redshift provisioned", function () {
    this.timeout(120_000);
    let dev: Resources;
    let prod: Resources;
    before(async () => {
        dev = await program("dev", { redshift: { mode: "provisioned", ...clients, provisioned: { nodeType: "ra3.xlplus", numberOfNodes: 2 } } });
        prod = await program("prod", { redshift: { mode: "provisioned" } });
    });

    it("in the VPC's private subnets, not public, enhanced VPC routing, encrypted with its own rotating CMK, managed admin secret", () => {
        const c = dev.one(T.cluster, "warehouse-cluster");
        const key = dev.one(T.key, "warehouse-cmk-key");
        expect(c.props).to.deep.include({
            clusterIdentifier: "datalake-dev-warehouse",
            nodeType: "ra3.xlplus",
            clusterType: "multi-node",
            numberOfNodes: 2,
            publiclyAccessible: false,
            enhancedVpcRouting: true,
            encrypted: "true",
            kmsKeyId: key.outputs.arn,
            manageMasterPassword: true,
            masterPasswordSecretKmsKeyId: key.outputs.arn,
            port: 5439,
            databaseName: "lake",
            masterUsername: "lakeadmin",
        });
        expect(c.props.masterPassword).to.equal(undefined);
        expect(key.props.enableKeyRotation).to.equal(true);
        const subnets = dev.one("aws:redshift/subnetGroup:SubnetGroup", "warehouse-subnets");
        expect(subnets.props.subnetIds).to.deep.equal(dev.one("awsx:ec2:Vpc", "network-vpc").outputs.isolatedSubnetIds);
        expect(c.props.clusterSubnetGroupName).to.equal(subnets.outputs.name);
    });

    it("single node by default; dev skips the final snapshot, prod takes one and is protected and retained", () => {
        const d = dev.one(T.cluster, "warehouse-cluster");
        expect([d.props.skipFinalSnapshot, d.props.finalSnapshotIdentifier, d.protect]).to.deep.equal([true, undefined, false]);
        const p = prod.one(T.cluster, "warehouse-cluster");
        expect(p.props).to.deep.include({ nodeType: "ra3.large", clusterType: "single-node", numberOfNodes: 1, automatedSnapshotRetentionPeriod: 7 });
        expect([p.props.skipFinalSnapshot, p.props.finalSnapshotIdentifier, p.protect, p.retainOnDelete]).to.deep.equal([
            false,
            "datalake-prod-warehouse-final",
            true,
            true,
        ]);
        expect(prod.one(T.key, "warehouse-cmk-key").protect).to.equal(true);
    });

    it("parameter group requires SSL and logs user activity; audit logging of all three logs into log groups encrypted with the logs key", () => {
        const group = dev.one("aws:redshift/parameterGroup:ParameterGroup", "warehouse-parameters");
        expect(group.props.parameters).to.deep.include.members([
            { name: "require_ssl", value: "true" },
            { name: "enable_user_activity_logging", value: "true" },
        ]);
        expect(dev.one(T.cluster, "warehouse-cluster").props.clusterParameterGroupName).to.equal(group.outputs.name);
        const logging = dev.one("aws:redshift/logging:Logging", "warehouse-audit-logging");
        expect(logging.props).to.deep.include({ logDestinationType: "cloudwatch", clusterIdentifier: "datalake-dev-warehouse" });
        expect(logging.props.logExports).to.have.members(["connectionlog", "userlog", "useractivitylog"]);
        for (const type of logging.props.logExports) {
            const lg = dev.one("aws:cloudwatch/logGroup:LogGroup", `warehouse-${type}`);
            expect(lg.props).to.deep.include({
                name: `/aws/redshift/cluster/datalake-dev-warehouse/${type}`,
                kmsKeyId: dev.one(T.key, "lake-logs-key-key").outputs.arn,
                retentionInDays: 14,
            });
        }
    });

    it("security group: 5439 only, only from the configured CIDRs and security groups; no client means no ingress", () => {
        const rules = dev.byType(T.ingress).filter((r) => r.name.startsWith("lake-warehouse"));
        expect(rules.map((r) => [r.props.fromPort, r.props.toPort, r.props.ipProtocol, r.props.cidrIpv4 ?? r.props.referencedSecurityGroupId])).to.deep.equal([
            [5439, 5439, "tcp", "10.20.0.0/16"],
            [5439, 5439, "tcp", "192.168.1.0/24"],
            [5439, 5439, "tcp", "sg-0123456789abcdef0"],
        ]);
        expect(dev.one(T.cluster, "warehouse-cluster").props.vpcSecurityGroupIds).to.deep.equal(["lake-warehouse-sg-id"]);
        expect(prod.byType(T.ingress).filter((r) => r.name.startsWith("lake-warehouse"))).to.have.length(0);
    });

    it("the COPY/Spectrum role reads only the curated bucket, its key and the curated database", () => {
        const { bucket, key } = curatedOf(dev);
        const trust = JSON.parse(dev.one(T.role, "warehouse-role").props.assumeRolePolicy);
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "redshift.amazonaws.com" });
        const p = policyOf(dev.one(T.rolePolicy, "warehouse-role-policy"));
        const resources = p.Statement.flatMap((s: { Resource: string | string[] }) => [s.Resource].flat());
        expect(resources).to.have.members([
            `${bucket.arn}/*`,
            bucket.arn,
            key.arn,
            "arn:aws:glue:eu-west-1:123456789012:catalog",
            "arn:aws:glue:eu-west-1:123456789012:database/datalake_dev_curated",
            "arn:aws:glue:eu-west-1:123456789012:table/datalake_dev_curated/*",
            "arn:aws:glue:eu-west-1:123456789012:userDefinedFunction/datalake_dev_curated/*",
        ]);
        const actions = p.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
        expect(actions.filter((a: string) => !/^(s3:Get|s3:List|kms:Decrypt|glue:(Get|BatchGet))/.test(a))).to.deep.equal([]);
        expect(dev.one(T.cluster, "warehouse-cluster").props.iamRoles).to.deep.equal([dev.one(T.role, "warehouse-role").outputs.arn]);
    });

    it("one daily schedule per view runs batchExecuteStatement on this cluster with its secret; their role may do only that", () => {
        const c = dev.one(T.cluster, "warehouse-cluster");
        const role = dev.one(T.role, "warehouse-load-schedule-role");
        const loads = dev.byType(T.schedule).filter((s) => s.name.includes("warehouse-daily-load"));
        expect(loads.map((s) => s.name)).to.have.members(CURATED_TABLES.map((t) => `lake-${scheduleOf(t.view)}`));
        for (const t of CURATED_TABLES) {
            const s = dev.one(T.schedule, scheduleOf(t.view));
            expect(s.props).to.deep.include({ scheduleExpression: "cron(0 6 * * ? *)", scheduleExpressionTimezone: "UTC" });
            expect(s.props.target.arn).to.equal("arn:aws:scheduler:::aws-sdk:redshiftdata:batchExecuteStatement");
            expect(JSON.parse(s.props.target.input)).to.deep.include({
                ClusterIdentifier: "datalake-dev-warehouse",
                Database: "lake",
                SecretArn: c.outputs.masterPasswordSecretArn,
                StatementName: `datalake-dev-warehouse-load-${t.view}`,
                WithEvent: true,
            });
            expect(s.props.target.roleArn).to.equal(role.outputs.arn);
        }
        expect(JSON.parse(role.props.assumeRolePolicy).Statement[0]).to.deep.include({
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        const p = policyOf(dev.one(T.rolePolicy, "warehouse-load-schedule-policy"));
        expect(p.Statement.map((x: { Action: string; Resource: string }) => [x.Action, x.Resource])).to.deep.equal([
            ["redshift-data:BatchExecuteStatement", c.outputs.arn],
            ["secretsmanager:GetSecretValue", c.outputs.masterPasswordSecretArn],
            ["kms:Decrypt", dev.one(T.key, "warehouse-cmk-key").outputs.arn],
        ]);
    });

    it("a failed or aborted daily load reaches the alarm topic: an EventBridge rule on its Data API statement, admitted by the topic policy", () => {
        expectLoadFailuresAlarmed(dev, "datalake-dev-warehouse");
        expectLoadFailuresAlarmed(prod, "datalake-prod-warehouse");
    });

    it("each schedule's SQL targets the curated bucket, the curated database and the warehouse role, and ends with its view's load call", () => {
        const { bucket } = curatedOf(dev);
        const role = dev.one(T.role, "warehouse-role").outputs.arn;
        const prefixes: Record<string, string> = {
            seller_performance: `'s3://${bucket.bucket}/seller_performance/'`,
            advertising: `'s3://${bucket.bucket}/advertising/event_date='`,
        };
        for (const t of CURATED_TABLES) {
            const sqls: string[] = JSON.parse(dev.one(T.schedule, scheduleOf(t.view)).props.target.input).Sqls;
            expect(sqls[0])
                .to.include(`CREATE EXTERNAL SCHEMA IF NOT EXISTS ${SPECTRUM_SCHEMA}`)
                .and.include("'datalake_dev_curated'")
                .and.include(`'${role}'`);
            const procedure = sqls.find((s) => s.startsWith("CREATE OR REPLACE PROCEDURE"))!;
            expect(procedure).to.include(prefixes[t.view]);
            for (const other of CURATED_TABLES.filter((o) => o !== t)) expect(procedure).not.to.include(prefixes[other.view]);
            expect(procedure.match(/IAM_ROLE/g)).to.have.length(1);
            expect(sqls[sqls.length - 1]).to.equal(callLoad(t));
        }
    });
});

describe("warehouse: Redshift serverless", function () {
    this.timeout(120_000);
    let prod: Resources;
    before(async () => {
        prod = await program("prod", { redshift: { mode: "serverless", serverless: { baseRpu: 32, maxRpu: 128 } } });
    });

    it("namespace with its CMK, managed admin secret, the load role and audit log exports; protected in prod", () => {
        const ns = prod.one(T.namespace, "warehouse-namespace");
        const key = prod.one(T.key, "warehouse-cmk-key").outputs.arn;
        expect(ns.props).to.deep.include({
            namespaceName: "datalake-prod-warehouse",
            dbName: "lake",
            manageAdminPassword: true,
            kmsKeyId: key,
            adminPasswordSecretKmsKeyId: key,
        });
        expect(ns.props.logExports).to.have.members(["connectionlog", "userlog", "useractivitylog"]);
        expect(ns.props.iamRoles).to.deep.equal([prod.one(T.role, "warehouse-role").outputs.arn]);
        expect([ns.protect, ns.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("workgroup: RPUs from config, private subnets in three AZs, not public, enhanced VPC routing, SSL required", () => {
        const wg = prod.one(T.workgroup, "warehouse-workgroup");
        expect(wg.props).to.deep.include({ baseCapacity: 32, maxCapacity: 128, publiclyAccessible: false, enhancedVpcRouting: true, port: 5439 });
        expect(wg.props.subnetIds).to.have.length(3);
        expect(wg.props.configParameters).to.deep.include({ parameterKey: "require_ssl", parameterValue: "true" });
        expect(wg.props.configParameters).to.deep.include({ parameterKey: "enable_user_activity_logging", parameterValue: "true" });
        expect(prod.byType(T.cluster)).to.have.length(0);
    });

    it("workgroup config: every parameter AWS returns for a workgroup, so the set read back equals the one sent (no diff on each up)", () => {
        const keys = prod.one(T.workgroup, "warehouse-workgroup").props.configParameters.map((p: { parameterKey: string }) => p.parameterKey);
        // API_ConfigParameter's keys, and the query monitoring metric a new workgroup has (max_query_execution_time).
        expect(keys).to.have.members([
            "auto_mv",
            "datestyle",
            "enable_case_sensitive_identifier",
            "enable_user_activity_logging",
            "max_query_execution_time",
            "query_group",
            "require_ssl",
            "search_path",
            "use_fips_ssl",
        ]);
    });

    it("audit log groups /aws/redshift/<namespace>/<log>: declared before the namespace exports to them, with retention and the logs key", () => {
        const ns = prod.one(T.namespace, "warehouse-namespace");
        for (const type of ns.props.logExports) {
            const lg = prod.one("aws:cloudwatch/logGroup:LogGroup", `warehouse-${type}`);
            expect(lg.props).to.deep.include({
                name: `/aws/redshift/datalake-prod-warehouse/${type}`,
                kmsKeyId: prod.one(T.key, "lake-logs-key-key").outputs.arn,
                retentionInDays: 365,
            });
            expect(ns.dependencies).to.include(lg.urn);
        }
    });

    it("a failed or aborted daily load reaches the alarm topic", () => expectLoadFailuresAlarmed(prod, "datalake-prod-warehouse"));

    it("the schedule targets the workgroup with the namespace's secret", () => {
        const input = JSON.parse(prod.one(T.schedule, scheduleOf("advertising")).props.target.input);
        const ns = prod.one(T.namespace, "warehouse-namespace");
        expect(input).to.deep.include({ WorkgroupName: "datalake-prod-warehouse", SecretArn: ns.outputs.adminPasswordSecretArn });
        expect(input.ClusterIdentifier).to.equal(undefined);
        const p = policyOf(prod.one(T.rolePolicy, "warehouse-load-schedule-policy"));
        expect(p.Statement[0].Resource).to.equal(prod.one(T.workgroup, "warehouse-workgroup").outputs.arn);
    });
});

const scheduleOf = (view: string) => `warehouse-daily-load-${view.replace(/_/g, "-")}`;

/** The statements the schedules name are the ones the failure rule matches, and the rule publishes to the alarm topic. */
function expectLoadFailuresAlarmed(res: Resources, identifier: string): void {
    const statementNames = CURATED_TABLES.map((t) => JSON.parse(res.one(T.schedule, scheduleOf(t.view)).props.target.input).StatementName);
    expect(statementNames).to.deep.equal(CURATED_TABLES.map((t) => `${identifier}-load-${t.view}`));
    const rule = res.one("aws:cloudwatch/eventRule:EventRule", "lake-monitoring-redshift-data-statement-status-change");
    expect(JSON.parse(rule.props.eventPattern)).to.deep.equal({
        source: ["aws.redshift-data"],
        "detail-type": ["Redshift Data Statement Status Change"],
        detail: { state: ["FAILED", "ABORTED"], statementName: statementNames },
    });
    const topic = res.byType("aws:sns/topic:Topic")[0];
    expect(res.one("aws:cloudwatch/eventTarget:EventTarget", `${rule.name}-to-topic`).props.arn).to.equal(topic.outputs.arn);
    const [topicPolicy] = res.byType("aws:sns/topicPolicy:TopicPolicy");
    const admitted = JSON.parse(topicPolicy.props.policy).Statement.find((st: { Sid: string }) => st.Sid === "AllowFailureEventRules");
    expect(admitted.Condition.ArnEquals["aws:SourceArn"]).to.include(rule.outputs.arn);
}
