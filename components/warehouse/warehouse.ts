/**
 * The optional Redshift warehouse (`mode`; config `redshift.mode`): a provisioned cluster or a serverless
 * namespace + workgroup, in the lake VPC's private subnets, never publicly accessible, enhanced
 * VPC routing (COPY and Spectrum traffic stays on the S3 gateway endpoint), encrypted with its own
 * CMK, the admin password generated and kept by Secrets Manager, TLS required, audit logs on (in
 * log groups encrypted with the logs key). A
 * role scoped to the curated zone serves COPY and Spectrum; EventBridge Scheduler sends each
 * curated view's daily load (components/warehouse/sql.ts) through the Redshift Data API
 * (batchExecuteStatement, one transaction per view); a failed or aborted load is a failure event
 * the operations area routes to the alarm topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { requireLogsKey } from "../../lib/lake-context";
import { roleWithPolicy } from "../../lib/service-role";
import { allOf, jsonOf } from "../../lib/outputs";
import { WAREHOUSE_PARAMETERS, WORKGROUP_CONFIG_PARAMETERS } from "../../lib/warehouse-parameters";
import { DeclaresFailureEvents, FailureEvent, failureEvent } from "../operations/signals";
import { lakeKey, sharedKeyAlias } from "../keys";
import { loadScheduleRolePolicy, warehouseKeyPolicy, warehouseRolePolicy } from "./policies";
import {
    AUDIT_LOG_EXPORTS,
    PARAMETER_GROUP_FAMILY,
    REDSHIFT_PORT,
    batchExecuteTarget,
    clusterLogGroupName,
    finalSnapshotIdentifier,
    loadStatementName,
    serverlessLogGroupName,
    warehouseIdentifier,
} from "./settings";
import { CURATED_TABLES, LoadTarget, viewLoadBatch } from "./sql";
import { ownedBy } from "../../lib/ownership";
import { warehouseArgsWithDefaults, type ResolvedProvisioned, type ResolvedServerlessWarehouse, type ResolvedWarehouseArgs, type WarehouseArgs } from "./args";

/** Where the Data API runs the batch, and the secret it signs in with. */
interface Endpoint {
    warehouseArn: pulumi.Output<string>;
    secretArn: pulumi.Output<string>;
    /** `ClusterIdentifier` or `WorkgroupName` of the Data API request. */
    dataApiTarget: pulumi.Output<{ ClusterIdentifier: string } | { WorkgroupName: string }>;
}

export class Warehouse extends pulumi.ComponentResource implements DeclaresFailureEvents {
    readonly keyArn: pulumi.Output<string>;
    /** Role the warehouse uses for COPY and Spectrum. */
    readonly roleArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** Cluster ARN, or workgroup ARN in serverless mode. */
    readonly warehouseArn: pulumi.Output<string>;
    /** Secrets Manager secret of the admin password. */
    readonly adminSecretArn: pulumi.Output<string>;
    readonly identifier: string;

    /**
     * Each view's daily load runs after the scheduler's call returns (WithEvent: true): its FAILED
     * or ABORTED state reaches EventBridge only, as a Data API statement event.
     * https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-monitoring-events.html
     */
    failureEvents(): FailureEvent[] {
        return CURATED_TABLES.map((t) =>
            failureEvent("aws.redshift-data", "Redshift Data Statement Status Change", "statementName", loadStatementName(this.identifier, t.view), [
                "FAILED",
                "ABORTED",
            ]),
        );
    }

    /** A warehouse from its args; fields left out take the defaults in args.ts (`WAREHOUSE_DEFAULTS`). */
    constructor(name: string, args: WarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:warehouse:Warehouse", name, {}, ownedBy("warehouse", opts));
        const resolved = warehouseArgsWithDefaults(args);
        const scope = pulumi.output(resolved.context.scope);
        this.identifier = warehouseIdentifier(pulumi.getProject(), pulumi.getStack());
        const key = lakeKey(
            `${name}-cmk-key`,
            {
                description: "Data lake warehouse: Redshift data and its admin secret",
                policy: scope.apply((s) => JSON.stringify(warehouseKeyPolicy(s))),
                retainData: resolved.context.retainData,
            },
            this,
        );
        sharedKeyAlias(`${name}-cmk-alias`, "warehouse", key, this);
        this.keyArn = key.arn;
        this.roleArn = this.createLoadRole(name, resolved, scope);
        this.securityGroupId = this.createSecurityGroup(name, resolved);
        const endpoint =
            resolved.mode === "provisioned"
                ? this.createCluster(name, resolved, resolved.provisioned)
                : this.createServerless(name, resolved, resolved.serverless);
        this.warehouseArn = endpoint.warehouseArn;
        this.adminSecretArn = endpoint.secretArn;
        this.createLoadSchedule(name, resolved, scope, endpoint);
        this.registerOutputs({ keyArn: this.keyArn, roleArn: this.roleArn, warehouseArn: this.warehouseArn, adminSecretArn: this.adminSecretArn });
    }

    /** COPY and Spectrum role: the curated bucket, its key and its Glue database, nothing else. */
    private createLoadRole(name: string, args: ResolvedWarehouseArgs, scope: pulumi.Output<AccountScope>): pulumi.Output<string> {
        const { role } = roleWithPolicy(
            name,
            {
                role: { service: "redshift.amazonaws.com", description: "Redshift COPY and Spectrum over the curated zone" },
                policy: jsonOf(
                    {
                        scope,
                        bucketArn: args.curated.bucketArn,
                        keyArn: args.curated.keyArn,
                        database: args.curated.database,
                        catalogKeyArns: pulumi.all(args.catalogKeyArns ?? []),
                    },
                    warehouseRolePolicy,
                ),
                policyName: `${name}-role-policy`,
            },
            this,
        );
        return role.arn;
    }

    /** 5439 from the configured networks and security groups only; out: HTTPS to AWS APIs. */
    private createSecurityGroup(name: string, args: ResolvedWarehouseArgs): pulumi.Output<string> {
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.network.vpcId, description: "Redshift: 5439 from configured clients only", revokeRulesOnDelete: true },
            { parent: this },
        );
        const port = { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: REDSHIFT_PORT, toPort: REDSHIFT_PORT };
        args.allowedCidrs.forEach(
            (cidr, i) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-client-cidr-${i}`,
                    { ...port, cidrIpv4: cidr, description: `Redshift clients in ${cidr}` },
                    { parent: this },
                ),
        );
        args.allowedSecurityGroupIds.forEach(
            (id, i) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-client-sg-${i}`,
                    { ...port, referencedSecurityGroupId: id, description: `Redshift clients in ${id}` },
                    { parent: this },
                ),
        );
        // COPY/Spectrum through the S3 gateway endpoint and Glue through its interface endpoint; the subnets have no other route out unless NAT was asked for.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to S3 and Glue endpoints" },
            { parent: this },
        );
        return sg.id;
    }

    private createCluster(name: string, args: ResolvedWarehouseArgs, p: ResolvedProvisioned): Endpoint {
        const child = { parent: this };
        const subnets = new aws.redshift.SubnetGroup(`${name}-subnets`, { description: "Lake VPC private subnets", subnetIds: args.network.subnetIds }, child);
        const parameters = new aws.redshift.ParameterGroup(
            `${name}-parameters`,
            {
                family: PARAMETER_GROUP_FAMILY,
                description: "TLS only, user activity logged",
                parameters: Object.entries(WAREHOUSE_PARAMETERS).map(([name, value]) => ({ name, value })),
            },
            child,
        );
        const logGroups = this.auditLogGroups(name, args, (type) => clusterLogGroupName(this.identifier, type));
        const cluster = new aws.redshift.Cluster(
            `${name}-cluster`,
            {
                clusterIdentifier: this.identifier,
                databaseName: args.databaseName,
                masterUsername: args.adminUsername,
                manageMasterPassword: true,
                masterPasswordSecretKmsKeyId: this.keyArn,
                nodeType: p.nodeType,
                clusterType: p.numberOfNodes === 1 ? "single-node" : "multi-node",
                numberOfNodes: p.numberOfNodes,
                encrypted: "true",
                kmsKeyId: this.keyArn,
                enhancedVpcRouting: true,
                publiclyAccessible: false,
                port: REDSHIFT_PORT,
                clusterSubnetGroupName: subnets.name,
                vpcSecurityGroupIds: [this.securityGroupId],
                clusterParameterGroupName: parameters.name,
                automatedSnapshotRetentionPeriod: p.snapshotRetentionDays,
                iamRoles: [this.roleArn],
                defaultIamRoleArn: this.roleArn,
                skipFinalSnapshot: !args.context.retainData,
                finalSnapshotIdentifier: args.context.retainData ? finalSnapshotIdentifier(this.identifier) : undefined,
            },
            { ...child, protect: args.context.retainData, retainOnDelete: args.context.retainData },
        );
        new aws.redshift.Logging(
            `${name}-audit-logging`,
            { clusterIdentifier: cluster.clusterIdentifier, logDestinationType: "cloudwatch", logExports: [...AUDIT_LOG_EXPORTS] },
            { ...child, dependsOn: logGroups },
        );
        return {
            warehouseArn: cluster.arn,
            secretArn: cluster.masterPasswordSecretArn,
            dataApiTarget: cluster.clusterIdentifier.apply((id) => ({ ClusterIdentifier: id })),
        };
    }

    /**
     * The audit log groups Redshift writes, one per exported log, declared so they have a
     * retention and the logs key rather than Redshift's defaults (never expire, no CMK).
     */
    private auditLogGroups(name: string, args: ResolvedWarehouseArgs, groupName: (logType: string) => string): aws.cloudwatch.LogGroup[] {
        return AUDIT_LOG_EXPORTS.map(
            (type) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${type}`,
                    { name: groupName(type), retentionInDays: args.context.logRetentionDays, kmsKeyId: requireLogsKey(args.context, "Warehouse") },
                    { parent: this },
                ),
        );
    }

    private createServerless(name: string, args: ResolvedWarehouseArgs, s: ResolvedServerlessWarehouse): Endpoint {
        const logGroups = this.auditLogGroups(name, args, (type) => serverlessLogGroupName(this.identifier, type));
        const retained = { parent: this, protect: args.context.retainData, retainOnDelete: args.context.retainData };
        const namespace = new aws.redshiftserverless.Namespace(
            `${name}-namespace`,
            {
                namespaceName: this.identifier,
                dbName: args.databaseName,
                adminUsername: args.adminUsername,
                manageAdminPassword: true,
                adminPasswordSecretKmsKeyId: this.keyArn,
                kmsKeyId: this.keyArn,
                iamRoles: [this.roleArn],
                defaultIamRoleArn: this.roleArn,
                logExports: [...AUDIT_LOG_EXPORTS],
            },
            { ...retained, dependsOn: logGroups },
        );
        const workgroup = new aws.redshiftserverless.Workgroup(
            `${name}-workgroup`,
            {
                workgroupName: this.identifier,
                namespaceName: namespace.namespaceName,
                baseCapacity: s.baseRpu,
                maxCapacity: s.maxRpu,
                enhancedVpcRouting: true,
                publiclyAccessible: false,
                port: REDSHIFT_PORT,
                subnetIds: args.network.subnetIds,
                securityGroupIds: [this.securityGroupId],
                configParameters: Object.entries(WORKGROUP_CONFIG_PARAMETERS).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
            },
            retained,
        );
        return {
            warehouseArn: workgroup.arn,
            secretArn: namespace.adminPasswordSecretArn,
            dataApiTarget: workgroup.workgroupName.apply((w) => ({ WorkgroupName: w })),
        };
    }

    /**
     * Daily at `loadSchedule`, one schedule per curated view: its load batch, through the
     * Data API (one transaction per call, so a view that fails rolls back only itself), with a role
     * that may do only that.
     */
    private createLoadSchedule(name: string, args: ResolvedWarehouseArgs, scope: pulumi.Output<AccountScope>, endpoint: Endpoint): void {
        const child = { parent: this };
        const { role, policy } = roleWithPolicy(
            `${name}-load-schedule`,
            {
                role: {
                    service: "scheduler.amazonaws.com",
                    description: "EventBridge Scheduler: the warehouse's daily load through the Redshift Data API",
                    accountId: scope.accountId,
                },
                policy: jsonOf(
                    { warehouseArn: endpoint.warehouseArn, secretArn: endpoint.secretArn, keyArn: this.keyArn, region: scope.region },
                    loadScheduleRolePolicy,
                ),
            },
            this,
        );
        const target = allOf<LoadTarget>({
            curatedBucket: args.curated.bucketName,
            curatedDatabase: args.curated.database,
            roleArn: this.roleArn,
            region: scope.region,
        });
        for (const table of CURATED_TABLES) {
            new aws.scheduler.Schedule(
                `${name}-daily-load-${table.view.replace(/_/g, "-")}`,
                {
                    description: `Loads the curated view ${table.view} into the warehouse (COPY and Spectrum), for yesterday`,
                    scheduleExpression: args.loadSchedule,
                    scheduleExpressionTimezone: "UTC",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: scope.apply((s) => batchExecuteTarget(s.partition)),
                        roleArn: role.arn,
                        input: jsonOf({ api: endpoint.dataApiTarget, secretArn: endpoint.secretArn, target }, ({ api, secretArn, target: t }) => ({
                            ...api,
                            Database: args.databaseName,
                            SecretArn: secretArn,
                            Sqls: viewLoadBatch(table, t),
                            StatementName: loadStatementName(this.identifier, table.view),
                            WithEvent: true,
                        })),
                        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                    },
                },
                { ...child, dependsOn: [policy] },
            );
        }
    }
}
