/**
 * Real-time beacon counts (the real-time component of reference 002 in docs/references.md, with the retired Kinesis Data
 * Analytics for SQL replaced by Lambda tumbling windows): one function
 * (functions/realtime-counts) on each beacon stream's Kinesis stream through an event source
 * mapping with a 60 s tumbling window, publishing per-minute counts as EMF metrics; a queue that
 * records batches skipped after their retries; and the CloudWatch dashboard of impressions,
 * clicks and click-through rate.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { REALTIME_EVENT_TYPES, REALTIME_WINDOW_SECONDS, RealtimeEventType } from "../../lib/contract";
import { tlsOnlyQueuePolicy } from "../../lib/iam";
import { lambdaExecution } from "../../lib/lambda-execution";
import { requireLogsKey } from "../../lib/lake-context";
import { NameRules, boundedName, dashboardName } from "../../lib/names";
import { vpcAccessPolicies, vpcConfigOf } from "../network/function-vpc";
import { realtimeWithDefaults, type RealtimeArgs, type RealtimeSource, type ResolvedRealtimeArgs } from "./args";
import { realtimeFunctionPolicy } from "./policies";
import { dashboardBody, REALTIME_CODE, realtimeFunctionEnv } from "./settings";
import { ownedBy } from "../../lib/ownership";
import { allOf } from "../../lib/outputs";
import { liveFunction } from "../../lib/live-function";

/** Seconds SQS keeps a skipped-batch report: its maximum, 14 days. */
const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

export class Realtime extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    /** The `live` alias the stream mappings invoke. */
    readonly alias: aws.lambda.Alias;
    readonly functionName: pulumi.Output<string>;
    /** Reports of batches skipped after `maxRetryAttempts` (the records stay in Kinesis and reach S3 through Firehose). */
    readonly failureQueue: aws.sqs.Queue;
    readonly mappings: aws.lambda.EventSourceMapping[];
    readonly dashboard: aws.cloudwatch.Dashboard;
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: RealtimeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:realtime:Realtime", name, {}, ownedBy("realtime", opts));
        const resolved = realtimeWithDefaults(args);
        const region = pulumi.output(resolved.context.scope).region;
        const lake = `${pulumi.getProject()}-${pulumi.getStack()}`;
        const sources = sourcesOf(name, resolved.streams);

        this.failureQueue = new aws.sqs.Queue(
            `${name}-failures`,
            { kmsMasterKeyId: resolved.failureKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: FAILURE_RETENTION_SECONDS },
            { parent: this },
        );
        new aws.sqs.QueuePolicy(
            `${name}-failures-policy`,
            { queueUrl: this.failureQueue.url, policy: this.failureQueue.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) },
            { parent: this },
        );
        const { live, policy } = this.windowFunction(name, resolved, sources, region, lake);
        this.function = live.function;
        this.alias = live.alias;
        this.mappings = this.windowMappings(name, resolved, sources, policy);
        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: dashboardName(pulumi.getProject(), pulumi.getStack(), "realtime"),
                dashboardBody: region.apply((r) => JSON.stringify(dashboardBody({ region: r, lake }))),
            },
            { parent: this },
        );

        this.functionName = this.function.name;
        this.dashboardName = this.dashboard.dashboardName;
        this.registerOutputs({ functionName: this.functionName, dashboardName: this.dashboardName, failureQueueUrl: this.failureQueue.url });
    }

    /** The window function, its log group and a role that reads the streams and reports to the failure queue. */
    private windowFunction(name: string, args: ResolvedRealtimeArgs, sources: Source[], region: pulumi.Output<string>, lake: string) {
        const functionName = boundedName([pulumi.getProject(), pulumi.getStack(), "realtime"], NameRules.lambdaFunction);
        const { logGroup, role, policy, tracingConfig } = lambdaExecution(
            `${name}-function`,
            {
                functionName,
                description: "Real-time beacon counts (Kinesis tumbling windows)",
                logRetentionDays: args.context.logRetentionDays,
                logsKeyArn: requireLogsKey(args.context, "Realtime"),
                tracing: args.tracing,
                policy: (logGroupArn) =>
                    allOf({
                        region,
                        logGroupArn,
                        failureQueueArn: this.failureQueue.arn,
                        failureKeyArn: args.failureKeyArn,
                        streams: pulumi.all(sources.map((s) => allOf({ streamArn: s.streamArn, keyArn: s.keyArn }))),
                    }).apply(realtimeFunctionPolicy),
            },
            this,
        );
        const permissions = [policy, ...vpcAccessPolicies(`${name}-function`, args.vpc, role, this)];
        const streamTypes = pulumi.all(Object.fromEntries(sources.map((s) => [s.type, s.streamName])));
        const live = liveFunction(
            `${name}-function`,
            {
                name: functionName,
                description: "Real-time beacon counts per minute (Kinesis tumbling windows) as CloudWatch metrics",
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: args.code ?? functionCode(REALTIME_CODE),
                role: role.arn,
                memorySize: 256,
                timeout: 60,
                environment: {
                    variables: streamTypes.apply((byType) =>
                        realtimeFunctionEnv({
                            streamTypes: Object.fromEntries(Object.entries(byType).map(([type, stream]) => [stream, type as RealtimeEventType])),
                            lake,
                            logLevel: args.logLevel,
                        }),
                    ),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                tracingConfig,
                vpcConfig: vpcConfigOf(args.vpc),
            },
            { deployment: args.context.deployment, failureQueueNames: [this.failureQueue.name] },
            { parent: this, dependsOn: permissions },
        );
        return { live, policy };
    }

    /** One event source mapping per stream: 60 s tumbling windows, partial batch responses, bounded retries, failures reported. */
    private windowMappings(name: string, args: ResolvedRealtimeArgs, sources: Source[], policy: pulumi.Resource): aws.lambda.EventSourceMapping[] {
        return sources.map(
            (s) =>
                new aws.lambda.EventSourceMapping(
                    `${name}-${s.type}`,
                    {
                        eventSourceArn: s.streamArn,
                        functionName: this.alias.arn,
                        // Counts start with the records arriving after deployment; a replay of
                        // the whole retention would re-publish old minutes.
                        startingPosition: "LATEST",
                        batchSize: args.batchSize,
                        maximumBatchingWindowInSeconds: args.maxBatchingWindowSeconds,
                        tumblingWindowInSeconds: REALTIME_WINDOW_SECONDS,
                        functionResponseTypes: ["ReportBatchItemFailures"],
                        maximumRetryAttempts: args.maxRetryAttempts,
                        destinationConfig: { onFailure: { destinationArn: this.failureQueue.arn } },
                    },
                    // Lambda checks the role's stream permissions when the mapping is created.
                    { parent: this, dependsOn: [policy] },
                ),
        );
    }
}

interface Source {
    type: RealtimeEventType;
    streamName: pulumi.Input<string>;
    streamArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

function sourcesOf(name: string, streams: Record<RealtimeEventType, RealtimeSource>): Source[] {
    return REALTIME_EVENT_TYPES.map((type) => {
        const s = streams[type];
        if (!s?.kinesisStreamName || !s.kinesisStreamArn || !s.kinesisKeyArn) {
            throw new Error(`Realtime ${name}: the ${type} stream is not Kinesis-fed (set its source to kinesis)`);
        }
        return { type, streamName: s.kinesisStreamName, streamArn: s.kinesisStreamArn, keyArn: s.kinesisKeyArn };
    });
}
