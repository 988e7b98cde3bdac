/**
 * The Lambda that promotes objects from one zone to the next: consumes the source zone's event
 * queue (partial batch responses), reads the source bucket, writes the target bucket. Its role
 * can touch only those two buckets, their two keys, that queue and its own log group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import type { ProcessorConfig } from "../../lib/config";
import { CurationRule, METRICS_NAMESPACE, ProcessorEnv, ProcessorEnvName, QUARANTINE_PREFIX } from "../../lib/contract";
import { processorPolicy } from "./policies";
import { hopName, processorFunctionName } from "./names";
import { lambdaExecution } from "../../lib/lambda-execution";
import { DUCKDB_LAYER_ARCHITECTURE } from "./duckdb-layer";

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
    /** Memory, timeout, /tmp, batch and size limits (lib/config.ts, defaults resolved there). Required. */
    settings: ProcessorConfig;
    /** Log group retention in days (a CloudWatch value). Required. */
    logRetentionDays: number;
    /** Layer ARNs, e.g. the DuckDB layer's. Required. */
    layers: pulumi.Input<string>[];
    /** Curation per dataset, passed as CURATION_RULES. Default: not set (the hop does not curate). */
    curationRules?: Record<string, CurationRule>;
    /** Datasets a Glue job promotes instead (config `etl.tables`), passed as BATCH_DATASETS. Default: not set (the hop promotes every dataset). */
    batchDatasets?: string[];
    /** POWERTOOLS_LOG_LEVEL. Default "INFO". */
    logLevel?: string;
    /** Most concurrent invocations the queue may drive. Default 10. */
    maximumConcurrency?: number;
    /** Physical function name. Default `<project>-<stack>-<source>-to-<target>`. */
    functionName?: string;
}

export class ZoneProcessor extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;

    constructor(name: string, args: ZoneProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:processing:ZoneProcessor", name, {}, opts);
        const { source, target, settings } = args;
        const functionName =
            args.functionName ?? processorFunctionName(pulumi.getProject(), pulumi.getStack(), source.zoneName, target.zoneName);
        const child = { parent: this };

        const execution = lambdaExecution(
            name,
            {
                functionName,
                description: `Zone processor ${hopName(source.zoneName, target.zoneName)}`,
                logRetentionDays: args.logRetentionDays,
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
        this.logGroup = execution.logGroup;
        this.role = execution.role;
        const policy = execution.policy;

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
            [ProcessorEnv.logLevel]: args.logLevel ?? "INFO",
        };
        if (args.curationRules) variables[ProcessorEnv.curationRules] = JSON.stringify(args.curationRules);
        if (args.batchDatasets) variables[ProcessorEnv.batchDatasets] = JSON.stringify(args.batchDatasets);

        this.function = new aws.lambda.Function(
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
                environment: { variables },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
            },
            { ...child, dependsOn: [policy] },
        );
        this.eventSourceMapping = new aws.lambda.EventSourceMapping(
            `${name}-events`,
            {
                eventSourceArn: source.queueArn,
                functionName: this.function.arn,
                functionResponseTypes: ["ReportBatchItemFailures"],
                batchSize: settings.batchSize,
                maximumBatchingWindowInSeconds: settings.maxBatchingWindowSeconds,
                scalingConfig: { maximumConcurrency: args.maximumConcurrency ?? 10 },
            },
            { ...child, dependsOn: [policy] },
        );

        this.functionName = this.function.name;
        this.functionArn = this.function.arn;
        this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
    }
}
