/**
 * Lambda entry of the raw -> curated processor (bundled with esbuild; @duckdb/* comes from a
 * layer). Settings are read at init, so a bad CURATION_RULES fails the cold start with a message
 * naming the problem; DuckDB opens on the first curated object and lives as long as the container.
 */
import { S3Client } from "@aws-sdk/client-s3";
import type { DuckDBInstance } from "@duckdb/node-api";
import { makeHandler, openDuckDb, readCurateSettings } from "./processor";

let duckdb: Promise<DuckDBInstance> | undefined;

function sharedDuckDb(): Promise<DuckDBInstance> {
    duckdb ??= openDuckDb().catch((err) => {
        duckdb = undefined; // let the next object try again
        throw err;
    });
    return duckdb;
}

export const handler = makeHandler(readCurateSettings(), { s3: new S3Client({}), duckdb: sharedDuckDb });
