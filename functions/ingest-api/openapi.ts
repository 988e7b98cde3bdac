/**
 * The ingest API's OpenAPI 3.1 document, built from the JSON Schemas the function validates
 * request bodies with (./schemas: one source, so a schema change changes both the validation and
 * the document) and the answers the handlers give (their bodies are checked against the
 * component schemas here by test/functions/ingest-openapi.test.ts). It covers the configured ingest
 * routes, the read routes of other functions on the same API (the traffic route), the auth, every
 * answer with its body, and examples (each schema's `examples`, which the validators accept).
 *
 * The stack exports it (IngestApi `openApiDocument`, output `ingestApiOpenApi`) and the function
 * serves it at `GET /openapi.json` (lib/contract OPENAPI_ROUTE) with the request's own base URL
 * as the server. Pure: no I/O.
 */
import { INGEST_METHOD, INGEST_ROUTES, OPENAPI_ROUTE, TRAFFIC_ROUTE, type IngestRoute } from "../../lib/contract";
import { BODY_SCHEMAS, ROUTE_SCHEMAS, type BodySchema } from "./schemas";

/** How the API authenticates callers (components/ingest `IngestAuth`). */
export type ApiAuth = "apiKey" | "iam" | "none";

export interface OpenApiOptions {
    /** Ingest routes the API serves (POST). */
    routes: readonly IngestRoute[];
    /** Read routes of other functions on the API, as `GET /traffic/{adId}`; each must be one this module describes. Default none. */
    readRoutes?: readonly string[];
    auth: ApiAuth;
    /** Largest accepted body (bytes). */
    maxBodyBytes: number;
    /** Base URL of the API (the stage's invoke URL or the custom domain's). Default none (relative to where the document is served). */
    serverUrl?: string;
}

/** The version of the document's request and answer shapes; raise it with a change a client must follow. */
export const API_VERSION = "1.0.0";

/** The header API Gateway reads the API key from (the API's `apiKeySource` HEADER). */
export const API_KEY_HEADER = "x-api-key";

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A schema's component name: its title (`trackBody`), which is its file name without `.schema.json`. */
const componentName = (id: string) => BODY_SCHEMAS.find((s) => s.$id === id)!.title;

/** A body schema as an OpenAPI component: its file-relative `$ref`s point at components, `$schema` and `$id` dropped (3.1 documents use JSON Schema 2020-12, a superset of what the files use). */
function component(schema: BodySchema): Json {
    const rewrite = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(rewrite);
        if (v === null || typeof v !== "object") return v;
        return Object.fromEntries(
            Object.entries(v as Json)
                .filter(([k]) => k !== "$schema" && k !== "$id")
                .map(([k, x]) => [k, k === "$ref" ? `#/components/schemas/${componentName(String(x))}` : k === "examples" ? x : rewrite(x)]),
        );
    };
    return rewrite(schema) as Json;
}

const requestId = { type: "string", description: "API Gateway's request id: quote it when asking about a request." };

/** The answers' bodies, by component name (what handler.ts and functions/traffic-api/handler.ts send). */
export const ANSWER_SCHEMAS: Record<string, Json> = {
    Accepted: {
        type: "object",
        description: "Every record of the body is in its stream.",
        properties: { accepted: { type: "integer", minimum: 1, description: "Records written (one per item; per event for /track)." }, requestId },
        required: ["accepted", "requestId"],
        additionalProperties: false,
    },
    IngestError: {
        type: "object",
        description: "The request was refused (4xx) or failed unexpectedly (500); `errors` lists every schema error of a 400.",
        properties: {
            error: { type: "string" },
            errors: {
                type: "array",
                items: {
                    type: "object",
                    properties: { path: { type: "string", description: "JSON Pointer into the request body." }, message: { type: "string" } },
                    required: ["path", "message"],
                    additionalProperties: false,
                },
            },
            unlistedErrors: { type: "integer", minimum: 1, description: "Errors past the first 1000, counted only." },
            requestId,
        },
        required: ["error", "requestId"],
        additionalProperties: false,
    },
    NotAccepted: {
        type: "object",
        description: "Some records were still rejected by the stream after retries: retry the whole request (delivery is at least once).",
        properties: { error: { type: "string" }, accepted: { type: "integer", minimum: 0 }, failed: { type: "integer", minimum: 1 }, requestId },
        required: ["error", "accepted", "failed", "requestId"],
        additionalProperties: false,
    },
    GatewayError: {
        type: "object",
        description: "API Gateway's own answer, before the function: a missing or wrong key (403), throttling (429), an unknown path (403).",
        properties: { message: { type: "string" } },
        required: ["message"],
    },
    Traffic: {
        type: "object",
        description: "The ad's per-day counts, oldest first; days without traffic are absent, an unknown ad has an empty list.",
        properties: {
            adId: { type: "string" },
            start: { type: "string", format: "date" },
            end: { type: "string", format: "date" },
            traffic: {
                type: "array",
                items: {
                    type: "object",
                    properties: {
                        date: { type: "string", format: "date" },
                        impressions: { type: "integer", minimum: 0 },
                        clicks: { type: "integer", minimum: 0 },
                        unattributedClicks: { type: "integer", minimum: 0, description: "Clicks whose impression was not seen." },
                    },
                    required: ["date", "impressions", "clicks", "unattributedClicks"],
                    additionalProperties: false,
                },
            },
        },
        required: ["adId", "start", "end", "traffic"],
        additionalProperties: false,
    },
    TrafficError: {
        type: "object",
        description: "The query was refused (400: `errors` names every problem) or the table could not be read (503).",
        properties: { error: { type: "string" }, errors: { type: "array", items: { type: "string" } }, requestId },
        required: ["error"],
        additionalProperties: false,
    },
};

const answer = (description: string, schema: string, example?: unknown) => ({
    description,
    content: { "application/json": { schema: ref(schema), ...(example === undefined ? {} : { example }) } },
});

/** What API Gateway answers before any function runs, for every operation. */
function gatewayAnswers(auth: ApiAuth): Json {
    return {
        ...(auth === "none"
            ? {}
            : {
                  403: answer(auth === "apiKey" ? `Missing or unknown \`${API_KEY_HEADER}\`.` : "Missing or invalid SigV4 signature.", "GatewayError", {
                      message: "Forbidden",
                  }),
              }),
        429: answer("Throttled by the stage's or the usage plan's rate and burst limits: retry with backoff.", "GatewayError", {
            message: "Too Many Requests",
        }),
    };
}

/** The POST operation of one ingest route. */
function ingestOperation(route: IngestRoute, o: OpenApiOptions): Json {
    const schema = BODY_SCHEMAS.find((s) => s.$id === ROUTE_SCHEMAS[route])!;
    const item = ref(schema.title);
    const body = {
        description: `One ${schema.title}, a JSON array of them, or \`{"batch": [...]}\`; at most ${o.maxBodyBytes} bytes. Numbers are stored digit for digit as sent.`,
        oneOf: [
            item,
            { type: "array", items: item, minItems: 1 },
            { type: "object", properties: { batch: { type: "array", items: item, minItems: 1 } }, required: ["batch"], additionalProperties: false },
        ],
    };
    const example = schema.examples[0];
    const name = route.slice(1);
    return {
        operationId: name,
        summary: schema.description,
        tags: ["ingest"],
        requestBody: {
            required: true,
            content: {
                "application/json": { schema: body, example },
                // What navigator.sendBeacon sends for a string body.
                "text/plain": { schema: body, example },
            },
        },
        responses: {
            200: answer("Every record was accepted.", "Accepted", { accepted: 1, requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" }),
            400: answer("Not JSON, empty, nested deeper than 64 levels, or not valid against the schema: `errors` lists every problem.", "IngestError", {
                error: "invalid body",
                errors: [{ path: "/timestampUTC", message: "must be integer" }],
                requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            }),
            405: answer(`Another method than ${INGEST_METHOD}.`, "IngestError"),
            413: answer(`A body over ${o.maxBodyBytes} bytes, or a record over Firehose's 1,000 KiB: split it.`, "IngestError"),
            415: answer("A content type other than JSON, `+json` or text/plain.", "IngestError"),
            500: answer("Unexpected: retry, or quote the request id.", "IngestError"),
            503: answer("Some records were not accepted after retries: retry the request (`retry-after` header).", "NotAccepted"),
            ...gatewayAnswers(o.auth),
        },
    };
}

/** The read routes this document describes, by `METHOD /resource`. */
const READ_OPERATIONS: Record<string, (o: OpenApiOptions) => Json> = {
    [`${TRAFFIC_ROUTE.method} ${TRAFFIC_ROUTE.resource}`]: (o) => ({
        operationId: "traffic",
        summary: "An ad's impressions and clicks per day, between two dates (both included).",
        tags: ["serving"],
        parameters: [
            { name: "adId", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 128 }, example: "ad-1" },
            {
                name: "start",
                in: "query",
                required: true,
                description: "First day, YYYY-MM-DD (UTC).",
                schema: { type: "string", format: "date" },
                example: "2026-11-23",
            },
            {
                name: "end",
                in: "query",
                required: true,
                description: "Last day, YYYY-MM-DD (UTC); the range is at most the stack's `serving.maxRangeDays` days.",
                schema: { type: "string", format: "date" },
                example: "2026-11-24",
            },
        ],
        responses: {
            200: answer("The ad's days with traffic in the range.", "Traffic", {
                adId: "ad-1",
                start: "2026-11-23",
                end: "2026-11-24",
                traffic: [{ date: "2026-11-23", impressions: 120, clicks: 4, unattributedClicks: 0 }],
            }),
            400: answer("A missing or invalid date, an inverted range or one too long.", "TrafficError", {
                error: 'start "2026-02-30" is not a calendar date YYYY-MM-DD',
                errors: ['start "2026-02-30" is not a calendar date YYYY-MM-DD'],
            }),
            405: answer(`Another method than ${TRAFFIC_ROUTE.method}.`, "TrafficError"),
            503: answer("The traffic table could not be read: retry (`retry-after` header).", "TrafficError"),
            ...gatewayAnswers(o.auth),
        },
    }),
};

/** The read routes the document can describe (`METHOD /resource`). */
export const DESCRIBED_READ_ROUTES = Object.keys(READ_OPERATIONS);

/** `GET /openapi.json` itself. */
function documentOperation(o: OpenApiOptions): Json {
    return {
        operationId: "openapi",
        summary: "This document, with the request's base URL as its server.",
        tags: ["meta"],
        responses: {
            200: { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } },
            ...gatewayAnswers(o.auth),
        },
    };
}

/** The security schemes and the document-wide requirement of an auth mode. */
function security(auth: ApiAuth): { schemes: Json; requirement: Json[] } {
    if (auth === "apiKey")
        return {
            schemes: {
                apiKey: {
                    type: "apiKey",
                    in: "header",
                    name: API_KEY_HEADER,
                    description: "The stack's API key (`aws apigateway get-api-key --api-key <ingestApiKeyId> --include-value`).",
                },
            },
            requirement: [{ apiKey: [] }],
        };
    if (auth === "iam")
        return {
            schemes: {
                sigv4: {
                    type: "apiKey",
                    in: "header",
                    name: "Authorization",
                    description: "AWS Signature Version 4 of the request, service `execute-api`, by a principal allowed execute-api:Invoke.",
                },
            },
            requirement: [{ sigv4: [] }],
        };
    return { schemes: {}, requirement: [] };
}

/** An OpenAPI 3.1 document, in the parts this module writes. */
export type OpenApiDocument = Json & { openapi: string; paths: Record<string, Json>; components: Json; security: Json[] };

/** The document; throws on a read route it cannot describe (every route the API serves is documented). */
export function openApiDocument(o: OpenApiOptions): OpenApiDocument {
    const unknown = (o.readRoutes ?? []).filter((r) => !READ_OPERATIONS[r]);
    if (unknown.length > 0) throw new Error(`OpenAPI: no description of ${unknown.join(", ")}; described: ${DESCRIBED_READ_ROUTES.join(", ")}`);
    const routes = INGEST_ROUTES.filter((r) => o.routes.includes(r));
    const paths: Record<string, Json> = Object.fromEntries(routes.map((r) => [r, { [INGEST_METHOD.toLowerCase()]: ingestOperation(r, o) }]));
    for (const r of o.readRoutes ?? []) {
        const [method, resource] = r.split(" ");
        paths[resource] = { [method.toLowerCase()]: READ_OPERATIONS[r](o) };
    }
    paths[OPENAPI_ROUTE.resource] = { [OPENAPI_ROUTE.method.toLowerCase()]: documentOperation(o) };
    const { schemes, requirement } = security(o.auth);
    return {
        openapi: "3.1.0",
        info: {
            title: "Data lake ingest API",
            version: API_VERSION,
            description:
                "Events into the data lake's streams (one POST route per stream shape), and the read routes of the serving area. Every route takes the API's auth; the stage throttles every method.",
        },
        ...(o.serverUrl ? { servers: [{ url: o.serverUrl }] } : {}),
        security: requirement,
        tags: [
            { name: "ingest", description: "Validated, stamped and written to the route's stream." },
            ...((o.readRoutes ?? []).length > 0 ? [{ name: "serving", description: "Read routes answered by the serving area." }] : []),
            { name: "meta", description: "About the API." },
        ],
        paths,
        components: {
            schemas: { ...Object.fromEntries(BODY_SCHEMAS.map((s) => [s.title, component(s)])), ...ANSWER_SCHEMAS },
            securitySchemes: schemes,
        },
    };
}
