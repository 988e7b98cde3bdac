/**
 * The local stand-in for the two services that read the lake's Kinesis streams, which moto does
 * not run: Lambda's Kinesis event source mappings (the real-time window function) and Firehose's
 * Kinesis source (a Kinesis-fed delivery stream copying its stream into the drop zone; moto's
 * Firehose takes direct puts only). Both open their shard iterators at LATEST when the run opens
 * them (after the deploy, before any data: as a mapping created with `startingPosition: LATEST`
 * and a Firehose source, which starts at LATEST, would), and read with the credentials of the role
 * the service uses: the function's execution role for a mapping, the delivery stream's source
 * role for Firehose.
 *
 * The mapping as Lambda runs it: per shard, records in sequence order, in batches of up to
 * `batchSize`; with a tumbling window (`tumblingWindowInSeconds`), each window's batches carry the
 * `state` the previous invocation returned (a response without `state` is a failure), and a final
 * invocation with no records and `isFinalInvokeForWindow` closes it. A batch fails when the handler
 * throws, or from the lowest sequence number in `batchItemFailures` (ReportBatchItemFailures: the
 * records before it are checkpointed); it is retried up to `maximumRetryAttempts` times, split in
 * two first when `bisectBatchOnFunctionError` is on (each half a retry), then skipped and
 * described to the `destinationConfig.onFailure` queue (Lambda's invocation record).
 *
 * Liberties, to keep a run short: `maximumBatchingWindowInSeconds` is not waited for (a batch is
 * what one read returned), retries follow at once, and the windows still open when the streams are
 * drained are closed then rather than when their minute ends.
 */
import { randomUUID } from "node:crypto";
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type _Record } from "@aws-sdk/client-kinesis";
import { PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { KinesisStreamRecord } from "aws-lambda";
import type { RecordedResource } from "../harness/program";
import type { Clients } from "../harness/aws-double/emulator";
import { lambdaContext, type LocalFunction } from "./runtime";

/** One shard's reader: its iterator, advanced by each read. */
interface ShardCursor {
    shardId: string;
    iterator?: string;
}

/** A deployed Kinesis event source mapping, resolved to its stream, function and on-failure queue. */
export interface StreamMapping {
    name: string;
    streamName: string;
    streamArn: string;
    batchSize: number;
    /** 0: no tumbling window. */
    windowSeconds: number;
    maxRetryAttempts: number;
    bisect: boolean;
    reportsBatchItemFailures: boolean;
    /** URL of the on-failure queue, if one is configured. */
    onFailureQueueUrl?: string;
    fn: LocalFunction;
}

export interface StreamMappingStats {
    records: number;
    invocations: number;
    windows: number;
    /** Invocations that failed (threw, answered without state, or reported failed items) and were retried. */
    retries: number;
    /** Batches given up on after their retries, each described to the on-failure queue. */
    skippedBatches: number;
    skippedRecords: number;
}

/** A Kinesis-fed Firehose delivery stream: its source stream and the role Firehose reads it with. */
export interface FirehoseSource {
    deliveryStream: string;
    streamName: string;
    roleArn: string;
}

const byOutput = (resources: RecordedResource[], type: string, key: string, value: unknown) =>
    resources.find((r) => r.type === type && r.outputs[key] === value);

/** The deployed Kinesis event source mappings, resolved to emulator streams and local functions. */
export function streamMappings(resources: RecordedResource[], functions: Map<string, LocalFunction>): StreamMapping[] {
    return resources
        .filter((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && r.props.eventSourceArn?.startsWith("arn:aws:kinesis:"))
        .map((m) => {
            const p = m.props;
            const stream = byOutput(resources, "aws:kinesis/stream:Stream", "arn", p.eventSourceArn);
            if (!stream) throw new Error(`${m.name}: its event source ${p.eventSourceArn} is not a deployed Kinesis stream`);
            // A name, an ARN, or a version or alias ARN (`...:function:<name>:live`): the function is `<name>`.
            const fnName = /^(?:arn:[^:]+:lambda:[^:]*:\d*:function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(String(p.functionName))?.[1];
            const fnResource = resources.find((r) => r.type === "aws:lambda/function:Function" && r.outputs.name === fnName);
            const fn = fnResource && functions.get(fnResource.urn);
            if (!fn) throw new Error(`${m.name}: no local code for function ${p.functionName}`);
            const onFailure = p.destinationConfig?.onFailure?.destinationArn;
            const queue = onFailure && byOutput(resources, "aws:sqs/queue:Queue", "arn", onFailure);
            if (onFailure && !queue) throw new Error(`${m.name}: its on-failure destination ${onFailure} is not a deployed queue`);
            if (p.startingPosition !== "LATEST") throw new Error(`${m.name}: only startingPosition LATEST is emulated, not ${p.startingPosition}`);
            return {
                name: m.name,
                streamName: stream.outputs.name,
                streamArn: stream.outputs.arn,
                batchSize: p.batchSize ?? 100,
                windowSeconds: p.tumblingWindowInSeconds ?? 0,
                // -1 (retry until the records expire) would never end here: the stream's retention is days.
                maxRetryAttempts: p.maximumRetryAttempts === undefined || p.maximumRetryAttempts < 0 ? 10_000 : p.maximumRetryAttempts,
                bisect: p.bisectBatchOnFunctionError === true,
                reportsBatchItemFailures: (p.functionResponseTypes ?? []).includes("ReportBatchItemFailures"),
                onFailureQueueUrl: queue?.outputs.url,
                fn,
            };
        });
}

/** The deployed Kinesis-fed delivery streams. */
export function firehoseSources(resources: RecordedResource[]): FirehoseSource[] {
    return resources
        .filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" && r.props.kinesisSourceConfiguration)
        .map((r) => {
            const source = r.props.kinesisSourceConfiguration;
            const stream = byOutput(resources, "aws:kinesis/stream:Stream", "arn", source.kinesisStreamArn);
            if (!stream) throw new Error(`${r.name}: its source ${source.kinesisStreamArn} is not a deployed Kinesis stream`);
            return { deliveryStream: r.outputs.name, streamName: stream.outputs.name, roleArn: source.roleArn };
        });
}

/** Iterators at LATEST for every shard of the stream. */
async function openShards(clients: Clients, streamName: string): Promise<ShardCursor[]> {
    const { Shards = [] } = await clients.kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    return Promise.all(
        Shards.map(async (s) => {
            const { ShardIterator } = await clients.kinesis.send(
                new GetShardIteratorCommand({ StreamName: streamName, ShardId: s.ShardId!, ShardIteratorType: "LATEST" }),
            );
            return { shardId: s.ShardId!, iterator: ShardIterator };
        }),
    );
}

/** Every record the shard has past its cursor (GetRecords until one comes back empty), the cursor advanced. */
async function readShard(clients: Clients, cursor: ShardCursor): Promise<_Record[]> {
    const out: _Record[] = [];
    while (cursor.iterator) {
        const page = await clients.kinesis.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 10_000 }));
        cursor.iterator = page.NextShardIterator;
        out.push(...(page.Records ?? []));
        if (!page.Records?.length) break;
    }
    return out;
}

/** Lambda's event record for a Kinesis record. */
function toEventRecord(r: _Record, shardId: string, m: StreamMapping, region: string): KinesisStreamRecord {
    return {
        kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: r.PartitionKey!,
            sequenceNumber: r.SequenceNumber!,
            data: Buffer.from(r.Data ?? new Uint8Array()).toString("base64"),
            approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
        },
        eventSource: "aws:kinesis",
        eventVersion: "1.0",
        eventID: `${shardId}:${r.SequenceNumber}`,
        eventName: "aws:kinesis:record",
        invokeIdentityArn: m.fn.roleArn,
        awsRegion: region,
        eventSourceARN: m.streamArn,
    };
}

/** Opened readers: each mapping's and each Firehose source's shards, from LATEST at opening. */
export interface OpenStreams {
    mappings: { mapping: StreamMapping; shards: ShardCursor[] }[];
    firehose: { source: FirehoseSource; clients: Clients; shards: ShardCursor[] }[];
}

/**
 * Opens every reader at LATEST: call after the deploy and before any record is put. Each reads
 * with its service's role: a mapping with its function's clients, Firehose with `clientsFor` its
 * source role (default the runtime's clients).
 */
export async function openStreams(
    mappings: StreamMapping[],
    sources: FirehoseSource[],
    clients: Clients,
    clientsFor?: (roleArn: string) => Clients,
): Promise<OpenStreams> {
    return {
        mappings: await Promise.all(mappings.map(async (mapping) => ({ mapping, shards: await openShards(mapping.fn.clients, mapping.streamName) }))),
        firehose: await Promise.all(
            sources.map(async (source) => {
                const own = clientsFor?.(source.roleArn) ?? clients;
                return { source, clients: own, shards: await openShards(own, source.streamName) };
            }),
        ),
    };
}

/** Firehose's 500-record PutRecordBatch limit. */
const FIREHOSE_BATCH = 500;

/**
 * Firehose's Kinesis source: what each source stream received since opening, read with the source
 * role and put into its delivery stream (moto then writes one object per call into the bucket, as
 * for direct puts). The put is the Firehose service's own, made with the runtime's clients.
 * Returns the records delivered per delivery stream.
 */
export async function deliverFirehoseSources(open: OpenStreams, clients: Clients): Promise<Record<string, number>> {
    const delivered: Record<string, number> = {};
    for (const { source, clients: reader, shards } of open.firehose) {
        delivered[source.deliveryStream] ??= 0;
        for (const shard of shards) {
            const records = await readShard(reader, shard);
            for (let i = 0; i < records.length; i += FIREHOSE_BATCH) {
                const batch = records.slice(i, i + FIREHOSE_BATCH);
                const out = await clients.firehose.send(
                    new PutRecordBatchCommand({ DeliveryStreamName: source.deliveryStream, Records: batch.map((r) => ({ Data: r.Data })) }),
                );
                if (out.FailedPutCount) throw new Error(`${source.deliveryStream}: ${out.FailedPutCount} records refused`);
                delivered[source.deliveryStream] += batch.length;
            }
        }
    }
    return delivered;
}

/** How one invocation ended: done, or failed from record index `from` (0: the whole batch). */
type Attempt = { ok: true; state?: unknown } | { ok: false; from: number };

async function invoke(
    m: StreamMapping,
    shardId: string,
    records: KinesisStreamRecord[],
    window: { start: string; end: string } | undefined,
    state: unknown,
    final: boolean,
    region: string,
): Promise<Attempt> {
    const event = {
        Records: records,
        ...(window && { window, state: state ?? {}, shardId, eventSourceARN: m.streamArn, isFinalInvokeForWindow: final, isWindowTerminatedEarly: false }),
    };
    let response: { state?: unknown; batchItemFailures?: { itemIdentifier?: string }[] } | undefined;
    try {
        response = await m.fn.handler(event, lambdaContext(m.fn, region));
    } catch {
        return { ok: false, from: 0 };
    }
    // With a tumbling window Lambda treats a response without `state` as a failed invocation.
    if (window && (response === undefined || response === null || !("state" in response))) return { ok: false, from: 0 };
    const failures = m.reportsBatchItemFailures ? (response?.batchItemFailures ?? []) : [];
    if (failures.length) {
        const index = failures.map((f) => records.findIndex((r) => r.kinesis.sequenceNumber === f.itemIdentifier));
        // An identifier that names no record of the batch fails the whole batch, as Lambda does.
        return { ok: false, from: index.some((i) => i < 0) ? 0 : Math.min(...index) };
    }
    return { ok: true, state: response?.state };
}

/** Lambda's on-failure record for a skipped Kinesis batch. */
function failureRecord(m: StreamMapping, shardId: string, records: KinesisStreamRecord[], attempts: number, region: string) {
    const first = records[0].kinesis;
    const last = records[records.length - 1].kinesis;
    return {
        requestContext: {
            requestId: randomUUID(),
            functionArn: `arn:aws:lambda:${region}:${m.streamArn.split(":")[4]}:function:${m.fn.name}`,
            condition: "RetryAttemptsExhausted",
            approximateInvokeCount: attempts,
        },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        version: "1.0",
        timestamp: new Date().toISOString(),
        KinesisBatchInfo: {
            shardId,
            startSequenceNumber: first.sequenceNumber,
            endSequenceNumber: last.sequenceNumber,
            approximateArrivalOfFirstRecord: new Date(first.approximateArrivalTimestamp * 1000).toISOString(),
            approximateArrivalOfLastRecord: new Date(last.approximateArrivalTimestamp * 1000).toISOString(),
            batchSize: records.length,
            streamArn: m.streamArn,
        },
    };
}

/**
 * One batch until it succeeds or its retries run out (then described to the on-failure queue,
 * with the function's clients: its role must grant sqs:SendMessage there). Returns the window
 * state after it.
 */
async function runBatch(
    m: StreamMapping,
    shardId: string,
    batch: KinesisStreamRecord[],
    window: { start: string; end: string } | undefined,
    state: unknown,
    stats: StreamMappingStats,
    region: string,
): Promise<unknown> {
    // Pending pieces of the batch, in order; bisection and checkpoints split it.
    const pending: { records: KinesisStreamRecord[]; attempts: number }[] = [{ records: batch, attempts: 0 }];
    while (pending.length) {
        const piece = pending.shift()!;
        stats.invocations++;
        const result = await invoke(m, shardId, piece.records, window, state, false, region);
        if (result.ok) {
            state = result.state;
            continue;
        }
        const rest = piece.records.slice(result.from);
        if (piece.attempts >= m.maxRetryAttempts) {
            stats.skippedBatches++;
            stats.skippedRecords += rest.length;
            if (m.onFailureQueueUrl) {
                await m.fn.clients.sqs.send(
                    new SendMessageCommand({
                        QueueUrl: m.onFailureQueueUrl,
                        MessageBody: JSON.stringify(failureRecord(m, shardId, rest, piece.attempts + 1, region)),
                    }),
                );
            }
            continue;
        }
        stats.retries++;
        if (m.bisect && result.from === 0 && rest.length > 1) {
            const half = Math.ceil(rest.length / 2);
            pending.unshift({ records: rest.slice(0, half), attempts: piece.attempts + 1 }, { records: rest.slice(half), attempts: piece.attempts + 1 });
        } else {
            pending.unshift({ records: rest, attempts: piece.attempts + 1 });
        }
    }
    return state;
}

/**
 * Every mapping over what its stream received since opening (see the module comment); then each
 * window still open is closed with its final invocation. Returns the figures per mapping.
 */
export async function drainStreams(open: OpenStreams, opts: { region: string }): Promise<Record<string, StreamMappingStats>> {
    const stats: Record<string, StreamMappingStats> = {};
    for (const { mapping: m, shards } of open.mappings) {
        const s = (stats[m.name] = { records: 0, invocations: 0, windows: 0, retries: 0, skippedBatches: 0, skippedRecords: 0 });
        for (const shard of shards) {
            const records = (await readShard(m.fn.clients, shard)).map((r) => toEventRecord(r, shard.shardId, m, opts.region));
            s.records += records.length;
            // A record belongs to the window its arrival falls in (windows aligned on the epoch).
            const windows = new Map<number, KinesisStreamRecord[]>();
            const size = m.windowSeconds * 1000;
            for (const r of records) {
                const start = size ? Math.floor((r.kinesis.approximateArrivalTimestamp * 1000) / size) * size : 0;
                const list = windows.get(start) ?? [];
                list.push(r);
                windows.set(start, list);
            }
            for (const [start, inWindow] of [...windows].sort(([a], [b]) => a - b)) {
                const window = size ? { start: new Date(start).toISOString(), end: new Date(start + size).toISOString() } : undefined;
                let state: unknown = {};
                for (let i = 0; i < inWindow.length; i += m.batchSize) {
                    state = await runBatch(m, shard.shardId, inWindow.slice(i, i + m.batchSize), window, state, s, opts.region);
                }
                if (window) {
                    s.windows++;
                    // The final invocation: no records, the window's state. Lambda retries it until it succeeds.
                    for (let tries = 0; ; tries++) {
                        s.invocations++;
                        const result = await invoke(m, shard.shardId, [], window, state, true, opts.region);
                        if (result.ok) break;
                        if (tries >= m.maxRetryAttempts) throw new Error(`${m.name}: the final invocation of window ${window.start} kept failing`);
                        s.retries++;
                    }
                }
            }
        }
    }
    return stats;
}

/** The streams' part of the run's summary. */
export interface StreamsSummary {
    /** Each Kinesis event source mapping: its function, stream and figures. */
    mappings: Record<string, StreamMappingStats & { function: string; stream: string }>;
    /** Records each Kinesis-fed delivery stream took from its source stream. */
    firehose: Record<string, number>;
    /** Each metric the mapped functions published (EMF), summed over their documents. */
    metrics: Record<string, number>;
}

export function streamsSummary(open: OpenStreams, stats: Record<string, StreamMappingStats>, firehose: Record<string, number>): StreamsSummary {
    const metrics: Record<string, number> = {};
    const functions = new Set(open.mappings.map((x) => x.mapping.fn));
    for (const doc of [...functions].flatMap((fn) => fn.published)) {
        for (const d of doc._aws.CloudWatchMetrics.flatMap((c) => c.Metrics)) {
            const v = (doc as unknown as Record<string, number | number[]>)[d.Name];
            metrics[d.Name] = (metrics[d.Name] ?? 0) + (Array.isArray(v) ? v.reduce((a, b) => a + b, 0) : v);
        }
    }
    return {
        mappings: Object.fromEntries(open.mappings.map(({ mapping: m }) => [m.name, { function: m.fn.name, stream: m.streamName, ...stats[m.name] }])),
        firehose,
        metrics,
    };
}
