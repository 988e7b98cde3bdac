/** Lambda entry point of the traffic endpoint (bundled by esbuild; export `handler`); settings from TrafficEnv, checked at init. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE, TrafficEnv } from "../../lib/contract";
import { createHandler, settingsFromEnv } from "./handler";

export const handler = createHandler({
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    settings: settingsFromEnv(process.env),
    logger: new Logger({ serviceName: process.env[TrafficEnv.serviceName] ?? "traffic-api" }),
    metrics: new Metrics({
        namespace: process.env[TrafficEnv.metricsNamespace] ?? METRICS_NAMESPACE,
        serviceName: process.env[TrafficEnv.serviceName] ?? "traffic-api",
    }),
});
