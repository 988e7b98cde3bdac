/**
 * The batch loop both zone processors run on their SQS queue of S3 notifications: Powertools'
 * BatchProcessor with a partial batch response, one object at a time (each may use all of
 * DuckDB's memory and threads), and every object's outcome decided here:
 * - skipped: not a new object, a folder marker or our own quarantine output (no loop);
 * - promoted: the processor's `promote` returned (or said the object was left for a Glue job);
 * - quarantined: `promote` threw BadInputError or an error that repeats for the same bytes
 *   (errors.ts); the object is copied to quarantine in its own zone with an error report and its
 *   message succeeds;
 * - gone: the version was deleted or replaced before we read it (a newer one has its own event);
 * - retried: a transient or infrastructure error is rethrown, so only that message is retried
 *   and ends in the DLQ.
 * A promoted, quarantined or left-for-batch source version is then tagged with its outcome
 * (lib/contract PROCESSED_TAG): the landing zone expires only tagged objects.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { PROCESSED_TAG, ProcessedOutcome, ProcessorMetric, datasetOf, isProcessorInput } from "../../lib/contract";
import { BadInputError, asBadInput, classifyError, isTransient } from "./errors";
import { MalformedEventError, S3ObjectRef, readS3EventBody } from "./events";
import { quarantineObject } from "./quarantine";
import { tagProcessed } from "./s3";

/** Quarantines `ref` (the version actually read, when it differs from the announced one). */
export type Quarantine = (ref: S3ObjectRef, err: BadInputError) => Promise<void>;

export interface ObjectBatchOptions {
    s3: S3Client;
    /** KMS key ARN of the source zone: quarantine copies and reports stay in that zone. */
    sourceKeyArn: string;
    logger: Logger;
    metrics: Metrics;
    /**
     * Promotes one created object. Throw BadInputError to quarantine it as announced, or call
     * `quarantine` with the version read; any other error retries its message. Resolves to the
     * outcome its source is tagged with; default `promoted`.
     */
    promote: (ref: S3ObjectRef, quarantine: Quarantine) => Promise<ProcessedOutcome | void>;
}

const LOG_KEYS = ["bucket", "key", "versionId", "dataset"];

/** The Lambda handler for an SQS batch of S3 notifications. */
export function objectBatchHandler(opts: ObjectBatchOptions): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
    const { s3, logger, metrics, promote } = opts;
    const processor = new BatchProcessor(EventType.SQS);

    const quarantine: Quarantine = async (ref, err) => {
        const report = await quarantineObject(s3, ref, err, { kmsKeyArn: opts.sourceKeyArn, now: new Date() });
        metrics.addMetric(ProcessorMetric.objectsQuarantined, MetricUnit.Count, 1);
        logger.warn("quarantined bad input", { ...report });
    };

    /** Tags a finished source; failing to is logged, never fatal (the source then just does not expire). */
    async function tag(ref: S3ObjectRef, outcome: ProcessedOutcome): Promise<void> {
        try {
            await tagProcessed(s3, ref, outcome);
        } catch (err) {
            // A transient error retries the message (promotion overwrites, so it is idempotent).
            if (isTransient(err)) throw err;
            logger.warn("source not tagged as processed; it will not expire", { key: ref.key, versionId: ref.versionId, outcome, error: err as Error });
        }
    }

    async function handleObject(ref: S3ObjectRef, messageId: string): Promise<void> {
        logger.appendKeys({ bucket: ref.bucket, key: ref.key, versionId: ref.versionId, dataset: datasetOf(ref.key) });
        try {
            if (!ref.eventName.startsWith("ObjectCreated:") || !isProcessorInput(ref.key)) {
                logger.info("skipped", { key: ref.key, eventName: ref.eventName });
                return;
            }
            let quarantined: S3ObjectRef | undefined;
            const outcome = await promote(ref, async (version, bad) => {
                await quarantine(version, bad);
                quarantined = version;
            });
            await (quarantined ? tag(quarantined, PROCESSED_TAG.quarantined) : tag(ref, outcome ?? PROCESSED_TAG.promoted));
        } catch (err) {
            const bad = asBadInput(err);
            if (bad) {
                await quarantine(ref, bad);
                return await tag(ref, PROCESSED_TAG.quarantined);
            }
            const kind = classifyError(err);
            if (kind === "gone" || kind === "changed") {
                logger.warn(`source object ${kind}, nothing to promote`, { key: ref.key, versionId: ref.versionId, error: (err as Error).name });
                return;
            }
            const what = kind === "transient" ? "transient failure" : "infrastructure failure (fix it, then redrive the DLQ)";
            logger.error(`${what}; the message will be retried`, { key: ref.key, messageId, error: err as Error });
            throw err;
        } finally {
            logger.removeKeys(LOG_KEYS);
        }
    }

    async function recordHandler(record: SQSRecord): Promise<void> {
        const { refs, malformed } = readS3EventBody(record.body);
        for (const ref of refs) await handleObject(ref, record.messageId);
        if (malformed.length > 0) {
            // Not ours to drop: retried, then kept in the DLQ for a person to look at (its good
            // records are promoted each time, which overwrites).
            logger.error("message is not (only) S3 events", { messageId: record.messageId, malformed: malformed.slice(0, 10), promoted: refs.length });
            throw new MalformedEventError(malformed.slice(0, 10).join("; "));
        }
    }

    return async (event, context) => {
        if (context) logger.addContext(context);
        let failed = 0;
        try {
            // A fully failed batch is reported item by item too (same retry, no function error).
            const response = await processPartialResponse(event, recordHandler, processor, {
                context,
                processInParallel: false,
                throwOnFullBatchFailure: false,
            });
            failed = response.batchItemFailures.length;
            return response;
        } catch (e) {
            // Not an SQS event at all (processPartialResponse refuses it): every record failed.
            failed = Array.isArray(event?.Records) ? event.Records.length : 1;
            throw e;
        } finally {
            metrics.addMetric(ProcessorMetric.failedRecords, MetricUnit.Count, failed);
            metrics.publishStoredMetrics();
        }
    };
}
