/**
 * `npm run local`: starts moto server on a free loopback port, deploys the stack into it with the
 * engine and runs the local lake (lake.ts), printing step lines and the engine's own progress, then
 * what reached each zone; writes local/out/summary.json, destroys the stack and stops moto.
 * `--serve` keeps the API up (URL printed) until Ctrl-C. Ctrl-C or a failure stops everything the
 * run started. Exits 1 if an object was lost or duplicated or a DLQ is not empty. moto enforces
 * IAM and each function runs with its own role's credentials (least privilege, local/README.md);
 * `--iam-unchecked` runs every function with the set-up credentials instead.
 *
 *   npx ts-node -T local/run.ts [--stack dev] [--seed 42] [--orders 500] [--impressions 1000] [--telemetry 500] [--serve] [--quiet-engine] [--verbose] [--iam-unchecked]
 *                               [--config KEY=VALUE ...]   (stack config for this run, as automation/: e.g. serving={"enabled":true})
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { getMoto, stopMoto } from "../harness/moto";
import { parseConfigPair } from "../automation/args";
import { generate, type LoadRecord } from "../tools/loadgen/records";
import { runLocalLake, type Summary } from "./lake";
import { renderHtml } from "./html";

const OUT = path.join(__dirname, "out", "summary.json");
const HTML = path.join(__dirname, "out", "index.html");

/** A bad command line: reported without a stack trace. */
class UsageError extends Error {}

function print(s: Summary): void {
    const line = (text = "") => console.log(text);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
    line(
        `local lake: stack ${s.stack}, ${s.seconds} s (${Object.entries(s.timings)
            .map(([p, t]) => `${p} ${t} s`)
            .join(", ")})`,
    );
    line(
        `engine: pulumi up ${s.engine.upSeconds} s, ${s.engine.resources} resources; created in the emulator ${total(s.provisioned)}, recorded only ${total(s.notProvisioned)}`,
    );
    line(
        `  created: ${Object.entries(s.provisioned)
            .map(([t, n]) => `${n} ${t.split(":").pop()}`)
            .join(", ")}`,
    );
    for (const [t, n] of Object.entries(s.notProvisioned)) line(`  recorded only: ${n} ${t.split(":").pop()}: ${s.recordedOnlyReasons[t]}`);
    line(`run in-process: ${s.inProcess.map((f) => `${f.function} (functions/${f.code})`).join(", ")}`);
    line(
        s.iam.ownRoles
            ? `least privilege: moto enforces IAM; each function and its event source ran with its own role (${s.iam.rolesAssumed} roles assumed)`
            : "IAM not enforced (--iam-unchecked): every function ran with the set-up credentials",
    );
    const statuses = s.api.calls.reduce<Record<number, number>>((m, c) => ({ ...m, [c.status]: (m[c.status] ?? 0) + 1 }), {});
    line(
        `API ${s.api.url}: ${s.api.routes.join(", ")}; ${s.api.calls.length} calls (${Object.entries(statuses)
            .map(([st, n]) => `${n} x ${st}`)
            .join(", ")})`,
    );
    line();
    line(
        `input: ${Object.keys(s.input.sample.objects).length} sample files, bad file ${s.input.badFile}, API ${Object.entries(s.input.api)
            .map(([r, t]) => `${r} ${t.events} events/${t.requests} requests`)
            .join(", ")}`,
    );
    for (const z of s.zones) {
        line();
        line(`zone ${z.name} (s3://${z.bucket})`);
        for (const [ds, f] of Object.entries(z.datasets)) {
            line(
                `  ${ds.padEnd(16)} ${String(f.objects).padStart(4)} objects ${String(f.bytes).padStart(9)} bytes${f.rows === undefined ? "" : ` ${String(f.rows).padStart(7)} rows`}`,
            );
        }
    }
    line();
    line(`quarantined: ${s.quarantined.length}`);
    for (const q of s.quarantined) line(`  [${q.zone}] ${q.source}: ${q.reason}: ${q.message}`);
    line();
    for (const [name, p] of Object.entries(s.processors)) {
        line(
            `processor ${p.function}: ${p.invocations} invocations, ${p.messages} messages, ${p.failedMessages} failed (retried), ${p.handlerErrors} handler errors  [${name}]`,
        );
    }
    for (const q of s.queues) line(`queue ${q.name.padEnd(34)} depth ${q.depth}  (${q.role})`);
    for (const [name, m] of Object.entries(s.streams.mappings)) {
        line(
            `stream ${m.stream} -> ${m.function}: ${m.records} records, ${m.invocations} invocations, ${m.windows} windows, ${m.retries} retries, ${m.skippedBatches} batches skipped  [${name}]`,
        );
    }
    for (const [name, n] of Object.entries(s.streams.firehose)) line(`firehose ${name}: ${n} records from its Kinesis source`);
    if (Object.keys(s.streams.metrics).length) {
        line(
            `real-time metrics published: ${Object.entries(s.streams.metrics)
                .map(([m, v]) => `${m} ${v}`)
                .join(", ")}`,
        );
    }
    for (const c of s.streams.countMismatches) line(`  COUNT MISMATCH ${c.type}: ${c.sent} sent, ${c.counted} counted`);
    line();
    line("Glue job runs (local PySpark, in the workflow's order):");
    for (const j of s.jobs)
        line(
            `  ${String(j.startedAt).padStart(6)} s  ${j.job} [${j.startedBy}]: ${j.state}${j.state === "NOT STARTED" ? ` (${j.why})` : ` in ${j.seconds} s`}${j.error ? `: ${j.error.trim().split("\n").pop()}` : ""}`,
        );
    const c = s.curation;
    line(
        `curate job: ${c.runsStarted} runs started by the starter${c.workflowRuns ? ` and ${c.workflowRuns} by the workflow (after_raw)` : ""}, run locally (${c.seconds} s) over ${c.staged} staged raw objects: ${c.outcomes
            .map((o) => `${o.dataset} ${o.status} (${o.objects})`)
            .join(", ")}`,
    );
    for (const [v, f] of Object.entries(s.views))
        line(`  view ${v.padEnd(18)} ${f.rows === undefined ? "" : `${String(f.rows).padStart(7)} rows  `}${f.outcome}`);
    if (c.failure) line(`  CURATE JOB FAILED: ${c.failure}`);
    for (const u of c.unconsumed) line(`  UNCONSUMED ${u.dataset}: ${u.consumed} of ${u.raw} raw objects`);
    line();
    line(`lost: ${s.lost.length}  duplicated: ${s.duplicated.length}`);
    for (const l of s.lost) line(`  LOST [${l.hop}] ${l.key}`);
    for (const d of s.duplicated) line(`  DUPLICATED [${d.hop}] ${d.key} x${d.copies}`);
    for (const u of s.unmatched.curationRules)
        line(`  UNMATCHED curation rule ${u.dataset}: no such dataset reached zone ${u.zone} (the rule applies to nothing)`);
    for (const t of s.unmatched.batchTables) line(`  UNMATCHED etl.tables ${t}: nothing in the landing zone for its Glue job`);
    if (s.consumedByJob.length) line(`consumed by Glue drop -> raw jobs (etl.tables): ${s.consumedByJob.map((l) => l.key).join(", ")}`);
    for (const l of s.leftForBatch) line(`  LEFT [${l.hop}] ${l.key}: left to a Glue job (etl.tables) that did not consume it`);
    line();
    for (const q of s.queries) {
        line(`query ${q.name} (${q.database}): ${q.status}${q.message ? `: ${q.message}` : ""}${q.rowCount !== undefined ? `, ${q.rowCount} rows` : ""}`);
        if (q.columns) line(`  ${q.columns.join(" | ")}`);
        for (const r of q.rows ?? []) line(`  ${r.join(" | ")}`);
    }
    if (s.traffic) {
        line();
        line(`traffic job: ${s.traffic.loads.map((l) => `${l.date} ${l.status} (${l.written} items)`).join(", ")}`);
        for (const c of s.traffic.checks)
            line(
                `  GET /traffic/${c.adId}?start=${c.date}&end=${c.date}: ${c.status}, ${c.answered ? `${c.answered.impressions} impressions, ${c.answered.clicks} clicks` : "no item"} (view: ${c.view.impressions}, ${c.view.clicks})`,
            );
    }
    const w = s.warehouse;
    line();
    line(
        `warehouse load SQL (Redshift dialect, ${w.source}): ${Object.entries(w.views)
            .map(([v, x]) => `${v} ${x.statements} statements${x.errors.length ? `, ${x.errors.length} REJECTED` : ""}`)
            .join(", ")}`,
    );
    for (const [v, x] of Object.entries(w.views)) {
        for (const e of x.errors) line(`  REJECTED [${v}] ${e}`);
        for (const t of x.spectrum ?? [])
            line(`  [${v}] Spectrum lake_curated.${t.table}: ${t.found === "crawler" ? `made by crawler ${t.crawler} (crawlers do not run here)` : t.found}`);
        for (const c of x.copySources ?? []) line(`  [${v}] COPY from ${c.uri}: ${c.objects} objects`);
    }
    line(s.ok ? "OK" : "FAILED");
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            seed: { type: "string", default: "42" },
            orders: { type: "string", default: "500" },
            impressions: { type: "string", default: "1000" },
            telemetry: { type: "string", default: "500" },
            verbose: { type: "boolean", default: false },
            serve: { type: "boolean", default: false },
            "quiet-engine": { type: "boolean", default: false },
            "iam-unchecked": { type: "boolean", default: false },
            config: { type: "string", multiple: true, default: [] },
        },
    });
    let config: Record<string, string>;
    try {
        config = Object.fromEntries(values.config.map(parseConfigPair));
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    if (values.stack !== "dev" && values.stack !== "prod") throw new UsageError(`--stack must be dev or prod, got ${values.stack}`);
    const count = (flag: "seed" | "orders" | "impressions" | "telemetry", min: number) => {
        const n = Number(values[flag]);
        if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got ${values[flag]}`);
        return n;
    };
    const [seed, orders, impressions, telemetry] = [count("seed", 0), count("orders", 1), count("impressions", 1), count("telemetry", 0)];
    const started = Date.now();
    const step = (text: string) => console.log(`[local ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
    // Ctrl-C: stop what this run started (moto, the API server, the engine's processes get the signal too).
    process.once("SIGINT", () => {
        if (serving) return serving();
        step("interrupted: stopping the emulator");
        void stopMoto().finally(() => process.exit(130));
    });
    let serving: (() => void) | undefined;
    step("emulator: starting moto server on a free loopback port");
    const moto = await getMoto();
    try {
        step(`emulator: moto server on ${moto.endpoint}`);
        // The set-up user's key (made in moto's free requests); functions get their roles' credentials.
        const admin = values["iam-unchecked"] ? undefined : await moto.enforceIam();
        if (admin) step("emulator: IAM enforced from now on (the deploy runs as an IAM user with an allow-all policy)");
        const summary = await runLocalLake({
            stack: values.stack,
            emulator: { endpoint: moto.endpoint, credentials: admin ?? moto.clientConfig.credentials, assumeRoles: admin && moto.assumeRoles },
            seed,
            orders,
            impressions,
            telemetry,
            config,
            logLevel: values.verbose ? "INFO" : "SILENT",
            progress: { step, engine: (text) => (values["quiet-engine"] ? undefined : process.stdout.write(text)) },
            whileUp: async (s, api) => {
                await writeSummary(s);
                if (!values.serve) return;
                print(s);
                const key = api.apiKey ? ` -H 'x-api-key: ${api.apiKey}'` : "";
                console.log(`\nserving ${api.url} (Ctrl-C to destroy the stack and stop)`);
                for (const r of api.routes) console.log(`  ${r.method} ${api.url}${r.resource}`);
                // A valid body: the load generator's first impression (tools/loadgen).
                const beacons = generate("beacons", { seed, now: () => new Date() });
                let first = beacons.next().value as LoadRecord;
                while (first.kind !== "impressions") first = beacons.next().value as LoadRecord;
                console.log(`try: curl -s -X POST${key} -H 'content-type: application/json' -d '${JSON.stringify([first.data])}' ${api.url}/impressions`);
                await new Promise<void>((resolve) => (serving = resolve));
                serving = undefined;
            },
        });
        await writeSummary(summary);
        print(summary);
        console.log(`summary: ${path.relative(process.cwd(), OUT)}, page: ${path.relative(process.cwd(), HTML)} (open it in a browser)`);
        return summary.ok ? 0 : 1;
    } finally {
        await stopMoto();
    }
}

/** local/out/summary.json and its page, local/out/index.html. */
async function writeSummary(summary: Summary): Promise<void> {
    await mkdir(path.dirname(OUT), { recursive: true });
    await writeFile(OUT, JSON.stringify(summary, null, 2) + "\n");
    await writeFile(HTML, renderHtml(summary));
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err);
        process.exit(2);
    },
);
