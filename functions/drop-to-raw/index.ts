/**
 * drop -> raw zone processor. An SQS batch of S3 notifications from the drop bucket; each new
 * object is converted to zstd Parquet (convert.ts) and written to the raw bucket under
 * `promotedKey`, so a redelivery overwrites. Bad input is quarantined in the drop bucket and its
 * message succeeds; transient failures fail only their own message (partial batch response),
 * which SQS redelivers and finally moves to the DLQ. Objects of the datasets a Glue drop -> raw
 * job owns (BATCH_DATASETS, config `etl.tables`) are acknowledged and left to that job, so each
 * dataset reaches raw by one path, in one layout. An object past the function's limits for its
 * kind (OBJECT_LIMITS: size, and the time, memory and /tmp its measured curve predicts,
 * lib/handover.ts), or one that ran out of memory or /tmp here, is handed to the big-object Glue
 * job (BIG_OBJECT_JOB, etl/jobs/convert_object.py: same raw key, metadata and quarantine): its
 * message succeeds once the run has started, and the run's failure reaches the alarm topic.
 */
import { availableParallelism, tmpdir } from "node:os";
import * as path from "node:path";
import { mkdtemp, rm, statfs } from "node:fs/promises";
import { GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import {
    METRICS_NAMESPACE,
    PROCESSED_TAG,
    ProcessedOutcome,
    ProcessorEnv,
    ProcessorMetric,
    bigObjectRunArguments,
    datasetOf,
    isBatchOwned,
    promotedKey,
} from "../../lib/contract";
import { limitFor } from "../../lib/handover";
import { Quarantine, objectBatchHandler } from "../shared/batch";
import { BadInputError, asBadInput } from "../shared/errors";
import { S3ObjectRef } from "../shared/events";
import { contractColumnsEnv, objectLimitsEnv, optionalEnv, positiveIntEnv, readProcessorSettings, stringListEnv } from "../shared/env";
import { checkContract } from "./contract-check";
import { downloadToFile, putParquet } from "../shared/s3";
import type { convertFile as ConvertFile } from "./convert";

export interface DropToRawDeps {
    s3: S3Client;
    /** Starts big-object job runs. Default: a GlueClient, created when BIG_OBJECT_JOB is set. */
    glue?: GlueClient;
    /** Default process.env. */
    env?: NodeJS.ProcessEnv;
    /** Default the module's Powertools Logger. */
    logger?: Logger;
    /** Default the module's Powertools Metrics (namespace METRICS_NAMESPACE). */
    metrics?: Metrics;
    /** Scratch directory root. Default os.tmpdir() (/tmp on Lambda). */
    tmpRoot?: string;
}

// Module init stays light: no I/O, no environment reads, DuckDB's native library loaded on the
// first conversion (an invocation that only skips or quarantines never loads it).
let convertFile: typeof ConvertFile | undefined;
const defaultLogger = new Logger();
const defaultMetrics = new Metrics({ namespace: METRICS_NAMESPACE });

/** Builds a handler around the given clients (tests pass clients pointed at an emulator). */
export function createHandler(deps: DropToRawDeps): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
    const env = deps.env ?? process.env;
    const logger = deps.logger ?? defaultLogger;
    const metrics = deps.metrics ?? defaultMetrics;
    const settings = readProcessorSettings(env);
    const limits = objectLimitsEnv(positiveIntEnv(ProcessorEnv.maxObjectBytes, env), env);
    const bigObjectJob = optionalEnv(ProcessorEnv.bigObjectJob, env);
    const glue = bigObjectJob ? (deps.glue ?? new GlueClient({})) : undefined;
    const maxDecompressedBytes = positiveIntEnv(ProcessorEnv.maxDecompressedBytes, env);
    const batchDatasets = new Set(stringListEnv(ProcessorEnv.batchDatasets, env));
    const contracts = contractColumnsEnv(env);
    const lambdaMemoryMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || undefined;
    // DuckDB gets most of the function's memory; the rest is Node, the SDK and buffers.
    const memoryLimitMb = lambdaMemoryMb && Math.floor(lambdaMemoryMb * 0.6);
    const threads = availableParallelism();

    /**
     * Starts the big-object job for this version, or without one quarantines it `too-large`. A
     * failed start is retried with the message (errors.ts: Glue's limits are transient, a missing
     * job or permission is infrastructure); a redelivery starts another run that writes the same key.
     */
    async function handOver(version: S3ObjectRef, why: string, quarantine: Quarantine): Promise<ProcessedOutcome | void> {
        if (!glue || !bigObjectJob) return quarantine(version, new BadInputError("too-large", why));
        const run = await glue.send(new StartJobRunCommand({ JobName: bigObjectJob, Arguments: bigObjectRunArguments(version) }));
        metrics.addMetric(ProcessorMetric.objectsHandedOver, MetricUnit.Count, 1);
        logger.info("handed over to the big-object job", { key: version.key, job: bigObjectJob, jobRunId: run.JobRunId, why });
        return PROCESSED_TAG.leftForBatch;
    }

    async function promote(ref: S3ObjectRef, quarantine: Quarantine): Promise<ProcessedOutcome | void> {
        if (isBatchOwned(ref.key, batchDatasets)) {
            const dataset = datasetOf(ref.key);
            metrics.addMetric(ProcessorMetric.objectsLeftForBatch, MetricUnit.Count, 1);
            logger.info(`left for the Glue job ${dataset}`, { key: ref.key, dataset });
            return PROCESSED_TAG.leftForBatch;
        }
        const limit = limitFor(ref.key, limits);
        const tooLarge = (size: number) => `object is ${size} bytes; the function's limit for its kind is ${limit}`;
        if (ref.size !== undefined && ref.size > limit) return handOver(ref, tooLarge(ref.size), quarantine);
        const dir = await mkdtemp(path.join(deps.tmpRoot ?? tmpdir(), "drop-to-raw-"));
        try {
            const source = path.join(dir, "source");
            const got = await downloadToFile(deps.s3, ref, source);
            const pinned = { ...ref, versionId: got.versionId, etag: got.etag ?? ref.etag, size: got.size };
            metrics.addMetric(ProcessorMetric.bytesIn, MetricUnit.Bytes, got.size);
            if (got.size > limit) return handOver(pinned, tooLarge(got.size), quarantine);
            const output = path.join(dir, "out.parquet");
            let result;
            try {
                convertFile ??= (await import("./convert")).convertFile;
                // The decompressed copy must also fit in /tmp beside the Parquet output (at most
                // ~30% of it here), or a big gzip would fail with ENOSPC on every retry.
                const disk = await statfs(dir);
                const cap = Math.min(maxDecompressedBytes, Math.floor(disk.bavail * disk.bsize * 0.7));
                result = await convertFile(source, output, { sourceKey: ref.key, threads, memoryLimitMb, maxDecompressedBytes: cap, tmpDir: dir });
            } catch (e) {
                // Quarantined as the version read; transient errors go on to the batch loop.
                const bad = asBadInput(e);
                // Out of memory or /tmp for this object here: Spark has more of both.
                if (bad?.reason === "resource-limit") return handOver(pinned, bad.message, quarantine);
                if (bad) return quarantine(pinned, bad);
                throw e;
            }
            const key = promotedKey(ref.key, pinned.versionId ?? pinned.etag ?? "", ref.eventTime);
            const breaks = checkContract(contracts, datasetOf(ref.key), result.columns);
            await putParquet(deps.s3, settings.targetBucket, key, output, settings.targetKeyArn, {
                source: pinned,
                rowCount: result.rowCount,
                sourceEncoding: result.encoding,
                contractBreaks: breaks,
            });
            if (breaks?.length) {
                metrics.addMetric(ProcessorMetric.objectsBreakingContract, MetricUnit.Count, 1);
                logger.warn("breaks its dataset's contract", { source: ref.key, target: key, dataset: datasetOf(ref.key), breaks });
            }
            metrics.addMetric(ProcessorMetric.objectsPromoted, MetricUnit.Count, 1);
            metrics.addMetric(ProcessorMetric.rowsPromoted, MetricUnit.Count, result.rowCount);
            logger.info("promoted", {
                source: ref.key,
                target: key,
                format: result.format,
                encoding: result.encoding,
                compressed: result.compressed,
                rows: result.rowCount,
            });
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    }

    return objectBatchHandler({ s3: deps.s3, sourceKeyArn: settings.sourceKeyArn, logger, metrics, promote });
}

let lambdaHandler: ReturnType<typeof createHandler> | undefined;

/** The Lambda entry point: default clients, settings from the environment (read on first call). */
export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    lambdaHandler ??= createHandler({ s3: new S3Client({}) });
    return lambdaHandler(event, context);
};
