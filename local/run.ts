/**
 * `npm run local`: starts moto server on a free loopback port, runs the local lake (lake.ts) on
 * the dev stack, prints what reached each zone, writes local/out/summary.json and stops moto.
 * Exits 1 if an object was lost or duplicated or a DLQ is not empty.
 *
 *   npx ts-node -T local/run.ts [--stack dev] [--seed 42] [--orders 500] [--impressions 1000] [--verbose]
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { getMoto, stopMoto } from "../harness/moto";
import { runLocalLake, type Summary } from "./lake";

const OUT = path.join(__dirname, "out", "summary.json");

/** A bad command line: reported without a stack trace. */
class UsageError extends Error {}

function print(s: Summary): void {
    const line = (text = "") => console.log(text);
    line(`local lake: stack ${s.stack}, ${s.seconds} s`);
    line(
        `provisioned from the recorded graph: ${Object.entries(s.provisioned)
            .map(([t, n]) => `${n} ${t.split(":").pop()}`)
            .join(", ")}`,
    );
    line(`run in-process: ${s.inProcess.map((f) => `${f.function} (functions/${f.code})`).join(", ")}`);
    const skipped = Object.entries(s.notProvisioned);
    line(
        `recorded, not emulated (${skipped.reduce((n, [, c]) => n + c, 0)}; see local/README.md): ${skipped.map(([t, n]) => `${n} ${t.split(":").pop()}`).join(", ")}`,
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
    const c = s.curation;
    line(
        `curate job: ${c.runsStarted} runs started by the starter, run locally once (PySpark, ${c.seconds} s) over ${c.staged} staged raw objects: ${c.outcomes
            .map((o) => `${o.dataset} ${o.status} (${o.objects})`)
            .join(", ")}`,
    );
    if (c.failure) line(`  CURATE JOB FAILED: ${c.failure}`);
    for (const u of c.unconsumed) line(`  UNCONSUMED ${u.dataset}: ${u.consumed} of ${u.raw} raw objects`);
    line();
    line(`lost: ${s.lost.length}  duplicated: ${s.duplicated.length}`);
    for (const l of s.lost) line(`  LOST [${l.hop}] ${l.key}`);
    for (const d of s.duplicated) line(`  DUPLICATED [${d.hop}] ${d.key} x${d.copies}`);
    for (const u of s.unmatched.curationRules)
        line(`  UNMATCHED curation rule ${u.dataset}: no such dataset reached zone ${u.zone} (the rule applies to nothing)`);
    for (const t of s.unmatched.batchTables) line(`  UNMATCHED etl.tables ${t}: nothing in the landing zone for its Glue job`);
    if (s.leftForBatch.length) line(`left for Glue jobs (etl.tables; they do not run in the emulator): ${s.leftForBatch.map((l) => l.key).join(", ")}`);
    line(s.ok ? "OK" : "FAILED");
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            seed: { type: "string", default: "42" },
            orders: { type: "string", default: "500" },
            impressions: { type: "string", default: "1000" },
            verbose: { type: "boolean", default: false },
        },
    });
    if (values.stack !== "dev" && values.stack !== "prod") throw new UsageError(`--stack must be dev or prod, got ${values.stack}`);
    const count = (flag: "seed" | "orders" | "impressions", min: number) => {
        const n = Number(values[flag]);
        if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got ${values[flag]}`);
        return n;
    };
    const [seed, orders, impressions] = [count("seed", 0), count("orders", 1), count("impressions", 1)];
    const moto = await getMoto();
    try {
        console.log(`moto server on ${moto.endpoint}`);
        const summary = await runLocalLake({
            stack: values.stack,
            emulator: { endpoint: moto.endpoint, credentials: moto.clientConfig.credentials },
            seed,
            orders,
            impressions,
            logLevel: values.verbose ? "INFO" : "SILENT",
        });
        print(summary);
        await mkdir(path.dirname(OUT), { recursive: true });
        await writeFile(OUT, JSON.stringify(summary, null, 2) + "\n");
        console.log(`summary: ${path.relative(process.cwd(), OUT)}`);
        return summary.ok ? 0 : 1;
    } finally {
        await stopMoto();
    }
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err);
        process.exit(2);
    },
);
