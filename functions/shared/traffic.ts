/**
 * The traffic table's items and calendar days, shared by the daily job (traffic-job) and the
 * endpoint (traffic-api). Key names come from lib/contract `TrafficTable`.
 */
import { DynamoDBDocumentClient, QueryCommand, QueryCommandInput } from "@aws-sdk/lib-dynamodb";

/** One ad's traffic on one UTC day, as stored (partition key adId, sort key date). */
export interface TrafficItem {
    adId: string;
    /** YYYY-MM-DD (UTC). */
    date: string;
    impressions: number;
    /** Clicks attributed to that day's impressions. */
    clicks: number;
    /** Clicks whose impression is not in the data, counted on the click's day. */
    unattributedClicks: number;
    /** When the job computed it (ISO 8601). */
    computedAt: string;
}

const DAY_MS = 86_400_000;

/**
 * `YYYY-MM-DD` -> its UTC midnight (ms), or undefined unless it is exactly that shape and a real
 * calendar day (2025-02-29 and 2025-02-30 are not; 2024-02-29 is).
 */
export function parseDay(text: string | undefined | null): number | undefined {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (!Number.isFinite(ms)) return undefined;
    return new Date(ms).toISOString().slice(0, 10) === text ? ms : undefined; // Date.parse rolls 02-30 over
}

/** UTC midnight (ms) -> `YYYY-MM-DD`. */
export function formatDay(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
}

/** Days from `startMs` to `endMs`, both included. */
export function daysInRange(startMs: number, endMs: number): number {
    return Math.round((endMs - startMs) / DAY_MS) + 1;
}

/** The UTC day before `now`. */
export function previousDay(now: Date): string {
    return formatDay(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - DAY_MS);
}

/** Every item a query of the table returns, page after page (LastEvaluatedKey -> ExclusiveStartKey). */
export async function queryAll(dynamo: Pick<DynamoDBDocumentClient, "send">, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
        const page = await dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
}
