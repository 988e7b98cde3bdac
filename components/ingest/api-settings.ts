/**
 * Pure pieces of the HTTP ingest API's infrastructure: the function's environment (by the names
 * in lib/contract `IngestEnv`), route paths, the invoke permission's source ARN, the access log
 * format. Unit-tested directly; components/ingest/ingest-api.ts wires them.
 */
import { INGEST_ROUTES, IngestEnv, IngestEnvName, IngestKinesisEnv, IngestRouteStreams, METRICS_NAMESPACE } from "../../lib/contract";
import type { IngestAuth } from "./defaults";

/** Service name of the ingest function (logs, metrics, physical name suffix). */
export const INGEST_SERVICE = "ingest-api";

/** `/track` -> `track`: the API Gateway resource path part of a route (routes are one level deep). */
export function routePathPart(route: string): string {
    const part = route.replace(/^\//, "");
    if (!/^[a-z][a-z0-9_-]*$/.test(part)) throw new Error(`route ${JSON.stringify(route)} is not a one-level path like /track`);
    return part;
}

/**
 * Route -> physical delivery stream name, from the configured route -> stream name map and the
 * delivery stream names by configured stream name. Throws on a route outside INGEST_ROUTES or a
 * stream that has no delivery stream (the lake's stack config rejects both earlier, with the key named).
 */
export function routeStreams(routes: Record<string, string>, deliveryStreamNames: Record<string, string>): IngestRouteStreams {
    const out: Record<string, string> = {};
    for (const [route, stream] of Object.entries(routes)) {
        if (!(INGEST_ROUTES as readonly string[]).includes(route)) {
            throw new Error(`route ${route} is not one of ${INGEST_ROUTES.join(", ")}`);
        }
        const physical = deliveryStreamNames[stream];
        if (!physical) throw new Error(`route ${route} names stream "${stream}", which has no delivery stream`);
        out[route] = physical;
    }
    return out as IngestRouteStreams;
}

/** Configured streams that routes map to (each once, sorted): the only ones the function may write. */
export function routedStreamNames(routes: Record<string, string>): string[] {
    return [...new Set(Object.values(routes))].sort();
}

/**
 * The routes split by how the function writes them: Firehose PutRecordBatch for Direct PUT
 * streams, Kinesis PutRecords for Kinesis-fed ones (`kinesisFed`: configured stream names).
 */
export function splitRoutes(
    routes: Record<string, string>,
    kinesisFed: ReadonlySet<string>,
): { firehose: Record<string, string>; kinesis: Record<string, string> } {
    const pick = (kinesis: boolean) => Object.fromEntries(Object.entries(routes).filter(([, stream]) => kinesisFed.has(stream) === kinesis));
    return { firehose: pick(false), kinesis: pick(true) };
}

export interface IngestFunctionEnvArgs {
    /** The API's auth, for the OpenAPI document the function serves. */
    auth: IngestAuth;
    /** Read routes of other functions on the API (`GET /traffic/{adId}`), for the document. Default none (the variable is left out). */
    readRoutes?: string[];
    /** Routes written to Firehose delivery streams. */
    routeStreams: IngestRouteStreams;
    /** Routes written to Kinesis streams. Default none (the variable is left out). */
    kinesisRouteStreams?: IngestRouteStreams;
    maxBodyBytes: number;
    /** POWERTOOLS_LOG_LEVEL. */
    logLevel: string;
}

/** The ingest function's environment, keyed by the contract's names only. */
export function ingestFunctionEnv(a: IngestFunctionEnvArgs): Partial<Record<IngestEnvName | (typeof IngestKinesisEnv)["routeKinesisStreams"], string>> {
    const kinesis = a.kinesisRouteStreams && Object.keys(a.kinesisRouteStreams).length > 0 ? a.kinesisRouteStreams : undefined;
    return {
        [IngestEnv.routeStreams]: JSON.stringify(a.routeStreams),
        ...(kinesis ? { [IngestKinesisEnv.routeKinesisStreams]: JSON.stringify(kinesis) } : {}),
        [IngestEnv.maxBodyBytes]: String(a.maxBodyBytes),
        [IngestEnv.serviceName]: INGEST_SERVICE,
        [IngestEnv.metricsNamespace]: METRICS_NAMESPACE,
        [IngestEnv.logLevel]: a.logLevel,
        [IngestEnv.auth]: a.auth,
        ...(a.readRoutes && a.readRoutes.length > 0 ? { [IngestEnv.readRoutes]: JSON.stringify(a.readRoutes) } : {}),
    };
}

/** Method `authorization` and `apiKeyRequired` for an auth mode. */
export function methodAuth(auth: IngestAuth): { authorization: "NONE" | "AWS_IAM"; apiKeyRequired: boolean } {
    if (auth === "iam") return { authorization: "AWS_IAM", apiKeyRequired: false };
    return { authorization: "NONE", apiKeyRequired: auth === "apiKey" };
}

/** What API Gateway may invoke the function for: POST on any route of this API's stage. */
export function invokeSourceArn(executionArn: string, stage: string, method: string): string {
    return `${executionArn}/${stage}/${method}/*`;
}

/** What API Gateway may invoke a read route's function for: its method on its resource, a path parameter matching any one segment. */
export function readRouteSourceArn(executionArn: string, stage: string, method: string, pathParts: readonly string[]): string {
    return `${executionArn}/${stage}/${method}/${pathParts.map((p) => (p.startsWith("{") ? "*" : p)).join("/")}`;
}

/** Stage access log line (JSON): who called which route, the answer, and integration errors. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    ip: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    apiKeyId: "$context.identity.apiKeyId",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    integrationStatus: "$context.integration.status",
    integrationError: "$context.integration.error",
    errorMessage: "$context.error.message",
    errorType: "$context.error.responseType",
});

/**
 * Log group of the web ACL's request logs: WAF delivers only to a group whose name starts with
 * `aws-waf-logs-` (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 */
export function wafLogGroupName(project: string, stack: string): string {
    return `${WAF_LOG_GROUP_PREFIX}${project}-${stack}-${INGEST_SERVICE}`;
}
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/**
 * Request headers that carry credentials (the API key, a SigV4 signature and session token), kept
 * out of the WAF logs. WAF matches header names in lowercase.
 */
export const WAF_REDACTED_HEADERS = ["authorization", "x-api-key", "x-amz-security-token"] as const;

/** The AWS managed rule group every web ACL of the API runs. */
export const COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet";

/**
 * Rules of the ingest API's web ACL: the AWS managed common rule set, with its 8 KB body-size rule
 * (SizeRestrictions_BODY) only counted, because the API accepts batches up to `maxBodyBytes`
 * (1 MiB) and the function answers 413 itself; then a rate-based rule blocking any client IP
 * above `ipRateLimit` requests in 5 minutes. Plain objects shaped as `aws.wafv2.WebAcl` rules.
 */
export function webAclRules(ipRateLimit: number, metricPrefix: string) {
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, metricName: `${metricPrefix}-${metric}`, sampledRequestsEnabled: true });
    return [
        {
            name: "aws-common-rule-set",
            priority: 0,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: "AWS",
                    name: COMMON_RULE_SET,
                    ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
                },
            },
            visibilityConfig: visibility("common"),
        },
        {
            name: "ip-rate-limit",
            priority: 1,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: ipRateLimit, aggregateKeyType: "IP" } },
            visibilityConfig: visibility("ip-rate"),
        },
    ];
}
