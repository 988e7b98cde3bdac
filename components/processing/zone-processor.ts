/**
 * The Lambda that promotes objects from one zone to the next: consumes the source zone's event
 * queue (partial batch responses), reads the source bucket, writes the target bucket. Its role
 * can touch only those two buckets, their two keys, that queue and its own log group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { METRICS_NAMESPACE, ProcessorEnv, ProcessorEnvName, QUARANTINE_PREFIX } from "../../lib/contract";
import { objectLimits } from "../../lib/handover";
import { processorPolicy } from "./policies";
import { hopName, processorFunctionName } from "./names";
import { type LambdaExecution, lambdaExecution } from "../../lib/lambda-execution";
import { DUCKDB_LAYER_ARCHITECTURE } from "./duckdb-layer";
import { vpcAccessPolicies, vpcConfigOf } from "../network/function-vpc";
import { ownedBy } from "../../lib/ownership";
import { requireLogsKey } from "../../lib/lake-context";
import { zoneProcessorWithDefaults, type ResolvedZoneProcessorArgs, type ZoneProcessorArgs } from "./args";
import { allOf } from "../../lib/outputs";
import { liveFunction, type LiveFunction } from "../../lib/live-function";

export class ZoneProcessor extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    /** The `live` alias the queue's mapping invokes. */
    readonly alias: aws.lambda.Alias;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;

    /** A processor from its args; fields left out take the defaults in args.ts (`ZONE_PROCESSOR_DEFAULTS`, `PROCESSOR_DEFAULTS`). */
    constructor(name: string, args: ZoneProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:processing:ZoneProcessor", name, {}, ownedBy("processing", opts));
        // A local, not a field: every field is an output to the package's schema analyzer (components/plugin.ts).
        const resolved = zoneProcessorWithDefaults(args);
        const { source, target } = args;
        const functionName = args.functionName ?? processorFunctionName(pulumi.getProject(), pulumi.getStack(), source.zoneName, target.zoneName);

        const execution = this.execution(name, resolved, functionName);
        this.logGroup = execution.logGroup;
        this.role = execution.role;
        const live = this.processorFunction(name, resolved, functionName, execution.tracingConfig, [
            execution.policy,
            ...vpcAccessPolicies(name, args.vpc, this.role, this),
        ]);
        this.function = live.function;
        this.alias = live.alias;
        this.eventSourceMapping = new aws.lambda.EventSourceMapping(
            `${name}-events`,
            {
                eventSourceArn: source.queueArn,
                functionName: this.alias.arn,
                functionResponseTypes: ["ReportBatchItemFailures"],
                batchSize: resolved.settings.batchSize,
                maximumBatchingWindowInSeconds: resolved.settings.maxBatchingWindowSeconds,
                scalingConfig: { maximumConcurrency: resolved.maximumConcurrency },
            },
            { parent: this, dependsOn: [execution.policy] },
        );

        this.functionName = this.function.name;
        this.functionArn = this.function.arn;
        this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
    }

    /** Log group, role and its policy: the two zones' buckets and keys, the source queue, its own logs. */
    private execution(name: string, args: ResolvedZoneProcessorArgs, functionName: string): LambdaExecution {
        const { source, target } = args;
        return lambdaExecution(
            name,
            {
                functionName,
                description: `Zone processor ${hopName(source.zoneName, target.zoneName)}`,
                logRetentionDays: args.context.logRetentionDays,
                logsKeyArn: requireLogsKey(args.context, "ZoneProcessor"),
                tracing: args.tracing,
                policy: (logGroupArn) =>
                    allOf({
                        sourceBucketArn: source.bucketArn,
                        sourceKeyArn: source.keyArn,
                        targetBucketArn: target.bucketArn,
                        targetKeyArn: target.keyArn,
                        queueArn: source.queueArn,
                        logGroupArn,
                        bigObjectJobArn: args.bigObjectJob?.arn,
                    }).apply((arns) => processorPolicy({ ...arns, quarantinePrefix: QUARANTINE_PREFIX })),
            },
            this,
        );
    }

    /** The function's environment, by the contract's names (lib/contract ProcessorEnv). */
    private environment(args: ResolvedZoneProcessorArgs): Partial<Record<ProcessorEnvName, pulumi.Input<string>>> {
        const { source, target, settings } = args;
        const variables: Partial<Record<ProcessorEnvName, pulumi.Input<string>>> = {
            [ProcessorEnv.targetBucket]: target.bucketName,
            [ProcessorEnv.targetKeyArn]: target.keyArn,
            [ProcessorEnv.sourceKeyArn]: source.keyArn,
            [ProcessorEnv.sourceZone]: source.zoneName,
            [ProcessorEnv.targetZone]: target.zoneName,
            [ProcessorEnv.maxObjectBytes]: String(settings.maxObjectBytes),
            [ProcessorEnv.maxDecompressedBytes]: String(settings.maxDecompressedBytes),
            [ProcessorEnv.serviceName]: hopName(source.zoneName, target.zoneName),
            [ProcessorEnv.metricsNamespace]: METRICS_NAMESPACE,
            [ProcessorEnv.logLevel]: args.logLevel,
        };
        if (args.batchDatasets) variables[ProcessorEnv.batchDatasets] = JSON.stringify(args.batchDatasets);
        if (args.contractColumns && Object.keys(args.contractColumns).length > 0)
            variables[ProcessorEnv.datasetContracts] = JSON.stringify(args.contractColumns);
        if (args.bigObjectJob) {
            variables[ProcessorEnv.bigObjectJob] = args.bigObjectJob.name;
            variables[ProcessorEnv.objectLimits] = JSON.stringify(objectLimits(settings));
        }
        return variables;
    }

    private processorFunction(
        name: string,
        args: ResolvedZoneProcessorArgs,
        functionName: string,
        tracingConfig: LambdaExecution["tracingConfig"],
        policies: aws.iam.RolePolicy[],
    ): LiveFunction {
        const { source, target, settings } = args;
        return liveFunction(
            `${name}-function`,
            {
                name: functionName,
                description: `Promotes objects from zone ${source.zoneName} to zone ${target.zoneName}`,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: [DUCKDB_LAYER_ARCHITECTURE],
                handler: "index.handler",
                code: functionCode(args.code),
                role: this.role.arn,
                memorySize: settings.memoryMb,
                timeout: settings.timeoutSeconds,
                ephemeralStorage: { size: settings.ephemeralStorageMb },
                layers: args.layers,
                environment: { variables: this.environment(args) },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                tracingConfig,
                vpcConfig: vpcConfigOf(args.vpc),
            },
            { deployment: args.context.deployment, failureQueueNames: source.dlqName ? [source.dlqName] : [] },
            { parent: this, dependsOn: policies },
        );
    }
}
