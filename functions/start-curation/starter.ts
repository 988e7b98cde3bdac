/**
 * The curation starter: the raw zone's queue feeds it batches (a batching window of minutes) and
 * it starts one run of the curate Glue job per batch, with the batch's datasets as `--datasets`.
 * The job itself finds which raw objects of those datasets it has not consumed, so the messages
 * only say which datasets have news. While a run is going (ConcurrentRunsExceededException: the
 * job runs one at a time) every message of the batch is reported as a batch item failure and
 * comes back after the queue's visibility timeout (the run asks for no Glue job run queuing,
 * which the job turns on for the workflow's runs); so does a batch whose start failed otherwise
 * (after the SDK's own retries), until maxReceiveCount sends it to the DLQ, which has an alarm.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { ConcurrentRunsExceededException, type GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { CURATE_DATASETS_ARGUMENT, METRICS_NAMESPACE, StartCurationEnv, StartCurationMetric, datasetOf, isProcessorInput } from "../../lib/contract";
import { readS3EventBody } from "../shared/events";

export interface StarterSettings {
    /** The curate job (CURATE_JOB_NAME). */
    jobName: string;
}

/** Settings from the environment: an unset CURATE_JOB_NAME fails the function's init. */
export function readStarterSettings(env: NodeJS.ProcessEnv = process.env): StarterSettings {
    const jobName = env[StartCurationEnv.jobName];
    if (!jobName?.trim()) throw new Error(`environment variable ${StartCurationEnv.jobName} is not set (expected the curate job's name)`);
    return { jobName };
}

export interface StarterDeps {
    glue: GlueClient;
    logger?: Logger;
    metrics?: Metrics;
}

/** What one batch announces: its datasets (sorted) and the messages that are not S3 events. */
export function batchDatasets(event: SQSEvent): { datasets: string[]; malformed: string[] } {
    const datasets = new Set<string>();
    const malformed: string[] = [];
    for (const record of event.Records) {
        const body = readS3EventBody(record.body);
        if (body.malformed.length > 0) malformed.push(record.messageId);
        // Quarantine copies and folder markers are no dataset's input.
        for (const ref of body.refs) if (isProcessorInput(ref.key)) datasets.add(datasetOf(ref.key));
    }
    return { datasets: [...datasets].sort(), malformed };
}

export function makeHandler(settings: StarterSettings, deps: StarterDeps) {
    const logger = deps.logger ?? new Logger();
    const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });
    const failures = (ids: string[]): SQSBatchResponse => ({ batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) });

    return async (event: SQSEvent): Promise<SQSBatchResponse> => {
        const { datasets, malformed } = batchDatasets(event);
        // A message that is not an S3 event fails alone: retried, then kept in the DLQ for an operator.
        if (malformed.length > 0) logger.error("messages that are not S3 events", { messageIds: malformed });
        const wellFormed = event.Records.map((r) => r.messageId).filter((id) => !malformed.includes(id));
        // Both published on every invocation, 0 included, so a dashboard sees quiet batches too.
        let [started, deferred] = [0, 0];
        try {
            if (datasets.length === 0) return failures(malformed);
            try {
                const run = await deps.glue.send(
                    // Not queued (the job queues its runs for the workflow's): a batch waits in the queue, not in Glue.
                    new StartJobRunCommand({
                        JobName: settings.jobName,
                        Arguments: { [CURATE_DATASETS_ARGUMENT]: datasets.join(",") },
                        JobRunQueuingEnabled: false,
                    }),
                );
                started = 1;
                logger.info("curate run started", { jobRunId: run.JobRunId, datasets, messages: event.Records.length });
                return failures(malformed);
            } catch (err) {
                if (err instanceof ConcurrentRunsExceededException) {
                    deferred = 1;
                    logger.info("a curate run is going: the batch comes back after the visibility timeout", { datasets });
                } else {
                    logger.error("the curate run did not start: the batch is retried", { datasets, error: err as Error });
                }
                return failures([...malformed, ...wellFormed]);
            }
        } finally {
            metrics.addMetric(StartCurationMetric.runsStarted, MetricUnit.Count, started);
            metrics.addMetric(StartCurationMetric.runsDeferred, MetricUnit.Count, deferred);
            metrics.publishStoredMetrics();
        }
    };
}
