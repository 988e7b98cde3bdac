/**
 * Processor throughput benchmark (not part of `npm test`): the drop -> raw conversion
 * (functions/drop-to-raw/convert.ts `convertFile`) against pyarrow and pandas, on the SAME
 * generated orders CSV, at the SAME thread count, in ONE run. Each conversion runs in its own
 * process under /usr/bin/time for its peak RSS; the tools alternate within each repetition so
 * background load hits them alike. Writes bench/results/processor.json and prints a summary.
 *
 *   node bench/processor.mjs [--threads 1,2] [--repeat 3] [--mb 160] [--memory-limit-mb N]
 *
 * With --curve, the size curve instead (processor.curve.mjs): ours, pyarrow (streaming) and polars
 * on CSV and NDJSON, gzip or not, from 10 MB up to --max-mb, written to bench/results/processor-curve.json.
 *
 *   node bench/processor.mjs --curve [--max-mb 1024] [--sizes 10,100,...] [--formats csv,csv.gz,ndjson,ndjson.gz]
 *        [--curve-tools ours,pyarrow-stream,polars] [--python-path DIR] [--threads 1,2] [--memory-limit-mb N]
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { GENERATOR_VERSION, generateOrders } from "./processor.data.mjs";
import { runCurve } from "./processor.curve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "bench/out");
const tmpDir = path.join(outDir, "tmp");
const resultsFile = path.join(root, "bench/results/processor.json");
const python = path.join(root, ".venv/bin/python");
const TIME = "/usr/bin/time";
const TASKSET = "/usr/bin/taskset";
const TOOLS = ["ours", "pyarrow", "pandas"];
const TARGETS = { vsPyarrow: 1.0, vsPandas: 3.0, peakRssToInput: 1.5 };

const { values: args } = parseArgs({
    options: {
        threads: { type: "string", default: "1,2" },
        repeat: { type: "string", default: "3" },
        mb: { type: "string", default: "160" },
        "memory-limit-mb": { type: "string" },
        curve: { type: "boolean", default: false },
        "max-mb": { type: "string", default: "1024" },
        sizes: { type: "string" },
        formats: { type: "string", default: "csv,csv.gz,ndjson,ndjson.gz" },
        "curve-tools": { type: "string", default: "ours,pyarrow-stream,polars" },
        "python-path": { type: "string" },
    },
});
const threadCounts = args.threads.split(",").map(Number);
const repeat = Number(args.repeat);
const mb = Number(args.mb);

function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function sha256(file) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file)) hash.update(chunk);
    return hash.digest("hex");
}

/** Runs one conversion in its own process; returns its report plus wall time and peak RSS. */
export async function measure(tool, input, threads) {
    const output = path.join(tmpDir, `${tool}-t${threads}.parquet`);
    const timeFile = path.join(tmpDir, `${tool}-t${threads}.time`);
    const worker = path.join(tmpDir, "processor-worker.cjs");
    const cmd = tool.endsWith("ours")
        ? [process.execPath, worker, tool, input, output, String(threads), ...(args["memory-limit-mb"] ? [args["memory-limit-mb"]] : [])]
        : [python, path.join(root, "bench/processor.py"), tool, input, output, String(threads)];
    const env = { ...process.env, OMP_NUM_THREADS: String(threads), UV_THREADPOOL_SIZE: String(Math.max(threads, 1)) };
    // A private location for a peer not in the project's venv (polars while it is tried).
    if (args["python-path"]) env.PYTHONPATH = [args["python-path"], process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise((resolve, reject) => {
        // Pinned to `threads` CPUs as well, so no library can use more cores than the others.
        const pin = existsSync(TASKSET) ? [TASKSET, "-c", `0-${threads - 1}`] : [];
        const child = spawn(TIME, ["-f", "%M %U %S", "-o", timeFile, ...pin, ...cmd], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    const wallSeconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`${tool} (threads ${threads}) exited with ${code}:\n${stderr.slice(-2000)}`);
    const report = JSON.parse(stdout.trim().split("\n").pop());
    const [maxRssKb, user, system] = readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
    const outputBytes = existsSync(output) ? statSync(output).size : 0;
    rmSync(output, { force: true });
    rmSync(timeFile, { force: true });
    return { ...report, wallSeconds, cpuSeconds: user + system, peakRssBytes: maxRssKb * 1024, outputBytes };
}

/** Bundles the worker the way the Lambda is bundled (@duckdb/* external). */
async function bundleWorker() {
    await build({
        entryPoints: [path.join(root, "bench/processor.worker.ts")],
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        external: ["@duckdb/*"],
        outfile: path.join(tmpDir, "processor-worker.cjs"),
        logLevel: "warning",
    });
}

async function main() {
    if (args.curve) {
        mkdirSync(tmpDir, { recursive: true });
        await bundleWorker();
        const sizes = args.sizes ? args.sizes.split(",").map(Number) : undefined;
        return runCurve({
            root,
            outDir,
            measure,
            threadCounts,
            maxMb: Number(args["max-mb"]),
            sizes,
            formats: args.formats.split(","),
            tools: args["curve-tools"].split(","),
            memoryLimitMb: args["memory-limit-mb"] ? Number(args["memory-limit-mb"]) : undefined,
        });
    }
    const loadAtStart = os.loadavg();
    if (!existsSync(TIME)) throw new Error(`${TIME} is needed for peak RSS (apt-get install time)`);
    if (!existsSync(python)) throw new Error(`${python} is missing: run scripts/setup-python.sh`);
    mkdirSync(tmpDir, { recursive: true });
    const input = path.join(outDir, `orders-v${GENERATOR_VERSION}-${mb}mb.csv`);
    if (!existsSync(input)) {
        console.log(`generating ${path.relative(root, input)} ...`);
        generateOrders(input, mb * 1024 * 1024);
    }
    const inputBytes = statSync(input).size;
    const inputSha256 = await sha256(input); // also warms the page cache for every tool alike

    await bundleWorker();

    const baselines = {};
    for (const tool of TOOLS) {
        const m = await measure(`baseline-${tool}`, input, 1);
        baselines[tool] = { peakRssBytes: m.peakRssBytes, wallSeconds: round(m.wallSeconds, 3), ...m.versions };
    }

    const runs = [];
    for (let i = 0; i < repeat; i++) {
        for (const threads of threadCounts) {
            for (const tool of TOOLS) {
                const m = await measure(tool, input, threads);
                runs.push({ tool, threads, repetition: i + 1, ...m });
                console.log(`  ${tool.padEnd(8)} threads=${threads} #${i + 1}: ${m.seconds.toFixed(2)} s, peak RSS ${mib(m.peakRssBytes)} MiB`);
            }
        }
    }

    const results = threadCounts.map((threads) => {
        const tools = Object.fromEntries(
            TOOLS.map((tool) => {
                const own = runs.filter((r) => r.tool === tool && r.threads === threads);
                const seconds = median(own.map((r) => r.seconds));
                const wallSeconds = median(own.map((r) => r.wallSeconds));
                const cpuSeconds = median(own.map((r) => r.cpuSeconds));
                const peakRssBytes = Math.max(...own.map((r) => r.peakRssBytes));
                return [
                    tool,
                    {
                        mbPerSecond: round(inputBytes / 1e6 / seconds, 1),
                        seconds: round(seconds, 3),
                        secondsAll: own.map((r) => round(r.seconds, 3)),
                        wallSeconds: round(wallSeconds, 3),
                        wallMbPerSecond: round(inputBytes / 1e6 / wallSeconds, 1),
                        cpuSeconds: round(cpuSeconds, 2),
                        mbPerCpuSecond: round(inputBytes / 1e6 / cpuSeconds, 1),
                        rows: own[0].rows,
                        columns: own[0].columns,
                        outputBytes: own[0].outputBytes,
                        peakRssBytes,
                        peakRssToInput: round(peakRssBytes / inputBytes, 3),
                    },
                ];
            }),
        );
        const { ours, pyarrow, pandas } = tools;
        const ratios = {
            oursVsPyarrow: round(ours.mbPerSecond / pyarrow.mbPerSecond, 3),
            oursVsPandas: round(ours.mbPerSecond / pandas.mbPerSecond, 3),
            oursVsPyarrowWall: round(ours.wallMbPerSecond / pyarrow.wallMbPerSecond, 3),
            oursVsPandasWall: round(ours.wallMbPerSecond / pandas.wallMbPerSecond, 3),
            oursVsPyarrowCpu: round(ours.mbPerCpuSecond / pyarrow.mbPerCpuSecond, 3),
            oursVsPandasCpu: round(ours.mbPerCpuSecond / pandas.mbPerCpuSecond, 3),
            oursPeakRssToInput: ours.peakRssToInput,
            pyarrowPeakRssToInput: pyarrow.peakRssToInput,
            pandasPeakRssToInput: pandas.peakRssToInput,
        };
        const targetsMet = {
            vsPyarrow: ratios.oursVsPyarrow >= TARGETS.vsPyarrow,
            vsPandas: ratios.oursVsPandas >= TARGETS.vsPandas,
            peakRssToInput: ratios.oursPeakRssToInput <= TARGETS.peakRssToInput,
        };
        const rowsAgree = ours.rows === pyarrow.rows && ours.rows === pandas.rows;
        return { threads, tools, ratios, targetsMet, rowsAgree };
    });

    const duckdbVersion = JSON.parse(readFileSync(path.join(root, "node_modules/@duckdb/node-api/package.json"), "utf8")).version;
    const doc = {
        benchmark: "processor: CSV -> zstd Parquet, one file, same thread count, one run",
        date: new Date().toISOString(),
        machine: {
            cpu: os.cpus()[0]?.model,
            cpus: os.cpus().length,
            memoryBytes: os.totalmem(),
            platform: `${os.platform()} ${os.release()}`,
            loadAverageAtStart: loadAtStart.map((l) => round(l, 2)),
            loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
        },
        versions: { node: process.versions.node, duckdbNodeApi: duckdbVersion, pyarrow: baselines.pyarrow.pyarrow, pandas: baselines.pandas.pandas },
        input: {
            file: path.relative(root, input),
            generatorVersion: GENERATOR_VERSION,
            bytes: inputBytes,
            sha256: inputSha256,
            rows: results[0].tools.ours.rows,
        },
        method: {
            throughput: "input bytes (MB = 10^6 bytes) / seconds of read + write inside the worker, after imports; median of the repetitions",
            wall: "process start to exit, including interpreter start and imports",
            cpu: "user + system CPU seconds of the whole worker process (/usr/bin/time %U + %S); robust to other load on the machine, but summed over threads",
            peakRss: "maximum resident set size of the worker process (/usr/bin/time %M), worst repetition",
            repetitions: repeat,
            threads: `each library's own thread setting, and the process pinned to that many CPUs (${existsSync(TASKSET) ? "taskset" : "taskset not found: not pinned"})`,
            ours: `convertFile(..., { threads${args["memory-limit-mb"] ? `, memoryLimitMb: ${args["memory-limit-mb"]}` : ""} }) from functions/drop-to-raw/convert.ts, bundled with esbuild`,
            pyarrow: "pyarrow.csv.read_csv(use_threads = threads > 1) + pyarrow.parquet.write_table(compression='zstd'), set_cpu_count(threads)",
            pandas: "pandas.read_csv (C parser; pandas 3.1 option mode.max_threads = threads) + DataFrame.to_parquet(compression='zstd', engine='pyarrow'), arrow set_cpu_count(threads)",
        },
        targets: TARGETS,
        baselines,
        results,
    };
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, JSON.stringify(doc, null, 2) + "\n");

    console.log(`\ninput ${path.relative(root, input)}: ${mib(inputBytes)} MiB, ${doc.input.rows} rows`);
    console.log(`baseline peak RSS: ${TOOLS.map((t) => `${t} ${mib(baselines[t].peakRssBytes)} MiB`).join(", ")}`);
    for (const r of results) {
        console.log(`\nthreads=${r.threads}${r.rowsAgree ? "" : "  (ROW COUNTS DIFFER)"}`);
        console.log("tool      MB/s   seconds  wall s   CPU s  MB/CPU-s  output MiB  peak RSS MiB  RSS/input");
        for (const tool of TOOLS) {
            const t = r.tools[tool];
            console.log(
                `${tool.padEnd(8)} ${String(t.mbPerSecond).padStart(6)} ${t.seconds.toFixed(2).padStart(8)} ${t.wallSeconds.toFixed(2).padStart(7)} ` +
                    `${t.cpuSeconds.toFixed(2).padStart(6)} ${String(t.mbPerCpuSecond).padStart(9)} ` +
                    `${mib(t.outputBytes).padStart(11)} ${mib(t.peakRssBytes).padStart(13)} ${t.peakRssToInput.toFixed(2).padStart(10)}`,
            );
        }
        const mark = (ok) => (ok ? "met" : "MISSED");
        console.log(
            `ours/pyarrow ${r.ratios.oursVsPyarrow}x (target >= ${TARGETS.vsPyarrow}: ${mark(r.targetsMet.vsPyarrow)}), ` +
                `ours/pandas ${r.ratios.oursVsPandas}x (target >= ${TARGETS.vsPandas}: ${mark(r.targetsMet.vsPandas)}), ` +
                `ours RSS/input ${r.ratios.oursPeakRssToInput} (target <= ${TARGETS.peakRssToInput}: ${mark(r.targetsMet.peakRssToInput)}); ` +
                `per CPU-second: ours/pyarrow ${r.ratios.oursVsPyarrowCpu}x, ours/pandas ${r.ratios.oursVsPandasCpu}x`,
        );
    }
    console.log(`\nwritten to ${path.relative(root, resultsFile)}`);
}

function round(x, digits) {
    return Number(x.toFixed(digits));
}

function mib(bytes) {
    return (bytes / 1024 / 1024).toFixed(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    main().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
