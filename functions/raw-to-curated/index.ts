/**
 * Lambda entry of the raw -> curated processor (bundled with esbuild; @duckdb/* comes from a
 * layer). Settings are read at init, so a bad CURATION_RULES fails the cold start with a message
 * naming the problem; DuckDB opens on the first invocation and is reused while the container lives.
 */
import { S3Client } from "@aws-sdk/client-s3";
import type { Context, SQSEvent, SQSBatchResponse } from "aws-lambda";
import { DuckDBInstance } from "@duckdb/node-api";
import { makeHandler, openDuckDb, readCurateSettings } from "./processor";

const settings = readCurateSettings();
const s3 = new S3Client({});
let ready: Promise<(event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>> | undefined;

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    ready ??= openDuckDb().then(
        (duckdb: DuckDBInstance) => makeHandler(settings, { s3, duckdb }),
        (err) => {
            ready = undefined; // let the next invocation try again
            throw err;
        },
    );
    return (await ready)(event, context);
}
