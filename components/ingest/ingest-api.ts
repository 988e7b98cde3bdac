/**
 * The HTTP ingest API: a regional REST API (API Gateway v1) with one resource and POST method per
 * configured route, all proxied (AWS_PROXY) to one Lambda (functions/ingest-api) that validates
 * the body, stamps it and writes it to the route's Firehose delivery stream. The body size limit
 * is enforced by the function (413), since API Gateway's own cap (10 MB) is not configurable.
 *
 * Auth: `apiKey` (methods require a key; one key in a usage plan throttled like the stage),
 * `iam` (SigV4, AWS_IAM) or `none`. The stage throttles every method to the configured rate and
 * burst, writes JSON access logs to its own log group and publishes per-method metrics.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { functionCode } from "../../lib/bundle";
import type { IngestApiConfig } from "../../lib/config";
import { INGEST_METHOD } from "../../lib/contract";
import { ACCESS_LOG_FORMAT, INGEST_SERVICE, INGEST_STAGE, ingestFunctionEnv, invokeSourceArn, methodAuth, routedStreamNames, routePathPart, routeStreams } from "./api-settings";
import { apiGatewayLogsPolicy, ingestFunctionPolicy } from "./policies";
import { serviceAssumeRolePolicy } from "../../lib/iam";
import { boundedName, NameLimits } from "../../lib/names";
import { lambdaExecution } from "../../lib/lambda-execution";

/** What the API needs of a delivery stream (a `DeliveryStream` satisfies it). */
export interface RouteTarget {
    deliveryStreamName: pulumi.Input<string>;
    deliveryStreamArn: pulumi.Input<string>;
}

export interface IngestApiArgs {
    /** Validated API config: auth, throttling, body limit, routes, tracing (defaults applied by lib/config). */
    api: IngestApiConfig;
    /** Delivery streams by configured stream name; every stream a route names must be here. Required. */
    streams: Record<string, RouteTarget>;
    /** Retention (days) of the function's and the access log groups. Required. */
    logRetentionDays: number;
    /** The function's code. Default: functions/ingest-api bundled by lib/bundle. */
    code?: pulumi.asset.Archive;
    /** Function memory (MB). Default 512 (Lambda CPU scales with memory; validation and JSON work are CPU-bound). */
    memoryMb?: number;
    /** POWERTOOLS_LOG_LEVEL. Default "INFO". */
    logLevel?: string;
}

export class IngestApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly function: aws.lambda.Function;
    /** Base URL of the stage; POST to `<url>/track` etc. */
    readonly url: pulumi.Output<string>;
    readonly apiId: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    /** Id of the API key (auth `apiKey` only); its value: `aws apigateway get-api-key --api-key <id> --include-value`. */
    readonly apiKeyId?: pulumi.Output<string>;

    constructor(name: string, args: IngestApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:ingest:IngestApi", name, {}, opts);
        const { api } = args;
        const child = { parent: this };
        const account = aws.getCallerIdentityOutput({}, child);
        const partition = aws.getPartitionOutput({}, child);
        const region = aws.getRegionOutput({}, child);

        const targets = routedStreamNames(api.routes).map((stream) => {
            const target = args.streams[stream];
            if (!target) throw new Error(`IngestApi ${name}: a route names stream "${stream}", which is not among ${Object.keys(args.streams).join(", ")}`);
            return [stream, target] as const;
        });

        // The function: fixed name so its log group (with retention) exists before it logs.
        const functionName = boundedName([pulumi.getProject(), pulumi.getStack(), INGEST_SERVICE], NameLimits.lambdaFunction);
        const { logGroup, role, policy } = lambdaExecution(
            `${name}-function`,
            {
                functionName,
                description: "HTTP ingest function",
                logRetentionDays: args.logRetentionDays,
                policy: (logGroupArn) =>
                    pulumi
                        .all([logGroupArn, ...targets.map(([, t]) => t.deliveryStreamArn)])
                        .apply(([logGroupArn, ...deliveryStreamArns]) => JSON.stringify(ingestFunctionPolicy({ logGroupArn, deliveryStreamArns }))),
            },
            this,
        );
        const physicalNames = pulumi.all(Object.fromEntries(targets.map(([stream, t]) => [stream, t.deliveryStreamName])));
        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: functionName,
                description: "HTTP ingest API: validates events and writes them to Firehose",
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: args.code ?? functionCode(INGEST_SERVICE),
                role: role.arn,
                memorySize: args.memoryMb ?? 512,
                // Below API Gateway's 29 s integration timeout, so the function answers (5xx) itself.
                timeout: 25,
                environment: {
                    variables: physicalNames.apply((names) =>
                        ingestFunctionEnv({
                            routeStreams: routeStreams(api.routes, names),
                            maxBodyBytes: api.maxBodyBytes,
                            logLevel: args.logLevel ?? "INFO",
                        }),
                    ),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            },
            { ...child, dependsOn: [policy] },
        );

        this.restApi = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                description: "HTTP ingest into the data lake's Firehose streams",
                endpointConfiguration: { types: "REGIONAL" },
                apiKeySource: "HEADER",
            },
            child,
        );
        const auth = methodAuth(api.auth);
        const routeResources: pulumi.Resource[] = [];
        for (const route of Object.keys(api.routes).sort()) {
            const part = routePathPart(route);
            const resource = new aws.apigateway.Resource(
                `${name}-${part}`,
                { restApi: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: part },
                child,
            );
            const method = new aws.apigateway.Method(
                `${name}-${part}-post`,
                {
                    restApi: this.restApi.id,
                    resourceId: resource.id,
                    httpMethod: INGEST_METHOD,
                    authorization: auth.authorization,
                    apiKeyRequired: auth.apiKeyRequired,
                },
                child,
            );
            const integration = new aws.apigateway.Integration(
                `${name}-${part}-integration`,
                {
                    restApi: this.restApi.id,
                    resourceId: resource.id,
                    httpMethod: method.httpMethod,
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: this.function.invokeArn,
                },
                child,
            );
            routeResources.push(resource, method, integration);
        }
        new aws.lambda.Permission(
            `${name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.function.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: this.restApi.executionArn.apply((arn) => invokeSourceArn(arn, INGEST_STAGE, INGEST_METHOD)),
            },
            child,
        );

        const deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            {
                restApi: this.restApi.id,
                description: "Ingest routes",
                // A new deployment whenever routes or auth change (a stage serves a frozen snapshot).
                triggers: { redeployment: JSON.stringify({ routes: api.routes, auth: api.auth }) },
            },
            { ...child, dependsOn: routeResources },
        );

        // Access logs need the account's API Gateway CloudWatch role (one per account and region).
        const accountLogging: pulumi.Resource[] = [];
        if (api.manageAccountLogRole) {
            const logsRole = new aws.iam.Role(
                `${name}-cloudwatch-role`,
                {
                    description: "API Gateway account-wide CloudWatch Logs role",
                    assumeRolePolicy: account.accountId.apply((a) =>
                        JSON.stringify(serviceAssumeRolePolicy("apigateway.amazonaws.com", a)),
                    ),
                },
                child,
            );
            const logsPolicy = new aws.iam.RolePolicy(
                `${name}-cloudwatch-policy`,
                {
                    role: logsRole.name,
                    policy: pulumi
                        .all([partition.partition, region.region, account.accountId])
                        .apply(([p, r, a]) => JSON.stringify(apiGatewayLogsPolicy({ partition: p, region: r, accountId: a }))),
                },
                child,
            );
            accountLogging.push(
                new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: logsRole.arn }, { ...child, dependsOn: [logsPolicy] }),
            );
        }
        const accessLogs = new aws.cloudwatch.LogGroup(
            `${name}-access-logs`,
            {
                name: `/aws/apigateway/${pulumi.getProject()}-${pulumi.getStack()}-${INGEST_SERVICE}`,
                retentionInDays: args.logRetentionDays,
            },
            child,
        );
        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: this.restApi.id,
                deployment: deployment.id,
                stageName: INGEST_STAGE,
                xrayTracingEnabled: api.tracing,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
            },
            { ...child, dependsOn: accountLogging },
        );
        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: this.restApi.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    throttlingRateLimit: api.rateLimit,
                    throttlingBurstLimit: api.burstLimit,
                    metricsEnabled: true,
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                },
            },
            child,
        );

        if (api.auth === "apiKey") {
            const key = new aws.apigateway.ApiKey(`${name}-key`, { description: "Ingest API producers", enabled: true }, child);
            const plan = new aws.apigateway.UsagePlan(
                `${name}-usage-plan`,
                {
                    description: "Ingest API producers",
                    apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
                    throttleSettings: { rateLimit: api.rateLimit, burstLimit: api.burstLimit },
                },
                child,
            );
            new aws.apigateway.UsagePlanKey(
                `${name}-usage-plan-key`,
                { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id },
                child,
            );
            this.apiKeyId = key.id;
        }

        this.url = this.stage.invokeUrl;
        this.apiId = this.restApi.id;
        this.functionName = this.function.name;
        this.registerOutputs({ url: this.url, apiId: this.apiId, functionName: this.functionName, apiKeyId: this.apiKeyId });
    }
}
