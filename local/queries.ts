/**
 * The deployed Athena named queries, run locally: each is parsed as Athena engine v3 reads it
 * (sqlglot, Trino dialect: local/sql_check.py), so a query Athena would reject for its syntax
 * fails here too, then executed with DuckDB on the data of its database as the emulator holds it:
 * the curated database's tables are the curated zone's Parquet objects per dataset, the landing
 * database's stream tables the Firehose objects under `streams/<name>/` (JSON lines) with their
 * `datehour` partition value; the curated database's Iceberg tables as their current snapshot's rows
 * (exported to Parquet by the local Glue, glue.ts) and its views as the views job wrote them. A
 * table the query reads that has no data here is reported with the query "not run".
 *
 * Trino's `format_datetime` (Joda-Time patterns) has no DuckDB twin: a macro translates the
 * pattern letters the queries use (yyyy, MM, dd, HH, quoted literals) to strftime.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { datasetOf, isQuarantined, STREAMS_PREFIX } from "../lib/contract";
import { datehourValue, STREAM_PARTITION_KEY } from "../components/catalog/stream-tables";
import type { Clients } from "../harness/aws-double/emulator";
import type { RecordedResource } from "../harness/program";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const FIRST_ROWS = 5;

export interface QueryResult {
    name: string;
    database: string;
    status: "ok" | "rejected" | "not run" | "failed";
    /** Why it was rejected (parse error), not run (missing tables) or failed (DuckDB's error). */
    message?: string;
    columns?: string[];
    /** The first rows, values as text. */
    rows?: string[][];
    rowCount?: number;
}

export interface QuerySpec {
    name: string;
    database: string;
    sql: string;
}

/**
 * Where a database's tables live: in the emulator (a bucket, and whether they are stream tables
 * or per-dataset Parquet objects), or here (`local`: a DuckDB reader per table, e.g. the curated
 * Iceberg tables' current rows exported by the local Glue, and the views it wrote).
 */
export type DatabaseData = { bucket: string; kind: "streams" | "datasets" } | { kind: "local"; reader(table: string): Promise<string | undefined> };

interface Parsed {
    ok: boolean;
    error?: string;
    tables?: string[];
    duckdb?: string;
}

/** sqlglot's verdict on each SQL text (local/sql_check.py). */
export async function parseTrino(sqls: string[]): Promise<Parsed[]> {
    const child = execFile(PYTHON, [path.join(__dirname, "sql_check.py")], { maxBuffer: 16 * 1024 * 1024 });
    const out = new Promise<string>((resolve, reject) => {
        let text = "";
        let err = "";
        child.stdout!.on("data", (d) => (text += d));
        child.stderr!.on("data", (d) => (err += d));
        child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`sql_check.py (${PYTHON}): ${err}`))));
    });
    child.stdin!.end(JSON.stringify(sqls));
    return JSON.parse(await out);
}

/** The named queries the engine deployed. */
export function namedQueriesOf(resources: RecordedResource[]): QuerySpec[] {
    return resources
        .filter((r) => r.type === "aws:athena/namedQuery:NamedQuery")
        .map((r) => ({ name: r.props.name, database: r.props.database, sql: r.props.query }));
}

async function listKeys(clients: Clients, bucket: string, prefix = ""): Promise<{ key: string; modified: Date }[]> {
    const out: { key: string; modified: Date }[] = [];
    let token: string | undefined;
    do {
        const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (!o.Key!.endsWith("/")) out.push({ key: o.Key!, modified: o.LastModified ?? new Date() });
        token = page.NextContinuationToken;
    } while (token);
    return out;
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Creates `table` in the connection from its data in the emulator; false when there is none. */
async function loadTable(conn: DuckDBConnection, clients: Clients, data: DatabaseData, table: string, dir: string): Promise<boolean> {
    if (data.kind === "local") {
        const reader = await data.reader(table);
        if (!reader) return false;
        await conn.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${reader}`);
        return true;
    }
    const keys =
        data.kind === "streams"
            ? await listKeys(clients, data.bucket, `${STREAMS_PREFIX}${table}/`)
            : (await listKeys(clients, data.bucket)).filter(
                  (o) => !isQuarantined(o.key) && datasetOf(o.key).replace(/-/g, "_") === table && o.key.endsWith(".parquet"),
              );
    if (keys.length === 0) return false;
    const parts: string[] = [];
    for (const [i, o] of keys.entries()) {
        const file = path.join(dir, `${table}-${i}`);
        const got = await clients.s3.send(new GetObjectCommand({ Bucket: data.bucket, Key: o.key }));
        await writeFile(file, Buffer.from(await got.Body!.transformToByteArray()));
        // A stream object's partition: the hour Firehose delivered it (moto writes the literal prefix, not the !{} values).
        parts.push(
            data.kind === "streams"
                ? `SELECT *, ${sqlText(datehourValue(o.modified))} AS ${STREAM_PARTITION_KEY} FROM read_json(${sqlText(file)}, format = 'newline_delimited')`
                : `SELECT * FROM read_parquet(${sqlText(file)})`,
        );
    }
    await conn.run(`CREATE TABLE ${ident(table)} AS ${parts.join(" UNION ALL BY NAME ")}`);
    return true;
}

/** Trino's format_datetime for the Joda patterns the queries use (see the module comment). */
const FORMAT_DATETIME_MACRO = `CREATE MACRO format_datetime(ts, fmt) AS strftime(ts,
  replace(replace(replace(replace(replace(fmt, '''', ''), 'yyyy', '%Y'), 'MM', '%m'), 'dd', '%d'), 'HH', '%H'))`;

/** Parses and runs each query; see the module comment. */
export async function runNamedQueries(
    queries: QuerySpec[],
    databases: Record<string, DatabaseData>,
    clients: Clients,
    duckdb: DuckDBInstance,
): Promise<QueryResult[]> {
    const parsed = await parseTrino(queries.map((q) => q.sql));
    const results: QueryResult[] = [];
    for (const [i, q] of queries.entries()) {
        const p = parsed[i];
        const base = { name: q.name, database: q.database };
        if (!p.ok) {
            results.push({ ...base, status: "rejected", message: p.error });
            continue;
        }
        const data = databases[q.database];
        const dir = await mkdtemp(path.join(tmpdir(), "local-lake-query-"));
        const conn = await duckdb.connect();
        try {
            await conn.run("CREATE SCHEMA IF NOT EXISTS q; SET schema = 'q'");
            const missing: string[] = [];
            for (const table of p.tables!) {
                await conn.run(`DROP TABLE IF EXISTS ${ident(table)}`);
                if (!data || !(await loadTable(conn, clients, data, table, dir))) missing.push(table);
            }
            if (missing.length) {
                results.push({ ...base, status: "not run", message: `no data here for ${missing.join(", ")} in ${q.database}` });
                continue;
            }
            await conn.run(FORMAT_DATETIME_MACRO.replace("CREATE MACRO", "CREATE OR REPLACE MACRO"));
            const reader = await conn.runAndReadAll(p.duckdb!);
            const rows = reader.getRows();
            results.push({
                ...base,
                status: "ok",
                columns: reader.columnNames(),
                rows: rows.slice(0, FIRST_ROWS).map((r) => r.map((v) => String(v))),
                rowCount: rows.length,
            });
        } catch (e) {
            results.push({ ...base, status: "failed", message: (e as Error).message.split("\n")[0] });
        } finally {
            conn.closeSync();
            await rm(dir, { recursive: true, force: true });
        }
    }
    return results;
}
