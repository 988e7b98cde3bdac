/**
 * The HTTP ingest API: a regional REST API (API Gateway v1) with one resource and POST method per
 * configured route, all proxied (AWS_PROXY) to one Lambda (functions/ingest-api) that validates
 * the body, stamps it and writes it to the route's Firehose delivery stream (PutRecordBatch) or,
 * for a Kinesis-fed stream, to its Kinesis stream (PutRecords). The body size limit is enforced
 * by the function (413), since API Gateway's own cap (10 MB) is not configurable. Read routes of
 * other areas (`readRoutes`: the traffic endpoint) sit on the same API, auth and throttling.
 *
 * `GET /openapi.json` answers the API's OpenAPI 3.1 document (functions/ingest-api/openapi.ts,
 * from the handler's JSON Schemas), proxied to the same function; the component exports the same
 * document (`openApiDocument`). The stage is named from `api.stageName` (default `v1`); with
 * `api.domain` a Regional TLS 1.2 custom domain fronts it (./api-domain.ts) and `url` is its URL.
 *
 * Auth: `apiKey` (methods require a key; one key in a usage plan throttled like the stage),
 * `iam` (SigV4, AWS_IAM) or `none`. The stage throttles every method to the configured rate and
 * burst, writes JSON access logs to its own log group and publishes per-method metrics. With
 * `waf.enabled` (default in prod) an AWS WAF web ACL guards the stage: the AWS managed common rule
 * set and a per-IP rate limit, with its request logs in an `aws-waf-logs-` log group.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { functionCode } from "../../lib/bundle";
import { INGEST_FUNCTION_DEFAULTS, withApiDefaults, type IngestApiProps, type IngestApiSettings } from "./defaults";
import { INGEST_METHOD, INGEST_ROUTES, OPENAPI_ROUTE, type IngestRoute } from "../../lib/contract";
import { openApiDocument } from "../../functions/ingest-api/openapi";
import {
    ACCESS_LOG_FORMAT,
    INGEST_SERVICE,
    ingestFunctionEnv,
    invokeSourceArn,
    methodAuth,
    readRouteSourceArn,
    routedStreamNames,
    routePathPart,
    routeStreams,
    splitRoutes,
    WAF_REDACTED_HEADERS,
    wafLogGroupName,
    webAclRules,
} from "./api-settings";
import { apiGatewayLogsPolicy, ingestFunctionPolicy } from "./policies";
import { lakeContext, requireLogsKey, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import { roleWithPolicy } from "../../lib/service-role";
import { boundedName, NameRules } from "../../lib/names";
import { lambdaExecution } from "../../lib/lambda-execution";
import { ownedBy } from "../../lib/ownership";
import { OUTSIDE_VPC_TAG } from "../../lib/vpc-placement";
import { executionLogGroupName } from "../../lib/apigateway-logs";
import { allOf } from "../../lib/outputs";
import { apiDomain } from "./api-domain";
import { liveFunction, type LiveFunction } from "../../lib/live-function";

/** What the API needs of a delivery stream (a `DeliveryStream` satisfies it). */
export interface RouteTarget {
    deliveryStreamName: pulumi.Input<string>;
    deliveryStreamArn: pulumi.Input<string>;
    /** The Kinesis source of a Kinesis-fed stream: the function writes it with PutRecords instead. */
    kinesisStreamName?: pulumi.Input<string>;
    kinesisStreamArn?: pulumi.Input<string>;
    kinesisKeyArn?: pulumi.Input<string>;
}

/** A read route's method: a read route answers GET only. */
const READ_METHOD = "GET";

/** A read route (a GET) and the function that answers it (components/traffic `Traffic.route` satisfies it). */
export interface ReadRoute {
    /** Path below the API root, one part per resource, e.g. `["traffic", "{adId}"]`. */
    pathParts: string[];
    functionName: pulumi.Input<string>;
    /** The invoke ARN of the function's alias (lib/live-function.ts), which the integration calls. */
    invokeArn: pulumi.Input<string>;
    /** That alias's name: the invoke permission's qualifier. */
    qualifier: pulumi.Input<string>;
}

export interface IngestApiArgs {
    /** Auth, throttling, body limit, routes, tracing, WAF (defaults: `withApiDefaults`). @default all defaults */
    api?: IngestApiProps;
    /** Delivery streams by configured stream name; every stream a route names must be here. Required. */
    streams: Record<string, RouteTarget>;
    /**
     * Scope (the account logging role's); `logsKeyArn` (required) and `logRetentionDays` for the
     * function's, the access and the WAF log groups.
     */
    context: LakeContext;
    /** The function's code. @default functions/ingest-api bundled by lib/bundle */
    code?: pulumi.asset.Archive;
    /** Function memory (MB); Lambda CPU scales with memory, and validation and JSON work are CPU-bound. @default 512 */
    memoryMb?: number;
    /** POWERTOOLS_LOG_LEVEL. @default "INFO" */
    logLevel?: string;
    /** Read routes served by other functions (e.g. the serving area's `GET /traffic/{adId}`), with the same auth and throttling. @default [] */
    readRoutes?: ReadRoute[];
}

/** What the OpenAPI document says of the API: its ingest routes, the read routes on it, auth and body limit. */
function documentedApi(c: ApiBuild) {
    return {
        routes: INGEST_ROUTES.filter((r: IngestRoute) => r in c.api.routes),
        readRoutes: (c.args.readRoutes ?? []).map((r) => `${READ_METHOD} /${r.pathParts.join("/")}`),
        auth: c.api.auth,
        maxBodyBytes: c.api.maxBodyBytes,
    };
}

/** What IngestApi's private methods build from: its name, its args and their defaults. */
interface ApiBuild {
    name: string;
    args: IngestApiArgs;
    /** The API settings with their defaults applied. */
    api: IngestApiSettings;
    context: ResolvedLakeContext;
    logsKeyArn: pulumi.Input<string>;
}

export class IngestApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly function: aws.lambda.Function;
    /** The `live` alias the routes invoke. */
    readonly alias: aws.lambda.Alias;
    /** Base URL of the API; POST to `<url>/track` etc.: the custom domain's (`api.domain`), else the stage's invoke URL. */
    readonly url: pulumi.Output<string>;
    /** The stage's execute-api URL (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`), which answers with or without a domain. */
    readonly invokeUrl: pulumi.Output<string>;
    readonly apiId: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    /** The API's OpenAPI 3.1 document (JSON), its server `url`; the API also serves it at `GET <url>/openapi.json`. */
    readonly openApiDocument: pulumi.Output<string>;
    /** Id of the API key (auth `apiKey` only); its value: `aws apigateway get-api-key --api-key <id> --include-value`. */
    readonly apiKeyId?: pulumi.Output<string>;

    constructor(name: string, args: IngestApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:ingest:IngestApi", name, {}, ownedBy("ingest", opts));
        // Locals, not fields: every field is an output to the package's schema analyzer (components/plugin.ts).
        const c: ApiBuild = {
            name,
            args,
            api: withApiDefaults(args.api),
            context: lakeContext(args.context),
            logsKeyArn: requireLogsKey(args.context, `IngestApi ${name}`),
        };

        const live = this.ingestFunction(c, this.routeTargets(c));
        this.function = live.function;
        this.alias = live.alias;
        this.restApi = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                description: "HTTP ingest into the data lake's Firehose streams",
                endpointConfiguration: { types: "REGIONAL" },
                apiKeySource: "HEADER",
            },
            { parent: this },
        );
        const deployment = this.deployment(c, this.routes(c));
        this.stage = this.throttledStage(c, deployment, this.accountLogging(c));
        if (c.api.waf.enabled) this.attachWebAcl(c, c.api.waf.ipRateLimit);
        if (c.api.auth === "apiKey") this.apiKeyId = this.keyAndPlan(c);

        this.invokeUrl = this.stage.invokeUrl;
        this.url = c.api.domain ? apiDomain(name, c.api.domain, { restApi: this.restApi, stage: this.stage }, this).url : this.invokeUrl;
        this.apiId = this.restApi.id;
        this.functionName = this.function.name;
        this.openApiDocument = this.url.apply((serverUrl) => JSON.stringify(openApiDocument({ ...documentedApi(c), serverUrl }), null, 2));
        this.registerOutputs({
            url: this.url,
            invokeUrl: this.invokeUrl,
            apiId: this.apiId,
            functionName: this.functionName,
            apiKeyId: this.apiKeyId,
            openApiDocument: this.openApiDocument,
        });
    }

    /** The delivery streams the routes name, by configured stream name (each once). */
    private routeTargets(c: ApiBuild): (readonly [string, RouteTarget])[] {
        return routedStreamNames(c.api.routes).map((stream) => {
            const target = c.args.streams[stream];
            if (!target) throw new Error(`IngestApi ${c.name}: a route names stream "${stream}", which is not among ${Object.keys(c.args.streams).join(", ")}`);
            return [stream, target] as const;
        });
    }

    /**
     * The function, with a fixed name so its log group (with retention) exists before it logs:
     * Direct PUT routes go to their Firehose delivery streams, routes of Kinesis-fed streams to
     * their Kinesis streams.
     */
    private ingestFunction(c: ApiBuild, targets: (readonly [string, RouteTarget])[]): LiveFunction {
        const { api } = c;
        const region = pulumi.output(c.context.scope).region;
        const direct = targets.filter(([, t]) => !t.kinesisStreamName);
        const kinesis = targets.filter(([, t]) => t.kinesisStreamName);
        const routes = splitRoutes(api.routes, new Set(kinesis.map(([stream]) => stream)));
        const functionName = boundedName([pulumi.getProject(), pulumi.getStack(), INGEST_SERVICE], NameRules.lambdaFunction);
        const { logGroup, role, policy, tracingConfig } = lambdaExecution(
            `${c.name}-function`,
            {
                functionName,
                description: "HTTP ingest function",
                logRetentionDays: c.context.logRetentionDays,
                logsKeyArn: c.logsKeyArn,
                tracing: api.tracing,
                policy: (logGroupArn) =>
                    allOf({
                        logGroupArn,
                        region,
                        deliveryStreamArns: pulumi.all(direct.map(([, t]) => t.deliveryStreamArn)),
                        kinesisStreams: pulumi.all(kinesis.map(([, t]) => allOf({ streamArn: t.kinesisStreamArn!, keyArn: t.kinesisKeyArn! }))),
                    }).apply(({ region: r, kinesisStreams, ...rest }) =>
                        ingestFunctionPolicy({ ...rest, ...(kinesisStreams.length > 0 ? { region: r, kinesisStreams } : {}) }),
                    ),
            },
            this,
        );
        const physicalNames = pulumi.all(Object.fromEntries(direct.map(([stream, t]) => [stream, t.deliveryStreamName])));
        const kinesisNames = pulumi.all(Object.fromEntries(kinesis.map(([stream, t]) => [stream, t.kinesisStreamName!])));
        return liveFunction(
            `${c.name}-function`,
            {
                name: functionName,
                description: "HTTP ingest API: validates events and writes them to Firehose (or Kinesis, for Kinesis-fed streams)",
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: c.args.code ?? functionCode(INGEST_SERVICE),
                role: role.arn,
                memorySize: c.args.memoryMb ?? INGEST_FUNCTION_DEFAULTS.memoryMb,
                // Below API Gateway's 29 s integration timeout, so the function answers (5xx) itself.
                timeout: 25,
                environment: {
                    variables: pulumi.all([physicalNames, kinesisNames]).apply(([names, kinesisStreamNames]) =>
                        ingestFunctionEnv({
                            auth: api.auth,
                            readRoutes: documentedApi(c).readRoutes,
                            routeStreams: routeStreams(routes.firehose, names),
                            kinesisRouteStreams: routeStreams(routes.kinesis, kinesisStreamNames),
                            maxBodyBytes: api.maxBodyBytes,
                            logLevel: c.args.logLevel ?? INGEST_FUNCTION_DEFAULTS.logLevel,
                        }),
                    ),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                tracingConfig,
                tags: { [OUTSIDE_VPC_TAG]: "public API writing to Firehose and Kinesis: no interface endpoints for them" },
            },
            // It answers its callers (5xx): no failure queue.
            { deployment: c.context.deployment },
            { parent: this, dependsOn: [policy] },
        );
    }

    /** A resource, POST method and proxy integration per route, and API Gateway's right to invoke the function. */
    private routes(c: ApiBuild): pulumi.Resource[] {
        const child = { parent: this };
        const restApi = this.restApi.id;
        const auth = methodAuth(c.api.auth);
        const routeResources: pulumi.Resource[] = [];
        for (const route of Object.keys(c.api.routes).sort()) {
            const part = routePathPart(route);
            const resource = new aws.apigateway.Resource(`${c.name}-${part}`, { restApi, parentId: this.restApi.rootResourceId, pathPart: part }, child);
            const method = new aws.apigateway.Method(
                `${c.name}-${part}-post`,
                { restApi, resourceId: resource.id, httpMethod: INGEST_METHOD, authorization: auth.authorization, apiKeyRequired: auth.apiKeyRequired },
                child,
            );
            const integration = new aws.apigateway.Integration(
                `${c.name}-${part}-integration`,
                {
                    restApi,
                    resourceId: resource.id,
                    httpMethod: method.httpMethod,
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: this.alias.invokeArn,
                },
                child,
            );
            routeResources.push(resource, method, integration);
        }
        for (const route of c.args.readRoutes ?? []) routeResources.push(...this.readRoute(c, route, auth));
        new aws.lambda.Permission(
            `${c.name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.function.name,
                qualifier: this.alias.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: this.restApi.executionArn.apply((arn) => invokeSourceArn(arn, c.api.stageName, INGEST_METHOD)),
            },
            child,
        );
        routeResources.push(
            ...this.readRoute(
                c,
                { pathParts: [OPENAPI_ROUTE.pathPart], functionName: this.function.name, invokeArn: this.alias.invokeArn, qualifier: this.alias.name },
                auth,
            ),
        );
        return routeResources;
    }

    /** A read route: its resources (nested path parts), its method with the API's auth, the proxy integration and the invoke permission. */
    private readRoute(c: ApiBuild, route: ReadRoute, auth: ReturnType<typeof methodAuth>): pulumi.Resource[] {
        const child = { parent: this };
        const created: pulumi.Resource[] = [];
        let parentId: pulumi.Input<string> = this.restApi.rootResourceId;
        const slugs: string[] = [];
        for (const part of route.pathParts) {
            slugs.push(
                part
                    .replace(/[{}+]/g, "")
                    .toLowerCase()
                    .replace(/[^a-z0-9-]+/g, "-"),
            );
            const resource: aws.apigateway.Resource = new aws.apigateway.Resource(
                `${c.name}-${slugs.join("-")}`,
                { restApi: this.restApi.id, parentId, pathPart: part },
                child,
            );
            created.push(resource);
            parentId = resource.id;
        }
        const slug = slugs.join("-");
        const pathParams = route.pathParts.filter((p) => p.startsWith("{")).map((p) => [`method.request.path.${p.replace(/[{}+]/g, "")}`, true] as const);
        const method = new aws.apigateway.Method(
            `${c.name}-${slug}-${READ_METHOD.toLowerCase()}`,
            {
                restApi: this.restApi.id,
                resourceId: parentId,
                httpMethod: READ_METHOD,
                authorization: auth.authorization,
                apiKeyRequired: auth.apiKeyRequired,
                requestParameters: Object.fromEntries(pathParams),
            },
            child,
        );
        const integration = new aws.apigateway.Integration(
            `${c.name}-${slug}-integration`,
            {
                restApi: this.restApi.id,
                resourceId: parentId,
                httpMethod: method.httpMethod,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: route.invokeArn,
            },
            child,
        );
        new aws.lambda.Permission(
            `${c.name}-${slug}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: route.functionName,
                qualifier: route.qualifier,
                principal: "apigateway.amazonaws.com",
                sourceArn: this.restApi.executionArn.apply((arn) => readRouteSourceArn(arn, c.api.stageName, READ_METHOD, route.pathParts)),
            },
            child,
        );
        return [...created, method, integration];
    }

    /** A new deployment whenever routes or auth change (a stage serves a frozen snapshot). */
    private deployment(c: ApiBuild, routeResources: pulumi.Resource[]): aws.apigateway.Deployment {
        const { api } = c;
        const { readRoutes } = documentedApi(c);
        return new aws.apigateway.Deployment(
            `${c.name}-deployment`,
            {
                restApi: this.restApi.id,
                description: "Ingest routes",
                triggers: {
                    redeployment: JSON.stringify({
                        routes: api.routes,
                        auth: api.auth,
                        ...(readRoutes.length > 0 ? { readRoutes } : {}),
                        document: `${OPENAPI_ROUTE.method} ${OPENAPI_ROUTE.resource}`,
                    }),
                },
            },
            { parent: this, dependsOn: routeResources },
        );
    }

    /**
     * Access logs need the account's API Gateway CloudWatch role (one per account and region), set
     * here unless `manageAccountLogRole` is false; what the stage must wait for.
     */
    private accountLogging(c: ApiBuild): pulumi.Resource[] {
        if (!c.api.manageAccountLogRole) return [];
        const scope = pulumi.output(c.context.scope);
        const { role, policy } = roleWithPolicy(
            `${c.name}-cloudwatch`,
            {
                role: { service: "apigateway.amazonaws.com", description: "API Gateway account-wide CloudWatch Logs role", accountId: scope.accountId },
                policy: scope.apply((s) => JSON.stringify(apiGatewayLogsPolicy(s))),
            },
            this,
        );
        return [new aws.apigateway.Account(`${c.name}-account`, { cloudwatchRoleArn: role.arn }, { parent: this, dependsOn: [policy] })];
    }

    /**
     * The stage: JSON access logs to its own log group, every method throttled, per-method metrics,
     * ERROR execution logs. API Gateway writes those to `API-Gateway-Execution-Logs_<api
     * id>/<stage>` and creates that group itself, with no retention and no key, unless it exists:
     * so it is declared here, before the stage, with the stack's retention and the logs key
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
     */
    private throttledStage(c: ApiBuild, deployment: aws.apigateway.Deployment, accountLogging: pulumi.Resource[]): aws.apigateway.Stage {
        const { api } = c;
        const accessLogs = new aws.cloudwatch.LogGroup(
            `${c.name}-access-logs`,
            {
                name: `/aws/apigateway/${pulumi.getProject()}-${pulumi.getStack()}-${INGEST_SERVICE}`,
                retentionInDays: c.context.logRetentionDays,
                kmsKeyId: c.logsKeyArn,
            },
            { parent: this },
        );
        const executionLogs = new aws.cloudwatch.LogGroup(
            `${c.name}-execution-logs`,
            {
                name: this.restApi.id.apply((id) => executionLogGroupName(id, api.stageName)),
                retentionInDays: c.context.logRetentionDays,
                kmsKeyId: c.logsKeyArn,
            },
            { parent: this },
        );
        const stage = new aws.apigateway.Stage(
            `${c.name}-stage`,
            {
                restApi: this.restApi.id,
                deployment: deployment.id,
                stageName: api.stageName,
                xrayTracingEnabled: api.tracing,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
            },
            { parent: this, dependsOn: [...accountLogging, executionLogs] },
        );
        new aws.apigateway.MethodSettings(
            `${c.name}-method-settings`,
            {
                restApi: this.restApi.id,
                stageName: stage.stageName,
                methodPath: "*/*",
                settings: {
                    throttlingRateLimit: api.rateLimit,
                    throttlingBurstLimit: api.burstLimit,
                    metricsEnabled: true,
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                },
            },
            { parent: this, dependsOn: [executionLogs] },
        );
        return stage;
    }

    /** Auth `apiKey`: one key for the producers, in a usage plan throttled like the stage; its id. */
    private keyAndPlan(c: ApiBuild): pulumi.Output<string> {
        const { api } = c;
        const key = new aws.apigateway.ApiKey(`${c.name}-key`, { description: "Ingest API producers", enabled: true }, { parent: this });
        const plan = new aws.apigateway.UsagePlan(
            `${c.name}-usage-plan`,
            {
                description: "Ingest API producers",
                apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
                throttleSettings: { rateLimit: api.rateLimit, burstLimit: api.burstLimit },
            },
            { parent: this },
        );
        new aws.apigateway.UsagePlanKey(`${c.name}-usage-plan-key`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id }, { parent: this });
        return key.id;
    }

    /**
     * A regional web ACL (allow by default, `webAclRules`) associated with the stage, logging every
     * request it evaluates to its own log group (stack retention, logs key) with the credential
     * headers redacted. WAF adds the delivery permission to the account's CloudWatch Logs resource
     * policy itself (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
     */
    private attachWebAcl(c: ApiBuild, ipRateLimit: number): void {
        const { name } = c;
        const child = { parent: this };
        const metric = boundedName([pulumi.getProject(), pulumi.getStack(), INGEST_SERVICE], NameRules.wafMetric);
        const acl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                description: "Ingest API: AWS managed common rules and a per-IP rate limit",
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: webAclRules(ipRateLimit, metric),
                visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true },
            },
            child,
        );
        new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: this.stage.arn, webAclArn: acl.arn }, child);
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-waf-logs`,
            { name: wafLogGroupName(pulumi.getProject(), pulumi.getStack()), retentionInDays: c.context.logRetentionDays, kmsKeyId: c.logsKeyArn },
            child,
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-waf-logging`,
            {
                resourceArn: acl.arn,
                logDestinationConfigs: [logs.arn],
                redactedFields: WAF_REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
            },
            child,
        );
    }
}
