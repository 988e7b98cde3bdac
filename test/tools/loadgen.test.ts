import { expect } from "chai";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import {
    CreateStreamCommand,
    GetRecordsCommand,
    GetShardIteratorCommand,
    KinesisClient,
    ListShardsCommand,
    waitUntilStreamExists,
} from "@aws-sdk/client-kinesis";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { BucketLocationConstraint, CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { useMoto } from "../../harness/moto";
import { generate, LoadRecord, Mode, prng, TELEMETRY, uuid, weighted } from "../../tools/loadgen/records";
import { percentile, run } from "../../tools/loadgen/run";
import { apiTarget, firehoseTarget, kinesisTarget, parseStreams } from "../../tools/loadgen/targets";
import { parseCli, formatSummary } from "../../tools/loadgen";
import { createHandler } from "../../functions/ingest-api/handler";
import { lambdaContext, quietPowertools } from "../functions/ingest-fixtures";

const FIXED = new Date("2026-11-23T01:02:03.456Z");
const take = (mode: Mode, n: number, seed = 7, clickThrough?: number): LoadRecord[] => {
    const gen = generate(mode, { seed, now: () => FIXED, clickThrough });
    return Array.from({ length: n }, () => gen.next().value as LoadRecord);
};

/** Pearson chi-square statistic of observed counts against expected probabilities. */
function chiSquare<T>(values: T[], data: readonly T[], weights: readonly number[]): number {
    return data.reduce((sum, d, i) => {
        const expected = values.length * weights[i];
        const observed = values.filter((v) => v === d).length;
        return sum + (observed - expected) ** 2 / expected;
    }, 0);
}
// Chi-square critical values at p = 0.001 (a correct generator fails 1 seed in 1000).
const CHI2_CRIT_P001 = { 3: 16.27, 4: 18.47, 30: 59.7, 50: 86.66 } as const;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("load generator: records", () => {
    const N = 20_000;

    it("the PRNG is seeded, uniform and in [0, 1)", () => {
        const a = prng(42),
            b = prng(42),
            c = prng(43);
        const xs = Array.from({ length: N }, () => a());
        expect(xs.slice(0, 5)).to.deep.equal(Array.from({ length: 5 }, () => b()));
        expect(xs[0]).to.not.equal(c());
        expect(Math.min(...xs)).to.be.at.least(0);
        expect(Math.max(...xs)).to.be.below(1);
        const deciles = Array.from({ length: 10 }, (_, i) => xs.filter((x) => Math.floor(x * 10) === i).length);
        expect(
            chiSquare(
                xs.map((x) => Math.floor(x * 10)),
                [...Array(10).keys()],
                Array(10).fill(0.1),
            ),
        ).to.be.below(27.88); // df 9
        expect(deciles.every((d) => d > 0)).to.equal(true);
    });

    it("weighted() follows its weights and uuid() makes v4 UUIDs", () => {
        const rand = prng(3);
        const picks = Array.from({ length: N }, () => weighted(rand, ["a", "b", "c"], [0.5, 0.3, 0.2]));
        expect(chiSquare(picks, ["a", "b", "c"], [0.5, 0.3, 0.2])).to.be.below(13.82); // df 2
        const ids = Array.from({ length: 1000 }, () => uuid(rand));
        expect(ids.every((id) => UUID_V4.test(id))).to.equal(true);
        expect(new Set(ids).size).to.equal(1000);
    });

    describe(`telemetry: the device record template, ${N} records`, () => {
        const records = take("telemetry", N);
        const data = records.map((r) => r.data as Record<string, any>);

        it("has exactly the template's fields, with their types and formats", () => {
            for (const d of data.slice(0, 500)) {
                expect(Object.keys(d)).to.deep.equal(["uuid", "device_ts", "device_id", "device_temp", "track_id", "activity_type"]);
                expect(d.uuid).to.match(UUID_V4);
                expect(d.device_ts).to.equal("2026-11-23 01:02:03.456");
            }
            expect(new Set(records.map((r) => r.kind))).to.deep.equal(new Set(["telemetry"]));
            expect(new Set(data.map((d) => d.uuid)).size).to.equal(N);
        });
        it("device_id covers 0..50 and track_id 0..30 uniformly", () => {
            const ids = data.map((d) => d.device_id),
                tracks = data.map((d) => d.track_id);
            expect(new Set(ids)).to.deep.equal(new Set(Array.from({ length: 51 }, (_, i) => i)));
            expect(new Set(tracks)).to.deep.equal(new Set(Array.from({ length: 31 }, (_, i) => i)));
            expect(chiSquare(ids, [...Array(51).keys()], Array(51).fill(1 / 51))).to.be.below(CHI2_CRIT_P001[50]);
            expect(chiSquare(tracks, [...Array(31).keys()], Array(31).fill(1 / 31))).to.be.below(CHI2_CRIT_P001[30]);
        });
        it("device_temp follows [32, 34, 28, 40] with weights [0.3, 0.3, 0.2, 0.2]", () => {
            const temps = data.map((d) => d.device_temp);
            expect(new Set(temps)).to.deep.equal(new Set(TELEMETRY.temps));
            expect(chiSquare(temps, TELEMETRY.temps, TELEMETRY.tempWeights)).to.be.below(CHI2_CRIT_P001[3]);
        });
        it("activity_type follows Running .1, Working .2, Walking .2, Traveling .3, Sitting .2", () => {
            const acts = data.map((d) => d.activity_type);
            expect(chiSquare(acts, TELEMETRY.activities, TELEMETRY.activityWeights)).to.be.below(CHI2_CRIT_P001[4]);
            // And a tolerance band on the largest share, to read without a table.
            expect(acts.filter((a) => a === "Traveling").length / N).to.be.closeTo(0.3, 0.015);
        });
        it("a skewed generator would fail the same check (the test can fail)", () => {
            const skewed = data.map((d, i) => (i % 10 === 0 ? "Running" : d.activity_type));
            expect(chiSquare(skewed, TELEMETRY.activities, TELEMETRY.activityWeights)).to.be.above(CHI2_CRIT_P001[4]);
        });
    });

    describe("beacons: impressions and clicks", () => {
        it(`the click-through ratio is ~0.3 over ${N} impressions, each click naming an earlier impression`, () => {
            const records = take("beacons", Math.round(N * 1.3));
            const impressions = records.filter((r) => r.kind === "impressions");
            const clicks = records.filter((r) => r.kind === "clicks");
            expect(impressions.length + clicks.length).to.equal(records.length);
            expect(clicks.length / impressions.length).to.be.closeTo(0.3, 0.015);
            const seen = new Map<string, Record<string, unknown>>();
            const orphans: unknown[] = [];
            for (const r of records) {
                if (r.kind === "impressions") seen.set(r.data.impression_id as string, r.data);
                else {
                    const imp = seen.get(r.data.impression_id as string);
                    if (!imp || imp.ad_id !== r.data.ad_id || imp.user_id !== r.data.user_id) orphans.push(r.data);
                }
            }
            expect(orphans, "clicks without their earlier impression").to.deep.equal([]);
            expect(new Set(clicks.map((c) => c.data.impression_id)).size).to.equal(clicks.length);
            expect(Object.keys(impressions[0].data)).to.deep.equal(["ad_id", "impression_id", "user_id", "timestamp"]);
        });
        it("--ctr changes the ratio; 0 gives no clicks", () => {
            const ratio = (ctr: number) => {
                const rs = take("beacons", 10_000, 9, ctr);
                return rs.filter((r) => r.kind === "clicks").length / rs.filter((r) => r.kind === "impressions").length;
            };
            expect(ratio(0.5)).to.be.closeTo(0.5, 0.03);
            expect(ratio(0)).to.equal(0);
        });
        it("beacons pass the ingest API's schemas", async () => {
            const calls: number[] = [];
            const handler = createHandler({
                firehose: {
                    send: async (cmd) => (
                        calls.push(cmd.input.Records!.length),
                        { FailedPutCount: 0, RequestResponses: cmd.input.Records!.map(() => ({ RecordId: "x" })), $metadata: {} }
                    ),
                },
                settings: { routeStreams: { "/impressions": "i", "/clicks": "c" }, maxBodyBytes: 1 << 20, maxAttempts: 1 },
                ...quietPowertools(),
            });
            const records = take("beacons", 1000);
            for (const kind of ["impressions", "clicks"]) {
                const body = JSON.stringify(records.filter((r) => r.kind === kind).map((r) => r.data));
                const res = await handler(
                    {
                        resource: `/${kind}`,
                        httpMethod: "POST",
                        headers: {},
                        body,
                        isBase64Encoded: false,
                        requestContext: { requestId: "r" },
                    } as unknown as APIGatewayProxyEvent,
                    lambdaContext(),
                );
                expect(res.statusCode, res.body).to.equal(200);
            }
            expect(calls.reduce((a, b) => a + b, 0)).to.equal(1000);
        });
    });

    it("metrics: laptop-style records of every kind", () => {
        const data = take("metrics", 5000).map((r) => r.data as Record<string, any>);
        const kinds = new Set(data.map((d) => d.metric));
        expect(kinds).to.deep.equal(new Set(["unread_email_count", "chrome_tab_count", "iterm_tab_count", "system_event", "clipboard_copy"]));
        const shapes = new Set(data.map((d) => Object.keys(d).join(",")));
        expect(shapes).to.deep.equal(
            new Set(["timestamp,host,metric,value", "timestamp,host,metric,value,event", "timestamp,host,metric,value,source_app,destination_app"]),
        );
        expect(data.filter((d) => !/^laptop-\d$/.test(d.host) || d.timestamp !== FIXED.toISOString() || !(d.value >= 0))).to.deep.equal([]);
        expect(new Set(data.filter((d) => d.metric === "system_event").map((d) => d.event))).to.deep.equal(new Set(["lock", "unlock", "sleep", "wake"]));
    });

    it("the same seed gives the same records; another seed does not", () => {
        expect(take("telemetry", 50, 5)).to.deep.equal(take("telemetry", 50, 5));
        expect(take("beacons", 50, 5)).to.not.deep.equal(take("beacons", 50, 6));
    });
});

describe("load generator: command line and run loop", () => {
    it("parses flags with defaults", () => {
        expect(parseCli(["beacons", "--target", "api", "--url", "http://127.0.0.1:1"])).to.deep.include({
            mode: "beacons",
            rate: 100,
            count: 1000,
            batch: 100,
            concurrency: 4,
            seed: 1,
            ctr: 0.3,
        });
        expect(parseCli(["telemetry", "--target", "kinesis", "--stream", "s", "--duration", "5", "--rate", "0"])).to.deep.include({
            batch: 500,
            durationS: 5,
            count: undefined,
            rate: 0,
        });
    });
    it("rejects bad command lines with a message naming the problem", () => {
        const bad: [string[], RegExp][] = [
            [[], /give one mode/],
            [["beacons"], /--target must be one of api, firehose, kinesis/],
            [["beacons", "--target", "api"], /needs --url/],
            [["telemetry", "--target", "api", "--url", "u"], /no route for telemetry/],
            [["metrics", "--target", "firehose"], /needs --stream/],
            [["beacons", "--target", "firehose", "--stream", "impressions=a"], /no stream for clicks/],
            [["beacons", "--target", "firehose", "--stream", "a", "--batch", "501"], /--batch 501: must be an integer 1-500/],
            [["beacons", "--target", "firehose", "--stream", "a", "--ctr", "2"], /--ctr 2: must be a probability/],
            [["beacons", "--target", "firehose", "--stream", "a", "--rate", "fast"], /--rate fast/],
        ];
        for (const [argv, message] of bad) expect(() => parseCli(argv), argv.join(" ")).to.throw(message);
    });
    it("parseStreams maps kinds to streams", () => {
        expect(parseStreams("x", ["impressions", "clicks"])).to.deep.equal({ impressions: "x", clicks: "x" });
        expect(parseStreams("impressions=a, clicks=b", ["impressions", "clicks"])).to.deep.equal({ impressions: "a", clicks: "b" });
        expect(() => parseStreams("views=a", ["impressions"])).to.throw(/'views=a' is not <kind>=<stream>/);
    });
    it("percentile is nearest-rank", () => {
        const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
        expect([percentile(xs, 50), percentile(xs, 99), percentile(xs, 100), percentile([], 50)]).to.deep.equal([50, 99, 100, 0]);
    });
    it("paces to the rate, stops at the count, and sums what the target accepted", async () => {
        let now = 0;
        const sleeps: number[] = [];
        const summary = await run({
            records: generate("telemetry", { seed: 1, now: () => FIXED }),
            send: async (batch) => ((now += 5), { accepted: batch.length - 1, failed: 1, error: "one bad" }),
            rate: 100,
            batch: 10,
            count: 35,
            concurrency: 1,
            clock: () => now,
            sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
        });
        expect(summary).to.deep.include({ sent: 35, accepted: 31, failed: 4, sends: 4, p50Ms: 5, p99Ms: 5, firstError: "one bad" });
        // Batches are due at 0, 100, 200, 300 ms; each send took 5 ms.
        expect(sleeps).to.deep.equal([95, 95, 95]);
        expect(formatSummary(summary)).to.match(/sent 35, accepted 31, failed 4/);
    });
    it("stops at the duration", async () => {
        let now = 0;
        const summary = await run({
            records: generate("metrics", { seed: 1, now: () => FIXED }),
            send: async (b) => ((now += 100), { accepted: b.length, failed: 0 }),
            rate: 0,
            batch: 1,
            durationMs: 1000,
            concurrency: 1,
            clock: () => now,
        });
        expect(summary.sent).to.equal(10);
    });
});

describe("load generator: targets", () => {
    const moto = useMoto();

    it("api: posts beacons to /impressions and /clicks of the ingest API (handler behind a loopback server)", async () => {
        const delivered: Record<string, number> = {};
        const handler = createHandler({
            firehose: {
                send: async (cmd) => {
                    const n = cmd.input.Records!.length;
                    delivered[cmd.input.DeliveryStreamName!] = (delivered[cmd.input.DeliveryStreamName!] ?? 0) + n;
                    return { FailedPutCount: 0, RequestResponses: Array.from({ length: n }, () => ({ RecordId: "x" })), $metadata: {} };
                },
            },
            settings: { routeStreams: { "/impressions": "imp" }, maxBodyBytes: 1 << 20, maxAttempts: 1 },
            ...quietPowertools(),
        });
        const server = http.createServer(async (req, res) => {
            const chunks: Buffer[] = [];
            for await (const c of req) chunks.push(c as Buffer);
            const out = await handler(
                {
                    resource: req.url,
                    path: req.url,
                    httpMethod: req.method,
                    headers: req.headers,
                    body: Buffer.concat(chunks).toString(),
                    isBase64Encoded: false,
                    requestContext: { requestId: "r" },
                } as unknown as APIGatewayProxyEvent,
                lambdaContext(),
            );
            res.writeHead(out.statusCode, out.headers as http.OutgoingHttpHeaders).end(out.body);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            const summary = await run({
                records: generate("beacons", { seed: 2, now: () => new Date() }),
                send: apiTarget(url),
                rate: 0,
                batch: 50,
                count: 400,
                concurrency: 4,
            });
            // /clicks has no stream here: its records fail with the API's 404, and are counted.
            expect(summary.sent).to.equal(400);
            expect(summary.accepted).to.equal(delivered.imp);
            expect(summary.failed)
                .to.equal(400 - delivered.imp)
                .and.be.greaterThan(0);
            expect(summary.firstError).to.match(/^HTTP 404 from \/clicks/);
            expect(summary.p99Ms).to.be.at.least(summary.p50Ms).and.above(0);
        } finally {
            server.close();
        }
    });

    it("firehose: PutRecordBatch into a moto delivery stream, NDJSON in its bucket", async () => {
        const cfg = moto().clientConfig;
        const s3 = new S3Client(cfg);
        await s3.send(
            new CreateBucketCommand({ Bucket: "loadgen-drop", CreateBucketConfiguration: { LocationConstraint: cfg.region as BucketLocationConstraint } }),
        );
        await new FirehoseClient(cfg).send(
            new CreateDeliveryStreamCommand({
                DeliveryStreamName: "telemetry",
                DeliveryStreamType: "DirectPut",
                ExtendedS3DestinationConfiguration: {
                    RoleARN: "arn:aws:iam::123456789012:role/f",
                    BucketARN: "arn:aws:s3:::loadgen-drop",
                    Prefix: "streams/telemetry/",
                },
            }),
        );
        const send = firehoseTarget({ telemetry: "telemetry" } as never, { endpoint: cfg.endpoint, region: cfg.region });
        const summary = await run({
            records: generate("telemetry", { seed: 3, now: () => new Date() }),
            send,
            rate: 0,
            batch: 500,
            count: 1200,
            concurrency: 2,
        });
        expect(summary).to.deep.include({ sent: 1200, accepted: 1200, failed: 0, sends: 3 });
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: "loadgen-drop", Prefix: "streams/telemetry/" }));
        let lines: string[] = [];
        for (const o of listed.Contents ?? []) {
            const body = await (await s3.send(new GetObjectCommand({ Bucket: "loadgen-drop", Key: o.Key }))).Body!.transformToString();
            lines = lines.concat(body.split("\n").filter(Boolean));
        }
        expect(lines).to.have.length(1200);
        expect(Object.keys(JSON.parse(lines[0]))).to.include("activity_type");
    });

    it("kinesis: PutRecords into a moto stream (HTTP/1.1), readable back", async () => {
        const cfg = moto().clientConfig;
        const kinesis = new KinesisClient({ ...cfg, requestHandler: new NodeHttpHandler() });
        await kinesis.send(new CreateStreamCommand({ StreamName: "metrics", ShardCount: 1 }));
        await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: "metrics" });
        const send = kinesisTarget({ metrics: "metrics" } as never, { endpoint: cfg.endpoint, region: cfg.region });
        // One call at a time: moto numbers a shard's records without a lock, so concurrent PutRecords can overwrite one.
        const summary = await run({ records: generate("metrics", { seed: 4, now: () => new Date() }), send, rate: 0, batch: 100, count: 250, concurrency: 1 });
        expect(summary).to.deep.include({ sent: 250, accepted: 250, failed: 0 });
        const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: "metrics" }));
        const { ShardIterator } = await kinesis.send(
            new GetShardIteratorCommand({ StreamName: "metrics", ShardId: Shards![0].ShardId, ShardIteratorType: "TRIM_HORIZON" }),
        );
        const got = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
        expect(got.Records).to.have.length(250);
        const first = Buffer.from(got.Records![0].Data!).toString();
        expect(first.endsWith("\n")).to.equal(true);
        expect(JSON.parse(first)).to.have.property("metric");
    });

    it("a stream that does not exist counts every record as failed, with the error", async () => {
        const cfg = moto().clientConfig;
        const send = firehoseTarget({ telemetry: "nope" } as never, { endpoint: cfg.endpoint, region: cfg.region });
        const summary = await run({ records: generate("telemetry", { seed: 5, now: () => new Date() }), send, rate: 0, batch: 10, count: 20, concurrency: 1 });
        expect(summary).to.deep.include({ sent: 20, accepted: 0, failed: 20 });
        expect(summary.firstError).to.match(/ResourceNotFoundException/);
    });
});
