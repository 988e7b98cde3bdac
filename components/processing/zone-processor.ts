/**
 * The Lambda that promotes objects from one zone to the next: consumes the source zone's event
 * queue (partial batch responses), reads the source bucket, writes the target bucket. Its role
 * can touch only those two buckets, their two keys, that queue and its own log group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { CurationRule, METRICS_NAMESPACE, ProcessorEnv, ProcessorEnvName, QUARANTINE_PREFIX } from "../../lib/contract";
import { processorPolicy } from "./policies";
import { hopName, processorFunctionName } from "./names";
import { type LambdaExecution, lambdaExecution } from "../../lib/lambda-execution";
import { DUCKDB_LAYER_ARCHITECTURE } from "./duckdb-layer";
import { LambdaVpc, vpcAccessPolicies, vpcConfigOf } from "../network/function-vpc";
import { ownedBy } from "../../lib/ownership";
import { lakeContext, requireLogsKey, type LakeContext } from "../../lib/lake-context";
import { processorWithDefaults, type ProcessorSettings, type ResolvedProcessorSettings } from "./args";

/** What the processor needs of its source zone (a `Zone` satisfies it). */
export interface ProcessorSource {
    zoneName: string;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    queueArn: pulumi.Input<string>;
}

/** What the processor needs of its target zone (a `Zone` satisfies it). */
export interface ProcessorTarget {
    zoneName: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

export interface ZoneProcessorArgs {
    /** Zone read from; its queue drives the function. Required. */
    source: ProcessorSource;
    /** Zone written to. Required. */
    target: ProcessorTarget;
    /** Folder under `functions/` whose `index.ts` exports `handler`, e.g. `drop-to-raw`. Required. */
    code: string;
    /** The program's context: `logRetentionDays` and `logsKeyArn` (required here) for the function's log group. Required. */
    context: LakeContext;
    /**
     * Memory, timeout, /tmp, batch and size limits; each field left out takes its default.
     * @default PROCESSOR_DEFAULTS (2048 MB, 300 s, 4096 MB /tmp, batches of 5, no batching window, 2 GiB objects, 3 GiB decompressed)
     */
    settings?: ProcessorSettings;
    /** Layer ARNs, e.g. the DuckDB layer's. Required. */
    layers: pulumi.Input<string>[];
    /**
     * Curation per dataset, passed as CURATION_RULES.
     * @default not set (the hop does not curate)
     */
    curationRules?: Record<string, CurationRule>;
    /**
     * Datasets a Glue job promotes instead (config `etl.tables`), passed as BATCH_DATASETS.
     * @default not set (the hop promotes every dataset)
     */
    batchDatasets?: string[];
    /**
     * POWERTOOLS_LOG_LEVEL.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * Most concurrent invocations the queue may drive.
     * @default 10
     */
    maximumConcurrency?: number;
    /**
     * Physical function name.
     * @default `<project>-<stack>-<source>-to-<target>`
     */
    functionName?: string;
    /**
     * Run in these subnets of this VPC with these security groups (config `network.lambdasInVpc`).
     * @default not in a VPC
     */
    vpc?: LambdaVpc;
    /**
     * X-Ray active tracing (config `ingestApi.tracing`, the lake's one tracing setting).
     * @default false
     */
    tracing?: boolean;
}

export class ZoneProcessor extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;
    /** The settings with their defaults applied. */
    readonly settings: ResolvedProcessorSettings;

    constructor(
        private readonly name: string,
        private readonly args: ZoneProcessorArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:processing:ZoneProcessor", name, {}, ownedBy("processing", opts));
        const { source, target } = args;
        this.settings = processorWithDefaults(args.settings);
        const functionName = args.functionName ?? processorFunctionName(pulumi.getProject(), pulumi.getStack(), source.zoneName, target.zoneName);

        const execution = this.execution(functionName);
        this.logGroup = execution.logGroup;
        this.role = execution.role;
        this.function = this.processorFunction(functionName, execution.tracingConfig, [
            execution.policy,
            ...vpcAccessPolicies(name, args.vpc, this.role, this),
        ]);
        this.eventSourceMapping = new aws.lambda.EventSourceMapping(
            `${name}-events`,
            {
                eventSourceArn: source.queueArn,
                functionName: this.function.arn,
                functionResponseTypes: ["ReportBatchItemFailures"],
                batchSize: this.settings.batchSize,
                maximumBatchingWindowInSeconds: this.settings.maxBatchingWindowSeconds,
                scalingConfig: { maximumConcurrency: args.maximumConcurrency ?? 10 },
            },
            { parent: this, dependsOn: [execution.policy] },
        );

        this.functionName = this.function.name;
        this.functionArn = this.function.arn;
        this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
    }

    /** Log group, role and its policy: the two zones' buckets and keys, the source queue, its own logs. */
    private execution(functionName: string): LambdaExecution {
        const { source, target } = this.args;
        return lambdaExecution(
            this.name,
            {
                functionName,
                description: `Zone processor ${hopName(source.zoneName, target.zoneName)}`,
                logRetentionDays: lakeContext(this.args.context).logRetentionDays,
                logsKeyArn: requireLogsKey(this.args.context, "ZoneProcessor"),
                tracing: this.args.tracing ?? false,
                policy: (logGroupArn) =>
                    pulumi
                        .all([source.bucketArn, source.keyArn, target.bucketArn, target.keyArn, source.queueArn, logGroupArn])
                        .apply(([sourceBucketArn, sourceKeyArn, targetBucketArn, targetKeyArn, queueArn, logGroupArn]) =>
                            JSON.stringify(
                                processorPolicy({
                                    sourceBucketArn,
                                    sourceKeyArn,
                                    targetBucketArn,
                                    targetKeyArn,
                                    queueArn,
                                    logGroupArn,
                                    quarantinePrefix: QUARANTINE_PREFIX,
                                }),
                            ),
                        ),
            },
            this,
        );
    }

    /** The function's environment, by the contract's names (lib/contract ProcessorEnv). */
    private environment(): Partial<Record<ProcessorEnvName, pulumi.Input<string>>> {
        const { source, target } = this.args;
        const { settings } = this;
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
            [ProcessorEnv.logLevel]: this.args.logLevel ?? "INFO",
        };
        if (this.args.curationRules) variables[ProcessorEnv.curationRules] = JSON.stringify(this.args.curationRules);
        if (this.args.batchDatasets) variables[ProcessorEnv.batchDatasets] = JSON.stringify(this.args.batchDatasets);
        return variables;
    }

    private processorFunction(functionName: string, tracingConfig: LambdaExecution["tracingConfig"], policies: aws.iam.RolePolicy[]): aws.lambda.Function {
        const { source, target } = this.args;
        const { settings } = this;
        return new aws.lambda.Function(
            `${this.name}-function`,
            {
                name: functionName,
                description: `Promotes objects from zone ${source.zoneName} to zone ${target.zoneName}`,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: [DUCKDB_LAYER_ARCHITECTURE],
                handler: "index.handler",
                code: functionCode(this.args.code),
                role: this.role.arn,
                memorySize: settings.memoryMb,
                timeout: settings.timeoutSeconds,
                ephemeralStorage: { size: settings.ephemeralStorageMb },
                layers: this.args.layers,
                environment: { variables: this.environment() },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                tracingConfig,
                vpcConfig: vpcConfigOf(this.args.vpc),
            },
            { parent: this, dependsOn: policies },
        );
    }
}
