/**
 * EMR Serverless (DataLake `emr.mode: serverless`): a Spark application in the lake VPC's private
 * subnets that starts on the first job and stops after `autoStopIdleMinutes` idle, capped at the
 * configured maximum capacity; a job runtime role scoped to the zones; job logs to a log group
 * encrypted with the logs key; the raw -> curated entry script next to the Glue job's, and the start-job-run
 * request that runs the same lakeetl views (output `jobRunRequest`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireLogsKey } from "../../lib/lake-context";
import { allOf } from "../../lib/outputs";
import { roleWithPolicy } from "../../lib/service-role";
import { EMR_VIEWS, jobRolePolicy, uploadEntryScript } from "./job-role";
import {
    emrCommonWithDefaults,
    emrServerlessWithDefaults,
    type EmrCommonArgs,
    type EmrServerlessProps,
    type ResolvedEmrCommonArgs,
    type ResolvedEmrServerlessProps,
} from "./args";
import { logGroupWrite } from "./policies";
import { JobRunRequest, emrName, jobRunRequest, serverlessCapacity } from "./settings";
import { ownedBy } from "../../lib/ownership";

export interface EmrServerlessArgs extends EmrCommonArgs, EmrServerlessProps {}

/** The args with every default applied. */
type ResolvedEmrServerlessArgs = ResolvedEmrCommonArgs & ResolvedEmrServerlessProps;

export class EmrServerless extends pulumi.ComponentResource {
    readonly applicationId: pulumi.Output<string>;
    readonly jobRoleArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** Body of `aws emr-serverless start-job-run --cli-input-json`: the raw -> curated views. */
    readonly jobRunRequest: pulumi.Output<JobRunRequest>;

    /** An application from its args; fields left out take the defaults in args.ts (`EMR_SERVERLESS_DEFAULTS`). */
    constructor(name: string, args: EmrServerlessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:emr:EmrServerless", name, {}, ownedBy("emr", opts));
        const resolved: ResolvedEmrServerlessArgs = { ...emrCommonWithDefaults(args), ...emrServerlessWithDefaults(args) };
        const logsKeyArn = requireLogsKey(resolved.context, "EmrServerless");
        const child = { parent: this };
        const project = pulumi.getProject();
        const stack = pulumi.getStack();
        const logGroupName = `/aws/emr-serverless/${emrName(project, stack, "spark")}`;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: resolved.context.logRetentionDays, kmsKeyId: logsKeyArn },
            child,
        );

        const extra = allOf({ logGroupArn: logGroup.arn, logsKeyArn }).apply(({ logGroupArn, logsKeyArn }) => logGroupWrite(logGroupArn, logsKeyArn));
        const { role } = roleWithPolicy(
            `${name}-job`,
            {
                role: { service: "emr-serverless.amazonaws.com", description: "EMR Serverless job runtime: raw -> curated views" },
                policy: jobRolePolicy(resolved, extra),
            },
            this,
        );
        this.jobRoleArn = role.arn;

        this.securityGroupId = this.createSecurityGroup(name, resolved);
        const application = this.createApplication(name, resolved, logGroupName);
        this.applicationId = application.id;

        const scriptUri = uploadEntryScript(name, resolved, this);
        this.jobRunRequest = allOf({
            applicationId: application.id,
            executionRoleArn: role.arn,
            scriptUri,
            packageUri: resolved.artifacts.packageUri,
            rawBucket: resolved.raw.bucketName,
            curatedBucket: resolved.curated.bucketName,
            views: EMR_VIEWS,
            name: "raw-to-curated",
        }).apply(jobRunRequest);
        this.registerOutputs({ applicationId: this.applicationId, jobRoleArn: this.jobRoleArn, jobRunRequest: this.jobRunRequest });
    }

    /** Workers need no inbound; outbound HTTPS to S3 (gateway) and the Glue, KMS and Logs endpoints. */
    private createSecurityGroup(name: string, args: ResolvedEmrServerlessArgs): pulumi.Output<string> {
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.network.vpcId, description: "EMR Serverless workers: outbound HTTPS", revokeRulesOnDelete: true },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https-out`,
            { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to S3 and the VPC endpoints" },
            { parent: this },
        );
        return sg.id;
    }

    private createApplication(name: string, args: ResolvedEmrServerlessArgs, logGroupName: string): aws.emrserverless.Application {
        return new aws.emrserverless.Application(
            `${name}-application`,
            {
                name: emrName(pulumi.getProject(), pulumi.getStack(), "spark"),
                releaseLabel: args.releaseLabel,
                type: "spark",
                // Graviton: the PySpark views are pure Python/SQL, and ARM64 workers cost ~20% less.
                architecture: "ARM64",
                autoStartConfiguration: { enabled: true },
                autoStopConfiguration: { enabled: true, idleTimeoutMinutes: args.autoStopIdleMinutes },
                maximumCapacity: serverlessCapacity(args),
                networkConfiguration: { subnetIds: args.network.subnetIds, securityGroupIds: [this.securityGroupId] },
                interactiveConfiguration: { studioEnabled: false, livyEndpointEnabled: false },
                monitoringConfiguration: {
                    cloudwatchLoggingConfiguration: { enabled: true, logGroupName, encryptionKeyArn: requireLogsKey(args.context, "EmrServerless") },
                },
            },
            { parent: this },
        );
    }
}
