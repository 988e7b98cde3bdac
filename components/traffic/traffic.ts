/**
 * The traffic API's data side (the per-ad traffic of reference 002 in docs/references.md, there a Hive step of a Data
 * Pipeline): a DynamoDB table of per-ad per-day impressions and clicks under its own CMK, the
 * daily job that loads it from the curated advertising view, its schedule, and the function
 * behind `GET /traffic/{adId}`, which the ingest API routes to (`route`).
 *
 * Job engine: a Lambda with DuckDB (the lake's DuckDB layer) on an EventBridge Scheduler
 * schedule, rather than a Glue Python shell job: a day of the view is one small partition of
 * aggregates (one row per ad), which DuckDB sums in well under a second; a Lambda starts in
 * milliseconds, is billed per millisecond, shares the zone processors' tooling and tests (moto,
 * in process), where a Python shell job bills a minimum minute of a DPU and starts in tens of
 * seconds. Past a few hundred thousand ads a day the job would want Glue (or the view written
 * to DynamoDB by the Spark job itself).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { TRAFFIC_ROUTE, TrafficTable } from "../../lib/contract";
import { tlsOnlyQueuePolicy } from "../../lib/iam";
import { lambdaExecution } from "../../lib/lambda-execution";
import { requireLogsKey } from "../../lib/lake-context";
import { NameRules, boundedName } from "../../lib/names";
import { vpcAccessPolicies, vpcConfigOf } from "../network/function-vpc";
import { roleWithPolicy } from "../../lib/service-role";
import type { ReadRoute } from "../ingest";
import { DUCKDB_LAYER_ARCHITECTURE } from "../processing";
import { lakeKey, sharedKeyAlias } from "../keys";
import { trafficWithDefaults, type ResolvedTrafficArgs, type TrafficArgs } from "./args";
import { schedulePolicy, trafficApiPolicy, trafficJobPolicy, trafficKeyPolicy } from "./policies";
import { trafficFunctionName, TRAFFIC_API_CODE, TRAFFIC_JOB_CODE, trafficApiEnv, trafficJobEnv } from "./settings";
import { ownedBy } from "../../lib/ownership";
import { renamedFrom } from "../../lib/renamed";
import { allOf, jsonOf } from "../../lib/outputs";
import { liveFunction, type LiveFunction } from "../../lib/live-function";

/** Days the job's DLQ keeps a failed run: SQS's maximum, 14. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export class Traffic extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly table: aws.dynamodb.Table;
    readonly tableName: pulumi.Output<string>;
    readonly jobFunction: aws.lambda.Function;
    readonly apiFunction: aws.lambda.Function;
    /** The job's `live` alias, which the schedule invokes. */
    readonly jobAlias: aws.lambda.Alias;
    /** The endpoint's `live` alias, which the API invokes. */
    readonly apiAlias: aws.lambda.Alias;
    readonly schedule: aws.scheduler.Schedule;
    readonly dlq: aws.sqs.Queue;
    /** `GET /traffic/{adId}` for the ingest API. */
    readonly route: ReadRoute;

    constructor(name: string, args: TrafficArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:traffic:Traffic", name, {}, renamedFrom("datalake:traffic:Traffic", ownedBy("serving", opts)));
        const resolved = trafficWithDefaults(args);
        const { retainData } = resolved.context;
        const retained = { parent: this, protect: retainData, retainOnDelete: retainData };
        const scope = pulumi.output(resolved.context.scope);
        this.key = lakeKey(
            `${name}-key`,
            {
                description: "Data lake traffic table (per-ad per-day counts) and its job's DLQ",
                policy: scope.apply((s) => JSON.stringify(trafficKeyPolicy(s.partition, s.accountId))),
                retainData,
            },
            this,
        );
        sharedKeyAlias(`${name}-key-alias`, "traffic", this.key, this);
        this.table = this.trafficTable(name, resolved, retained);
        this.dlq = new aws.sqs.Queue(
            `${name}-job-dlq`,
            { kmsMasterKeyId: this.key.arn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: DLQ_RETENTION_SECONDS },
            { parent: this },
        );
        new aws.sqs.QueuePolicy(
            `${name}-job-dlq-policy`,
            { queueUrl: this.dlq.url, policy: this.dlq.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) },
            { parent: this },
        );
        const job = this.job(name, resolved);
        this.jobFunction = job.function;
        this.jobAlias = job.alias;
        this.schedule = this.jobSchedule(name, resolved);
        const api = this.endpoint(name, resolved);
        this.apiFunction = api.function;
        this.apiAlias = api.alias;

        this.tableName = this.table.name;
        this.route = {
            pathParts: [...TRAFFIC_ROUTE.pathParts],
            functionName: this.apiFunction.name,
            invokeArn: this.apiAlias.invokeArn,
            qualifier: this.apiAlias.name,
        };
        this.registerOutputs({
            tableName: this.tableName,
            jobFunctionName: this.jobFunction.name,
            apiFunctionName: this.apiFunction.name,
            dlqUrl: this.dlq.url,
        });
    }

    /** adId + date keys, on demand, the traffic CMK; a keys-only index by date for the job's replace. */
    private trafficTable(name: string, args: ResolvedTrafficArgs, retained: pulumi.CustomResourceOptions): aws.dynamodb.Table {
        const prod = args.context.retainData;
        return new aws.dynamodb.Table(
            `${name}-table`,
            {
                name: boundedName([pulumi.getProject(), pulumi.getStack(), "traffic"], NameRules.dynamoTable),
                billingMode: "PAY_PER_REQUEST",
                hashKey: TrafficTable.partitionKey,
                rangeKey: TrafficTable.sortKey,
                attributes: [
                    { name: TrafficTable.partitionKey, type: "S" },
                    { name: TrafficTable.sortKey, type: "S" },
                ],
                globalSecondaryIndexes: [
                    {
                        name: TrafficTable.byDateIndex,
                        keySchemas: [
                            { attributeName: TrafficTable.sortKey, keyType: "HASH" },
                            { attributeName: TrafficTable.partitionKey, keyType: "RANGE" },
                        ],
                        projectionType: "KEYS_ONLY",
                    },
                ],
                serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
                pointInTimeRecovery: { enabled: prod },
                deletionProtectionEnabled: prod,
            },
            retained,
        );
    }

    private job(name: string, args: ResolvedTrafficArgs): LiveFunction {
        const functionName = trafficFunctionName(pulumi.getProject(), pulumi.getStack(), TRAFFIC_JOB_CODE);
        const { logGroup, role, policy, tracingConfig } = lambdaExecution(
            `${name}-job`,
            {
                functionName,
                description: "Daily traffic job",
                logRetentionDays: args.context.logRetentionDays,
                logsKeyArn: requireLogsKey(args.context, "Traffic"),
                tracing: args.tracing,
                policy: (logGroupArn) =>
                    allOf({
                        region: pulumi.output(args.context.scope).region,
                        curatedBucketArn: args.curated.bucketArn,
                        curatedKeyArn: args.curated.keyArn,
                        tableArn: this.table.arn,
                        tableKeyArn: this.key.arn,
                        dlqArn: this.dlq.arn,
                        logGroupArn,
                    }).apply(trafficJobPolicy),
            },
            this,
        );
        return liveFunction(
            `${name}-job`,
            {
                name: functionName,
                description: "Daily per-ad traffic: the curated advertising view's day -> DynamoDB",
                runtime: aws.lambda.Runtime.NodeJS22dX,
                // The DuckDB layer's binary is x86_64.
                architectures: [DUCKDB_LAYER_ARCHITECTURE],
                layers: [args.duckdbLayerArn],
                handler: "index.handler",
                code: args.code?.job ?? functionCode(TRAFFIC_JOB_CODE),
                role: role.arn,
                memorySize: 1024,
                timeout: 300,
                deadLetterConfig: { targetArn: this.dlq.arn },
                environment: {
                    variables: allOf({ tableName: this.table.name, curatedBucket: args.curated.bucketName, logLevel: args.logLevel }).apply(trafficJobEnv),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                tracingConfig,
                vpcConfig: vpcConfigOf(args.vpc),
            },
            { deployment: args.context.deployment, failureQueueNames: [this.dlq.name] },
            { parent: this, dependsOn: [policy, ...vpcAccessPolicies(`${name}-job`, args.vpc, role, this)] },
        );
    }

    /** Daily at `schedule` (UTC): the job loads the previous day; undeliverable runs go to the DLQ. */
    private jobSchedule(name: string, args: ResolvedTrafficArgs): aws.scheduler.Schedule {
        const { role, policy } = roleWithPolicy(
            `${name}-schedule`,
            {
                role: {
                    service: "scheduler.amazonaws.com",
                    description: "EventBridge Scheduler: starts the daily traffic job",
                    accountId: pulumi.output(args.context.scope).accountId,
                },
                policy: jsonOf(
                    { region: pulumi.output(args.context.scope).region, functionArn: this.jobAlias.arn, dlqArn: this.dlq.arn, keyArn: this.key.arn },
                    schedulePolicy,
                ),
            },
            this,
        );
        return new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                description: "Daily traffic job: loads the previous UTC day",
                scheduleExpression: args.schedule,
                scheduleExpressionTimezone: "UTC",
                flexibleTimeWindow: { mode: "OFF" },
                target: {
                    arn: this.jobAlias.arn,
                    roleArn: role.arn,
                    input: JSON.stringify({}),
                    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                    deadLetterConfig: { arn: this.dlq.arn },
                },
            },
            { parent: this, dependsOn: [policy] },
        );
    }

    private endpoint(name: string, args: ResolvedTrafficArgs): LiveFunction {
        const functionName = trafficFunctionName(pulumi.getProject(), pulumi.getStack(), TRAFFIC_API_CODE);
        const { logGroup, role, policy, tracingConfig } = lambdaExecution(
            `${name}-api`,
            {
                functionName,
                description: "Traffic endpoint",
                logRetentionDays: args.context.logRetentionDays,
                logsKeyArn: requireLogsKey(args.context, "Traffic"),
                tracing: args.tracing,
                policy: (logGroupArn) =>
                    allOf({ region: pulumi.output(args.context.scope).region, tableArn: this.table.arn, tableKeyArn: this.key.arn, logGroupArn }).apply(
                        trafficApiPolicy,
                    ),
            },
            this,
        );
        return liveFunction(
            `${name}-api`,
            {
                name: functionName,
                description: "GET /traffic/{adId}: per-day impressions and clicks of an ad",
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: args.code?.api ?? functionCode(TRAFFIC_API_CODE),
                role: role.arn,
                memorySize: 256,
                // Below API Gateway's 29 s integration timeout.
                timeout: 10,
                environment: {
                    variables: this.table.name.apply((tableName) => trafficApiEnv({ tableName, maxRangeDays: args.maxRangeDays, logLevel: args.logLevel })),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                tracingConfig,
                vpcConfig: vpcConfigOf(args.vpc),
            },
            // It answers its callers: no failure queue.
            { deployment: args.context.deployment },
            { parent: this, dependsOn: [policy, ...vpcAccessPolicies(`${name}-api`, args.vpc, role, this)] },
        );
    }
}
