import { expect } from "chai";
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { BucketLocationConstraint, CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { useMoto } from "../../harness/moto";
import { createHandler } from "../../functions/ingest-api/handler";
import { RecordBatchSender } from "../../functions/ingest-api/firehose";
import { apiEvent, impression, lambdaContext, quietPowertools } from "./ingest-fixtures";
import { bundleFunction } from "../../lib/bundle";
import { IngestEnv } from "../../lib/contract";

const BUCKET = "lake-drop";
const STREAM = "lake-impressions";
const PREFIX = "streams/impressions/";

/** Every NDJSON line moto's Firehose delivered into the bucket under a prefix. */
async function deliveredLines(s3: S3Client, prefix: string): Promise<string[]> {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    const lines: string[] = [];
    for (const { Key } of listed.Contents ?? []) {
        const obj = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
        let bytes = Buffer.from(await obj.Body!.transformToByteArray());
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
        lines.push(...bytes.toString("utf8").split("\n").filter(Boolean));
    }
    return lines;
}

/**
 * Wraps the real (moto) client and rejects some records of the first calls: the rejected ones are
 * not forwarded, and come back with an ErrorCode as Firehose reports a partial failure.
 */
class FlakyFirehose implements RecordBatchSender {
    calls = 0;
    constructor(
        private inner: FirehoseClient,
        private rejectWhile: (call: number, position: number) => boolean,
    ) {}
    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
        const call = ++this.calls;
        const records = command.input.Records ?? [];
        const forward = records.filter((_, i) => !this.rejectWhile(call, i));
        const out = forward.length ? await this.inner.send(new PutRecordBatchCommand({ ...command.input, Records: forward })) : { RequestResponses: [] };
        const accepted = [...(out.RequestResponses ?? [])];
        const responses = records.map((_, i) =>
            this.rejectWhile(call, i) ? { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." } : accepted.shift()!,
        );
        return { FailedPutCount: responses.filter((r) => r.ErrorCode).length, RequestResponses: responses, Encrypted: false, $metadata: {} };
    }
}

describe("ingest API handler -> Firehose -> S3 (moto)", () => {
    const moto = useMoto();
    let s3: S3Client;
    let firehose: FirehoseClient;

    before(async () => {
        s3 = new S3Client(moto().clientConfig);
        firehose = new FirehoseClient(moto().clientConfig);
        await s3.send(
            new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: moto().region as BucketLocationConstraint } }),
        );
    });

    beforeEach(async function () {
        // A fresh delivery stream per test, each writing under its own prefix: reads see only their records.
        const n = this.currentTest!.title.replace(/\W+/g, "-").slice(0, 30);
        await firehose.send(
            new CreateDeliveryStreamCommand({
                DeliveryStreamName: `${STREAM}-${n}`,
                DeliveryStreamType: "DirectPut",
                ExtendedS3DestinationConfiguration: {
                    RoleARN: "arn:aws:iam::123456789012:role/firehose-delivery",
                    BucketARN: `arn:aws:s3:::${BUCKET}`,
                    Prefix: `${PREFIX}${n}/`, // moto writes <prefix>YYYY/MM/DD/HH/<object>, one object per call
                    ErrorOutputPrefix: `errors/impressions/!{firehose:error-output-type}/`,
                    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
                },
            }),
        );
        streamName = `${STREAM}-${n}`;
        streamPrefix = `${PREFIX}${n}/`;
    });
    let streamName = "";
    let streamPrefix = "";

    const handlerWith = (client: RecordBatchSender) =>
        createHandler({
            firehose: client,
            settings: { routeStreams: { "/impressions": streamName }, maxBodyBytes: 1024 * 1024, maxAttempts: 5 },
            ...quietPowertools(),
            retry: { baseDelayMs: 1, maxDelayMs: 5 },
        });

    it("events sent through the handler arrive in the drop bucket as NDJSON, stamped", async () => {
        const events = Array.from({ length: 1100 }, (_, i) => impression(i));
        const event = apiEvent("/impressions", events);
        const res = await handlerWith(firehose)(event, lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);
        expect(JSON.parse(res.body).accepted).to.equal(1100);
        const records = (await deliveredLines(s3, streamPrefix)).map((l) => JSON.parse(l));
        expect(records).to.have.length(1100);
        expect(records.map((r) => r.impression_id).sort()).to.deep.equal(events.map((e) => e.impression_id).sort());
        for (const r of records) {
            expect(r).to.include({ type: "impressions", request_id: event.requestContext.requestId });
            expect(Date.parse(r.received_at)).to.be.closeTo(Date.now(), 60_000);
        }
    });

    it("records rejected by Firehose are retried: none lost, none duplicated", async () => {
        // First two calls: every 4th record rejected. The 1100 events go out as 500 + 500 + 100.
        const flaky = new FlakyFirehose(firehose, (call, position) => call <= 2 && position % 4 === 0);
        const events = Array.from({ length: 1100 }, (_, i) => impression(i));
        const res = await handlerWith(flaky)(apiEvent("/impressions", events), lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);
        expect(flaky.calls).to.be.greaterThan(3);
        const ids = (await deliveredLines(s3, streamPrefix)).map((l) => JSON.parse(l).impression_id);
        expect(ids).to.have.length(1100);
        expect(new Set(ids).size).to.equal(1100);
    });

    it("records rejected on every attempt make the request fail with 503; the accepted ones are delivered", async () => {
        const flaky = new FlakyFirehose(firehose, (_call, position) => position === 0);
        const res = await handlerWith(flaky)(apiEvent("/impressions", [impression(1), impression(2), impression(3)]), lambdaContext());
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.body)).to.include({ accepted: 2, failed: 1 });
        expect(flaky.calls).to.equal(5);
        expect((await deliveredLines(s3, streamPrefix)).map((l) => JSON.parse(l).impression_id).sort()).to.deep.equal(["imp-2", "imp-3"]);
    });

    it("the esbuild bundle (as deployed by lib/bundle) initialises from its environment and delivers", async () => {
        const env = {
            [IngestEnv.routeStreams]: JSON.stringify({ "/impressions": streamName }),
            AWS_ENDPOINT_URL_FIREHOSE: moto().endpoint,
            AWS_ACCESS_KEY_ID: "testing",
            AWS_SECRET_ACCESS_KEY: "testing",
            POWERTOOLS_LOG_LEVEL: "SILENT",
            POWERTOOLS_METRICS_DISABLED: "true",
        };
        const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
        Object.assign(process.env, env);
        try {
            const file = bundleFunction("ingest-api");
            delete require.cache[file];
            const { handler } = require(file) as { handler: ReturnType<typeof createHandler> };
            const res = await handler(apiEvent("/impressions", [impression(1), impression(2)]), lambdaContext());
            expect(res.statusCode, res.body).to.equal(200);
            expect((await deliveredLines(s3, streamPrefix)).map((l) => JSON.parse(l).impression_id).sort()).to.deep.equal(["imp-1", "imp-2"]);
        } finally {
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
        }
    });

    it("a stream that does not exist answers 503 naming the error", async () => {
        const handler = createHandler({
            firehose,
            settings: { routeStreams: { "/impressions": "no-such-stream" }, maxBodyBytes: 1024, maxAttempts: 3 },
            ...quietPowertools(),
        });
        const res = await handler(apiEvent("/impressions", impression(1)), lambdaContext());
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.body).error).to.match(/ResourceNotFoundException/);
    });
});
