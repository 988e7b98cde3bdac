import { expect } from "chai";
import * as fs from "node:fs";
import { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { IngestEnv } from "../../lib/contract";
import { createHandler, IngestSettings, settingsFromEnv } from "../../functions/ingest-api/handler";
import { chunk, deliver, RecordBatchSender, RetryPolicy } from "../../functions/ingest-api/firehose";
import { GENERATED_FILE, generateValidators } from "../../functions/ingest-api/build-validators";
import { apiEvent, impression, lambdaContext, quietPowertools } from "./ingest-fixtures";

/** Accepts everything unless `reject(data, attempt)` says otherwise; keeps every call. */
class StubFirehose implements RecordBatchSender {
    calls: { stream: string; records: string[] }[] = [];
    accepted: string[] = [];
    constructor(private reject: (data: string, call: number) => string | undefined = () => undefined) {}
    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
        const records = (command.input.Records ?? []).map((r) => Buffer.from(r.Data!).toString("utf8"));
        const call = this.calls.push({ stream: command.input.DeliveryStreamName!, records });
        const responses = records.map((data) => {
            const code = this.reject(data, call);
            if (code) return { ErrorCode: code, ErrorMessage: "injected" };
            this.accepted.push(data);
            return { RecordId: `id-${this.accepted.length}` };
        });
        return { FailedPutCount: responses.filter((r) => r.ErrorCode).length, RequestResponses: responses, $metadata: {} };
    }
}

const settings = (over: Partial<IngestSettings> = {}): IngestSettings => ({
    routeStreams: { "/track": "events", "/alias": "events", "/profile": "events", "/impressions": "imp", "/clicks": "clk" },
    maxBodyBytes: 1024 * 1024,
    maxAttempts: 4,
    ...over,
});

function setup(over: Partial<IngestSettings> = {}, firehose = new StubFirehose()) {
    const handler = createHandler({
        firehose,
        settings: settings(over),
        ...quietPowertools(),
        retry: { sleep: async () => undefined, random: () => 0.5 },
        now: () => new Date("2026-11-23T01:00:00.000Z"),
    });
    return { firehose, handler };
}

const good = impression(1);
const track = { userId: "u1", events: [{ eventName: "signup", metadata: { plan: "pro" }, timestampUTC: 1763859600000 }] };

/** Each bad body, the route it is posted to, and an error (path + message part) the 400 must name. */
const BAD_BODIES: { name: string; route: string; body: unknown; raw?: boolean; expect: { path: string; message: string }[] }[] = [
    {
        name: "empty object",
        route: "/impressions",
        body: {},
        expect: ["ad_id", "impression_id", "user_id", "timestamp"].map((p) => ({ path: "/", message: `required property '${p}'` })),
    },
    { name: "number id", route: "/impressions", body: { ...good, ad_id: 42 }, expect: [{ path: "/ad_id", message: "must be string" }] },
    { name: "empty id", route: "/impressions", body: { ...good, ad_id: "" }, expect: [{ path: "/ad_id", message: "fewer than 1 characters" }] },
    { name: "prose timestamp", route: "/impressions", body: { ...good, timestamp: "yesterday" }, expect: [{ path: "/timestamp", message: "RFC 3339" }] },
    { name: "month 13", route: "/impressions", body: { ...good, timestamp: "2026-13-01T00:00:00Z" }, expect: [{ path: "/timestamp", message: "RFC 3339" }] },
    {
        name: "timestamp without offset",
        route: "/clicks",
        body: { ...good, timestamp: "2026-11-23T01:02:03" },
        expect: [{ path: "/timestamp", message: "RFC 3339" }],
    },
    { name: "unknown field", route: "/impressions", body: { ...good, campaign: "x" }, expect: [{ path: "/", message: "additional property 'campaign'" }] },
    { name: "bad item in array", route: "/clicks", body: [good, { ...good, user_id: null }], expect: [{ path: "/1/user_id", message: "must be string" }] },
    {
        name: "bad item in batch envelope",
        route: "/clicks",
        body: { batch: [good, { ...good, impression_id: undefined }] },
        expect: [{ path: "/batch/1", message: "required property 'impression_id'" }],
    },
    { name: "batch not an array", route: "/clicks", body: { batch: "x" }, expect: [{ path: "/batch", message: "must be an array" }] },
    {
        name: "batch envelope with other fields",
        route: "/clicks",
        body: { batch: [good], sentAt: 1 },
        expect: [{ path: "/", message: "additional property 'sentAt' beside 'batch'" }],
    },
    { name: "empty array", route: "/clicks", body: [], expect: [{ path: "/", message: "must not be empty" }] },
    {
        name: "array of numbers",
        route: "/impressions",
        body: [1, 2],
        expect: [
            { path: "/0", message: "must be object" },
            { path: "/1", message: "must be object" },
        ],
    },
    { name: "events not an array", route: "/track", body: { userId: "u", events: {} }, expect: [{ path: "/events", message: "must be array" }] },
    { name: "no events", route: "/track", body: { userId: "u", events: [] }, expect: [{ path: "/events", message: "fewer than 1 items" }] },
    {
        name: "event without timestamp",
        route: "/track",
        body: { userId: "u", events: [{ eventName: "x", metadata: {} }] },
        expect: [{ path: "/events/0", message: "required property 'timestampUTC'" }],
    },
    {
        name: "fractional and negative timestamps",
        route: "/track",
        body: {
            userId: "u",
            events: [
                { eventName: "x", metadata: {}, timestampUTC: 1.5 },
                { eventName: "y", metadata: {}, timestampUTC: -1 },
            ],
        },
        expect: [
            { path: "/events/0/timestampUTC", message: "must be integer" },
            { path: "/events/1/timestampUTC", message: "must be >= 0" },
        ],
    },
    {
        name: "metadata a string",
        route: "/track",
        body: { userId: "u", events: [{ eventName: "x", metadata: "m", timestampUTC: 1 }] },
        expect: [{ path: "/events/0/metadata", message: "must be object" }],
    },
    {
        name: "alias without ids",
        route: "/alias",
        body: { originalUserId: 7, timestampUTC: 1 },
        expect: [
            { path: "/", message: "required property 'newUserId'" },
            { path: "/originalUserId", message: "must be string" },
        ],
    },
    {
        name: "profile attributes an array",
        route: "/profile",
        body: { userId: "u", attributes: [], timestampUTC: 1 },
        expect: [{ path: "/attributes", message: "must be object" }],
    },
    {
        name: "userId too long",
        route: "/profile",
        body: { userId: "u".repeat(257), attributes: {}, timestampUTC: 1 },
        expect: [{ path: "/userId", message: "more than 256 characters" }],
    },
    { name: "not JSON", route: "/track", body: '{"userId": "u", events: [', raw: true, expect: [] },
    { name: "a bare number", route: "/track", body: "42", raw: true, expect: [{ path: "/", message: "must be a JSON object or an array of objects" }] },
    { name: "null", route: "/alias", body: "null", raw: true, expect: [{ path: "/", message: "must be a JSON object or an array of objects" }] },
];

describe("ingest API handler", () => {
    describe("bad bodies answer 400 naming every error, and send nothing", () => {
        it(`the corpus has at least 15 bodies (${BAD_BODIES.length})`, () => expect(BAD_BODIES.length).to.be.at.least(15));
        for (const bad of BAD_BODIES) {
            it(bad.name, async () => {
                const { firehose, handler } = setup();
                const res = await handler(apiEvent(bad.route, bad.body, { raw: bad.raw }), lambdaContext());
                expect(res.statusCode, res.body).to.equal(400);
                const body = JSON.parse(res.body);
                expect(body.error).to.be.a("string").and.not.empty;
                if (bad.raw && bad.expect.length === 0) expect(body.error).to.match(/^body is not valid JSON: /);
                for (const e of bad.expect) {
                    expect(body.errors, JSON.stringify(body.errors)).to.satisfy((errors: { path: string; message: string }[]) =>
                        errors.some((x) => x.path === e.path && x.message.includes(e.message)),
                    );
                }
                expect(firehose.calls).to.have.length(0);
            });
        }
        it("an empty body", async () => {
            const res = await setup().handler(apiEvent("/track", "", { raw: true }), lambdaContext());
            expect(res.statusCode).to.equal(400);
            expect(JSON.parse(res.body).error).to.match(/empty body/);
        });
        it("lists every bad item of a large batch, not just the first", async () => {
            const items = Array.from({ length: 50 }, (_, i) => ({ ...impression(i), ad_id: i }));
            const res = await setup().handler(apiEvent("/impressions", items), lambdaContext());
            expect(JSON.parse(res.body).errors).to.have.length(50);
        });
    });

    describe("status codes other than 400", () => {
        it("413 past the configured size limit, before parsing", async () => {
            const { firehose, handler } = setup({ maxBodyBytes: 2048 });
            const body = Array.from({ length: 40 }, (_, i) => impression(i));
            const res = await handler(apiEvent("/impressions", body), lambdaContext());
            expect(res.statusCode).to.equal(413);
            expect(JSON.parse(res.body).error).to.match(/exceeds the limit of 2048 bytes/);
            expect(firehose.calls).to.have.length(0);
        });
        it("413 measures base64 bodies decoded", async () => {
            const body = Array.from({ length: 20 }, (_, i) => impression(i));
            const size = JSON.stringify(body).length;
            const ok = await setup({ maxBodyBytes: size }).handler(apiEvent("/impressions", body, { base64: true }), lambdaContext());
            const tooBig = await setup({ maxBodyBytes: size - 1 }).handler(apiEvent("/impressions", body, { base64: true }), lambdaContext());
            expect([ok.statusCode, tooBig.statusCode]).to.deep.equal([200, 413]);
        });
        it("413 for a record over Firehose's 1,000 KiB record limit", async () => {
            const big = { userId: "u", attributes: { blob: "x".repeat(1000 * 1024) }, timestampUTC: 1 };
            const res = await setup({ maxBodyBytes: 2 * 1024 * 1024 }).handler(apiEvent("/profile", big), lambdaContext());
            expect(res.statusCode).to.equal(413);
            expect(JSON.parse(res.body).error).to.match(/at most 1024000 bytes per record/);
        });
        it("404 for an unknown route and for a route with no stream", async () => {
            const { handler } = setup({ routeStreams: { "/impressions": "imp" } });
            for (const route of ["/nope", "/clicks"]) {
                const res = await handler(apiEvent(route, good), lambdaContext());
                expect(res.statusCode).to.equal(404);
                expect(JSON.parse(res.body).error).to.equal(`no route ${route}; routes: /impressions`);
            }
        });
        it("405 with Allow for other methods", async () => {
            const res = await setup().handler(apiEvent("/clicks", good, { method: "GET" }), lambdaContext());
            expect(res.statusCode).to.equal(405);
            expect(res.headers).to.include({ allow: "POST" });
        });
        it("415 for non-JSON content types; JSON, +json, text/plain (sendBeacon) and none are accepted", async () => {
            const { handler } = setup();
            const status = async (contentType: string | null) => (await handler(apiEvent("/clicks", good, { contentType }), lambdaContext())).statusCode;
            expect(await status("application/x-www-form-urlencoded")).to.equal(415);
            expect(await status("text/html")).to.equal(415);
            for (const ok of ["application/json; charset=utf-8", "application/vnd.beacon+json", "text/plain;charset=UTF-8", null]) {
                expect(await status(ok), String(ok)).to.equal(200);
            }
        });
    });

    describe("accepted requests", () => {
        it("a single event: 200 with the count, one stamped NDJSON record on the route's stream", async () => {
            const { firehose, handler } = setup();
            const event = apiEvent("/impressions", good);
            const res = await handler(event, lambdaContext());
            expect(res.statusCode).to.equal(200);
            expect(JSON.parse(res.body)).to.deep.equal({ accepted: 1, requestId: event.requestContext.requestId });
            expect(firehose.calls).to.have.length(1);
            expect(firehose.calls[0].stream).to.equal("imp");
            const [line] = firehose.calls[0].records;
            expect(line.endsWith("\n")).to.equal(true);
            expect(line.indexOf("\n")).to.equal(line.length - 1);
            expect(JSON.parse(line)).to.deep.equal({
                type: "impressions",
                ...good,
                received_at: "2026-11-23T01:00:00.000Z",
                request_id: event.requestContext.requestId,
            });
        });
        it("/track: one record per event, each carrying the userId", async () => {
            const { firehose, handler } = setup();
            const body = { userId: "u9", events: [track.events[0], { eventName: "login", metadata: {}, timestampUTC: 5 }] };
            const res = await handler(apiEvent("/track", [body, track]), lambdaContext());
            expect(JSON.parse(res.body).accepted).to.equal(3);
            const records = firehose.accepted.map((l) => JSON.parse(l));
            expect(records.map((r) => [r.type, r.userId, r.eventName])).to.deep.equal([
                ["track", "u9", "signup"],
                ["track", "u9", "login"],
                ["track", "u1", "signup"],
            ]);
            expect(firehose.calls[0].stream).to.equal("events");
        });
        it("a {batch: [...]} envelope and a base64 body", async () => {
            const { firehose, handler } = setup();
            const res = await handler(apiEvent("/clicks", { batch: [impression(1), impression(2)] }, { base64: true }), lambdaContext());
            expect(JSON.parse(res.body).accepted).to.equal(2);
            expect(firehose.accepted.map((l) => JSON.parse(l).impression_id)).to.deep.equal(["imp-1", "imp-2"]);
        });
        it("fills calls up to 500 records: 1,200 events -> 500 + 500 + 200", async () => {
            const { firehose, handler } = setup();
            const res = await handler(
                apiEvent(
                    "/impressions",
                    Array.from({ length: 1200 }, (_, i) => impression(i)),
                ),
                lambdaContext(),
            );
            expect(JSON.parse(res.body).accepted).to.equal(1200);
            expect(firehose.calls.map((c) => c.records.length).sort((a, b) => b - a)).to.deep.equal([500, 500, 200]);
            expect(new Set(firehose.accepted.map((l) => JSON.parse(l).impression_id)).size).to.equal(1200);
        });
        it("keeps calls within 4 MiB: ten 900 KiB records -> 4 + 4 + 2", async () => {
            const { firehose, handler } = setup({ maxBodyBytes: 10 * 1024 * 1024 });
            const body = Array.from({ length: 10 }, (_, i) => ({ userId: `u${i}`, attributes: { blob: "x".repeat(900 * 1024) }, timestampUTC: i }));
            const res = await handler(apiEvent("/profile", body), lambdaContext());
            expect(res.statusCode).to.equal(200);
            expect(firehose.calls.map((c) => c.records.length).sort()).to.deep.equal([2, 4, 4]);
            for (const c of firehose.calls) expect(c.records.reduce((n, r) => n + Buffer.byteLength(r), 0)).to.be.at.most(4 * 1024 * 1024);
        });
    });

    describe("partial failures", () => {
        it("retries only the rejected records until all are accepted: none lost, none duplicated", async () => {
            // Every third record is rejected on the first two calls that carry it.
            const seen = new Map<string, number>();
            const firehose = new StubFirehose((data) => {
                const id = JSON.parse(data).impression_id as string;
                const n = (seen.get(id) ?? 0) + 1;
                seen.set(id, n);
                return Number(id.slice(4)) % 3 === 0 && n <= 2 ? "ServiceUnavailableException" : undefined;
            });
            const { handler } = setup({}, firehose);
            const res = await handler(
                apiEvent(
                    "/impressions",
                    Array.from({ length: 900 }, (_, i) => impression(i)),
                ),
                lambdaContext(),
            );
            expect(res.statusCode, res.body).to.equal(200);
            expect(JSON.parse(res.body).accepted).to.equal(900);
            const ids = firehose.accepted.map((l) => JSON.parse(l).impression_id);
            expect(ids).to.have.length(900);
            expect(new Set(ids).size).to.equal(900);
            // 2 first calls (500 + 400), then 2 retry rounds of the 300 rejected records.
            const retried = firehose.calls.slice(2).map((c) => c.records.length);
            expect(retried.reduce((a, b) => a + b, 0)).to.equal(600);
            for (const c of firehose.calls.slice(2)) expect(c.records.every((l) => Number(JSON.parse(l).impression_id.slice(4)) % 3 === 0)).to.equal(true);
        });
        it("a record rejected on every attempt fails the request with 503, after maxAttempts", async () => {
            const firehose = new StubFirehose((data) => (JSON.parse(data).impression_id === "imp-3" ? "InternalFailure" : undefined));
            const { handler } = setup({ maxAttempts: 3 }, firehose);
            const res = await handler(
                apiEvent(
                    "/impressions",
                    Array.from({ length: 10 }, (_, i) => impression(i)),
                ),
                lambdaContext(),
            );
            expect(res.statusCode).to.equal(503);
            expect(JSON.parse(res.body)).to.include({ accepted: 9, failed: 1 });
            expect(firehose.calls.map((c) => c.records.length)).to.deep.equal([10, 1, 1]);
        });
        it("stops retrying when the Lambda's time runs short", async () => {
            const firehose = new StubFirehose(() => "ServiceUnavailableException");
            const { handler } = setup({ maxAttempts: 10 }, firehose);
            const res = await handler(apiEvent("/clicks", good), lambdaContext(500));
            expect(res.statusCode).to.equal(503);
            expect(firehose.calls).to.have.length(1);
        });
        it("a call that throws (after the SDK's own retries) fails the request with 503", async () => {
            const failing: RecordBatchSender = {
                send: async () => {
                    throw Object.assign(new Error("stream gone"), { name: "ResourceNotFoundException" });
                },
            };
            const { handler } = setup({}, failing as StubFirehose);
            const res = await handler(apiEvent("/clicks", good), lambdaContext());
            expect(res.statusCode).to.equal(503);
            expect(JSON.parse(res.body).error).to.match(/ResourceNotFoundException/);
        });
    });

    describe("delivery internals", () => {
        const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({
            maxAttempts: 5,
            baseDelayMs: 100,
            maxDelayMs: 1000,
            reserveMs: 0,
            remainingMs: () => 1e9,
            sleep: async () => undefined,
            random: () => 1,
            concurrency: 2,
            ...over,
        });
        it("chunk packs greedily within both limits", () => {
            expect(chunk([1, 1, 1, 1, 1], { maxRecords: 2, maxBytes: 100 })).to.deep.equal([[0, 1], [2, 3], [4]]);
            expect(chunk([60, 50, 40, 100], { maxRecords: 10, maxBytes: 100 })).to.deep.equal([[0], [1, 2], [3]]);
        });
        it("backs off exponentially with full jitter, capped", async () => {
            const delays: number[] = [];
            const firehose = new StubFirehose(() => "ServiceUnavailableException");
            await deliver(firehose, "s", [Buffer.from("a\n")], policy({ sleep: async (ms) => void delays.push(ms) }));
            expect(delays).to.deep.equal([100, 200, 400, 800]);
            const jittered: number[] = [];
            await deliver(firehose, "s", [Buffer.from("a\n")], policy({ random: () => 0.25, sleep: async (ms) => void jittered.push(ms) }));
            expect(jittered).to.deep.equal([25, 50, 100, 200]);
        });
        it("treats a response that does not account for every record as rejecting them all", async () => {
            let calls = 0;
            const odd: RecordBatchSender = {
                send: async (cmd) => {
                    calls++;
                    const n = cmd.input.Records!.length;
                    return { FailedPutCount: 0, RequestResponses: calls === 1 ? [] : Array.from({ length: n }, () => ({ RecordId: "x" })), $metadata: {} };
                },
            };
            const out = await deliver(odd, "s", [Buffer.from("a\n"), Buffer.from("b\n")], policy());
            expect(out).to.deep.include({ accepted: 2, failed: [], callSizes: [2, 2], retried: 2 });
        });
    });

    describe("settings from the environment", () => {
        const env = (over: Record<string, string | undefined>) => ({ [IngestEnv.routeStreams]: '{"/track":"events"}', ...over });
        it("reads the contract's variables with defaults", () => {
            expect(settingsFromEnv(env({}))).to.deep.equal({
                routeStreams: { "/track": "events" },
                maxBodyBytes: 1048576,
                maxAttempts: 6,
                auth: "apiKey",
                readRoutes: [],
            });
            expect(settingsFromEnv(env({ [IngestEnv.maxBodyBytes]: "2048", [IngestEnv.maxAttempts]: "3" }))).to.include({ maxBodyBytes: 2048, maxAttempts: 3 });
        });
        it("rejects bad values naming the variable", () => {
            expect(() => settingsFromEnv(env({ [IngestEnv.routeStreams]: undefined }))).to.throw(/INGEST_ROUTE_STREAMS must be JSON/);
            expect(() => settingsFromEnv(env({ [IngestEnv.routeStreams]: '{"/nope":"x"}' }))).to.throw(/INGEST_ROUTE_STREAMS must map routes/);
            expect(() => settingsFromEnv(env({ [IngestEnv.routeStreams]: '{"/track":""}' }))).to.throw(/INGEST_ROUTE_STREAMS must map routes/);
            expect(() => settingsFromEnv(env({ [IngestEnv.maxBodyBytes]: "1.5" }))).to.throw(/INGEST_MAX_BODY_BYTES must be a positive integer, got 1.5/);
            expect(() => settingsFromEnv(env({ [IngestEnv.maxAttempts]: "0" }))).to.throw(/INGEST_MAX_ATTEMPTS/);
        });
    });

    it("validators.generated.js matches the schemas (regenerate with build-validators.ts)", () => {
        expect(fs.readFileSync(GENERATED_FILE, "utf8") === generateValidators(), "stale: run npx ts-node -T functions/ingest-api/build-validators.ts").to.equal(
            true,
        );
    });
});
