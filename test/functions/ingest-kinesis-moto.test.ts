/**
 * The ingest API's Kinesis path (functions/ingest-api/kinesis.ts): routes whose stream is
 * Kinesis-fed are written with PutRecords into a real Kinesis stream in moto, read back from
 * every shard. Partial failures come from a wrapper that rejects some records the way Kinesis
 * reports throttling (per-record ErrorCode) and forwards the rest to moto.
 */
import { expect } from "chai";
import { KinesisClient, PutRecordsCommand, PutRecordsCommandOutput } from "@aws-sdk/client-kinesis";
import { useMoto } from "../../harness/moto";
import { createHandler, settingsFromEnv } from "../../functions/ingest-api/handler";
import { deliverToKinesis, KINESIS_PUT_LIMITS, partitionKey, RecordsSender } from "../../functions/ingest-api/kinesis";
import { apiEvent, impression, lambdaContext, quietPowertools } from "./ingest-fixtures";
import type { KinesisStreamRecord } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createHandler as createWindowHandler } from "../../functions/realtime-counts/handler";
import { IngestEnv, IngestKinesisEnv } from "../../lib/contract";
import { createActiveStream, motoKinesis, streamRecords } from "./kinesis-moto";

/**
 * Rejects the records `reject(data, attempt)` picks (as Kinesis reports throttling: a per-record
 * ErrorCode) and forwards the rest to moto. `attempt` counts the sends of that record, from 1.
 */
class FlakyKinesis implements RecordsSender {
    calls = 0;
    sizes: { records: number; bytes: number }[] = [];
    private attempts = new Map<string, number>();
    constructor(
        private inner: KinesisClient,
        private reject: (data: string, attempt: number) => boolean = () => false,
    ) {}
    async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
        this.calls += 1;
        const records = command.input.Records ?? [];
        this.sizes.push({ records: records.length, bytes: records.reduce((n, r) => n + r.Data!.length + Buffer.byteLength(r.PartitionKey!), 0) });
        const rejected = records.map((r) => {
            const data = Buffer.from(r.Data!).toString("utf8");
            const attempt = (this.attempts.get(data) ?? 0) + 1;
            this.attempts.set(data, attempt);
            return this.reject(data, attempt);
        });
        const forward = records.filter((_, i) => !rejected[i]);
        const out = forward.length ? await this.inner.send(new PutRecordsCommand({ ...command.input, Records: forward })) : { Records: [] };
        const accepted = [...(out.Records ?? [])];
        const results = records.map((_, i) =>
            rejected[i] ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard" } : accepted.shift()!,
        );
        return { FailedRecordCount: results.filter((r) => r.ErrorCode).length, Records: results, $metadata: {} };
    }
}

describe("ingest API handler -> Kinesis PutRecords (moto)", () => {
    const moto = useMoto();
    let kinesis: KinesisClient;
    let stream = "";

    before(() => {
        kinesis = motoKinesis(moto());
    });

    beforeEach(async function () {
        stream = `impressions-${this.currentTest!.title.replace(/\W+/g, "-").slice(0, 40)}`;
        await createActiveStream(kinesis, stream, 3);
    });

    const handlerWith = (client: RecordsSender, firehoseStream = "unused-firehose") =>
        createHandler({
            firehose: { send: () => Promise.reject(new Error("the Kinesis route must not use Firehose")) },
            kinesis: client,
            settings: {
                routeStreams: { "/clicks": firehoseStream },
                kinesisRouteStreams: { "/impressions": stream },
                maxBodyBytes: 4 * 1024 * 1024,
                maxAttempts: 5,
            },
            ...quietPowertools(),
            // One call at a time: moto's Kinesis loses records under concurrent PutRecords to one
            // stream (sequence numbers race); the service does not. The packing is the same.
            retry: { baseDelayMs: 1, maxDelayMs: 5, concurrency: 1 },
        });

    it("events posted to a Kinesis-fed route land in the stream, stamped, each once", async () => {
        const events = Array.from({ length: 1100 }, (_, i) => impression(i));
        const event = apiEvent("/impressions", events);
        const recorder = new FlakyKinesis(kinesis);
        const res = await handlerWith(recorder)(event, lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);
        expect(JSON.parse(res.body).accepted).to.equal(1100);
        expect(recorder.sizes.map((s) => s.records)).to.deep.equal([500, 500, 100]);
        const records = (await streamRecords(kinesis, stream)).map((l) => JSON.parse(l));
        expect(records).to.have.length(1100);
        expect(records.map((r) => r.impression_id).sort()).to.deep.equal(events.map((e) => e.impression_id).sort());
        for (const r of records) expect(r).to.include({ type: "impressions", request_id: event.requestContext.requestId });
    });

    it("records Kinesis rejects are retried alone, with backoff: none lost, none duplicated", async () => {
        // Every third impression is throttled on its first send.
        const nth = (data: string) => Number(JSON.parse(data).impression_id.slice(4));
        const flaky = new FlakyKinesis(kinesis, (data, attempt) => attempt === 1 && nth(data) % 3 === 0);
        const events = Array.from({ length: 1100 }, (_, i) => impression(i));
        const res = await handlerWith(flaky)(apiEvent("/impressions", events), lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);
        // 500 + 500 + 100, and after each only its rejected records (167, 167, 33) on their own.
        expect(flaky.sizes.map((s) => s.records)).to.deep.equal([500, 167, 500, 167, 100, 33]);
        const ids = (await streamRecords(kinesis, stream)).map((l) => JSON.parse(l).impression_id);
        expect(ids).to.have.length(1100);
        expect(new Set(ids).size).to.equal(1100);
    });

    it("records rejected on every attempt fail the request with 503; the accepted ones are in the stream", async () => {
        const flaky = new FlakyKinesis(kinesis, (data) => JSON.parse(data).impression_id === "imp-1");
        const res = await handlerWith(flaky)(apiEvent("/impressions", [impression(1), impression(2), impression(3)]), lambdaContext());
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.body)).to.include({ accepted: 2, failed: 1 });
        expect(JSON.parse(res.body).error).to.match(/ProvisionedThroughputExceededException/);
        expect(flaky.calls).to.equal(5);
        expect((await streamRecords(kinesis, stream)).map((l) => JSON.parse(l).impression_id).sort()).to.deep.equal(["imp-2", "imp-3"]);
    });

    it("what the API writes to Kinesis is what the real-time window function counts", async () => {
        const res = await handlerWith(new FlakyKinesis(kinesis))(
            apiEvent(
                "/impressions",
                Array.from({ length: 40 }, (_, i) => impression(i)),
            ),
            lambdaContext(),
        );
        expect(res.statusCode, res.body).to.equal(200);
        // The records as a Kinesis event source mapping hands them over: base64 data, the stream's ARN.
        const arn = `arn:aws:kinesis:${moto().region}:123456789012:stream/${stream}`;
        const records = (await streamRecords(kinesis, stream)).map((data, i) => ({
            eventSourceARN: arn,
            kinesis: { data: Buffer.from(data).toString("base64"), sequenceNumber: String(i) },
        })) as unknown as KinesisStreamRecord[];
        const metrics = new (class extends Metrics {
            published: Record<string, unknown>[] = [];
            override publishStoredMetrics(): this {
                this.published.push(this.serializeMetrics() as unknown as Record<string, unknown>);
                this.clearMetrics();
                return this;
            }
        })({ namespace: "DataLake", serviceName: "realtime" });
        const window = createWindowHandler({
            settings: { streamTypes: { [stream]: "impressions" }, lake: "test" },
            logger: new Logger({ logLevel: "SILENT" }),
            metrics,
        });
        const w = { start: new Date().toISOString(), end: new Date().toISOString() };
        const first = await window({ Records: records.slice(0, 25), window: w, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false });
        await window({ Records: records.slice(25), window: w, state: first.state, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false });
        expect(metrics.published).to.have.length(1);
        expect(metrics.published[0]).to.include({ Impressions: 40, MalformedRecords: 0 });
    });

    it("a stream that does not exist answers 503 naming the error", async () => {
        const res = await createHandler({
            firehose: { send: () => Promise.reject(new Error("unused")) },
            kinesis,
            settings: { routeStreams: {}, kinesisRouteStreams: { "/impressions": "no-such-stream" }, maxBodyBytes: 1024, maxAttempts: 3 },
            ...quietPowertools(),
        })(apiEvent("/impressions", impression(1)), lambdaContext());
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.body).error).to.match(/ResourceNotFoundException/);
    });

    it("calls stay within 500 records and 5 MiB (data plus partition keys)", async () => {
        const big = Array.from({ length: 700 }, (_, i) => Buffer.from(`${JSON.stringify({ i, pad: "x".repeat(20_000) })}\n`));
        const recorder = new FlakyKinesis(kinesis);
        const result = await deliverToKinesis(recorder, stream, big, {
            maxAttempts: 3,
            baseDelayMs: 1,
            maxDelayMs: 2,
            reserveMs: 0,
            concurrency: 1,
            remainingMs: () => 60_000,
            sleep: async () => undefined,
            random: () => 0.5,
        });
        expect(result).to.include({ accepted: 700, retried: 0 });
        expect(result.failed).to.deep.equal([]);
        expect(recorder.calls).to.be.greaterThan(2);
        for (const s of recorder.sizes) {
            expect(s.records).to.be.at.most(500);
            expect(s.bytes).to.be.at.most(5 * 1024 * 1024);
        }
        expect(KINESIS_PUT_LIMITS.maxBytes + 500 * partitionKey(Buffer.from("x")).length).to.equal(5 * 1024 * 1024);
        expect(await streamRecords(kinesis, stream)).to.have.length(700);
    });

    it("settings: Kinesis routes come from INGEST_ROUTE_KINESIS_STREAMS; a route may be Kinesis-only", () => {
        const s = settingsFromEnv({ [IngestEnv.routeStreams]: "{}", [IngestKinesisEnv.routeKinesisStreams]: JSON.stringify({ "/impressions": "k" }) });
        expect(s.kinesisRouteStreams).to.deep.equal({ "/impressions": "k" });
        expect(() => settingsFromEnv({ [IngestEnv.routeStreams]: "{}" })).to.throw(/INGEST_ROUTE_STREAMS must map/);
        expect(() => settingsFromEnv({ [IngestEnv.routeStreams]: "{}", [IngestKinesisEnv.routeKinesisStreams]: '{"/nope":"k"}' })).to.throw(
            /INGEST_ROUTE_KINESIS_STREAMS must map/,
        );
        expect(() => settingsFromEnv({ [IngestEnv.routeStreams]: "{}", [IngestKinesisEnv.routeKinesisStreams]: "[" })).to.throw(
            /INGEST_ROUTE_KINESIS_STREAMS must be JSON/,
        );
        // A JSON array is no route map, even beside Kinesis routes (it passed as an empty one before).
        expect(() =>
            settingsFromEnv({ [IngestEnv.routeStreams]: "[]", [IngestKinesisEnv.routeKinesisStreams]: JSON.stringify({ "/impressions": "k" }) }),
        ).to.throw(/INGEST_ROUTE_STREAMS must map routes/);
    });
});
