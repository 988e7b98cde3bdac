/**
 * The curation starter (issue 18): the raw zone's queue feeds a small Lambda (functions/start-curation)
 * through an event source mapping with a batching window of minutes, and it starts one run of the
 * curate Glue job per batch with the batch's datasets. Chosen over a Glue EVENT trigger: the raw
 * zone keeps its shape (queue, DLQ, function, alarms), a batch gathers minutes of arrivals, and it
 * runs in the local lake. Its role consumes that queue, starts that job and writes its own logs. It
 * runs outside the VPC: it calls only the SQS and Glue APIs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { METRICS_NAMESPACE, StartCurationEnv, type StartCurationEnvName } from "../../lib/contract";
import { type LambdaExecution, lambdaExecution } from "../../lib/lambda-execution";
import { requireLogsKey } from "../../lib/lake-context";
import { allOf } from "../../lib/outputs";
import { ownedBy } from "../../lib/ownership";
import { OUTSIDE_VPC_TAG } from "../../lib/vpc-placement";
import { type CurationStarterArgs, type ResolvedCurationStarterArgs, curationStarterArgsWithDefaults } from "./args";
import { curationStarterFunctionName, curationStarterServiceName } from "./names";
import { curationStarterPolicy } from "./policies";
import { liveFunction, type LiveFunction } from "../../lib/live-function";

/** The function's folder under functions/. */
export const START_CURATION_CODE = "start-curation";

/** The starter's own timeout (s): one StartJobRun with the SDK's retries. */
export const CURATION_STARTER_TIMEOUT_SECONDS = 60;

/**
 * Batches handled at once: Lambda's least (2). More would only meet the job's one-run limit and
 * come back later.
 */
export const CURATION_STARTER_CONCURRENCY = 2;

export class CurationStarter extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    /** The `live` alias the queue's mapping invokes. */
    readonly alias: aws.lambda.Alias;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly functionName: pulumi.Output<string>;
    private readonly args: ResolvedCurationStarterArgs;

    /** A starter from its args; fields left out take the defaults in args.ts (`CURATION_STARTER_DEFAULTS`, `FUNCTION_DEFAULTS`). */
    constructor(
        private readonly name: string,
        args: CurationStarterArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:processing:CurationStarter", name, {}, ownedBy("processing", opts));
        this.args = curationStarterArgsWithDefaults(args);
        const functionName = curationStarterFunctionName(pulumi.getProject(), pulumi.getStack(), args.source.zoneName);
        const execution = this.execution(functionName);
        this.logGroup = execution.logGroup;
        this.role = execution.role;
        const live = this.starterFunction(functionName, execution.tracingConfig, execution.policy);
        this.function = live.function;
        this.alias = live.alias;
        this.eventSourceMapping = new aws.lambda.EventSourceMapping(
            `${name}-events`,
            {
                eventSourceArn: args.source.queueArn,
                functionName: this.alias.arn,
                functionResponseTypes: ["ReportBatchItemFailures"],
                batchSize: this.args.batchSize,
                maximumBatchingWindowInSeconds: this.args.maxBatchingWindowSeconds,
                scalingConfig: { maximumConcurrency: CURATION_STARTER_CONCURRENCY },
            },
            { parent: this, dependsOn: [execution.policy] },
        );
        this.functionName = this.function.name;
        this.registerOutputs({ functionName: this.functionName });
    }

    /** Log group, role and its policy: the queue (and its key through SQS), the job, its own logs. */
    private execution(functionName: string): LambdaExecution {
        const { source, context } = this.args;
        return lambdaExecution(
            this.name,
            {
                functionName,
                description: `Starts the curate job for the arrivals in zone ${source.zoneName}`,
                logRetentionDays: context.logRetentionDays,
                logsKeyArn: requireLogsKey(context, "CurationStarter"),
                tracing: this.args.tracing,
                policy: (logGroupArn) =>
                    allOf({ queueArn: source.queueArn, keyArn: source.keyArn, s: context.scope, jobName: this.args.jobName, logGroupArn }).apply(
                        ({ queueArn, keyArn, s, jobName, logGroupArn }) =>
                            curationStarterPolicy({
                                queueArn,
                                keyArn,
                                region: s.region,
                                jobArn: `arn:${s.partition}:glue:${s.region}:${s.accountId}:job/${jobName}`,
                                logGroupArn,
                            }),
                    ),
            },
            this,
        );
    }

    /** The function's environment, by the contract's names (lib/contract StartCurationEnv). */
    private environment(): Record<StartCurationEnvName, pulumi.Input<string>> {
        return {
            [StartCurationEnv.jobName]: this.args.jobName,
            [StartCurationEnv.serviceName]: curationStarterServiceName(this.args.source.zoneName),
            [StartCurationEnv.metricsNamespace]: METRICS_NAMESPACE,
            [StartCurationEnv.logLevel]: this.args.logLevel,
        };
    }

    private starterFunction(functionName: string, tracingConfig: LambdaExecution["tracingConfig"], policy: aws.iam.RolePolicy): LiveFunction {
        return liveFunction(
            `${this.name}-function`,
            {
                name: functionName,
                description: `Starts the curate job for batches of arrivals in zone ${this.args.source.zoneName}`,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: functionCode(START_CURATION_CODE),
                role: this.role.arn,
                memorySize: 256,
                timeout: CURATION_STARTER_TIMEOUT_SECONDS,
                environment: { variables: this.environment() },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                tracingConfig,
                tags: { [OUTSIDE_VPC_TAG]: "calls the SQS and Glue APIs, for which the VPC has no endpoint" },
            },
            { deployment: this.args.context.deployment, failureQueueNames: this.args.source.dlqName ? [this.args.source.dlqName] : [] },
            { parent: this, dependsOn: [policy] },
        );
    }
}
