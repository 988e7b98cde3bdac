/**
 * The processor's size curve (`node bench/processor.mjs --curve`): the drop -> raw conversion
 * (ours: convertFile, DuckDB), pyarrow (streaming) and polars (streaming) on the orders data as CSV
 * and NDJSON, gzip or not, from 10 MB up to --max-mb, threads 1 and 2, one process per conversion
 * (processor.mjs `measure`). Then, per tool, kind and thread count, a linear fit of time against
 * size and the RSS spread (time should be linear, RSS flat), the function's hand-over point to
 * Spark by lib/handover.ts with the measured curve, and $/GB on each path from bench/prices.json.
 * Writes bench/results/processor-curve.json after every conversion (a long run keeps what it measured);
 * runs of tools not in this run are kept from the previous file, so Spark can be measured apart.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
import { build } from "esbuild";
import { GENERATOR_VERSION, generateOrders } from "./processor.data.mjs";

/** 10 MB to 4 GB, about half a decade apart. */
const DEFAULT_SIZES = [10, 32, 100, 316, 1000, 2048, 4096];
/** The Glue job the function hands over to (components/etl: G.1X, 2 workers = the driver and one executor). */
const GLUE_JOB = { workerType: "G.1X", workers: 2 };

const round = (x, digits = 3) => Number(x.toFixed(digits));

/** Least squares y = a + b x, with R^2. */
function linearFit(xs, ys) {
    const n = xs.length;
    const mx = xs.reduce((s, x) => s + x, 0) / n;
    const my = ys.reduce((s, y) => s + y, 0) / n;
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
    const b = sxx ? sxy / sxx : 0;
    const a = my - b * mx;
    const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
    const ssRes = ys.reduce((s, y, i) => s + (y - a - b * xs[i]) ** 2, 0);
    return { intercept: a, slope: b, r2: ssTot ? 1 - ssRes / ssTot : 1 };
}

/** The input of `format` at `mb` MiB of text, generated (and gzipped, level 6) once. */
async function inputFile(outDir, format, mb) {
    const base = format.replace(/\.gz$/, "");
    const text = path.join(outDir, `orders-v${GENERATOR_VERSION}-${mb}mb.${base}`);
    if (!existsSync(text)) {
        console.log(`generating ${text} ...`);
        generateOrders(text, mb * 1024 * 1024, undefined, base);
    }
    if (!format.endsWith(".gz")) return { file: text, textBytes: statSync(text).size };
    const gz = `${text}.gz`;
    if (!existsSync(gz)) {
        await pipeline(createReadStream(text), createGzip({ level: 6 }), createWriteStream(`${gz}.partial`));
        renameSync(`${gz}.partial`, gz);
    }
    return { file: gz, textBytes: statSync(text).size };
}

/** lib/handover.ts and the processor defaults, bundled for this script (the rule lives there only). */
async function loadRule(root, tmpDir) {
    const outfile = path.join(tmpDir, "handover.mjs");
    await build({
        stdin: {
            contents: `export * from "./lib/handover"; export { PROCESSOR_DEFAULTS } from "./components/processing/args";`,
            resolveDir: root,
            loader: "ts",
        },
        bundle: true,
        platform: "node",
        format: "esm",
        // Loaded from the project's node_modules (lib/lake-context names Pulumi's types and helpers).
        external: ["@pulumi/*"],
        outfile,
        logLevel: "warning",
    });
    return import(pathToFileURL(outfile).href);
}

/** The curve's kind name of a bench format (`ndjson.gz` -> `json.gz`). */
const kindOf = (format) => format.replace("ndjson", "json");

export async function runCurve({ root, outDir, measure, threadCounts, maxMb, sizes, formats, tools, memoryLimitMb }) {
    const resultsFile = path.join(root, "bench/results/processor-curve.json");
    const tmpDir = path.join(outDir, "tmp");
    mkdirSync(tmpDir, { recursive: true });
    const rule = await loadRule(root, tmpDir);
    const prices = JSON.parse(readFileSync(path.join(root, "bench/prices.json"), "utf8"));
    const chosen = (sizes ?? DEFAULT_SIZES).filter((s) => s <= maxMb);
    const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : undefined;
    const runs = (previous?.runs ?? []).filter((r) => !tools.includes(r.tool));
    const loadAtStart = os.loadavg();

    const save = () => {
        const doc = summarise({ runs, rule, prices, memoryLimitMb });
        writeFileSync(
            resultsFile,
            JSON.stringify(
                {
                    benchmark: "processor size curve: one object -> zstd Parquet, CSV and NDJSON, gzip or not, threads 1 and 2, one process each",
                    date: new Date().toISOString(),
                    machine: {
                        cpu: os.cpus()[0]?.model,
                        cpus: os.cpus().length,
                        memoryBytes: os.totalmem(),
                        loadAverageAtStart: loadAtStart.map((l) => round(l, 2)),
                        loadAverageNow: os.loadavg().map((l) => round(l, 2)),
                    },
                    method: {
                        sizes: "MiB of text (CSV or NDJSON) per input; a .gz input is that text gzipped at level 6; x of the fits is the object's stored bytes (GB = 10^9)",
                        ours: `convertFile (functions/drop-to-raw/convert.ts) bundled as the Lambda is${memoryLimitMb ? `, memoryLimitMb ${memoryLimitMb} (the function's 60% of 2048 MB)` : ""}`,
                        "pyarrow-stream": "pyarrow.csv.open_csv / pyarrow.json.open_json batches -> ParquetWriter(zstd)",
                        polars: "polars scan_csv / scan_ndjson -> sink_parquet(zstd); .gz read whole (polars does not stream compressed input)",
                        spark: "etl/lakeetl/convert_object.py convert_file on local[threads] (the Glue job's conversion), driver JVM included in RSS",
                        peakRss: "/usr/bin/time %M of the worker process",
                        pinning: "each process pinned to `threads` CPUs with taskset",
                    },
                    prices,
                    ...doc,
                    runs,
                },
                null,
                2,
            ) + "\n",
        );
    };

    for (const mb of chosen) {
        for (const format of formats) {
            const { file, textBytes } = await inputFile(outDir, format, mb);
            const objectBytes = statSync(file).size;
            for (const threads of threadCounts) {
                for (const tool of tools) {
                    let m;
                    try {
                        m = await measure(tool, file, threads);
                    } catch (e) {
                        console.log(`  ${tool} ${format} ${mb} MiB threads=${threads}: FAILED ${String(e.message).split("\n").slice(0, 3).join(" | ")}`);
                        runs.push({ tool, format, kind: kindOf(format), mb, threads, objectBytes, textBytes, failed: String(e.message).slice(0, 500) });
                        save();
                        continue;
                    }
                    runs.push({
                        tool,
                        format,
                        kind: kindOf(format),
                        mb,
                        threads,
                        objectBytes,
                        textBytes,
                        seconds: round(m.seconds),
                        wallSeconds: round(m.wallSeconds),
                        // Spark's JVM is a child the worker reports apart (processor.py spark_convert).
                        cpuSeconds: round(m.cpuSeconds + (m.jvmCpuSeconds ?? 0), 2),
                        peakRssBytes: m.peakRssBytes + (m.jvmPeakRssBytes ?? 0),
                        outputBytes: m.outputBytes,
                        rows: m.rows,
                    });
                    console.log(
                        `  ${tool.padEnd(15)} ${format.padEnd(9)} ${String(mb).padStart(5)} MiB t=${threads}: ${m.seconds.toFixed(2)} s, ` +
                            `RSS ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${m.rows} rows`,
                    );
                    save();
                }
            }
        }
    }
    save();
    const doc = JSON.parse(readFileSync(resultsFile, "utf8"));
    console.log("\nfits (seconds = a + b * GB of object):");
    for (const f of doc.fits) {
        console.log(
            `  ${f.tool.padEnd(15)} ${f.kind.padEnd(8)} t=${f.threads}: ${f.secondsPerGb} s/GB + ${f.fixedSeconds} s (R^2 ${f.r2}), ` +
                `RSS ${f.rssMinMb}..${f.rssMaxMb} MiB (${f.rssGrowthMbPerGb} MiB per GB), sizes ${f.sizesMb.join(",")}`,
        );
    }
    console.log("\nhand-over (function's limits by kind, default settings):", JSON.stringify(doc.handover?.limitsBytes));
    console.log("$/GB:", JSON.stringify(doc.costPerGb, null, 1));
    console.log(`\nwritten to ${path.relative(root, resultsFile)}`);
}

/** Fits, the curve the rule takes, the hand-over point and $/GB, from the runs so far. */
function summarise({ runs, rule, prices }) {
    const ok = runs.filter((r) => !r.failed);
    const groups = new Map();
    for (const r of ok) {
        const k = `${r.tool}|${r.kind}|${r.threads}`;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(r);
    }
    const fits = [...groups.values()].map((rs) => {
        rs.sort((a, b) => a.objectBytes - b.objectBytes);
        const gb = rs.map((r) => r.objectBytes / 1e9);
        const fit = linearFit(
            gb,
            rs.map((r) => r.seconds),
        );
        const cpu = linearFit(
            gb,
            rs.map((r) => r.cpuSeconds),
        );
        const rss = rs.map((r) => r.peakRssBytes / 2 ** 20);
        const rssFit = linearFit(gb, rss);
        return {
            tool: rs[0].tool,
            kind: rs[0].kind,
            threads: rs[0].threads,
            sizesMb: rs.map((r) => r.mb),
            wallSecondsPerGb: round(fit.slope, 2),
            wallFixedSeconds: round(fit.intercept, 2),
            wallR2: round(fit.r2, 4),
            // CPU seconds (user + system, one pinned core at threads 1): robust to the shared machine's load.
            secondsPerGb: round(cpu.slope, 2),
            fixedSeconds: round(cpu.intercept, 2),
            r2: round(cpu.r2, 4),
            mbPerSecondLargest: round(rs.at(-1).objectBytes / 1e6 / rs.at(-1).seconds, 1),
            rssMinMb: round(Math.min(...rss), 0),
            rssMaxMb: round(Math.max(...rss), 0),
            rssGrowthMbPerGb: round(rssFit.slope, 1),
            outputToText: round(Math.max(...rs.map((r) => r.outputBytes / r.textBytes)), 3),
            inflation: round(Math.max(...rs.map((r) => r.textBytes / r.objectBytes)), 2),
        };
    });
    const ours1 = Object.fromEntries(fits.filter((f) => f.tool === "ours" && f.threads === 1).map((f) => [f.kind, f]));
    const kinds = ["csv", "csv.gz", "json", "json.gz"];
    if (!kinds.every((k) => ours1[k])) return { fits };
    // The curve lib/handover.ts PROCESSOR_CURVE should hold (parquet: no measurement here, taken as CSV's).
    const curve = {
        secondsPerGb: { ...Object.fromEntries(kinds.map((k) => [k, Math.ceil(ours1[k].secondsPerGb)])), parquet: Math.ceil(ours1.csv.secondsPerGb) },
        fixedSeconds: Math.max(1, Math.ceil(Math.max(...kinds.map((k) => ours1[k].fixedSeconds)))),
        peakRssMb: Math.ceil(Math.max(...kinds.map((k) => ours1[k].rssMaxMb)) / 50) * 50,
        gzipRatio: Math.ceil(Math.max(ours1["csv.gz"].inflation, ours1["json.gz"].inflation)),
        outputRatio: Math.ceil(Math.max(...kinds.map((k) => ours1[k].outputToText)) * 10) / 10,
    };
    const budget = { ...rule.PROCESSOR_DEFAULTS };
    const limitsBytes = rule.objectLimits(budget, { ...curve, measured: "this run" });
    const libLimitsBytes = rule.objectLimits(budget);
    const cpuShare = Math.min(1, budget.memoryMb / rule.MB_PER_VCPU);

    // $/GB of object: the function (GB-s of its memory and its /tmp above the free 512 MB, one
    // request) at its CPU share of the one-thread CPU curve; the Glue job (a model: Glue cannot
    // run here) at its workers' DPUs for max(1 minute, the local Spark curve's fixed CPU seconds +
    // its CPU seconds per GB spread over the cores that can share the object), billed per second.
    const lambdaCost = (kind) => {
        const f = ours1[kind];
        const seconds = (f.fixedSeconds + f.secondsPerGb) / cpuShare;
        const gbSeconds = seconds * (budget.memoryMb / 1024);
        const tmpGbSeconds = seconds * ((budget.ephemeralStorageMb - prices.lambda.freeEphemeralStorageMb) / 1024);
        return {
            secondsPerGb: round(seconds, 1),
            dollarsPerGb: round(
                gbSeconds * prices.lambda.x86_64PerGbSecond + tmpGbSeconds * prices.lambda.ephemeralStoragePerGbSecond + prices.lambda.perMillionRequests / 1e6,
                5,
            ),
        };
    };
    const spark1 = Object.fromEntries(fits.filter((f) => f.tool === "spark" && f.threads === 1).map((f) => [f.kind, f]));
    const dpus = prices.glue.dpuPerWorker[GLUE_JOB.workerType] * GLUE_JOB.workers;
    const executorCores = prices.glue.vcpuPerDpu * prices.glue.dpuPerWorker[GLUE_JOB.workerType] * (GLUE_JOB.workers - 1);
    const glueCost = (kind, gb) => {
        const f = spark1[kind];
        if (!f) return undefined;
        // One task reads a gzip stream, and a CSV (quoted line breaks: multiLine); NDJSON splits.
        const cores = kind === "json" ? executorCores : 1;
        const seconds = f.fixedSeconds + (f.secondsPerGb * gb) / cores;
        const billed = Math.max(prices.glue.minimumSeconds, seconds);
        return {
            seconds: round(seconds, 1),
            billedSeconds: round(billed, 1),
            dollarsPerGb: round((dpus * (billed / 3600) * prices.glue.sparkPerDpuHour) / gb, 4),
        };
    };
    const costPerGb = Object.fromEntries(
        kinds.map((k) => [
            k,
            {
                lambda: lambdaCost(k),
                glueAt1Gb: glueCost(k, 1),
                glueAtHandover: glueCost(k, limitsBytes[k] / 1e9),
                glueAt4Gb: glueCost(k, 4.294967296),
            },
        ]),
    );
    return {
        curveForLib: curve,
        handover: {
            budget,
            cpuShare: round(cpuShare, 3),
            limitsBytes,
            limitsGb: Object.fromEntries(Object.entries(limitsBytes).map(([k, v]) => [k, round(v / 1e9, 2)])),
            libLimitsBytes,
            glueJob: { ...GLUE_JOB, dpus, executorCores },
        },
        fits,
        costPerGb,
    };
}
