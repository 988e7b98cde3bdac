/**
 * The curate job in the local lake. The curation starter ran in-process against the emulator's
 * Glue, which records each StartJobRun but runs no Spark; here the recorded runs are executed by
 * the local Glue (glue.ts: the deployed script `curate_tables.py` with its DefaultArguments, in
 * the shared local Spark session), once, with the union of the runs' `--datasets` (every raw
 * object had arrived before the first run, and each run takes exactly the objects of its datasets
 * not yet consumed, so one run gives what the sequence would).
 *
 * The raw bucket is staged first (processor inputs only, LastModified as the file time: the job
 * takes a raw object's modification time as its ingest time). The tables are a Hadoop catalog in
 * the curated bucket's staged copy (`--warehouse_path`); their figures come from each table's
 * current metadata file (snapshot summary and schema), so reading them back needs no Spark.
 */
import { readFile, readdir } from "node:fs/promises";
import * as path from "node:path";
import { GetJobRunsCommand, type JobRun } from "@aws-sdk/client-glue";
import { CURATE_DATASETS_ARGUMENT, isProcessorInput } from "../lib/contract";
import type { Clients } from "../harness/aws-double/emulator";
import type { GlueJobRun, LocalGlue } from "./glue";

export interface CurateRunResult {
    /** Runs the starter started (recorded by the emulator) that this run executed; 0 for the workflow's run. */
    runsStarted: number;
    /** Runs the workflow's after_raw trigger started (with the drop -> raw jobs' datasets). */
    workflowRuns: number;
    /** Datasets of those runs, curated by the one local run. */
    datasets: string[];
    /** Raw objects staged. */
    staged: number;
    /** Seconds the job run took (the shared Spark session already up). */
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

/** curate_tables.py's outcome lines: `<dataset>: <status>, <n> object(s), <m> row(s) changed`. */
export function outcomeLines(out: string): CurateRunResult["outcomes"] {
    return [...out.matchAll(/^([a-z0-9_-]+): (merged|up to date|stopped), (\d+) object\(s\)/gm)].map((m) => ({
        dataset: m[1],
        status: m[2],
        objects: Number(m[3]),
    }));
}

/** A curate run the workflow's after_raw trigger started (its action's `--datasets`), as a result beside the starter's. */
export function workflowCurateRun(run: GlueJobRun, args: Record<string, string>, staged: number): CurateRunResult {
    return { ...curateResult(run, 0, (args[CURATE_DATASETS_ARGUMENT] ?? "").split(",").filter(Boolean).sort(), staged), workflowRuns: 1 };
}

function curateResult(run: GlueJobRun, runsStarted: number, datasets: string[], staged: number): CurateRunResult {
    return {
        runsStarted,
        workflowRuns: 0,
        datasets,
        staged,
        seconds: run.seconds,
        outcomes: outcomeLines(run.output ?? ""),
        ...(run.state === "SUCCEEDED" ? {} : { failure: `${run.error ?? run.state}\n${run.output ?? ""}`.trim().slice(-3000) }),
    };
}

/**
 * Executes the curate job runs the emulator recorded for `jobName` (but the first `done`, run
 * already) with the local Glue over a staged copy of `rawBucket`. No new run: nothing runs.
 */
export async function runCurateJob(glue: LocalGlue, clients: Clients, jobName: string, rawBucket: string, done = 0): Promise<CurateRunResult> {
    const runs = (await jobRuns(clients, jobName)).slice(done);
    const datasets = [...new Set(runs.flatMap((r) => (r.Arguments?.[CURATE_DATASETS_ARGUMENT] ?? "").split(",").filter(Boolean)))].sort();
    if (runs.length === 0 || datasets.length === 0) return { runsStarted: runs.length, workflowRuns: 0, datasets, staged: 0, seconds: 0, outcomes: [] };
    const staged = await glue.stage(rawBucket, isProcessorInput);
    const run = await glue.run(jobName, "curation starter", { [CURATE_DATASETS_ARGUMENT]: datasets.join(",") });
    return curateResult(run, runs.length, datasets, staged);
}

/** Figures of every table of `database` in the Hadoop catalog at `warehouse` (a folder), from each table's current metadata (the ledger left out). */
export async function localTables(warehouse: string, database: string, ledgerTable = "curation_ledger"): Promise<Record<string, TableFigures>> {
    const dbDir = path.join(warehouse, database);
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
