/**
 * The raw -> curated zone processor. Each S3 object announced on the raw zone's queue goes to the
 * curated bucket under the same relative key (so a redelivery overwrites):
 * - its dataset has a curation rule: DuckDB applies it and writes zstd Parquet;
 * - no rule: a server-side CopyObject, re-encrypted with the curated zone's key, metadata kept.
 * Bad input is quarantined in the raw zone with an error report and its message succeeds; any
 * other failure fails only that SQS message (partial batch response), which is retried and ends
 * in the DLQ after maxReceiveCount receives.
 */
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import type { DuckDBInstance } from "@duckdb/node-api";
import { CurationRule, METRICS_NAMESPACE, ProcessorEnv, ProcessorMetric, datasetOf } from "../../lib/contract";
import { objectBatchHandler } from "../shared/batch";
import { ProcessorSettings, positiveIntEnv, readProcessorSettings } from "../shared/env";
import { S3ObjectRef } from "../shared/events";
import { copyObjectVersion, downloadToFile, putParquet } from "../shared/s3";
import { CurationInputError, curateParquet } from "./curate";
import { parseCurationRules } from "./rules";

export interface CurateSettings extends ProcessorSettings {
    /** Per-dataset rules (CURATION_RULES); datasets without one are copied. */
    rules: Record<string, CurationRule>;
    /** Objects of curated datasets larger than this are quarantined (MAX_OBJECT_BYTES; optional). */
    maxObjectBytes?: number;
}

/** Settings from the environment, validated: a bad CURATION_RULES fails the function's init. */
export function readCurateSettings(env: NodeJS.ProcessEnv = process.env): CurateSettings {
    return {
        ...readProcessorSettings(env),
        rules: parseCurationRules(env[ProcessorEnv.curationRules]),
        maxObjectBytes: env[ProcessorEnv.maxObjectBytes] === undefined ? undefined : positiveIntEnv(ProcessorEnv.maxObjectBytes, env),
    };
}

/**
 * DuckDB sized for the Lambda it runs in: most of its memory, spilling to /tmp beyond that. The
 * native library is loaded here, not at module init, so copy-only containers never load it.
 */
export async function openDuckDb(tmpDir: string = os.tmpdir()): Promise<DuckDBInstance> {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const lambdaMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || undefined;
    return DuckDBInstance.create(":memory:", {
        temp_directory: path.join(tmpDir, "duckdb"),
        // parquet is built in; nothing is ever downloaded at run time.
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
        ...(lambdaMb ? { memory_limit: `${Math.floor(lambdaMb * 0.6)}MB` } : {}),
    });
}

export interface Deps {
    s3: S3Client;
    /** The DuckDB instance, asked for on the first curated object (index.ts memoises it). */
    duckdb: () => Promise<DuckDBInstance>;
    logger?: Logger;
    metrics?: Metrics;
}

export function makeHandler(settings: CurateSettings, deps: Deps) {
    const { s3, duckdb } = deps;
    const logger = deps.logger ?? new Logger();
    const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });

    async function curate(ref: S3ObjectRef, rule: CurationRule): Promise<void> {
        if (settings.maxObjectBytes && (ref.size ?? 0) > settings.maxObjectBytes) {
            throw new CurationInputError(`object is ${ref.size} bytes, above the ${settings.maxObjectBytes} byte limit`);
        }
        const conn = await (await duckdb()).connect();
        const dir = await mkdtemp(path.join(os.tmpdir(), "curate-")).catch((err) => {
            conn.closeSync();
            throw err;
        });
        try {
            const input = path.join(dir, "in.parquet");
            const output = path.join(dir, "out.parquet");
            const read = await downloadToFile(s3, ref, input);
            const result = await curateParquet(conn, input, output, rule);
            await putParquet(s3, settings.targetBucket, ref.key, output, settings.targetKeyArn, {
                source: { ...read, bucket: ref.bucket, key: ref.key },
                rowCount: result.rowCount,
            });
            metrics.addMetric(ProcessorMetric.objectsPromoted, MetricUnit.Count, 1);
            metrics.addMetric(ProcessorMetric.rowsPromoted, MetricUnit.Count, result.rowCount);
            metrics.addMetric(ProcessorMetric.duplicatesRemoved, MetricUnit.Count, result.inputRows - result.rowCount);
            logger.info("curated", { rows: result.rowCount, duplicates: result.inputRows - result.rowCount });
        } finally {
            conn.closeSync();
            await rm(dir, { recursive: true, force: true });
        }
    }

    async function copy(ref: S3ObjectRef): Promise<void> {
        await copyObjectVersion(s3, ref, { bucket: settings.targetBucket, key: ref.key }, { kmsKeyArn: settings.targetKeyArn, size: ref.size ?? 0 });
        metrics.addMetric(ProcessorMetric.objectsPromoted, MetricUnit.Count, 1);
        metrics.addMetric(ProcessorMetric.objectsCopied, MetricUnit.Count, 1);
        logger.info("copied");
    }

    async function promote(ref: S3ObjectRef): Promise<void> {
        const rule = settings.rules[datasetOf(ref.key)];
        await (rule ? curate(ref, rule) : copy(ref));
    }

    return objectBatchHandler({ s3, sourceKeyArn: settings.sourceKeyArn, logger, metrics, promote });
}
