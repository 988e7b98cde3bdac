/**
 * Delivery into a Kinesis Data Stream with PutRecords, for routes whose stream is Kinesis-fed
 * (real-time counting reads the stream; Firehose then copies it to the drop zone). The packing and
 * the retry of only the rejected records are ./firehose.ts's `deliver`, with Kinesis's limits
 * (500 records, 5 MiB per call, partition keys included) and a sender that speaks PutRecords.
 */
import { createHash } from "node:crypto";
import { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { PutRecordsCommand, PutRecordsCommandOutput } from "@aws-sdk/client-kinesis";
import { INGEST_ROUTES, IngestKinesisEnv, IngestRouteStreams } from "../../lib/contract";
import { jsonObjectEntries } from "../shared/env";
import { deliver, DeliveryResult, RecordBatchSender, RetryPolicy } from "./firehose";

/** Partition keys are the hex MD5 of the record: 32 bytes each. */
const PARTITION_KEY_BYTES = 32;

/** PutRecords: at most 500 records and 5 MiB per call, counting data and partition keys. */
export const KINESIS_PUT_LIMITS = { maxRecords: 500, maxBytes: 5 * 1024 * 1024 - 500 * PARTITION_KEY_BYTES } as const;

/** What the delivery needs of a Kinesis client (KinesisClient satisfies it). */
export interface RecordsSender {
    send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

/**
 * The record's MD5: spreads records evenly over shards (a field such as ad_id could make a hot
 * shard) and gives a retried record the same key. Ordering across records does not matter here.
 */
export function partitionKey(data: Uint8Array): string {
    return createHash("md5").update(data).digest("hex");
}

/** Presents PutRecords as the PutRecordBatch `deliver` sends: same records in, per-record results out. */
class PutRecordsAdapter implements RecordBatchSender {
    constructor(private readonly client: RecordsSender) {}

    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
        const records = command.input.Records ?? [];
        const out = await this.client.send(
            new PutRecordsCommand({
                StreamName: command.input.DeliveryStreamName,
                Records: records.map((r) => ({ Data: r.Data!, PartitionKey: partitionKey(r.Data!) })),
            }),
        );
        return {
            $metadata: out.$metadata,
            FailedPutCount: out.FailedRecordCount,
            Encrypted: out.EncryptionType === "KMS",
            // Same length and order as the request, so `deliver` can tell which records to resend.
            RequestResponses: out.Records?.map((r) => ({ RecordId: r.SequenceNumber, ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage })),
        };
    }
}

/** Puts `records` into Kinesis stream `streamName`, retrying only the rejected ones under `policy`. */
export function deliverToKinesis(client: RecordsSender, streamName: string, records: Uint8Array[], policy: RetryPolicy): Promise<DeliveryResult> {
    return deliver(new PutRecordsAdapter(client), streamName, records, policy, KINESIS_PUT_LIMITS);
}

/** Reads INGEST_ROUTE_KINESIS_STREAMS (optional: no Kinesis routes); a bad value throws naming it. */
export function kinesisRoutesFromEnv(env: Record<string, string | undefined>): IngestRouteStreams {
    const raw = env[IngestKinesisEnv.routeKinesisStreams];
    if (raw === undefined || raw === "") return {};
    const entries = jsonObjectEntries(env, IngestKinesisEnv.routeKinesisStreams, '{"/impressions":"<kinesis stream>"}');
    if (!entries || entries.some(([route, stream]) => !(INGEST_ROUTES as readonly string[]).includes(route) || typeof stream !== "string" || !stream)) {
        throw new Error(`${IngestKinesisEnv.routeKinesisStreams} must map routes (${INGEST_ROUTES.join(", ")}) to stream names, got ${raw}`);
    }
    return Object.fromEntries(entries) as IngestRouteStreams;
}
