/**
 * Where the load generator sends: the ingest API (POST <url>/<route>, a JSON array per request),
 * a Firehose delivery stream (PutRecordBatch) or a Kinesis data stream (PutRecords). Every record
 * is one JSON object and a newline. A send reports what the target accepted; nothing is retried,
 * so failures show in the summary.
 */
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { LoadRecord, RecordKind } from "./records";

export const TARGETS = ["api", "firehose", "kinesis"] as const;
export type TargetName = (typeof TARGETS)[number];

/** Records per call each AWS API takes at most. */
export const MAX_BATCH: Record<TargetName, number> = { api: 10_000, firehose: 500, kinesis: 500 };

export interface SendResult {
    accepted: number;
    failed: number;
    /** A reason for failures, for the summary (the first one seen). */
    error?: string;
}

/** Sends one batch of records; several sends may be in flight at once. */
export type Send = (records: LoadRecord[]) => Promise<SendResult>;

export interface AwsOptions {
    region?: string;
    /** Emulator endpoint (http://127.0.0.1:port); requests then use HTTP/1.1 and test credentials unless the environment has some. */
    endpoint?: string;
}

function awsConfig(opts: AwsOptions) {
    const emulator = opts.endpoint !== undefined;
    return {
        region: opts.region ?? process.env.AWS_REGION ?? "us-east-1",
        ...(emulator && { endpoint: opts.endpoint }),
        // Emulators speak HTTP/1.1 only; the Kinesis client otherwise negotiates HTTP/2.
        requestHandler: new NodeHttpHandler(),
        ...(emulator && !process.env.AWS_ACCESS_KEY_ID && { credentials: { accessKeyId: "testing", secretAccessKey: "testing" } }),
    };
}

const line = (r: LoadRecord) => Buffer.from(JSON.stringify(r.data) + "\n");

/** Groups a batch by kind, keeping order within each kind. */
function byKind(records: LoadRecord[]): Map<RecordKind, LoadRecord[]> {
    const groups = new Map<RecordKind, LoadRecord[]>();
    for (const r of records) {
        const group = groups.get(r.kind);
        if (group) group.push(r);
        else groups.set(r.kind, [r]);
    }
    return groups;
}

async function sumOver(records: LoadRecord[], sendGroup: (kind: RecordKind, group: LoadRecord[]) => Promise<SendResult>): Promise<SendResult> {
    const results = await Promise.all([...byKind(records)].map(([kind, group]) => sendGroup(kind, group)));
    return {
        accepted: results.reduce((n, r) => n + r.accepted, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
        error: results.find((r) => r.error)?.error,
    };
}

/**
 * `name` for every kind, or `kind=name,kind=name` (e.g. `impressions=imp,clicks=clk`).
 * Throws naming the kinds left without a stream.
 */
export function parseStreams(spec: string, kinds: readonly RecordKind[]): Record<RecordKind, string> {
    const out = {} as Record<RecordKind, string>;
    if (!spec.includes("=")) {
        for (const k of kinds) out[k] = spec;
        return out;
    }
    for (const part of spec.split(",")) {
        const [kind, name] = part.split("=").map((s) => s.trim());
        if (!(kinds as readonly string[]).includes(kind) || !name)
            throw new Error(`--stream: '${part}' is not <kind>=<stream> with kind one of ${kinds.join(", ")}`);
        out[kind as RecordKind] = name;
    }
    const missing = kinds.filter((k) => !out[k]);
    if (missing.length) throw new Error(`--stream: no stream for ${missing.join(", ")}`);
    return out;
}

export function apiTarget(baseUrl: string, apiKey?: string): Send {
    const base = baseUrl.replace(/\/+$/, "");
    return (records) =>
        sumOver(records, async (kind, group) => {
            try {
                const res = await fetch(`${base}/${kind}`, {
                    method: "POST",
                    headers: { "content-type": "application/json", ...(apiKey && { "x-api-key": apiKey }) },
                    body: JSON.stringify(group.map((r) => r.data)),
                });
                const text = await res.text();
                if (res.ok) return { accepted: group.length, failed: 0 };
                return { accepted: 0, failed: group.length, error: `HTTP ${res.status} from /${kind}: ${text.slice(0, 200)}` };
            } catch (e) {
                return { accepted: 0, failed: group.length, error: (e as Error).message };
            }
        });
}

export function firehoseTarget(streams: Record<RecordKind, string>, opts: AwsOptions): Send {
    const client = new FirehoseClient(awsConfig(opts));
    return (records) =>
        sumOver(records, async (kind, group) => {
            try {
                const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: streams[kind], Records: group.map((r) => ({ Data: line(r) })) }));
                const failed = out.FailedPutCount ?? 0;
                const first = out.RequestResponses?.find((r) => r.ErrorCode);
                return { accepted: group.length - failed, failed, error: first && `${first.ErrorCode}: ${first.ErrorMessage}` };
            } catch (e) {
                return { accepted: 0, failed: group.length, error: `${(e as Error).name}: ${(e as Error).message}` };
            }
        });
}

export function kinesisTarget(streams: Record<RecordKind, string>, opts: AwsOptions): Send {
    const client = new KinesisClient(awsConfig(opts));
    return (records) =>
        sumOver(records, async (kind, group) => {
            try {
                const out = await client.send(
                    new PutRecordsCommand({ StreamName: streams[kind], Records: group.map((r) => ({ Data: line(r), PartitionKey: r.partitionKey })) }),
                );
                const failed = out.FailedRecordCount ?? 0;
                const first = out.Records?.find((r) => r.ErrorCode);
                return { accepted: group.length - failed, failed, error: first && `${first.ErrorCode}: ${first.ErrorMessage}` };
            } catch (e) {
                return { accepted: 0, failed: group.length, error: `${(e as Error).name}: ${(e as Error).message}` };
            }
        });
}
