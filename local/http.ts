/**
 * The deployed REST APIs on a local HTTP port: what API Gateway does in front of a Lambda proxy
 * integration, for the routes the engine deployed (resources, methods, integrations, the stage
 * name, the API key). A request is matched to its resource template (`/traffic/{adId}`), refused
 * with 403 when the method wants an API key and `x-api-key` is not the deployed key, and otherwise
 * handed to the integration's function (running in-process, local/runtime.ts) as an
 * APIGatewayProxyEvent; its answer goes back as the HTTP response. Every call is kept for the
 * summary. URL: `http://127.0.0.1:<port>/<stage>/<path>`, like the stage's invoke URL.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { RecordedResource } from "../harness/program";
import { lambdaContext, type LocalFunction } from "./runtime";
import { functionNamed } from "./graph";

export interface Route {
    method: string;
    /** Resource template, e.g. `/traffic/{adId}`. */
    resource: string;
    apiKeyRequired: boolean;
    fn: LocalFunction;
}

export interface HttpCall {
    method: string;
    path: string;
    status: number;
    ms: number;
    /** The answer's body, cut to 200 characters. */
    answer: string;
}

export interface LocalApi {
    /** Base URL including the stage, e.g. `http://127.0.0.1:41234/v1`. */
    url: string;
    /** The deployed API key (send as `x-api-key`), if a route wants one. */
    apiKey?: string;
    routes: Route[];
    calls: HttpCall[];
    close(): Promise<void>;
}

/** The routes of the deployed REST API(s): resource paths from the parent chain, methods, proxy integrations -> local functions. */
export function apiRoutes(resources: RecordedResource[], functions: Map<string, LocalFunction>): { stage: string; routes: Route[] } {
    const of = (type: string) => resources.filter((r) => r.type === `aws:apigateway/${type}`);
    const paths = new Map<string, string>();
    for (const api of of("restApi:RestApi")) paths.set(api.outputs.rootResourceId, "");
    const pending = of("resource:Resource");
    while (pending.length) {
        const i = pending.findIndex((r) => paths.has(r.props.parentId));
        if (i < 0) throw new Error(`API resources without a deployed parent: ${pending.map((r) => r.name).join(", ")}`);
        const [r] = pending.splice(i, 1);
        paths.set(r.id!, `${paths.get(r.props.parentId)}/${r.props.pathPart}`);
    }
    const routes: Route[] = [];
    for (const m of of("method:Method")) {
        const integration = of("integration:Integration").find((x) => x.props.resourceId === m.props.resourceId && x.props.httpMethod === m.props.httpMethod);
        // The integration invokes the function's alias (lib/live-function.ts): its invoke ARN names the alias's ARN.
        const deployed = functionNamed(integration?.props.uri, resources);
        const fn = deployed && functions.get(deployed.urn);
        if (!fn) throw new Error(`${m.name}: no proxy integration with a local function (${integration?.props.uri ?? "no integration"})`);
        routes.push({ method: m.props.httpMethod, resource: paths.get(m.props.resourceId) || "/", apiKeyRequired: m.props.apiKeyRequired === true, fn });
    }
    const stage = of("stage:Stage")[0]?.props.stageName ?? "local";
    return { stage, routes };
}

/** The route whose template matches the path, with its path parameters. */
export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split("/").filter(Boolean);
    for (const route of routes.filter((r) => r.method === method)) {
        const template = route.resource.split("/").filter(Boolean);
        if (template.length !== parts.length) continue;
        const params: Record<string, string> = {};
        const ok = template.every((t, i) => {
            if (t.startsWith("{") && t.endsWith("}")) return (params[t.slice(1, -1)] = decodeURIComponent(parts[i])) !== "";
            return t === parts[i];
        });
        if (ok) return { route, params };
    }
    return undefined;
}

function proxyEvent(req: http.IncomingMessage, url: URL, route: Route, params: Record<string, string>, body: string, stage: string): APIGatewayProxyEvent {
    // API Gateway adds X-Forwarded-Proto (https there); the function builds URLs from it (GET /openapi.json's server).
    const headers = {
        ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")])),
        "x-forwarded-proto": "http",
    };
    const query = url.searchParams.size ? Object.fromEntries(url.searchParams) : null;
    return {
        resource: route.resource,
        path: url.pathname.slice(stage.length + 1) || "/",
        httpMethod: route.method,
        headers,
        multiValueHeaders: {},
        queryStringParameters: query,
        multiValueQueryStringParameters: null,
        pathParameters: Object.keys(params).length ? params : null,
        stageVariables: null,
        body: body || null,
        isBase64Encoded: false,
        requestContext: {
            requestId: randomUUID(),
            stage,
            resourcePath: route.resource,
            httpMethod: route.method,
            // As API Gateway gives them: the host called, and the full path (with the stage).
            domainName: req.headers.host,
            path: url.pathname,
        } as APIGatewayProxyEvent["requestContext"],
    };
}

/** Serves the deployed API's routes on a free loopback port; `apiKey` is the deployed key's value. */
export async function startApi(
    resources: RecordedResource[],
    functions: Map<string, LocalFunction>,
    opts: { region: string; apiKey?: string },
): Promise<LocalApi> {
    const { region, apiKey } = opts;
    const { stage, routes } = apiRoutes(resources, functions);
    const calls: HttpCall[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", async () => {
            const started = Date.now();
            const url = new URL(req.url ?? "/", "http://local");
            const answer = (status: number, body: string, headers: Record<string, string> = { "content-type": "application/json" }) => {
                res.writeHead(status, headers).end(body);
                calls.push({ method: req.method ?? "", path: url.pathname + url.search, status, ms: Date.now() - started, answer: body.slice(0, 200) });
            };
            const prefix = `/${stage}`;
            const found = url.pathname.startsWith(`${prefix}/`) ? matchRoute(routes, req.method ?? "", url.pathname.slice(prefix.length)) : undefined;
            if (!found) return answer(404, JSON.stringify({ message: "Missing Authentication Token" }));
            if (found.route.apiKeyRequired && req.headers["x-api-key"] !== apiKey) return answer(403, JSON.stringify({ message: "Forbidden" }));
            try {
                const event = proxyEvent(req, url, found.route, found.params, Buffer.concat(chunks).toString("utf8"), stage);
                const out = await found.route.fn.handler(event, lambdaContext(found.route.fn, region));
                const headers = Object.fromEntries(Object.entries(out?.headers ?? {}).map(([k, v]) => [k, String(v)]));
                answer(out?.statusCode ?? 502, out?.body ?? "", headers);
            } catch (e) {
                // What API Gateway answers when the integration fails.
                answer(502, JSON.stringify({ message: "Internal server error", error: (e as Error).message }));
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/${stage}`,
        apiKey,
        routes,
        calls,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
