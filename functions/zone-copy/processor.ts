/**
 * The copy processor of the hops past the curated zone: each S3 object announced on the source
 * zone's queue is copied server-side to the next zone under the same key (so a redelivery
 * overwrites), re-encrypted with that zone's key, its metadata kept. Curation is not here: the
 * curated zone's tables are written by the curate Glue job (etl/jobs/curate_tables.py). A failure
 * fails only its SQS message (partial batch response), retried, then sent to the DLQ.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import { METRICS_NAMESPACE, ProcessorMetric } from "../../lib/contract";
import { objectBatchHandler } from "../shared/batch";
import { ProcessorSettings, readProcessorSettings } from "../shared/env";
import { S3ObjectRef } from "../shared/events";
import { copyObjectVersion } from "../shared/s3";

/** Settings from the environment (lib/contract ProcessorEnv), validated at init. */
export function readCopySettings(env: NodeJS.ProcessEnv = process.env): ProcessorSettings {
    return readProcessorSettings(env);
}

export interface Deps {
    s3: S3Client;
    logger?: Logger;
    metrics?: Metrics;
}

export function makeHandler(settings: ProcessorSettings, deps: Deps) {
    const { s3 } = deps;
    const logger = deps.logger ?? new Logger();
    const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });

    async function promote(ref: S3ObjectRef): Promise<void> {
        await copyObjectVersion(s3, ref, { bucket: settings.targetBucket, key: ref.key }, { kmsKeyArn: settings.targetKeyArn, size: ref.size ?? 0 });
        metrics.addMetric(ProcessorMetric.objectsPromoted, MetricUnit.Count, 1);
        metrics.addMetric(ProcessorMetric.objectsCopied, MetricUnit.Count, 1);
        logger.info("copied");
    }

    return objectBatchHandler({ s3, sourceKeyArn: settings.sourceKeyArn, logger, metrics, promote });
}
