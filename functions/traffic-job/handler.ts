/**
 * The daily traffic job (EventBridge Scheduler -> this Lambda): loads one UTC day of the curated
 * advertising view (`advertising/event_date=<day>/*.parquet`, written by the Glue raw -> curated
 * job) into the traffic table, one item per ad and day. Idempotent: re-running a day overwrites
 * each ad's counts (PutItem, never ADD) and deletes the items of ads no longer in that day, found
 * through the table's by-date index. A day whose partition does not exist yet changes nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import * as path from "node:path";
import { tmpdir } from "node:os";
import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DuckDBInstance } from "@duckdb/node-api";
import { advertisingDayPrefix, TrafficEnv, TrafficTable } from "../../lib/contract";
import { queryAll, TrafficItem } from "../shared/traffic";
import { dailySql, dayOf, JobEvent, staleAds, toItems, ViewRow } from "./job";

export interface JobSettings {
    tableName: string;
    curatedBucket: string;
}

export function settingsFromEnv(env: Record<string, string | undefined>): JobSettings {
    const get = (name: string) => {
        const v = env[name];
        if (!v) throw new Error(`${name} is required`);
        return v;
    };
    return { tableName: get(TrafficEnv.tableName), curatedBucket: get(TrafficEnv.curatedBucket) };
}

export interface JobDeps {
    s3: S3Client;
    dynamo: DynamoDBDocumentClient;
    duckdb: () => Promise<DuckDBInstance>;
    settings: JobSettings;
    logger: Logger;
    metrics: Metrics;
    now?: () => Date;
    /** Backoff between BatchWrite retries of unprocessed items. Default exponential from 50 ms. */
    sleep?: (ms: number) => Promise<void>;
    tmpRoot?: string;
}

export interface JobResult {
    date: string;
    status: "loaded" | "no-data";
    /** Parquet files read. */
    files: number;
    /** Items written (one per ad). */
    written: number;
    /** Items of ads no longer in the day, deleted. */
    deleted: number;
}

/** BatchWriteItem takes 25 requests; unprocessed ones are sent again up to this many times. */
const BATCH = 25;
const MAX_BATCH_ATTEMPTS = 8;

export function createJob(deps: JobDeps): (event?: JobEvent) => Promise<JobResult> {
    const { s3, dynamo, settings, logger, metrics } = deps;
    const now = deps.now ?? (() => new Date());
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

    return async (event) => {
        const date = dayOf(event, now());
        try {
            const keys = await dayFiles(date);
            if (keys.length === 0) {
                logger.warn("no advertising data for the day yet; the table is left as it is", { date, prefix: advertisingDayPrefix(date) });
                metrics.addMetric("TrafficDaysWithoutData", MetricUnit.Count, 1);
                return { date, status: "no-data", files: 0, written: 0, deleted: 0 };
            }
            const items = toItems(date, await readDay(keys), now().toISOString());
            const stale = staleAds(await existingAds(date), items);
            await batchWrite([
                ...items.map((Item) => ({ PutRequest: { Item } })),
                ...stale.map((adId) => ({ DeleteRequest: { Key: { [TrafficTable.partitionKey]: adId, [TrafficTable.sortKey]: date } } })),
            ]);
            metrics.addMetric("TrafficItemsWritten", MetricUnit.Count, items.length);
            metrics.addMetric("TrafficItemsDeleted", MetricUnit.Count, stale.length);
            logger.info("traffic loaded", { date, files: keys.length, written: items.length, deleted: stale.length });
            return { date, status: "loaded", files: keys.length, written: items.length, deleted: stale.length };
        } finally {
            metrics.publishStoredMetrics();
        }
    };

    async function dayFiles(date: string): Promise<string[]> {
        const keys: string[] = [];
        let token: string | undefined;
        do {
            const page = await s3.send(
                new ListObjectsV2Command({ Bucket: settings.curatedBucket, Prefix: advertisingDayPrefix(date), ContinuationToken: token }),
            );
            keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith(".parquet")));
            token = page.NextContinuationToken;
        } while (token);
        return keys.sort();
    }

    /** Downloads the day's files to /tmp and sums them per ad with DuckDB. */
    async function readDay(keys: string[]): Promise<ViewRow[]> {
        const dir = await mkdtemp(path.join(deps.tmpRoot ?? tmpdir(), "traffic-"));
        try {
            const files = await Promise.all(
                keys.map(async (key, i) => {
                    const file = path.join(dir, `${i}.parquet`);
                    const out = await s3.send(new GetObjectCommand({ Bucket: settings.curatedBucket, Key: key }));
                    await pipeline(out.Body as Readable, createWriteStream(file));
                    return file;
                }),
            );
            const db = await deps.duckdb();
            const conn = await db.connect();
            try {
                const reader = await conn.runAndReadAll(dailySql(files));
                return reader.getRowObjects() as unknown as ViewRow[];
            } finally {
                conn.closeSync();
            }
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    }

    async function existingAds(date: string): Promise<string[]> {
        const items = await queryAll(dynamo, {
            TableName: settings.tableName,
            IndexName: TrafficTable.byDateIndex,
            KeyConditionExpression: "#d = :d",
            ExpressionAttributeNames: { "#d": TrafficTable.sortKey },
            ExpressionAttributeValues: { ":d": date },
        });
        return items.map((i) => String(i[TrafficTable.partitionKey]));
    }

    type WriteRequest = { PutRequest: { Item: TrafficItem } } | { DeleteRequest: { Key: Record<string, string> } };

    async function batchWrite(requests: WriteRequest[]): Promise<void> {
        for (let i = 0; i < requests.length; i += BATCH) {
            let pending: unknown[] = requests.slice(i, i + BATCH);
            for (let attempt = 1; pending.length > 0; attempt++) {
                if (attempt > MAX_BATCH_ATTEMPTS) throw new Error(`${pending.length} traffic writes still unprocessed after ${MAX_BATCH_ATTEMPTS} attempts`);
                if (attempt > 1) await sleep(Math.min(5000, 50 * 2 ** (attempt - 2)));
                const out = await dynamo.send(new BatchWriteCommand({ RequestItems: { [settings.tableName]: pending as never } }));
                pending = out.UnprocessedItems?.[settings.tableName] ?? [];
            }
        }
    }
}
