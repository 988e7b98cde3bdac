/**
 * Lambda entry point of the HTTP ingest API (bundled by esbuild; export `handler`). Settings come
 * from the IngestEnv variables in lib/contract.ts and are checked at init.
 */
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { IngestEnv, METRICS_NAMESPACE } from "../../lib/contract";
import { createHandler, settingsFromEnv } from "./handler";

export const handler = createHandler({
    firehose: new FirehoseClient({}),
    kinesis: new KinesisClient({}),
    settings: settingsFromEnv(process.env),
    logger: new Logger({ serviceName: process.env[IngestEnv.serviceName] ?? "ingest-api" }),
    metrics: new Metrics({
        namespace: process.env[IngestEnv.metricsNamespace] ?? METRICS_NAMESPACE,
        serviceName: process.env[IngestEnv.serviceName] ?? "ingest-api",
    }),
});
