/**
 * The ingest API's Lambda handler (API Gateway REST API, proxy integration, v1 events): routes
 * by `event.resource`, validates, stamps and delivers the records to the route's Firehose
 * delivery stream, or with Kinesis PutRecords to its Kinesis stream when it is Kinesis-fed
 * (./kinesis.ts). 200 only when every record was accepted; otherwise 503 so the client retries
 * (at-least-once: a retried request may repeat records that were accepted the first time).
 * It never throws (API Gateway would answer 502 and clients retry forever): an unexpected error
 * is logged and answers 500 with the request id. `GET /openapi.json` answers the API's OpenAPI
 * document (./openapi.ts), its server the base URL the request came through.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { INGEST_METHOD, INGEST_ROUTES, IngestEnv, IngestRoute, IngestRouteStreams, OPENAPI_ROUTE } from "../../lib/contract";
import { jsonObjectEntries } from "../shared/env";
import { batchItems, bodyBytes, checkContentType, RequestError, serialise, toRecords, validateItems } from "./body";
import { deliver, RecordBatchSender, RetryPolicy } from "./firehose";
import { deliverToKinesis, kinesisRoutesFromEnv, RecordsSender } from "./kinesis";
import { DESCRIBED_READ_ROUTES, openApiDocument, type ApiAuth } from "./openapi";

export interface IngestSettings {
    /** Route -> Firehose delivery stream (PutRecordBatch). */
    routeStreams: IngestRouteStreams;
    /** Route -> Kinesis stream (PutRecords), for Kinesis-fed streams. Default none. */
    kinesisRouteStreams?: IngestRouteStreams;
    maxBodyBytes: number;
    maxAttempts: number;
    /** The API's auth, for the OpenAPI document. Default "apiKey". */
    auth?: ApiAuth;
    /** Read routes of other functions on the API (`GET /traffic/{adId}`), for the document. Default none. */
    readRoutes?: string[];
}

const AUTH_MODES: readonly ApiAuth[] = ["apiKey", "iam", "none"];

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_ATTEMPTS = 6;

/** Reads IngestEnv; a missing or bad value throws naming the variable (the function fails at init). */
export function settingsFromEnv(env: Record<string, string | undefined>): IngestSettings {
    const entries = jsonObjectEntries(env, IngestEnv.routeStreams, '{"/track":"<delivery stream>"}');
    const bad = entries?.filter(([route, stream]) => !(INGEST_ROUTES as readonly string[]).includes(route) || typeof stream !== "string" || !stream);
    const kinesisRouteStreams = kinesisRoutesFromEnv(env);
    if (!entries || (entries.length === 0 && Object.keys(kinesisRouteStreams).length === 0) || bad!.length > 0) {
        throw new Error(`${IngestEnv.routeStreams} must map routes (${INGEST_ROUTES.join(", ")}) to stream names, got ${env[IngestEnv.routeStreams]}`);
    }
    const positiveInt = (name: string, fallback: number) => {
        const value = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
        if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${env[name]}`);
        return value;
    };
    const auth = (env[IngestEnv.auth] || "apiKey") as ApiAuth;
    if (!AUTH_MODES.includes(auth)) throw new Error(`${IngestEnv.auth} must be one of ${AUTH_MODES.join(", ")}, got ${env[IngestEnv.auth]}`);
    const readRoutes = readRoutesFromEnv(env[IngestEnv.readRoutes]);
    return {
        routeStreams: Object.fromEntries(entries) as IngestRouteStreams,
        ...(Object.keys(kinesisRouteStreams).length > 0 ? { kinesisRouteStreams } : {}),
        maxBodyBytes: positiveInt(IngestEnv.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
        maxAttempts: positiveInt(IngestEnv.maxAttempts, DEFAULT_MAX_ATTEMPTS),
        auth,
        readRoutes,
    };
}

/** INGEST_READ_ROUTES: a JSON list of routes the document describes (DESCRIBED_READ_ROUTES); unset is none. */
function readRoutesFromEnv(value: string | undefined): string[] {
    if (value === undefined || value === "") return [];
    let list: unknown;
    try {
        list = JSON.parse(value);
    } catch {
        list = undefined;
    }
    if (!Array.isArray(list) || list.some((r) => !DESCRIBED_READ_ROUTES.includes(r))) {
        throw new Error(`${IngestEnv.readRoutes} must be a JSON list of ${DESCRIBED_READ_ROUTES.join(", ")}, got ${value}`);
    }
    return list as string[];
}

export interface HandlerDeps {
    firehose: RecordBatchSender;
    /** Required when `settings.kinesisRouteStreams` names a route. */
    kinesis?: RecordsSender;
    settings: IngestSettings;
    logger: Logger;
    metrics: Metrics;
    /** Retry timing; defaults suit a Lambda with a few seconds of timeout. */
    retry?: Partial<Omit<RetryPolicy, "remainingMs" | "maxAttempts">>;
    now?: () => Date;
}

export type IngestHandler = (
    event: APIGatewayProxyEvent,
    context: Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">,
) => Promise<APIGatewayProxyResult>;

const json = (statusCode: number, body: object, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
});

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
    const found = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === name);
    return found?.[1] ?? undefined;
}

/** `/track` from `event.resource`; a greedy `{proxy+}` resource falls back to the request path. */
function routeOf(event: APIGatewayProxyEvent): string {
    const resource = event.resource?.includes("{") ? event.path : (event.resource ?? event.path);
    return (resource ?? "").replace(/\/+$/, "") || "/";
}

/**
 * The base URL the request came through: the stage's invoke URL (`requestContext.path` is
 * `/<stage>/openapi.json`) or the custom domain's (`/<base path>/openapi.json`). API Gateway
 * answers on HTTPS only; a local server says otherwise in `x-forwarded-proto`.
 */
function baseUrl(event: APIGatewayProxyEvent): string | undefined {
    const host = event.requestContext?.domainName ?? header(event, "host");
    const path = event.requestContext?.path;
    if (!host || !path?.endsWith(OPENAPI_ROUTE.resource)) return undefined;
    return `${header(event, "x-forwarded-proto") ?? "https"}://${host}${path.slice(0, -OPENAPI_ROUTE.resource.length)}`;
}

export function createHandler(deps: HandlerDeps): IngestHandler {
    const { firehose, settings, logger, metrics } = deps;
    const now = deps.now ?? (() => new Date());
    const kinesisRoutes = settings.kinesisRouteStreams ?? {};
    const routes = INGEST_ROUTES.filter((r) => settings.routeStreams[r] || kinesisRoutes[r]);
    if (Object.keys(kinesisRoutes).length > 0 && !deps.kinesis) throw new Error("createHandler: Kinesis routes need a Kinesis client (deps.kinesis)");

    return async (event, context) => {
        let requestId = "unknown";
        try {
            requestId = String(event?.requestContext?.requestId ?? context?.awsRequestId ?? "unknown");
            return await answer(event, context, requestId);
        } catch (e) {
            try {
                metrics.addMetric("RequestsFailed", MetricUnit.Count, 1);
                logger.error("unexpected error; answered 500", { requestId, error: e as Error });
            } catch {
                // Logging itself failed: the answer below still goes out.
            }
            return json(500, { error: "internal error; retry the request, or quote the request id", requestId });
        } finally {
            try {
                metrics.publishStoredMetrics();
            } catch (e) {
                logger.warn("metrics not published", { requestId, error: e as Error });
            }
        }
    };

    async function answer(event: APIGatewayProxyEvent, context: Pick<Context, "getRemainingTimeInMillis">, requestId: string): Promise<APIGatewayProxyResult> {
        const route = routeOf(event);
        if (route === OPENAPI_ROUTE.resource) return openApi(event, requestId);
        const known = (routes as string[]).includes(route);
        metrics.addDimension("route", known ? route : "unknown");
        metrics.addMetric("Requests", MetricUnit.Count, 1);
        try {
            if (!known) {
                return json(404, { error: `no route ${route}; routes: ${routes.join(", ")}`, requestId });
            }
            if (event.httpMethod !== INGEST_METHOD) {
                return json(405, { error: `${event.httpMethod} not allowed on ${route}; use ${INGEST_METHOD}`, requestId }, { allow: INGEST_METHOD });
            }
            return await ingest(route as IngestRoute, event, requestId, context);
        } catch (e) {
            if (!(e instanceof RequestError)) throw e;
            metrics.addMetric("RequestsRejected", MetricUnit.Count, 1);
            logger.info("request rejected", { requestId, route, status: e.status, error: e.message, errors: e.errors.slice(0, 20) });
            return json(e.status, { error: e.message, errors: e.errors.length ? e.errors : undefined, unlistedErrors: e.unlisted || undefined, requestId });
        }
    }

    /** The OpenAPI document of what this function and the API serve, for `GET /openapi.json`. */
    function openApi(event: APIGatewayProxyEvent, requestId: string): APIGatewayProxyResult {
        metrics.addDimension("route", OPENAPI_ROUTE.resource);
        metrics.addMetric("Requests", MetricUnit.Count, 1);
        if (event.httpMethod !== OPENAPI_ROUTE.method) {
            return json(
                405,
                { error: `${event.httpMethod} not allowed on ${OPENAPI_ROUTE.resource}; use ${OPENAPI_ROUTE.method}`, requestId },
                { allow: OPENAPI_ROUTE.method },
            );
        }
        const document = openApiDocument({
            routes,
            readRoutes: settings.readRoutes ?? [],
            auth: settings.auth ?? "apiKey",
            maxBodyBytes: settings.maxBodyBytes,
            serverUrl: baseUrl(event),
        });
        return json(200, document);
    }

    async function ingest(route: IngestRoute, event: APIGatewayProxyEvent, requestId: string, context: Pick<Context, "getRemainingTimeInMillis">) {
        checkContentType(header(event, "content-type"));
        const items = batchItems(bodyBytes(event.body, event.isBase64Encoded, settings.maxBodyBytes));
        validateItems(route, items);
        const records = toRecords(
            route,
            items.map((i) => i.item),
            { receivedAt: now().toISOString(), requestId },
        );
        const lines = serialise(
            records,
            items.some((i) => i.view !== i.item),
        );
        const kinesisStream = kinesisRoutes[route];
        const stream = kinesisStream ?? settings.routeStreams[route]!;
        const put = kinesisStream
            ? (policy: RetryPolicy) => deliverToKinesis(deps.kinesis!, kinesisStream, lines, policy)
            : (policy: RetryPolicy) => deliver(firehose, stream, lines, policy);
        const result = await put({
            maxAttempts: settings.maxAttempts,
            baseDelayMs: 50,
            maxDelayMs: 2000,
            reserveMs: 1000,
            concurrency: 4,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            random: Math.random,
            ...deps.retry,
            remainingMs: () => context.getRemainingTimeInMillis(),
        });
        metrics.addMetric("RecordsAccepted", MetricUnit.Count, result.accepted);
        metrics.addMetric("RecordsRetried", MetricUnit.Count, result.retried);
        metrics.addMetric("RecordsFailed", MetricUnit.Count, result.failed.length);
        if (result.failed.length > 0) {
            const codes = [...new Set(result.failed.map((f) => f.errorCode))];
            logger.error(kinesisStream ? "records not accepted by Kinesis" : "records not accepted by Firehose", {
                requestId,
                route,
                stream,
                accepted: result.accepted,
                failed: result.failed.length,
                codes,
                first: result.failed[0],
            });
            return json(
                503,
                {
                    error: `${result.failed.length} of ${records.length} records were not accepted (${codes.join(", ")}); retry the request`,
                    accepted: result.accepted,
                    failed: result.failed.length,
                    requestId,
                },
                { "retry-after": "1" },
            );
        }
        logger.debug("records accepted", { requestId, route, stream, records: records.length, calls: result.callSizes.length });
        return json(200, { accepted: result.accepted, requestId });
    }
}
