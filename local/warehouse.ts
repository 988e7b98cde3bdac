/**
 * The warehouse's daily load, checked here (Redshift does not run in the emulator): each curated
 * view's Data API batch is parsed with sqlglot as Redshift reads it (local/warehouse_check.py: the
 * statements of the load procedure's body one by one). With Redshift on, the batches are the ones
 * the deployed schedules send (their `Sqls`), and what they read must exist: each Spectrum table
 * (`lake_curated.<view>`) in the curated Glue database of the emulator, or a deployed crawler of
 * that database over the view's bucket that would make it (crawlers do not run here), and each
 * COPY source prefix holding objects in the emulator. With Redshift off, nothing is deployed: the
 * batches components/warehouse/sql.ts would build for this stack's curated zone are parsed only.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { GetTableCommand } from "@aws-sdk/client-glue";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { CURATED_TABLES, viewLoadBatch } from "../components/warehouse/sql";
import type { Clients } from "../harness/aws-double/emulator";
import type { RecordedResource } from "../harness/program";

const PYTHON = path.resolve(__dirname, "..", ".venv", "bin", "python");

export interface WarehouseCheck {
    /** `deployed`: the schedules' batches (Redshift on); `not deployed`: the batches the stack would send, parsed only. */
    source: "deployed" | "not deployed";
    views: Record<
        string,
        {
            statements: number;
            /** Statements sqlglot (Redshift) rejected, with its error. */
            errors: string[];
            /** Redshift on: each Spectrum table read and where it is. */
            spectrum?: { table: string; found: "catalog" | "crawler" | "missing"; crawler?: string }[];
            /** Redshift on: each COPY source prefix and its objects in the emulator. */
            copySources?: { uri: string; objects: number }[];
        }
    >;
    ok: boolean;
}

export interface Parsed {
    statements: { kind: string; error?: string }[];
    spectrum: string[];
    s3: string[];
}

export function parseRedshift(batches: Record<string, string[]>): Promise<Record<string, Parsed>> {
    return new Promise((resolve, reject) => {
        const child = execFile(PYTHON, [path.join(__dirname, "warehouse_check.py")], { maxBuffer: 16 * 1024 * 1024 }, (err, out, stderr) =>
            err ? reject(new Error(`warehouse_check.py: ${stderr || err.message}`)) : resolve(JSON.parse(out)),
        );
        child.stdin!.end(JSON.stringify(batches));
    });
}

/** The deployed load schedules' batches by view (the view named in the batch's `CALL public.load_<view>`). */
function deployedBatches(resources: RecordedResource[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of resources.filter((x) => x.type === "aws:scheduler/schedule:Schedule")) {
        const input = r.props.target?.input && JSON.parse(r.props.target.input);
        if (!Array.isArray(input?.Sqls)) continue;
        const view = /CALL public\.load_(\w+)\(/.exec(input.Sqls.join("\n"))?.[1] ?? r.name;
        out[view] = input.Sqls;
    }
    return out;
}

/** Parses the load batches and, when deployed, checks their sources (see the module comment). */
export async function checkWarehouse(
    resources: RecordedResource[],
    clients: Clients,
    curated: { bucket: string; database: string; region: string },
): Promise<WarehouseCheck> {
    const deployed = deployedBatches(resources);
    const source = Object.keys(deployed).length ? "deployed" : "not deployed";
    const batches =
        source === "deployed"
            ? deployed
            : Object.fromEntries(
                  CURATED_TABLES.map((t) => [
                      t.view,
                      viewLoadBatch(t, {
                          curatedBucket: curated.bucket,
                          curatedDatabase: curated.database,
                          roleArn: "arn:aws:iam::123456789012:role/warehouse-not-deployed",
                          region: curated.region,
                      }),
                  ]),
              );
    const parsed = await parseRedshift(batches);
    const crawlers = resources.filter((r) => r.type === "aws:glue/crawler:Crawler" && r.props.databaseName === curated.database);
    const views: WarehouseCheck["views"] = {};
    let ok = true;
    for (const [view, p] of Object.entries(parsed)) {
        const errors = p.statements.filter((s) => s.error).map((s) => s.error!);
        ok &&= errors.length === 0;
        views[view] = { statements: p.statements.length, errors };
        if (source !== "deployed") continue;
        views[view].spectrum = [];
        for (const table of p.spectrum) {
            const inCatalog = await clients.glue.send(new GetTableCommand({ DatabaseName: curated.database, Name: table })).then(
                () => true,
                () => false,
            );
            const crawler = crawlers.find((c) =>
                (c.props.s3Targets ?? []).some((t: { path: string }) => `s3://${curated.bucket}/${table}/`.startsWith(t.path.replace(/\/?$/, "/"))),
            );
            const found = inCatalog ? "catalog" : crawler ? "crawler" : "missing";
            ok &&= found !== "missing";
            views[view].spectrum!.push({ table, found, ...(crawler && !inCatalog && { crawler: crawler.props.name }) });
        }
        views[view].copySources = [];
        for (const uri of p.s3) {
            const u = new URL(uri);
            const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: u.host, Prefix: u.pathname.slice(1), MaxKeys: 1000 }));
            const objects = page.KeyCount ?? 0;
            ok &&= objects > 0;
            views[view].copySources!.push({ uri, objects });
        }
    }
    return { source, views, ok };
}
