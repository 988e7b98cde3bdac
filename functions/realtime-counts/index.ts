/**
 * Lambda entry point of the real-time window function (bundled by esbuild; export `handler`).
 * Settings come from the RealtimeEnv variables in lib/contract.ts and are checked at init.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE, RealtimeEnv, RealtimeMetrics } from "../../lib/contract";
import { createHandler, settingsFromEnv } from "./handler";

export const handler = createHandler({
    settings: settingsFromEnv(process.env),
    logger: new Logger({ serviceName: process.env[RealtimeEnv.serviceName] ?? RealtimeMetrics.service }),
    metrics: new Metrics({
        namespace: process.env[RealtimeEnv.metricsNamespace] ?? METRICS_NAMESPACE,
        serviceName: process.env[RealtimeEnv.serviceName] ?? RealtimeMetrics.service,
    }),
});
