/** What the drop -> raw tests hand the processor: its environment for a lake, metrics recorded in memory. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSBatchResponse } from "aws-lambda";
import { createHandler as createDropToRaw } from "../../../functions/drop-to-raw";
import { ProcessorEnv } from "../../../lib/contract";
import { type Lake, acknowledge, receiveEvent } from "./lake";

export const DROP_KEY = "arn:aws:kms:eu-west-1:123456789012:key/drop-key";
export const RAW_KEY = "arn:aws:kms:eu-west-1:123456789012:key/raw-key";

/** Records metric values instead of printing EMF. */
export class RecordingMetrics extends Metrics {
    readonly recorded: Record<string, number> = {};
    override addMetric(name: string, _unit: Parameters<Metrics["addMetric"]>[1], value: number): this {
        this.recorded[name] = (this.recorded[name] ?? 0) + value;
        return this;
    }
    override publishStoredMetrics(): this {
        return this;
    }
}

/** The drop -> raw environment for `lake`: its raw bucket as target, the size limits, BATCH_DATASETS if given. */
export function dropToRawEnv(
    lake: Pick<Lake, "raw">,
    limits: { maxObjectBytes: number; maxDecompressedBytes: number },
    batchDatasets?: string,
): NodeJS.ProcessEnv {
    return {
        [ProcessorEnv.targetBucket]: lake.raw,
        [ProcessorEnv.targetKeyArn]: RAW_KEY,
        [ProcessorEnv.sourceKeyArn]: DROP_KEY,
        [ProcessorEnv.sourceZone]: "drop",
        [ProcessorEnv.targetZone]: "raw",
        [ProcessorEnv.maxObjectBytes]: String(limits.maxObjectBytes),
        [ProcessorEnv.maxDecompressedBytes]: String(limits.maxDecompressedBytes),
        ...(batchDatasets === undefined ? {} : { [ProcessorEnv.batchDatasets]: batchDatasets }),
    };
}

/**
 * The drop -> raw processor over the drop queue's next batch, as the event source mapping runs it
 * (size limits well above the tests' files), then the batch acknowledged; the batch response.
 */
export async function promoteNextBatch(lake: Lake): Promise<SQSBatchResponse> {
    const promote = createDropToRaw({
        s3: lake.s3,
        env: dropToRawEnv(lake, { maxObjectBytes: 64 * 1024 ** 2, maxDecompressedBytes: 256 * 1024 ** 2 }),
        logger: new Logger({ logLevel: "SILENT" }),
        metrics: new RecordingMetrics(),
    });
    const event = await receiveEvent(lake);
    const response = await promote(event, undefined);
    await acknowledge(lake, event, response);
    return response;
}
