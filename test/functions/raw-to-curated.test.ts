import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    BucketLocationConstraint,
    CreateBucketCommand,
    GetObjectCommand,
    HeadObjectCommand,
    ListObjectVersionsCommand,
    ListObjectsV2Command,
    PutBucketNotificationConfigurationCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSEvent } from "aws-lambda";
import { CurationRule, ERROR_REPORT_SUFFIX, ObjectMeta, ProcessorEnv, QUARANTINE_PREFIX } from "../../lib/contract";
import { curateParquet } from "../../functions/raw-to-curated/curate";
import { makeHandler, readCurateSettings } from "../../functions/raw-to-curated/processor";
import { parseCurationRules } from "../../functions/raw-to-curated/rules";
import { useMoto } from "../../harness/moto";

const RAW = "raw-zone";
const CURATED = "curated-zone";
const RAW_KEY = "arn:aws:kms:eu-west-1:123456789012:key/raw-key";
const CURATED_KEY = "arn:aws:kms:eu-west-1:123456789012:key/curated-key";

const RULES: Record<string, CurationRule> = {
    orders: {
        keyColumns: ["order_id"],
        casts: { price: "DECIMAL(18,2)", purchased_at: "TIMESTAMP", items: "INTEGER" },
        renames: { customer: "customer_id" },
        dropColumns: ["internal_note"],
    },
    strict: { casts: { qty: "INTEGER" } },
    needs_col: { keyColumns: ["id"], dropColumns: ["not_there"] },
};

function baseEnv(rules: unknown = RULES): NodeJS.ProcessEnv {
    return {
        [ProcessorEnv.targetBucket]: CURATED,
        [ProcessorEnv.targetKeyArn]: CURATED_KEY,
        [ProcessorEnv.sourceKeyArn]: RAW_KEY,
        [ProcessorEnv.sourceZone]: "raw",
        [ProcessorEnv.targetZone]: "curated",
        [ProcessorEnv.curationRules]: typeof rules === "string" ? rules : JSON.stringify(rules),
    };
}

describe("raw -> curated: CURATION_RULES", () => {
    it("accepts the rules and an unset value (no curation)", () => {
        expect(parseCurationRules(JSON.stringify(RULES))).to.deep.equal(RULES);
        expect(parseCurationRules(undefined)).to.deep.equal({});
    });
    it("fails init with a message naming the variable and the problem", () => {
        expect(() => readCurateSettings(baseEnv("{not json"))).to.throw(/CURATION_RULES is not valid JSON/);
        expect(() => readCurateSettings(baseEnv({ orders: { casts: { price: "MONEY" } } }))).to.throw(/orders\.casts\.price.*Allowed cast types: BOOLEAN/);
        expect(() => readCurateSettings(baseEnv({ orders: { keyColumns: ["id"], dropColumns: ["id"] } }))).to.throw(/key column 'id' is also dropped/);
        expect(() => readCurateSettings(baseEnv({ orders: { renames: { a: "x", b: "x" } } }))).to.throw(/several columns renamed to 'x'/);
        expect(() => readCurateSettings(baseEnv({ orders: { dedupe: true } }))).to.throw(/orders/);
        expect(() => readCurateSettings({ ...baseEnv(), [ProcessorEnv.maxObjectBytes]: "lots" })).to.throw(/MAX_OBJECT_BYTES/);
    });
});

describe("raw -> curated: curateParquet", () => {
    let duckdb: DuckDBInstance;
    let conn: DuckDBConnection;
    let dir: string;
    before(async () => {
        duckdb = await DuckDBInstance.create(":memory:", { threads: "1" });
        conn = await duckdb.connect();
        dir = mkdtempSync(path.join(os.tmpdir(), "curate-unit-"));
    });
    after(() => {
        conn.closeSync();
        rmSync(dir, { recursive: true, force: true });
    });

    it("deduplicates on cast key values, and keys mean source columns even when a rename reuses their name", async () => {
        const input = path.join(dir, "in.parquet");
        const output = path.join(dir, "out.parquet");
        await conn.run(`COPY (SELECT * FROM (VALUES ('01', 'a'), ('2', 'b'), ('1', 'c')) t(id, other)) TO '${input}' (FORMAT parquet)`);
        const result = await curateParquet(conn, input, output, {
            keyColumns: ["id"],
            casts: { id: "INTEGER" },
            renames: { id: "old_id", other: "id" },
        });
        expect(result).to.deep.include({ inputRows: 3, rowCount: 2 });
        expect(result.columns).to.deep.equal([
            { name: "old_id", type: "INTEGER" },
            { name: "id", type: "VARCHAR" },
        ]);
        const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${output}')`)).getRowObjectsJson();
        expect(rows).to.deep.equal([
            { old_id: 2, id: "b" },
            { old_id: 1, id: "c" },
        ]);
    });
});

describe("raw -> curated processor (moto)", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let s3: S3Client;
    let sqs: SQSClient;
    let queueUrl: string;
    let queueArn: string;
    let duckdb: DuckDBInstance;
    let conn: DuckDBConnection;
    let tmp: string;
    let handler: ReturnType<typeof makeHandler>;
    let testEvent: SQSEvent;
    let metricsDisabled: string | undefined;
    /** Keys whose GetObject fails like S3 throttling does (the transient-failure case). */
    const throttled = new Set<string>();

    before(async () => {
        const m = moto();
        s3 = new S3Client(m.clientConfig);
        sqs = new SQSClient(m.clientConfig);
        s3.middlewareStack.add(
            (next, context) => async (args) => {
                const input = args.input as { Key?: string };
                if (context.commandName === "GetObjectCommand" && input.Key && throttled.has(input.Key)) {
                    throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
                }
                return next(args);
            },
            { step: "initialize", name: "throttleSome" },
        );
        for (const b of [RAW, CURATED]) {
            await s3.send(new CreateBucketCommand({ Bucket: b, CreateBucketConfiguration: { LocationConstraint: m.region as BucketLocationConstraint } }));
            await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
        }
        queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "raw-events" }))).QueueUrl!;
        const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }));
        queueArn = attrs.Attributes!.QueueArn!;
        await s3.send(
            new PutBucketNotificationConfigurationCommand({
                Bucket: RAW,
                NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queueArn, Events: ["s3:ObjectCreated:*"] }] },
            }),
        );
        duckdb = await DuckDBInstance.create(":memory:", { threads: "1" });
        conn = await duckdb.connect();
        tmp = mkdtempSync(path.join(os.tmpdir(), "curate-test-"));
        metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
        process.env.POWERTOOLS_METRICS_DISABLED = "true"; // no EMF lines in the test output
        handler = makeHandler(readCurateSettings(baseEnv()), {
            s3,
            duckdb: async () => duckdb,
            logger: new Logger({ logLevel: "SILENT" }),
            metrics: new Metrics({ namespace: "test" }),
        });
        testEvent = await drain(1); // S3 sends an s3:TestEvent when the notification is configured
    });

    after(() => {
        if (metricsDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
        else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
        conn?.closeSync();
        rmSync(tmp, { recursive: true, force: true });
    });

    /** Receives what the raw bucket's notification delivered, as the Lambda event source would. */
    async function drain(expected = 0): Promise<SQSEvent> {
        const records: SQSEvent["Records"] = [];
        for (let i = 0; i < 10 && (records.length < expected || i === 0); i++) {
            const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
            for (const m of out.Messages ?? []) {
                records.push({
                    messageId: m.MessageId!,
                    receiptHandle: m.ReceiptHandle!,
                    body: m.Body!,
                    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "s3", ApproximateFirstReceiveTimestamp: "0" },
                    messageAttributes: {},
                    md5OfBody: m.MD5OfBody!,
                    eventSource: "aws:sqs",
                    eventSourceARN: queueArn,
                    awsRegion: moto().region,
                });
            }
            if (out.Messages?.length) {
                await sqs.send(
                    new DeleteMessageBatchCommand({
                        QueueUrl: queueUrl,
                        Entries: out.Messages.map((msg, n) => ({ Id: String(n), ReceiptHandle: msg.ReceiptHandle! })),
                    }),
                );
            }
        }
        expect(records.length).to.equal(expected, "notifications received");
        return { Records: records };
    }

    /** Writes Parquet made by `select` into the raw bucket under `key`. */
    async function putRaw(key: string, select: string, metadata: Record<string, string> = {}): Promise<void> {
        const file = path.join(tmp, `${path.basename(key)}-${Date.now()}.parquet`);
        await conn.run(`COPY (${select}) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
        await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: readFileSync(file), Metadata: metadata }));
    }

    async function readCurated(key: string): Promise<{ rows: Record<string, unknown>[]; types: Record<string, string> }> {
        const out = await s3.send(new GetObjectCommand({ Bucket: CURATED, Key: key }));
        const file = path.join(tmp, `curated-${Date.now()}.parquet`);
        writeFileSync(file, await out.Body!.transformToByteArray());
        const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Record<string, unknown>[];
        const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
        return { rows, types: Object.fromEntries(described.map((d) => [String(d.column_name), String(d.column_type)])) };
    }

    async function keys(bucket: string, prefix = ""): Promise<string[]> {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        return (out.Contents ?? []).map((o) => o.Key!).sort();
    }

    async function report(bucket: string, prefix: string): Promise<Record<string, any>> {
        const reportKey = (await keys(bucket, prefix)).find((k) => k.endsWith(ERROR_REPORT_SUFFIX));
        expect(reportKey, "error report").to.be.a("string");
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: reportKey }));
        return JSON.parse(await out.Body!.transformToString());
    }

    it("acks the s3:TestEvent without writing anything", async () => {
        expect(JSON.parse(testEvent.Records[0].body).Event).to.equal("s3:TestEvent");
        expect((await handler(testEvent)).batchItemFailures).to.deep.equal([]);
        expect(await keys(CURATED)).to.deep.equal([]);
    });

    const ORDERS_KEY = "orders/ingest_date=2026-11-23/orders__day1-abc.parquet";

    it("casts, deduplicates on the key columns (last occurrence wins), renames and drops", async () => {
        await putRaw(
            ORDERS_KEY,
            `SELECT * FROM (VALUES
                ('o1', 'c1', '10.50', '2017-10-02 10:56:33', '1', 'first'),
                ('o2', 'c2', '3',     '2018-07-24 20:41:37', '2', NULL),
                ('o1', 'c9', '11.00', '2017-10-03 08:00:00', '3', 'second'),
                ('o3', 'c3', NULL,    NULL,                  NULL, NULL)
            ) t(order_id, customer, price, purchased_at, items, internal_note)`,
        );
        const res = await handler(await drain(1));
        expect(res.batchItemFailures).to.deep.equal([]);

        const { rows, types } = await readCurated(ORDERS_KEY);
        expect(types).to.deep.equal({
            order_id: "VARCHAR",
            customer_id: "VARCHAR",
            price: "DECIMAL(18,2)",
            purchased_at: "TIMESTAMP",
            items: "INTEGER",
        });
        expect(rows).to.deep.equal([
            { order_id: "o2", customer_id: "c2", price: "3.00", purchased_at: "2018-07-24 20:41:37", items: 2 },
            { order_id: "o1", customer_id: "c9", price: "11.00", purchased_at: "2017-10-03 08:00:00", items: 3 },
            { order_id: "o3", customer_id: "c3", price: null, purchased_at: null, items: null },
        ]);
        const head = await s3.send(new HeadObjectCommand({ Bucket: CURATED, Key: ORDERS_KEY }));
        const rawHead = await s3.send(new HeadObjectCommand({ Bucket: RAW, Key: ORDERS_KEY }));
        expect(head.ServerSideEncryption).to.equal("aws:kms");
        expect(head.SSEKMSKeyId).to.equal(CURATED_KEY);
        expect(head.Metadata).to.include({
            [ObjectMeta.rowCount]: "3",
            [ObjectMeta.sourceKey]: ORDERS_KEY,
            [ObjectMeta.sourceBucket]: RAW,
            [ObjectMeta.sourceVersion]: rawHead.VersionId,
            [ObjectMeta.sourceEtag]: rawHead.ETag!.replace(/"/g, ""),
        });
    });

    it("overwrites on redelivery: the same key, no second object", async () => {
        await putRaw(ORDERS_KEY, `SELECT 'o7' AS order_id, 'c7' AS customer, '1' AS price, NULL AS purchased_at, '1' AS items, 'x' AS internal_note`);
        const event = await drain(1);
        await handler(event);
        await handler(event);
        expect(await keys(CURATED, "orders/")).to.deep.equal([ORDERS_KEY]);
        const { rows } = await readCurated(ORDERS_KEY);
        expect(rows.map((r) => r.order_id)).to.deep.equal(["o7"]);
    });

    it("copies datasets without a rule server-side, re-encrypted, metadata kept", async () => {
        const key = "clicks/ingest_date=2026-11-23/clicks-v1.parquet";
        await putRaw(key, `SELECT range AS id, 'ad' || range AS ad FROM range(5)`, { [ObjectMeta.rowCount]: "5", [ObjectMeta.sourceKey]: "clicks/a.csv" });
        expect((await handler(await drain(1))).batchItemFailures).to.deep.equal([]);
        const [raw, curated] = await Promise.all([
            s3.send(new GetObjectCommand({ Bucket: RAW, Key: key })).then((o) => o.Body!.transformToByteArray()),
            s3.send(new GetObjectCommand({ Bucket: CURATED, Key: key })).then((o) => o.Body!.transformToByteArray()),
        ]);
        expect(Buffer.from(curated).equals(Buffer.from(raw))).to.equal(true);
        const head = await s3.send(new HeadObjectCommand({ Bucket: CURATED, Key: key }));
        expect(head.SSEKMSKeyId).to.equal(CURATED_KEY);
        expect(head.Metadata).to.include({ [ObjectMeta.rowCount]: "5", [ObjectMeta.sourceKey]: "clicks/a.csv" });
    });

    it("quarantines a value that does not cast, naming the column and a sample; writes nothing curated", async () => {
        const key = "strict/ingest_date=2026-11-23/s-1.parquet";
        await putRaw(key, `SELECT * FROM (VALUES ('1'), ('2'), ('two'), (NULL)) t(qty)`);
        expect((await handler(await drain(1))).batchItemFailures).to.deep.equal([]);
        expect(await keys(CURATED, "strict/")).to.deep.equal([]);
        const r = await report(RAW, `${QUARANTINE_PREFIX}strict/`);
        expect(r.reason).to.equal("curation");
        expect(r.message).to.match(/column 'qty' has 1 value\(s\) that cannot be cast to INTEGER, e.g. "two"/);
        expect(r.details.castFailures).to.deep.equal([{ column: "qty", type: "INTEGER", badValues: 1, sampleValue: "two" }]);
        expect(r.source.key).to.equal(key);
        const copies = (await keys(RAW, `${QUARANTINE_PREFIX}strict/`)).filter((k) => !k.endsWith(ERROR_REPORT_SUFFIX));
        expect(copies).to.have.length(1);

        // The quarantine writes notify the raw queue too; the processor ignores them.
        const echoes = await drain(2);
        expect((await handler(echoes)).batchItemFailures).to.deep.equal([]);
        expect(await keys(CURATED, QUARANTINE_PREFIX)).to.deep.equal([]);
    });

    it("quarantines an object missing a column the rule names, listing it and the columns present", async () => {
        const key = "needs_col/ingest_date=2026-11-23/n-1.parquet";
        await putRaw(key, `SELECT 1 AS id, 'a' AS name`);
        expect((await handler(await drain(1))).batchItemFailures).to.deep.equal([]);
        expect(await keys(CURATED, "needs_col/")).to.deep.equal([]);
        const r = await report(RAW, `${QUARANTINE_PREFIX}needs_col/`);
        expect(r.message).to.match(/'not_there' \(dropColumns\)/);
        expect(r.details).to.deep.equal({ missingColumns: [{ field: "dropColumns", column: "not_there" }], availableColumns: ["id", "name"] });
        await drain(2);
    });

    it("quarantines an object of a curated dataset that is not Parquet", async () => {
        const key = "strict/ingest_date=2026-11-23/not-parquet.parquet";
        await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: "qty\n1\n" }));
        expect((await handler(await drain(1))).batchItemFailures).to.deep.equal([]);
        const reports = (await keys(RAW, `${QUARANTINE_PREFIX}strict/`)).filter((k) => k.includes("not-parquet") && k.endsWith(ERROR_REPORT_SUFFIX));
        expect(reports).to.have.length(1);
        const out = await s3.send(new GetObjectCommand({ Bucket: RAW, Key: reports[0] }));
        expect(JSON.parse(await out.Body!.transformToString()).message).to.match(/not a readable Parquet file/);
        await drain(2);
    });

    it("fails only the message whose object hits a transient error", async () => {
        const bad = "orders/ingest_date=2026-11-23/slow-1.parquet";
        const good = "orders/ingest_date=2026-11-23/fine-1.parquet";
        const select = `SELECT 'o1' AS order_id, 'c' AS customer, '1' AS price, NULL AS purchased_at, '1' AS items, NULL AS internal_note`;
        await putRaw(bad, select);
        await putRaw(good, select);
        const event = await drain(2);
        throttled.add(bad);
        try {
            const res = await handler(event);
            const failedId = event.Records.find((r) => r.body.includes("slow-1"))!.messageId;
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: failedId }]);
        } finally {
            throttled.clear();
        }
        expect(await keys(CURATED, "orders/"))
            .to.include(good)
            .and.not.include(bad);
        expect(await keys(RAW, `${QUARANTINE_PREFIX}orders/`)).to.deep.equal([]);

        // The retry (after the throttling is over) succeeds.
        const retry = { Records: event.Records.filter((r) => r.body.includes("slow-1")) };
        expect((await handler(retry)).batchItemFailures).to.deep.equal([]);
        expect(await keys(CURATED, "orders/")).to.include(bad);
        const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: CURATED, Prefix: good }));
        expect(versions.Versions).to.have.length(1);
    });
});
