/**
 * `GET /traffic/{adId}?start=YYYY-MM-DD&end=YYYY-MM-DD` (API Gateway REST API, proxy
 * integration): the ad's per-day impressions and clicks from the traffic table, oldest first.
 * Days without traffic are absent (the job writes only the days an ad had traffic), so an ad the
 * table does not know answers 200 with an empty `traffic` list. Invalid dates, an inverted range
 * or one longer than TRAFFIC_MAX_RANGE_DAYS answer 400 naming every problem; a table error 503.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { TRAFFIC_ROUTE, TrafficEnv, TrafficTable } from "../../lib/contract";
import { queryAll } from "../shared/traffic";
import { validateQuery } from "./range";

export interface ApiSettings {
    tableName: string;
    maxRangeDays: number;
}

export function settingsFromEnv(env: Record<string, string | undefined>): ApiSettings {
    const tableName = env[TrafficEnv.tableName];
    if (!tableName) throw new Error(`${TrafficEnv.tableName} is required`);
    const maxRangeDays = Number(env[TrafficEnv.maxRangeDays]);
    if (!Number.isInteger(maxRangeDays) || maxRangeDays < 1)
        throw new Error(`${TrafficEnv.maxRangeDays} must be a positive integer, got ${env[TrafficEnv.maxRangeDays]}`);
    return { tableName, maxRangeDays };
}

export interface ApiDeps {
    dynamo: Pick<DynamoDBDocumentClient, "send">;
    settings: ApiSettings;
    logger: Logger;
    metrics: Metrics;
}

/** One day of an ad's traffic in the answer. */
export interface TrafficDay {
    date: string;
    impressions: number;
    clicks: number;
    unattributedClicks: number;
}

const json = (statusCode: number, body: object, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
});

export function createHandler(deps: ApiDeps): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
    const { dynamo, settings, logger, metrics } = deps;
    return async (event) => {
        const requestId = event.requestContext?.requestId;
        metrics.addMetric("TrafficRequests", MetricUnit.Count, 1);
        try {
            if (event.httpMethod !== TRAFFIC_ROUTE.method) {
                return json(
                    405,
                    { error: `${event.httpMethod} not allowed on ${TRAFFIC_ROUTE.resource}; use ${TRAFFIC_ROUTE.method}`, requestId },
                    { allow: TRAFFIC_ROUTE.method },
                );
            }
            const q = event.queryStringParameters ?? {};
            const v = validateQuery(event.pathParameters?.adId, q.start, q.end, settings.maxRangeDays);
            if (!v.ok) {
                metrics.addMetric("TrafficRequestsRejected", MetricUnit.Count, 1);
                return json(400, { error: v.errors.join("; "), errors: v.errors, requestId });
            }
            const { adId, start, end } = v.query;
            let traffic: TrafficDay[];
            try {
                traffic = await query(adId, start, end);
            } catch (e) {
                logger.error("traffic query failed", { requestId, adId, start, end, error: (e as Error).message });
                metrics.addMetric("TrafficRequestsFailed", MetricUnit.Count, 1);
                return json(503, { error: "the traffic table could not be read; retry the request", requestId }, { "retry-after": "1" });
            }
            return json(200, { adId, start, end, traffic });
        } finally {
            metrics.publishStoredMetrics();
        }
    };

    async function query(adId: string, start: string, end: string): Promise<TrafficDay[]> {
        const items = await queryAll(dynamo, {
            TableName: settings.tableName,
            KeyConditionExpression: "#a = :a AND #d BETWEEN :s AND :e",
            ExpressionAttributeNames: { "#a": TrafficTable.partitionKey, "#d": TrafficTable.sortKey },
            ExpressionAttributeValues: { ":a": adId, ":s": start, ":e": end },
        });
        return items.map((i) => ({
            date: String(i.date),
            impressions: Number(i.impressions ?? 0),
            clicks: Number(i.clicks ?? 0),
            unattributedClicks: Number(i.unattributedClicks ?? 0),
        }));
    }
}
