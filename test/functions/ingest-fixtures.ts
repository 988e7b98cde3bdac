/** Shared helpers of the ingest API tests: API Gateway v1 events, a Lambda context, silent Powertools. */
import type { APIGatewayProxyEvent } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

let seq = 0;

export function apiEvent(
    route: string,
    body: unknown,
    opts: { method?: string; contentType?: string | null; raw?: boolean; base64?: boolean } = {},
): APIGatewayProxyEvent {
    const text = opts.raw ? (body as string) : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (opts.contentType !== null) headers["Content-Type"] = opts.contentType ?? "application/json";
    return {
        resource: route,
        path: route,
        httpMethod: opts.method ?? "POST",
        headers,
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: opts.base64 ? Buffer.from(text).toString("base64") : text,
        isBase64Encoded: opts.base64 ?? false,
        requestContext: { requestId: `req-${++seq}` } as APIGatewayProxyEvent["requestContext"],
    };
}

export const lambdaContext = (remainingMs = 10_000) => ({ awsRequestId: "lambda-req", getRemainingTimeInMillis: () => remainingMs });

/** Powertools that print nothing during tests. */
export function quietPowertools(): { logger: Logger; metrics: Metrics } {
    // Metrics reads the flag when constructed; restore it so other suites see the environment they expect.
    const before = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    try {
        return { logger: new Logger({ logLevel: "SILENT" }), metrics: new Metrics({ namespace: "test", serviceName: "ingest-test" }) };
    } finally {
        if (before === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
        else process.env.POWERTOOLS_METRICS_DISABLED = before;
    }
}

export const impression = (i: number) => ({
    ad_id: `ad-${i % 7}`,
    impression_id: `imp-${i}`,
    user_id: `user-${i % 13}`,
    timestamp: "2026-11-23T01:02:03.456Z",
});
