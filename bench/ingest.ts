/**
 * Ingest API benchmark: `npx ts-node -T bench/ingest.ts [--quick]`. Not part of npm test.
 *
 * - Bundle size and module init time of functions/ingest-api/index.ts bundled as deployed
 *   (lib/bundle.ts), each init measured in a fresh node process (median of runs), side by side
 *   with variants: the CommonJS builds of the packages (esbuild's default main fields), no
 *   Powertools, and the peer bench/ingest.peer-ajv.ts (schemas compiled by ajv at init, not standalone).
 * - Handler throughput in-process with a stub Firehose that accepts at once: events/s and
 *   records per PutRecordBatch call, by events per request.
 * Targets: bundle < 1 MB, init < 150 ms, calls >= 90% full (450 of 500 records) under load.
 * Writes bench/results/ingest.json and prints a summary.
 */
import { buildSync, BuildOptions } from "esbuild";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { bundleFunction, PROJECT_ROOT } from "../lib/bundle";
import { IngestEnv } from "../lib/contract";
import { createHandler } from "../functions/ingest-api/handler";
import { RecordBatchSender } from "../functions/ingest-api/firehose";
import { generate, LoadRecord } from "../tools/loadgen/records";

const quick = process.argv.includes("--quick");
const OUT = path.join(PROJECT_ROOT, ".build", "bench", "ingest");
const TARGETS = { bundleBytes: 1_000_000, initMs: 150, callFill: 0.9 };
const INIT_RUNS = quick ? 5 : 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Builds a variant with the deployed esbuild options plus overrides. */
function bundleVariant(name: string, entry: string, over: BuildOptions = {}): string {
    const outfile = path.join(OUT, name, "index.js");
    buildSync({ entryPoints: [entry], outfile, bundle: true, platform: "node", target: "node22", format: "cjs", minify: true, logLevel: "silent", ...over });
    return outfile;
}

/**
 * Time to require the bundle in a fresh node process over INIT_RUNS: wall ms (median, min) and
 * CPU ms (user + system, median), the latter less sensitive to other load on a shared machine.
 */
function initTime(file: string): { medianMs: number; minMs: number; cpuMedianMs: number; runs: number } {
    const script = `const c=process.cpuUsage(),t=process.hrtime.bigint();require(${JSON.stringify(file)});const w=Number(process.hrtime.bigint()-t)/1e6,u=process.cpuUsage(c);process.stdout.write(JSON.stringify([w,(u.user+u.system)/1000]))`;
    const env = { ...process.env, AWS_REGION: "eu-west-1", [IngestEnv.routeStreams]: '{"/impressions":"bench"}', NODE_NO_WARNINGS: "1" };
    const samples = Array.from({ length: INIT_RUNS }, () => JSON.parse(execFileSync(process.execPath, ["-e", script], { env }).toString()) as [number, number]);
    const wall = samples.map((s) => s[0]),
        cpu = samples.map((s) => s[1]);
    const r = (x: number) => Math.round(x * 10) / 10;
    return { medianMs: r(median(wall)), minMs: r(Math.min(...wall)), cpuMedianMs: r(median(cpu)), runs: INIT_RUNS };
}

function measureBundles() {
    const entry = path.join(PROJECT_ROOT, "functions/ingest-api/index.ts");
    const noPowertools = path.join(OUT, "no-powertools-entry.ts");
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(
        noPowertools,
        `import { FirehoseClient } from "@aws-sdk/client-firehose";\nimport validators = require(${JSON.stringify(path.join(PROJECT_ROOT, "functions/ingest-api/validators.generated"))});\nexport const c = [new FirehoseClient({}), validators];\n`,
    );
    const variants: Record<string, string> = {
        deployed: bundleFunction("ingest-api"),
        commonJsMainFields: bundleVariant("cjs", entry, { mainFields: ["main"] }),
        noPowertools: bundleVariant("no-powertools", noPowertools, { mainFields: ["module", "main"] }),
        peerAjvAtInit: bundleVariant("peer-ajv", path.join(__dirname, "ingest.peer-ajv.ts")),
    };
    return Object.fromEntries(Object.entries(variants).map(([name, file]) => [name, { bytes: fs.statSync(file).size, init: initTime(file) }]));
}

/** Stub Firehose: accepts every record at once, counts records per call. */
class StubFirehose implements RecordBatchSender {
    callSizes: number[] = [];
    async send(command: import("@aws-sdk/client-firehose").PutRecordBatchCommand) {
        const n = command.input.Records!.length;
        this.callSizes.push(n);
        return { FailedPutCount: 0, RequestResponses: Array.from({ length: n }, (_, i) => ({ RecordId: String(i) })), $metadata: {} };
    }
}

async function measureThroughput(eventsPerRequest: number, totalEvents: number) {
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    const firehose = new StubFirehose();
    const handler = createHandler({
        firehose,
        settings: { routeStreams: { "/impressions": "bench" }, maxBodyBytes: 10 * 1024 * 1024, maxAttempts: 6 },
        logger: new Logger({ logLevel: "SILENT" }),
        metrics: new Metrics({ namespace: "bench" }),
    });
    const gen = generate("beacons", { seed: 11, now: () => new Date(), clickThrough: 0 });
    const requests = Math.max(1, Math.round(totalEvents / eventsPerRequest));
    const bodies = Array.from({ length: Math.min(requests, 50) }, () =>
        JSON.stringify(Array.from({ length: eventsPerRequest }, () => (gen.next().value as LoadRecord).data)),
    );
    const context = { awsRequestId: "bench", getRemainingTimeInMillis: () => 30_000 };
    const event = (i: number) =>
        ({
            resource: "/impressions",
            httpMethod: "POST",
            headers: { "content-type": "application/json" },
            body: bodies[i % bodies.length],
            isBase64Encoded: false,
            requestContext: { requestId: `r${i}` },
        }) as unknown as APIGatewayProxyEvent;
    for (let i = 0; i < Math.min(20, requests); i++) await handler(event(i), context); // warm-up
    firehose.callSizes = [];
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) {
        const res = await handler(event(i), context);
        if (res.statusCode !== 200) throw new Error(`bench request answered ${res.statusCode}: ${res.body}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const meanPerCall = firehose.callSizes.reduce((a, b) => a + b, 0) / firehose.callSizes.length;
    return {
        eventsPerRequest,
        requests,
        bodyBytes: Buffer.byteLength(bodies[0]),
        eventsPerSecond: Math.round((requests * eventsPerRequest) / seconds),
        requestsPerSecond: Math.round(requests / seconds),
        meanRecordsPerCall: Math.round(meanPerCall * 10) / 10,
        callFill: Math.round((meanPerCall / 500) * 1000) / 1000,
    };
}

async function main() {
    const bundles = measureBundles();
    const total = quick ? 20_000 : 200_000;
    const throughput = [];
    for (const n of [1, 10, 100, 500, 1000, 5000]) throughput.push(await measureThroughput(n, n === 1 ? total / 10 : total));
    const load = throughput.find((t) => t.eventsPerRequest === 1000)!;
    const results = {
        date: new Date().toISOString(),
        machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100) },
        quick,
        targets: TARGETS,
        bundles,
        throughput,
        verdict: {
            bundleUnder1MB: bundles.deployed.bytes < TARGETS.bundleBytes,
            initUnder150msWall: bundles.deployed.init.medianMs < TARGETS.initMs,
            // Wall time swells with other load on a shared machine; CPU time much less.
            initUnder150msCpu: bundles.deployed.init.cpuMedianMs < TARGETS.initMs,
            callsAtLeast90PercentFullUnderLoad: load.callFill >= TARGETS.callFill,
        },
        notes: [
            "Init: require() of the bundle in a fresh node process, env set, no network; Lambda adds its own runtime start.",
            "Throughput: sequential requests (one Lambda instance handles one at a time), stub Firehose answering at once, Powertools silent; bodies pre-built.",
            "Under load = requests of 1000 impressions (~190 KB); calls fill only as much as each request carries: a request of n events makes ceil(n/500) calls.",
        ],
    };
    fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
    fs.writeFileSync(path.join(__dirname, "results", "ingest.json"), JSON.stringify(results, null, 2) + "\n");
    console.log("bundle             bytes   init wall median (min) ms   cpu median ms");
    for (const [name, b] of Object.entries(bundles))
        console.log(`${name.padEnd(16)} ${String(b.bytes).padStart(9)}  ${`${b.init.medianMs} (${b.init.minMs})`.padEnd(26)}  ${b.init.cpuMedianMs}`);
    console.log("\nevents/request  events/s  requests/s  records/call  fill");
    for (const t of throughput)
        console.log(
            `${String(t.eventsPerRequest).padStart(14)} ${String(t.eventsPerSecond).padStart(9)} ${String(t.requestsPerSecond).padStart(11)} ${String(t.meanRecordsPerCall).padStart(13)}  ${t.callFill}`,
        );
    console.log("\nverdict", results.verdict, "\nwrote bench/results/ingest.json");
}

void main();
