/**
 * Lambda entry point of the daily traffic job (bundled by esbuild; export `handler`). DuckDB's
 * native library comes from the DuckDB layer and is loaded on the first day that has data.
 */
import * as os from "node:os";
import * as path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { DuckDBInstance } from "@duckdb/node-api";
import { METRICS_NAMESPACE, TrafficEnv } from "../../lib/contract";
import { createJob, settingsFromEnv } from "./handler";

let duckdb: Promise<DuckDBInstance> | undefined;

export const handler = createJob({
    s3: new S3Client({}),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    duckdb: () =>
        (duckdb ??= import("@duckdb/node-api").then(({ DuckDBInstance }) =>
            DuckDBInstance.create(":memory:", {
                temp_directory: path.join(os.tmpdir(), "duckdb"),
                // parquet is built in; nothing is ever downloaded at run time.
                autoinstall_known_extensions: "false",
                autoload_known_extensions: "false",
            }),
        )),
    settings: settingsFromEnv(process.env),
    logger: new Logger({ serviceName: process.env[TrafficEnv.serviceName] ?? "traffic-job" }),
    metrics: new Metrics({
        namespace: process.env[TrafficEnv.metricsNamespace] ?? METRICS_NAMESPACE,
        serviceName: process.env[TrafficEnv.serviceName] ?? "traffic-job",
    }),
});
