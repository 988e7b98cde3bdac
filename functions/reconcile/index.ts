/**
 * The zone reconciliation Lambda, on a schedule (config `reconcile.schedule`): announces again the
 * zone's stale unprocessed objects (reconcile.ts) and publishes how many (metric
 * ObjectsReannounced, 0 included), which an alarm watches: any means a message was lost.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE, ReconcileEnv, ReconcileMetric } from "../../lib/contract";
import { positiveIntEnv, requireEnv } from "../shared/env";
import { reconcile } from "./reconcile";

export interface ReconcileDeps {
    s3: S3Client;
    sqs: SQSClient;
    /** Default process.env. */
    env?: NodeJS.ProcessEnv;
    logger?: Logger;
    metrics?: Metrics;
    /** Default the current time. */
    now?: () => Date;
}

/** Keys logged per run, at most (the metric has the count). */
const LOGGED_KEYS = 100;

/** Builds a handler around the given clients (tests pass clients pointed at an emulator). */
export function createHandler(deps: ReconcileDeps): () => Promise<{ reannounced: number }> {
    const env = deps.env ?? process.env;
    const logger = deps.logger ?? new Logger();
    const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE });
    const options = {
        bucket: requireEnv(ReconcileEnv.bucket, env),
        queueUrl: requireEnv(ReconcileEnv.queueUrl, env),
        staleAfterSeconds: positiveIntEnv(ReconcileEnv.staleAfterSeconds, env),
        region: env.AWS_REGION ?? "",
    };
    return async () => {
        let reannounced: string[] = [];
        try {
            reannounced = await reconcile(deps.s3, deps.sqs, { ...options, now: deps.now?.() ?? new Date() });
            if (reannounced.length)
                logger.warn("announced stale unprocessed objects again", { count: reannounced.length, keys: reannounced.slice(0, LOGGED_KEYS) });
            return { reannounced: reannounced.length };
        } finally {
            metrics.addMetric(ReconcileMetric.objectsReannounced, MetricUnit.Count, reannounced.length);
            metrics.publishStoredMetrics();
        }
    };
}

let lambdaHandler: ReturnType<typeof createHandler> | undefined;

/** The Lambda entry point: default clients, settings from the environment (read on first call). */
export const handler = (): Promise<{ reannounced: number }> => {
    lambdaHandler ??= createHandler({ s3: new S3Client({}), sqs: new SQSClient({}) });
    return lambdaHandler();
};
