/**
 * The curate job in the local lake. The curation starter ran in-process against the emulator's
 * Glue, which records each StartJobRun but runs no Spark; here the recorded runs are executed
 * with local PySpark: `.venv/bin/python etl/jobs/curate_tables.py --catalog_type hadoop` (the
 * same script Glue runs), once, with the union of the runs' `--datasets` (every raw object had
 * arrived before the first run, and each run takes exactly the objects of its datasets not yet
 * consumed, so one run gives what the sequence would, with one Spark start instead of many).
 *
 * The raw objects are staged first: copied from the emulator's raw bucket into a temp folder
 * under the same keys, with their LastModified as the file time. Local Spark has no S3 client for
 * the emulator (Glue's S3 access is its own; hadoop-aws against a loopback endpoint would be a
 * second, untested path), and the job takes a raw object's modification time as its ingest time
 * (the `--raw_path` contract is the raw key layout, whatever the filesystem). The tables are a
 * Hadoop catalog in that folder; their figures come from each table's current metadata file
 * (snapshot summary and schema), so reading them back needs no second Spark start.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, readdir, utimes, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { GetJobRunsCommand, type JobRun } from "@aws-sdk/client-glue";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { CURATE_DATASETS_ARGUMENT, MASKING_SECRET_ARGUMENT, PII_COLUMNS_ARGUMENT, isProcessorInput } from "../lib/contract";
import type { Clients } from "../harness/aws-double/emulator";

const REPO = path.resolve(__dirname, "..");
const PYTHON = path.join(REPO, ".venv/bin/python");
const SCRIPT = path.join(REPO, "etl/jobs/curate_tables.py");

/**
 * The contract's arguments the local run keeps from the job's; the paths and catalog are replaced.
 * The pii columns and the masking key's secret are kept too: the job reads the key from the
 * emulator's Secrets Manager (the provider double made it there), so nothing is curated unmasked.
 */
const KEPT_ARGUMENTS = ["--catalog_database", "--curation_rules", PII_COLUMNS_ARGUMENT, MASKING_SECRET_ARGUMENT];

export interface CurateRunResult {
    /** Runs the starter started (recorded by the emulator). */
    runsStarted: number;
    /** Datasets of those runs, curated by the one local run. */
    datasets: string[];
    /** Raw objects staged. */
    staged: number;
    /** Seconds the local Spark run took. */
    seconds: number;
    /** What the job reported per dataset (its outcome lines). */
    outcomes: { dataset: string; status: string; objects: number }[];
    /** The job failed (a dataset stopped, or Spark did): the end of its output. */
    failure?: string;
}

export interface TableFigures {
    /** Data files of the current snapshot. */
    objects: number;
    bytes: number;
    rows: number;
    /** Iceberg column types by name. */
    columns: Record<string, string>;
    snapshots: number;
}

/** Every run of `jobName` the emulator recorded, oldest first. */
async function jobRuns(clients: Clients, jobName: string): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    let token: string | undefined;
    do {
        const page = await clients.glue.send(new GetJobRunsCommand({ JobName: jobName, NextToken: token }));
        runs.push(...(page.JobRuns ?? []));
        token = page.NextToken;
    } while (token);
    return runs.sort((a, b) => (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0));
}

/** Copies the raw bucket's inputs (no quarantine output) under `dir`, keeping keys and modification times. */
async function stageRaw(clients: Clients, bucket: string, dir: string): Promise<number> {
    let staged = 0;
    let token: string | undefined;
    do {
        const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
            if (!isProcessorInput(o.Key!)) continue;
            const file = path.join(dir, ...o.Key!.split("/"));
            await mkdir(path.dirname(file), { recursive: true });
            const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
            await writeFile(file, await body.Body!.transformToByteArray());
            if (o.LastModified) await utimes(file, o.LastModified, o.LastModified);
            staged++;
        }
        token = page.NextContinuationToken;
    } while (token);
    return staged;
}

/** boto3's settings for the emulator (the job reads its masking key with boto3): endpoint, region, credentials. */
async function emulatorEnv(clients: Clients): Promise<Record<string, string>> {
    const { config } = clients.s3;
    const endpoint = await config.endpoint!();
    const credentials = await config.credentials();
    return {
        AWS_ENDPOINT_URL: `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ""}`,
        AWS_DEFAULT_REGION: await config.region(),
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    };
}

/** Runs a command to its end: exit code, stdout, stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, out, err }));
    });
}

/** The Iceberg runtime jar the tests use (etl/sparkjars.py, cached by scripts/fetch-spark-jars.sh). */
async function sparkJars(): Promise<string> {
    const r = await run(PYTHON, ["-c", "import sys; sys.path.insert(0, 'etl'); from sparkjars import jar_paths; print(','.join(jar_paths()))"], process.env);
    if (r.code !== 0) throw new Error(`the Spark jars are not cached: ${r.err.trim().split("\n").pop()}`);
    return r.out.trim();
}

/** curate_tables.py's outcome lines: `<dataset>: <status>, <n> object(s), <m> row(s) changed`. */
export function outcomeLines(out: string): CurateRunResult["outcomes"] {
    return [...out.matchAll(/^([a-z0-9_-]+): (merged|up to date|stopped), (\d+) object\(s\)/gm)].map((m) => ({
        dataset: m[1],
        status: m[2],
        objects: Number(m[3]),
    }));
}

/**
 * Executes the curate job runs the emulator recorded for `jobName` with local PySpark over a
 * staged copy of `rawBucket`, its tables in `<workDir>/warehouse/`. No run recorded: nothing runs.
 */
export async function runCurateJob(clients: Clients, jobName: string, rawBucket: string, workDir: string): Promise<CurateRunResult> {
    const runs = await jobRuns(clients, jobName);
    const datasets = [...new Set(runs.flatMap((r) => (r.Arguments?.[CURATE_DATASETS_ARGUMENT] ?? "").split(",").filter(Boolean)))].sort();
    if (runs.length === 0 || datasets.length === 0) return { runsStarted: runs.length, datasets, staged: 0, seconds: 0, outcomes: [] };
    const rawDir = path.join(workDir, "raw");
    const staged = await stageRaw(clients, rawBucket, rawDir);
    const recorded = runs[0].Arguments ?? {};
    const args = [
        SCRIPT,
        "--JOB_NAME",
        jobName,
        CURATE_DATASETS_ARGUMENT,
        datasets.join(","),
        ...KEPT_ARGUMENTS.flatMap((a) => (recorded[a] === undefined ? [] : [a, recorded[a]])),
        "--catalog_type",
        "hadoop",
        "--raw_path",
        `file://${rawDir}/`,
        "--warehouse_path",
        `file://${path.join(workDir, "warehouse")}/`,
        "--quarantine_path",
        `file://${path.join(workDir, "quarantine")}/`,
    ];
    const started = Date.now();
    const env = {
        ...process.env,
        ...(await emulatorEnv(clients)),
        PYTHONPATH: path.join(REPO, "etl"),
        PYSPARK_SUBMIT_ARGS: `--jars ${await sparkJars()} --master local[2] --conf spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false pyspark-shell`,
    };
    const result = await run(PYTHON, args, env);
    return {
        runsStarted: runs.length,
        datasets,
        staged,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        outcomes: outcomeLines(result.out),
        ...(result.code === 0 ? {} : { failure: `exit ${result.code}: ${`${result.out}\n${result.err}`.trim().slice(-3000)}` }),
    };
}

/** Figures of every table of `database` in the local warehouse, from each table's current metadata (the ledger left out). */
export async function localTables(workDir: string, database: string, ledgerTable = "curation_ledger"): Promise<Record<string, TableFigures>> {
    const dbDir = path.join(workDir, "warehouse", database);
    const tables = (await readdir(dbDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && d.name !== ledgerTable);
    const figures: Record<string, TableFigures> = {};
    for (const t of tables.sort((a, b) => a.name.localeCompare(b.name))) {
        const metadataDir = path.join(dbDir, t.name, "metadata");
        const version = (await readFile(path.join(metadataDir, "version-hint.text"), "utf8")).trim();
        const metadata = JSON.parse(await readFile(path.join(metadataDir, `v${version}.metadata.json`), "utf8"));
        const snapshot = metadata.snapshots.find((s: { "snapshot-id": number }) => s["snapshot-id"] === metadata["current-snapshot-id"]);
        const schema = metadata.schemas.find((s: { "schema-id": number }) => s["schema-id"] === metadata["current-schema-id"]);
        const summary = snapshot?.summary ?? {};
        figures[t.name] = {
            objects: Number(summary["total-data-files"] ?? 0),
            bytes: Number(summary["total-files-size"] ?? 0),
            rows: Number(summary["total-records"] ?? 0),
            columns: Object.fromEntries(
                schema.fields.map((f: { name: string; type: unknown }) => [f.name, typeof f.type === "string" ? f.type : JSON.stringify(f.type)]),
            ),
            snapshots: metadata.snapshots.length,
        };
    }
    return figures;
}
