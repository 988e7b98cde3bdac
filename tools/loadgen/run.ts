/**
 * The send loop: batches drawn from a generator, paced to a record rate, a few batches in
 * flight, until a record count or a duration is reached; latency per send and a summary.
 */
import type { LoadRecord } from "./records";
import type { Send } from "./targets";

export interface RunOptions {
    records: Iterator<LoadRecord>;
    send: Send;
    /** Records per second; 0 sends as fast as the target answers. */
    rate: number;
    /** Records per send. */
    batch: number;
    /** Stop after this many records... */
    count?: number;
    /** ...or after this many milliseconds (whichever comes first). */
    durationMs?: number;
    /** Sends in flight at once. */
    concurrency: number;
    onProgress?: (summary: Summary) => void;
    clock?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

export interface Summary {
    sent: number;
    accepted: number;
    failed: number;
    /** Batches sent (a batch mixing kinds makes one call per kind, timed together). */
    sends: number;
    p50Ms: number;
    p99Ms: number;
    elapsedS: number;
    /** Accepted records per second. */
    ratePerS: number;
    firstError?: string;
}

/** Nearest-rank percentile of unsorted samples (0 for none). */
export function percentile(samples: number[], p: number): number {
    if (samples.length === 0) return 0;
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export async function run(opts: RunOptions): Promise<Summary> {
    if (opts.count === undefined && opts.durationMs === undefined) throw new Error("run: give a count or a duration");
    const clock = opts.clock ?? (() => performance.now());
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const start = clock();
    const latencies: number[] = [];
    const totals = { sent: 0, accepted: 0, failed: 0, firstError: undefined as string | undefined };
    let scheduled = 0;

    const summary = (): Summary => {
        const elapsedS = (clock() - start) / 1000;
        return {
            sent: totals.sent,
            accepted: totals.accepted,
            failed: totals.failed,
            sends: latencies.length,
            p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
            p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
            elapsedS: Math.round(elapsedS * 100) / 100,
            ratePerS: elapsedS > 0 ? Math.round(totals.accepted / elapsedS) : 0,
            ...(totals.firstError && { firstError: totals.firstError }),
        };
    };
    const timeUp = () => opts.durationMs !== undefined && clock() - start >= opts.durationMs;

    async function worker(): Promise<void> {
        for (;;) {
            const size = Math.min(opts.batch, (opts.count ?? Infinity) - scheduled);
            if (size <= 0 || timeUp()) return;
            const due = opts.rate > 0 ? start + (scheduled / opts.rate) * 1000 : start;
            scheduled += size;
            const wait = due - clock();
            if (wait > 0) await sleep(wait);
            if (timeUp()) return;
            const batch: LoadRecord[] = [];
            for (let i = 0; i < size; i++) batch.push(opts.records.next().value as LoadRecord);
            const t0 = clock();
            const result = await opts.send(batch);
            // One latency sample per send, shared by the kinds it carried.
            latencies.push(clock() - t0);
            totals.sent += size;
            totals.accepted += result.accepted;
            totals.failed += result.failed;
            totals.firstError ??= result.error;
            opts.onProgress?.(summary());
        }
    }

    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
    return summary();
}
