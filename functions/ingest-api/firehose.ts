/**
 * Delivery into Firehose with PutRecordBatch: records packed into as few calls as the limits
 * allow (500 records, 4 MiB per call), and only the records a call rejected (RequestResponses
 * with an ErrorCode) sent again, with exponential backoff and full jitter, while attempts and the
 * Lambda's remaining time allow. Whole-call errors are already retried by the SDK's retry strategy.
 */
import { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";

export const PUT_LIMITS = { maxRecords: 500, maxBytes: 4 * 1024 * 1024 } as const;

/** What the delivery needs of a Firehose client (FirehoseClient satisfies it). */
export interface RecordBatchSender {
    send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput>;
}

export interface RetryPolicy {
    /** Attempts per record, the first included. */
    maxAttempts: number;
    /** Backoff before retry n (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
    baseDelayMs: number;
    maxDelayMs: number;
    /** No retry is started unless this much time would remain after its backoff. */
    reserveMs: number;
    /** Milliseconds left before the caller must answer. */
    remainingMs: () => number;
    sleep: (ms: number) => Promise<void>;
    random: () => number;
    /** Chunks in flight at once. */
    concurrency: number;
}

export interface RecordFailure {
    index: number;
    errorCode: string;
    errorMessage: string;
}

export interface DeliveryResult {
    accepted: number;
    failed: RecordFailure[];
    /** PutRecordBatch calls made, and the records each carried. */
    callSizes: number[];
    /** Record sends after the first (retries). */
    retried: number;
}

/** Greedy packing of record indexes into calls within the record-count and byte limits. */
export function chunk(sizes: number[], limits: { maxRecords: number; maxBytes: number } = PUT_LIMITS): number[][] {
    const chunks: number[][] = [];
    let current: number[] = [];
    let bytes = 0;
    sizes.forEach((size, i) => {
        if (current.length > 0 && (current.length === limits.maxRecords || bytes + size > limits.maxBytes)) {
            chunks.push(current);
            current = [];
            bytes = 0;
        }
        current.push(i);
        bytes += size;
    });
    if (current.length > 0) chunks.push(current);
    return chunks;
}

/** Delivers `records` in calls within `limits` (default Firehose's; ./kinesis.ts passes Kinesis's). */
export async function deliver(
    client: RecordBatchSender,
    streamName: string,
    records: Uint8Array[],
    policy: RetryPolicy,
    limits: { maxRecords: number; maxBytes: number } = PUT_LIMITS,
): Promise<DeliveryResult> {
    const result: DeliveryResult = { accepted: 0, failed: [], callSizes: [], retried: 0 };
    const queue = chunk(
        records.map((r) => r.length),
        limits,
    );
    const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await deliverChunk(next);
    };

    async function deliverChunk(indexes: number[]): Promise<void> {
        let pending = indexes;
        for (let attempt = 1; ; attempt++) {
            result.callSizes.push(pending.length);
            if (attempt > 1) result.retried += pending.length;
            let out: PutRecordBatchCommandOutput;
            try {
                out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: streamName, Records: pending.map((i) => ({ Data: records[i] })) }));
            } catch (e) {
                const err = e as Error;
                result.failed.push(...pending.map((index) => ({ index, errorCode: err.name, errorMessage: err.message })));
                return;
            }
            const responses = out.RequestResponses ?? [];
            // A response that does not account for every record proves nothing: send them again.
            const rejected: RecordFailure[] =
                responses.length === pending.length
                    ? responses.flatMap((r, i) => (r.ErrorCode ? [{ index: pending[i], errorCode: r.ErrorCode, errorMessage: r.ErrorMessage ?? "" }] : []))
                    : pending.map((index) => ({
                          index,
                          errorCode: "IncompleteResponse",
                          errorMessage: `${responses.length} responses for ${pending.length} records`,
                      }));
            result.accepted += pending.length - rejected.length;
            if (rejected.length === 0) return;
            const delay = policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            if (attempt >= policy.maxAttempts || policy.remainingMs() - delay < policy.reserveMs) {
                result.failed.push(...rejected);
                return;
            }
            await policy.sleep(delay);
            pending = rejected.map((r) => r.index);
        }
    }

    await Promise.all(Array.from({ length: Math.min(policy.concurrency, queue.length) }, worker));
    return result;
}
