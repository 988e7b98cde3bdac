/**
 * Load generator for the lake's streaming ingest.
 *
 *   npx ts-node -T tools/loadgen.ts <beacons|telemetry|metrics> --target <api|firehose|kinesis> [flags]
 *
 * Modes: `beacons` (impressions, and a click for an impression with probability --ctr),
 * `telemetry` (the device record template of reference 004 in docs/references.md), `metrics` (laptop metrics, reference 000).
 * Targets: `api` (--url of the ingest API; beacons only, POST /impressions and /clicks), `firehose`
 * or `kinesis` (--stream NAME, or kind=NAME,... per record kind). --endpoint points the AWS clients
 * at an emulator such as moto on 127.0.0.1. Prints a progress bar (stderr, on a terminal) and a
 * summary: sent, accepted, failed, p50/p99 latency of each send.
 */
import { parseArgs } from "node:util";
import * as cliProgress from "cli-progress";
import { generate, Mode, MODES, RecordKind } from "./loadgen/records";
import { apiTarget, firehoseTarget, kinesisTarget, MAX_BATCH, parseStreams, Send, TARGETS, TargetName } from "./loadgen/targets";
import { run, Summary } from "./loadgen/run";

export interface CliOptions {
    mode: Mode;
    target: TargetName;
    url?: string;
    apiKey?: string;
    stream?: string;
    endpoint?: string;
    region?: string;
    rate: number;
    count?: number;
    durationS?: number;
    batch: number;
    concurrency: number;
    seed: number;
    ctr: number;
    json: boolean;
}

export const USAGE = `usage: loadgen <${MODES.join("|")}> --target <${TARGETS.join("|")}>
  --url URL            ingest API base URL (target api)
  --api-key KEY        x-api-key header (target api)
  --stream NAME        stream for every kind, or kind=NAME,... (targets firehose, kinesis)
  --endpoint URL       AWS endpoint override, e.g. http://127.0.0.1:5000 for moto
  --region REGION      AWS region (default: AWS_REGION or us-east-1)
  --rate N             records per second, 0 = as fast as possible (default 100)
  --count N | --duration SECONDS   when to stop (default --count 1000)
  --batch N            records per request/call (default: api 100, firehose/kinesis 500)
  --concurrency N      requests in flight (default 4)
  --seed N             PRNG seed (default 1)
  --ctr P              beacons: click-through probability (default 0.3)
  --json               print the summary as JSON`;

/** Kinds a mode produces. */
export const KINDS: Record<Mode, RecordKind[]> = { beacons: ["impressions", "clicks"], telemetry: ["telemetry"], metrics: ["metrics"] };

/** Parses and checks the command line; throws an Error whose message says what is wrong. */
export function parseCli(argv: string[]): CliOptions {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            target: { type: "string" },
            url: { type: "string" },
            "api-key": { type: "string" },
            stream: { type: "string" },
            endpoint: { type: "string" },
            region: { type: "string" },
            rate: { type: "string" },
            count: { type: "string" },
            duration: { type: "string" },
            batch: { type: "string" },
            concurrency: { type: "string" },
            seed: { type: "string" },
            ctr: { type: "string" },
            json: { type: "boolean" },
        },
    });
    const mode = positionals[0] as Mode;
    if (positionals.length !== 1 || !MODES.includes(mode)) throw new Error(`give one mode: ${MODES.join(", ")}`);
    const target = values.target as TargetName;
    if (!TARGETS.includes(target)) throw new Error(`--target must be one of ${TARGETS.join(", ")}`);
    const num = (flag: string, raw: string | undefined, fallback: number | undefined, check: (n: number) => boolean, rule: string) => {
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!Number.isFinite(n) || !check(n)) throw new Error(`--${flag} ${raw}: must be ${rule}`);
        return n;
    };
    const posInt = (n: number) => Number.isInteger(n) && n > 0;
    const batch = num(
        "batch",
        values.batch,
        target === "api" ? 100 : 500,
        (n) => posInt(n) && n <= MAX_BATCH[target],
        `an integer 1-${MAX_BATCH[target]} for ${target}`,
    )!;
    const durationS = num("duration", values.duration, undefined, (n) => n > 0, "a positive number of seconds");
    const opts: CliOptions = {
        mode,
        target,
        url: values.url,
        apiKey: values["api-key"],
        stream: values.stream,
        endpoint: values.endpoint,
        region: values.region,
        rate: num("rate", values.rate, 100, (n) => n >= 0, "a number >= 0")!,
        count: num("count", values.count, durationS === undefined ? 1000 : undefined, posInt, "a positive integer"),
        durationS,
        batch,
        concurrency: num("concurrency", values.concurrency, 4, (n) => posInt(n) && n <= 256, "an integer 1-256")!,
        seed: num("seed", values.seed, 1, Number.isInteger, "an integer")!,
        ctr: num("ctr", values.ctr, 0.3, (n) => n >= 0 && n <= 1, "a probability 0-1")!,
        json: values.json ?? false,
    };
    if (target === "api") {
        if (!opts.url) throw new Error("--target api needs --url");
        if (mode !== "beacons") throw new Error(`the ingest API has no route for ${mode} records: send them to a firehose or kinesis target`);
    } else {
        if (!opts.stream) throw new Error(`--target ${target} needs --stream`);
        parseStreams(opts.stream, KINDS[mode]);
    }
    return opts;
}

export function targetFor(opts: CliOptions): Send {
    if (opts.target === "api") return apiTarget(opts.url!, opts.apiKey);
    const streams = parseStreams(opts.stream!, KINDS[opts.mode]);
    const aws = { region: opts.region, endpoint: opts.endpoint };
    return opts.target === "firehose" ? firehoseTarget(streams, aws) : kinesisTarget(streams, aws);
}

export function formatSummary(s: Summary): string {
    return [
        `sent ${s.sent}, accepted ${s.accepted}, failed ${s.failed} in ${s.elapsedS} s (${s.ratePerS} records/s accepted)`,
        `latency per send (${s.sends} sends): p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`,
        ...(s.firstError ? [`first error: ${s.firstError}`] : []),
    ].join("\n");
}

async function main(): Promise<void> {
    let opts: CliOptions;
    try {
        opts = parseCli(process.argv.slice(2));
    } catch (e) {
        console.error(`loadgen: ${(e as Error).message}\n${USAGE}`);
        process.exit(2);
    }
    // Records expected; unknown (0) for an unpaced run with a duration, then the bar grows as it goes.
    const total = opts.count ?? Math.ceil(opts.rate * opts.durationS!);
    const bar = new cliProgress.SingleBar(
        { format: "{bar} {value}/{total} records | accepted {accepted} failed {failed} | p50 {p50} ms", stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
    );
    bar.start(total || 1, 0, { accepted: 0, failed: 0, p50: 0 });
    const summary = await run({
        records: generate(opts.mode, { seed: opts.seed, now: () => new Date(), clickThrough: opts.ctr }),
        send: targetFor(opts),
        rate: opts.rate,
        batch: opts.batch,
        count: opts.count,
        durationMs: opts.durationS === undefined ? undefined : opts.durationS * 1000,
        concurrency: opts.concurrency,
        onProgress: (s) => {
            if (!total) bar.setTotal(s.sent);
            bar.update(s.sent, { accepted: s.accepted, failed: s.failed, p50: s.p50Ms });
        },
    });
    bar.stop();
    console.log(opts.json ? JSON.stringify({ mode: opts.mode, target: opts.target, ...summary }) : formatSummary(summary));
    process.exitCode = summary.failed > 0 ? 1 : 0;
}

if (require.main === module) void main();
