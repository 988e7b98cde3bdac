/**
 * What the local lake pushes in: the seeded Olist-shaped sample set (etl/sample_data, generated and
 * uploaded into the drop zone by its own Python tools), seeded device telemetry (reference 004's
 * records, tools/loadgen) as a JSON-lines file, one deliberately bad file, and seeded ad
 * beacons (tools/loadgen) and track events POSTed to the ingest API, which puts them into the
 * emulator's Firehose delivery streams.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { generate, prng, uuid, type LoadRecord } from "../tools/loadgen/records";
import type { Clients } from "../harness/aws-double/emulator";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const run = promisify(execFile);

export interface DropZoneTarget {
    bucket: string;
    keyArn: string;
}

export interface SampleOptions {
    seed: number;
    orders: number;
    /** Orders rows appended again to the orders file (a partly re-sent export), for curation to deduplicate. */
    resentOrders: number;
}

export interface UploadedSample {
    /** Drop key -> data rows in the file. */
    objects: Record<string, number>;
    /** Distinct order ids in the orders file. */
    distinctOrders: number;
}

/** Generates the sample set with etl/sample_data/generate.py and uploads it with upload.py. */
export async function uploadSampleData(
    target: DropZoneTarget,
    emulator: { endpoint: string; region: string; credentials?: { accessKeyId: string; secretAccessKey: string } },
    opts: SampleOptions,
): Promise<UploadedSample> {
    const dir = await mkdtemp(path.join(tmpdir(), "local-lake-sample-"));
    try {
        const env = {
            ...process.env,
            // The emulator's test credentials, unless it enforces IAM (then the set-up user's key).
            AWS_ACCESS_KEY_ID: emulator.credentials?.accessKeyId ?? "testing",
            AWS_SECRET_ACCESS_KEY: emulator.credentials?.secretAccessKey ?? "testing",
            AWS_DEFAULT_REGION: emulator.region,
            PYTHONPATH: ROOT,
        };
        await run(PYTHON, [path.join(ROOT, "etl/sample_data/generate.py"), "--out", dir, "--seed", String(opts.seed), "--orders", String(opts.orders)], {
            env,
        });
        const ordersFile = path.join(dir, "olist_orders_dataset.csv");
        const lines = (await readFile(ordersFile, "utf8")).trimEnd().split("\n");
        const rows = lines.slice(1);
        const rand = prng(opts.seed);
        const resent = Array.from({ length: Math.min(opts.resentOrders, rows.length) }, () => rows[Math.floor(rand() * rows.length)]);
        await writeFile(ordersFile, [...lines, ...resent].join("\n") + "\n");
        const { stdout } = await run(
            PYTHON,
            [
                path.join(ROOT, "etl/sample_data/upload.py"),
                "--dir",
                dir,
                "--bucket",
                target.bucket,
                "--kms-key-id",
                target.keyArn,
                "--endpoint-url",
                emulator.endpoint,
                "--region",
                emulator.region,
            ],
            { env },
        );
        const objects: Record<string, number> = {};
        for (const m of stdout.matchAll(/^s3:\/\/[^/]+\/(\S+)\s/gm)) {
            const text = await readFile(path.join(dir, path.basename(m[1])), "utf8");
            const lineCount = text.split("\n").filter((l) => l.length > 0).length;
            objects[m[1]] = m[1].endsWith(".csv") ? lineCount - 1 : lineCount;
        }
        return { objects, distinctOrders: new Set(rows.map((r) => r.split(",")[0])).size };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

/** The bad file: an orders export with a ragged row, which drop -> raw must quarantine. */
export const BAD_FILE_KEY = "orders/olist_orders_dataset_partial.csv";

export async function uploadBadFile(clients: Clients, target: DropZoneTarget): Promise<string> {
    const body = "order_id,customer_id,order_status\nA1,C1,delivered\nA2,C2\nA3,C3,shipped\n";
    await clients.s3.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: BAD_FILE_KEY, Body: body, ServerSideEncryption: "aws:kms", SSEKMSKeyId: target.keyArn }),
    );
    return BAD_FILE_KEY;
}

/** Drop key of the device telemetry file: dataset `telemetry`, which the curated activity view reads. */
export const TELEMETRY_KEY = "telemetry/device_telemetry.json";

/** Uploads `records` seeded device readings (tools/loadgen's telemetry mode) as one JSON-lines file; its key and rows. */
export async function uploadTelemetry(
    clients: Clients,
    target: DropZoneTarget,
    opts: { seed: number; records: number; now: Date },
): Promise<Record<string, number>> {
    if (opts.records === 0) return {};
    const gen = generate("telemetry", { seed: opts.seed, now: () => opts.now });
    const lines = Array.from({ length: opts.records }, () => JSON.stringify((gen.next().value as LoadRecord).data));
    await clients.s3.send(
        new PutObjectCommand({
            Bucket: target.bucket,
            Key: TELEMETRY_KEY,
            Body: `${lines.join("\n")}\n`,
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: target.keyArn,
        }),
    );
    return { [TELEMETRY_KEY]: opts.records };
}

export interface TrafficOptions {
    seed: number;
    /** Impressions sent (clicks follow with the load generator's click-through probability). */
    impressions: number;
    /** Users whose /track requests are sent, each with a few events. */
    trackUsers: number;
    /** Events per API request (the client's batch). */
    batch: number;
    /** Timestamps of the events. */
    now: Date;
}

export interface TrafficResult {
    /** Requests and events accepted, by route. */
    routes: Record<string, { requests: number; events: number; rejected: number }>;
}

/** A POST to the ingest API (local/http.ts serves the deployed one): the route and the JSON body -> the answer. */
export type ApiPost = (route: string, body: string) => Promise<{ statusCode: number; body: string }>;

/** Seeded /track bodies: each user sends a few page and purchase events (the shapes of reference 003 in docs/references.md). */
export function trackBodies(
    seed: number,
    users: number,
    now: Date,
): { userId: string; events: { eventName: string; metadata: Record<string, unknown>; timestampUTC: number }[] }[] {
    const rand = prng(seed);
    const names = ["page_view", "add_to_cart", "purchase"];
    return Array.from({ length: users }, () => ({
        userId: uuid(rand),
        events: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
            const eventName = names[Math.floor(rand() * names.length)];
            return { eventName, metadata: { page: `/p/${Math.floor(rand() * 50)}`, value: Math.round(rand() * 10000) / 100 }, timestampUTC: now.getTime() };
        }),
    }));
}

/** Sends the beacons and track events to the ingest API; every request must answer 200. */
export async function sendTraffic(post: ApiPost, opts: TrafficOptions): Promise<TrafficResult> {
    const routes: TrafficResult["routes"] = {};
    const send = async (route: string, body: unknown, events: number) => {
        const res = await post(route, JSON.stringify(body));
        const tally = (routes[route] ??= { requests: 0, events: 0, rejected: 0 });
        tally.requests++;
        if (res.statusCode !== 200) {
            tally.rejected += events;
            throw new Error(`POST ${route} answered ${res.statusCode}: ${res.body}`);
        }
        tally.events += events;
    };

    const beacons: LoadRecord[] = [];
    const gen = generate("beacons", { seed: opts.seed, now: () => opts.now });
    for (let impressions = 0; impressions < opts.impressions;) {
        const rec = gen.next().value as LoadRecord;
        if (rec.kind === "impressions") impressions++;
        beacons.push(rec);
    }
    for (const kind of ["impressions", "clicks"] as const) {
        const records = beacons.filter((b) => b.kind === kind).map((b) => b.data);
        for (let i = 0; i < records.length; i += opts.batch) {
            const chunk = records.slice(i, i + opts.batch);
            await send(`/${kind}`, chunk, chunk.length);
        }
    }
    // /track takes one user's events per body; a request carries an array of bodies.
    const bodies = trackBodies(opts.seed, opts.trackUsers, opts.now);
    const usersPerRequest = Math.max(1, Math.floor(opts.batch / 10));
    for (let i = 0; i < bodies.length; i += usersPerRequest) {
        const chunk = bodies.slice(i, i + usersPerRequest);
        await send(
            "/track",
            chunk,
            chunk.reduce((n, b) => n + b.events.length, 0),
        );
    }
    return { routes };
}
