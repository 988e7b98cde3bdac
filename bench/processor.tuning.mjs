/**
 * What bounds the processor's throughput and peak RSS: the same DuckDB CSV -> zstd Parquet COPY
 * that functions/drop-to-raw/convert.ts runs (its read_csv options and instance settings), with
 * one setting changed at a time, each variant in its own process, on the benchmark's CSV; the
 * variants alternate within each repetition and the median CPU time and worst RSS are kept.
 * Writes bench/results/processor-tuning.json. Run bench/processor.mjs first (it makes the input).
 *
 *   node bench/processor.tuning.mjs [--threads 1,2] [--repeat 3] [--mb 160]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GENERATOR_VERSION } from "./processor.data.mjs";

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), "..");
const tmpDir = path.join(root, "bench/out/tmp");

/** convertFile's read_csv options for a comma-separated file (strictCsvDialect in convert.ts). */
const CONVERT_READ_CSV =
    `delim=',', quote='"', escape='"', header=true, skip=0, comment='', ` + `strict_mode=true, ignore_errors=false, null_padding=false, max_line_size=2000000`;

/** Each variant changes convertFile's COPY in one respect (the last combines the useful ones). */
const VARIANTS = {
    "convertFile as is": {},
    "zstd level 1": { copy: "COMPRESSION_LEVEL 1" },
    "csv buffer_size 8 MB": { read: "buffer_size=8000000" },
    "row groups of 60000 rows": { copy: "ROW_GROUP_SIZE 60000" },
    "row groups of 30000 rows": { copy: "ROW_GROUP_SIZE 30000" },
    "preserve_insertion_order off": { settings: { preserve_insertion_order: "false" } },
    "memory_limit 160 MB": { settings: { memory_limit: "160MB" } },
    "zstd 1 + buffer 8 MB + row groups 60000": { copy: "COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 60000", read: "buffer_size=8000000" },
    "zstd 1 + buffer 8 MB + row groups 30000": { copy: "COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 30000", read: "buffer_size=8000000" },
    "zstd 1 + buffer 8 MB + row groups 15000": { copy: "COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 15000", read: "buffer_size=8000000" },
};

async function child(name, input, output, threads) {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const v = VARIANTS[name];
    const db = await DuckDBInstance.create(":memory:", {
        threads: String(threads),
        preserve_insertion_order: "true",
        temp_directory: path.join(tmpDir, "tuning-spill"),
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
        ...v.settings,
    });
    const con = await db.connect();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const read = `read_csv('${input}', ${CONVERT_READ_CSV}${v.read ? `, ${v.read}` : ""})`;
    const result = await con.run(`COPY (SELECT * FROM ${read}) TO '${output}' (FORMAT parquet, COMPRESSION zstd${v.copy ? `, ${v.copy}` : ""})`);
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(
        JSON.stringify({
            rows: Number(result.rowsChanged),
            seconds,
            cpuSeconds: (used.user + used.system) / 1e6,
            peakRssBytes: process.resourceUsage().maxRSS * 1024,
            outputBytes: statSync(output).size,
        }),
    );
}

function run(name, input, threads) {
    const output = path.join(tmpDir, "tuning.parquet");
    return new Promise((resolve, reject) => {
        const proc = spawn(process.execPath, [self, "--child", name, "--input", input, "--output", output, "--threads", String(threads)], {
            stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        proc.stdout.on("data", (d) => (out += d));
        proc.on("error", reject);
        proc.on("close", (code) => {
            rmSync(output, { force: true });
            if (code !== 0) return reject(new Error(`${name}: exit ${code}`));
            resolve(JSON.parse(out.trim().split("\n").pop()));
        });
    });
}

async function main() {
    const { values } = parseArgs({
        options: {
            threads: { type: "string", default: "1,2" },
            repeat: { type: "string", default: "3" },
            mb: { type: "string", default: "160" },
            child: { type: "string" },
            input: { type: "string" },
            output: { type: "string" },
        },
    });
    if (values.child) return child(values.child, values.input, values.output, Number(values.threads));

    const input = path.join(root, `bench/out/orders-v${GENERATOR_VERSION}-${values.mb}mb.csv`);
    if (!existsSync(input)) throw new Error(`${input} is missing: run node bench/processor.mjs first`);
    mkdirSync(tmpDir, { recursive: true });
    const inputBytes = statSync(input).size;
    const names = Object.keys(VARIANTS);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const results = [];
    for (const threads of values.threads.split(",").map(Number)) {
        const measured = Object.fromEntries(names.map((n) => [n, []]));
        for (let i = 0; i < Number(values.repeat); i++) {
            for (const name of names) measured[name].push(await run(name, input, threads));
        }
        const variants = names.map((name) => {
            const ms = measured[name];
            const cpuSeconds = median(ms.map((m) => m.cpuSeconds));
            const peakRssBytes = Math.max(...ms.map((m) => m.peakRssBytes));
            return {
                variant: name,
                ...VARIANTS[name],
                seconds: Number(median(ms.map((m) => m.seconds)).toFixed(2)),
                cpuSeconds: Number(cpuSeconds.toFixed(2)),
                cpuSecondsAll: ms.map((m) => Number(m.cpuSeconds.toFixed(2))),
                mbPerCpuSecond: Number((inputBytes / 1e6 / cpuSeconds).toFixed(1)),
                peakRssBytes,
                peakRssToInput: Number((peakRssBytes / inputBytes).toFixed(3)),
                outputBytes: ms[0].outputBytes,
                rows: ms[0].rows,
            };
        });
        console.log(`threads=${threads}`);
        for (const r of variants) {
            console.log(
                `  ${r.variant.padEnd(42)} ${r.seconds.toFixed(2).padStart(6)} s  ${r.cpuSeconds.toFixed(2).padStart(5)} CPU s  ` +
                    `${String(r.mbPerCpuSecond).padStart(5)} MB/CPU-s  RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0).padStart(4)} MiB (${r.peakRssToInput}x)  ` +
                    `out ${(r.outputBytes / 2 ** 20).toFixed(1)} MiB`,
            );
        }
        results.push({ threads, variants });
    }
    const file = path.join(root, "bench/results/processor-tuning.json");
    const duckdb = JSON.parse(readFileSync(path.join(root, "node_modules/@duckdb/node-api/package.json"), "utf8")).version;
    const doc = {
        benchmark: "DuckDB settings for convertFile's CSV -> zstd Parquet COPY, one change at a time",
        date: new Date().toISOString(),
        machine: { cpu: os.cpus()[0]?.model, cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
        duckdbNodeApi: duckdb,
        input: { file: path.relative(root, input), bytes: inputBytes },
        repetitions: Number(values.repeat),
        method: "seconds and CPU seconds (user + system of the process, robust to other load): median; peak RSS: worst repetition",
        results,
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
    console.log(`written to ${path.relative(root, file)}`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
