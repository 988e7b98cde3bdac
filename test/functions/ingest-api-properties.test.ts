/**
 * The ingest API never throws, never stores a rejected event and never loses an accepted one:
 * property-based (fast-check, pinned), thousands of generated requests (valid, invalid, deep,
 * huge, odd unicode, random bytes) against the real handler and a recording Firehose client that
 * rejects records at random. Plus the exact edges: the depth limit and the 500 answer.
 */
import { expect } from "chai";
import fc from "fast-check";
import { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { Logger } from "@aws-lambda-powertools/logger";
import { INGEST_ROUTES, IngestRoute } from "../../lib/contract";
import { MAX_BODY_DEPTH } from "../../functions/ingest-api/body";
import { NestingDepth, nestingDepth } from "../../functions/shared/json-depth";
import { createHandler, IngestSettings } from "../../functions/ingest-api/handler";
import { RecordBatchSender } from "../../functions/ingest-api/firehose";
import { apiEvent, lambdaContext, quietPowertools } from "./ingest-fixtures";

const NOW = "2026-11-23T01:00:00.000Z";
const STREAMS: IngestSettings["routeStreams"] = { "/track": "events", "/alias": "events", "/profile": "events", "/impressions": "imp", "/clicks": "clk" };

/** Keeps what it accepted; rejects a record when `reject(call, index)` says so, or throws for a whole call. */
class RecordingFirehose implements RecordBatchSender {
    stored: string[] = [];
    calls = 0;
    constructor(private reject: (call: number, index: number) => "record" | "call" | undefined = () => undefined) {}
    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
        const call = ++this.calls;
        if (this.reject(call, -1) === "call") throw Object.assign(new Error("Slow down."), { name: "ServiceUnavailableException", $fault: "server" });
        const responses = (command.input.Records ?? []).map((r, i) => {
            if (this.reject(call, i) === "record") return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "injected" };
            this.stored.push(Buffer.from(r.Data!).toString("utf8"));
            return { RecordId: `r-${this.stored.length}` };
        });
        return { FailedPutCount: responses.filter((r) => "ErrorCode" in r).length, RequestResponses: responses, $metadata: {} };
    }
}

function handlerWith(firehose: RecordBatchSender, over: Partial<IngestSettings> = {}, deps: Partial<Parameters<typeof createHandler>[0]> = {}) {
    return createHandler({
        firehose,
        settings: { routeStreams: STREAMS, maxBodyBytes: 1024 * 1024, maxAttempts: 3, ...over },
        ...quietPowertools(),
        retry: { sleep: async () => undefined, random: () => 0.5 },
        now: () => new Date(NOW),
        ...deps,
    });
}

/** A seeded rejection pattern: about `rate` of records rejected per attempt, now and then a whole call. */
const rejections = (seed: number, rate: number) => (call: number, index: number) => {
    const x = Math.abs(Math.sin(seed * 7919 + call * 104729 + index * 31)) % 1;
    if (index < 0) return x < rate / 4 ? "call" : undefined;
    return x < rate ? "record" : undefined;
};

// ---------------------------------------------------------------- generators

/** Strings with what breaks naive code: lone surrogates, NUL, BOM, line separators, emoji, RTL. */
const odd = fc.constantFrom("\ud800", "\udfff", "\u0000", "\ufeff", "\u2028", "\u2029", "😀", "\u202e", "é", "\\", '"', "\n", "𝕏");
const text = (maxLength: number) =>
    fc
        .array(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), odd, fc.string({ unit: "binary", minLength: 1, maxLength: 2 })), {
            minLength: 1,
            maxLength: Math.max(1, Math.floor(maxLength / 4)),
        })
        .map((parts) => parts.join(""));
const id = text(40);
const epochMs = fc.integer({ min: 0, max: 4_102_444_800_000 });
const rfc3339 = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());
const freeForm = fc.dictionary(text(12), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });

const validItem: Record<IngestRoute, fc.Arbitrary<object>> = {
    "/track": fc.record({
        userId: id,
        events: fc.array(fc.record({ eventName: id, metadata: freeForm, timestampUTC: epochMs }), { minLength: 1, maxLength: 5 }),
    }),
    "/alias": fc.record({ newUserId: id, originalUserId: id, timestampUTC: epochMs }),
    "/profile": fc.record({ userId: id, attributes: freeForm, timestampUTC: epochMs }),
    "/impressions": fc.record({ ad_id: id, impression_id: id, user_id: id, timestamp: rfc3339 }),
    "/clicks": fc.record({ ad_id: id, impression_id: id, user_id: id, timestamp: rfc3339 }),
};

type Form = "single" | "array" | "batch";
const wrap = (items: object[], form: Form) => (form === "single" ? items[0] : form === "array" ? items : { batch: items });

const validRequest = fc
    .constantFrom(...INGEST_ROUTES)
    .chain((route) =>
        fc.record({
            route: fc.constant(route),
            items: fc.array(validItem[route], { minLength: 1, maxLength: 8 }),
            form: fc.constantFrom<Form>("single", "array", "batch"),
        }),
    )
    .map(({ route, items, form }) => ({ route, items: form === "single" ? items.slice(0, 1) : items, form }));

/** The records (NDJSON lines) an accepted body must become, from the body as the handler parses it. */
function expectedLines(route: IngestRoute, bodyText: string, requestId: string): string[] {
    const parsed = JSON.parse(bodyText);
    const items: Record<string, unknown>[] = Array.isArray(parsed) ? parsed : "batch" in parsed ? parsed.batch : [parsed];
    const type = route.slice(1);
    const stamp = (fields: object) => JSON.stringify({ type, ...fields, received_at: NOW, request_id: requestId }) + "\n";
    if (route === "/track") return items.flatMap((b) => (b.events as object[]).map((e) => stamp({ userId: b.userId, ...e })));
    return items.map(stamp);
}

const STATUSES = [200, 400, 404, 405, 413, 415, 503];

describe("ingest API: properties (fast-check)", function () {
    this.timeout(180_000);

    it("valid bodies: 200 with exactly their records, or 503 with what was stored counted; never 4xx or 500 (1,500 runs)", async () => {
        await fc.assert(
            fc.asyncProperty(validRequest, fc.integer(), fc.constantFrom(0, 0, 0.2, 0.6), async ({ route, items, form }, seed, rate) => {
                const firehose = new RecordingFirehose(rejections(seed, rate));
                const event = apiEvent(route, wrap(items, form));
                const res = await handlerWith(firehose)(event, lambdaContext());
                const body = JSON.parse(res.body);
                const requestId = event.requestContext.requestId;
                const expected = expectedLines(route, event.body!, requestId);
                expect(body.requestId).to.equal(requestId);
                if (res.statusCode === 200) {
                    expect(body.accepted).to.equal(expected.length);
                    expect([...firehose.stored].sort()).to.deep.equal([...expected].sort());
                } else {
                    expect(res.statusCode, res.body).to.equal(503);
                    expect(rate).to.be.greaterThan(0);
                    expect(body.accepted + body.failed).to.equal(expected.length);
                    expect(firehose.stored).to.have.length(body.accepted);
                    // What was stored is a subset of the body's records, each once.
                    const left = [...expected];
                    for (const line of firehose.stored) expect(left.splice(left.indexOf(line), 1)).to.deep.equal([line]);
                }
            }),
            { numRuns: 1500 },
        );
    });

    it("any request (JSON values, raw text, random bytes, routes, methods, content types): a response, and nothing stored unless 200 or 503 (2,000 runs)", async () => {
        const body = fc.oneof(
            fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? "null", base64: false })),
            validRequest.chain(({ items, form }) =>
                fc.jsonValue().map((junk) => ({ text: JSON.stringify({ ...(wrap(items, form) as object), junk }), base64: false })),
            ),
            fc.string({ unit: "binary", maxLength: 200 }).map((t) => ({ text: t, base64: false })),
            fc.uint8Array({ maxLength: 300 }).map((b) => ({ text: Buffer.from(b).toString("base64"), base64: true })),
        );
        const request = fc.record({
            route: fc.constantFrom(...INGEST_ROUTES, "/nope", "/", "/track/", "/Track"),
            method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT"),
            contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", null, "application/vnd.x+json; charset=utf-8"),
            body,
        });
        await fc.assert(
            fc.asyncProperty(request, async ({ route, method, contentType, body }) => {
                const firehose = new RecordingFirehose();
                const event = apiEvent(route, body.text, { raw: true, method, contentType, base64: body.base64 });
                const res = await handlerWith(firehose, { maxBodyBytes: 4096 })(event, lambdaContext());
                expect(STATUSES, res.body).to.include(res.statusCode);
                const answer = JSON.parse(res.body);
                expect(answer.requestId).to.equal(event.requestContext.requestId);
                if (res.statusCode === 200) expect(firehose.stored).to.have.length(answer.accepted);
                else expect(firehose.stored, `${res.statusCode}: ${res.body}`).to.deep.equal([]);
                for (const line of firehose.stored) expect(JSON.parse(line).request_id).to.equal(event.requestContext.requestId);
            }),
            { numRuns: 2000 },
        );
    });

    it("deep and huge bodies: 413 past the size limit, else 400 past the depth limit, else 200 (600 runs)", async () => {
        const MAX = 64 * 1024;
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 20_000 }),
                fc.constantFrom<Form>("single", "array", "batch"),
                fc.integer({ min: 0, max: 80_000 }),
                async (levels, form, padding) => {
                    // Built as text: a JSON.stringify of the object would itself overflow the stack.
                    const metadata = '{"a":'.repeat(levels - 1) + `{"pad":"${"x".repeat(padding)}"}` + "}".repeat(levels - 1);
                    const track = `{"userId":"u","events":[{"eventName":"e","metadata":${metadata},"timestampUTC":1}]}`;
                    const text = form === "single" ? track : form === "array" ? `[${track}]` : `{"batch":[${track}]}`;
                    const depth = levels + 3 + (form === "single" ? 0 : form === "array" ? 1 : 2);
                    const firehose = new RecordingFirehose();
                    const res = await handlerWith(firehose, { maxBodyBytes: MAX })(apiEvent("/track", text, { raw: true }), lambdaContext());
                    const expected = Buffer.byteLength(text) > MAX ? 413 : depth > MAX_BODY_DEPTH ? 400 : 200;
                    expect(res.statusCode, `${levels} levels, ${padding} padding, ${form}`).to.equal(expected);
                    expect(firehose.stored).to.have.length(expected === 200 ? 1 : 0);
                    if (expected === 400) expect(JSON.parse(res.body).error).to.equal(`body nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels`);
                },
            ),
            { numRuns: 600 },
        );
    });
});

describe("ingest API: depth limit and unexpected errors", () => {
    const nested = (depth: number) => "[".repeat(depth - 1) + "{}" + "]".repeat(depth - 1);

    it("nestingDepth counts objects and arrays, skips strings and escapes, and stops past its limit", () => {
        expect([nested(1), nested(2), nested(64), nested(65)].map((t) => nestingDepth(t))).to.deep.equal([1, 2, 64, 65]);
        expect(nestingDepth('{"a":"[[[{{{","b":"\\"[[","c":[1,{"d":[]}]}')).to.equal(4);
        expect(nestingDepth('"\\\\"[[')).to.equal(2);
        expect(nestingDepth("1")).to.equal(0);
        expect(nestingDepth(nested(1000), 10)).to.equal(11);
        expect(nestingDepth("[][][]{}")).to.equal(1);
        expect(nestingDepth(Buffer.from('{"é[":["ü{"]}'))).to.equal(2);
    });

    it("NestingDepth carries strings and escapes across chunks", () => {
        const text = '{"a":"x\\"[[[[","b":[[{"c":"\\"}]],"d":"]]]]"}';
        expect(nestingDepth(text)).to.equal(4);
        // Every split point, including inside an escape and between a backslash pair.
        for (let cut = 0; cut <= text.length; cut++) {
            const scan = new NestingDepth();
            scan.push(Buffer.from(text.slice(0, cut)));
            expect(scan.push(Buffer.from(text.slice(cut))), `cut at ${cut}`).to.equal(4);
        }
        const bytes = Buffer.from(text);
        const scan = new NestingDepth();
        for (const b of bytes) scan.push(Uint8Array.of(b));
        expect(scan.deepest, "byte by byte").to.equal(4);
    });

    it(`a body exactly ${MAX_BODY_DEPTH} levels deep is accepted, one level more is a 400, 200,000 levels too`, async () => {
        const firehose = new RecordingFirehose();
        const handler = handlerWith(firehose, { maxBodyBytes: 2 * 1024 * 1024 });
        // {userId, events: [{metadata: ...}]} is 3 levels around the metadata.
        const track = (metadataDepth: number) =>
            `{"userId":"u","events":[{"eventName":"e","metadata":${'{"a":'.repeat(metadataDepth - 1)}{}${"}".repeat(metadataDepth - 1)},"timestampUTC":1}]}`;
        const status = async (text: string) => (await handler(apiEvent("/track", text, { raw: true }), lambdaContext())).statusCode;
        expect(await status(track(MAX_BODY_DEPTH - 3))).to.equal(200);
        expect(await status(track(MAX_BODY_DEPTH - 2))).to.equal(400);
        expect(await status(track(200_000))).to.equal(400);
        expect(firehose.stored).to.have.length(1);
    });

    it("answers 500 with the request id, and logs it, when something unexpected throws", async () => {
        const errors: unknown[][] = [];
        const logger = new Logger({ logLevel: "SILENT" });
        logger.error = (...args: unknown[]) => void errors.push(args);
        const firehose = new RecordingFirehose();
        const handler = handlerWith(
            firehose,
            {},
            {
                logger,
                now: () => {
                    throw new TypeError("clock broke");
                },
            },
        );
        const event = apiEvent("/alias", { newUserId: "a", originalUserId: "b", timestampUTC: 1 });
        const res = await handler(event, lambdaContext());
        expect(res.statusCode).to.equal(500);
        expect(JSON.parse(res.body)).to.deep.equal({
            error: "internal error; retry the request, or quote the request id",
            requestId: event.requestContext.requestId,
        });
        expect(errors).to.have.length(1);
        expect(errors[0][0]).to.equal("unexpected error; answered 500");
        expect(errors[0][1]).to.deep.include({ requestId: event.requestContext.requestId });
        expect(firehose.stored).to.deep.equal([]);
    });

    it("answers 500 (not a throw) for events API Gateway never sends: null, no request context, no body field", async () => {
        const handler = handlerWith(new RecordingFirehose());
        const ctx = lambdaContext();
        expect((await handler(null as never, ctx)).statusCode).to.equal(500);
        expect(JSON.parse((await handler({} as never, { awsRequestId: "lambda-1", getRemainingTimeInMillis: () => 1 })).body)).to.deep.include({
            requestId: "lambda-1",
        });
        const noBody = { ...apiEvent("/clicks", {}), body: undefined } as never;
        expect((await handler(noBody, ctx)).statusCode).to.equal(400);
    });
});
