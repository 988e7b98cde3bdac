import { expect } from "chai";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSBatchResponse } from "aws-lambda";
import { DuckDBInstance } from "@duckdb/node-api";
import { ERROR_REPORT_SUFFIX, ObjectMeta, PROCESSED_TAG, ProcessorMetric, QUARANTINE_PREFIX } from "../../lib/contract";
import { createHandler } from "../../functions/drop-to-raw";
import type { ErrorReport } from "../../functions/shared/quarantine";
import { decodeS3Key } from "../../functions/shared/events";
import { useMoto } from "../../harness/moto";
import { BAD_MESSAGE_BODIES, Case, buildCorpus } from "./support-drop/corpus";
import { Lake, acknowledge, createLake, getObject, getTags, listKeys, listVersions, readParquet, receiveEvent } from "./support-drop/lake";
import { DROP_KEY, RecordingMetrics, dropToRawEnv } from "./support-drop/processor";

// Decompressed files up to 24 MiB: the corpus has a line past DuckDB's 8 MB read buffer (gzip).
const LIMITS = { maxObjectBytes: 3 * 1024 ** 2, maxDecompressedBytes: 24 * 1024 ** 2 };
const env = (lake: Lake) => dropToRawEnv(lake, LIMITS);

function handlerFor(lake: Lake, s3: S3Client = lake.s3, metrics = new RecordingMetrics()) {
    return createHandler({ s3, env: env(lake), logger: new Logger({ logLevel: (process.env.TEST_LOG_LEVEL as "ERROR" | undefined) ?? "SILENT" }), metrics });
}

async function parquetOf(sql: string): Promise<Buffer> {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "fixture-")), "f.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    await con.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
    con.closeSync();
    db.closeSync();
    return readFile(file);
}

describe("drop -> raw processor (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();

    describe("corpus", () => {
        let lake: Lake;
        let cases: Case[];
        const responses: SQSBatchResponse[] = [];
        const metrics = new RecordingMetrics();
        const versions = new Map<string, string>();
        /** Raw objects by the source key in their metadata; quarantine reports by source key. */
        const promoted = new Map<string, { key: string; metadata: Record<string, string>; body: Buffer; sse?: string }[]>();
        const reports = new Map<string, { copyKey: string; report: ErrorReport }[]>();

        before(async () => {
            lake = await createLake(moto(), "corpus");
            cases = [
                ...buildCorpus(LIMITS),
                {
                    name: "Parquet with normalised names passes through",
                    key: "sales/2026/clean.parquet",
                    body: await parquetOf("SELECT range AS id, 'x' AS label FROM range(5)"),
                    expected: { promoted: { rows: 5, columns: { id: "BIGINT", label: "VARCHAR" } } },
                },
                {
                    name: "Parquet with other names is rewritten",
                    key: "sales/2026/mixed.parquet",
                    body: await parquetOf(`SELECT range AS "Sale ID", (range * 2.5)::DOUBLE AS "Net Amount" FROM range(7)`),
                    expected: { promoted: { rows: 7, columns: { sale_id: "BIGINT", net_amount: "DOUBLE" } } },
                },
            ];
            // The notification configuration's s3:TestEvent is already on the queue.
            for (const c of cases) {
                const put = await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: c.key, Body: c.body }));
                versions.set(c.key, put.VersionId!);
            }
            const handler = handlerFor(lake, lake.s3, metrics);
            // Lambda gets batches of at most 10 here (the stack's batchSize is smaller still).
            for (let batch = await receiveEvent(lake); batch.Records.length; batch = await receiveEvent(lake)) {
                for (let i = 0; i < batch.Records.length; i += 10) {
                    const part = { Records: batch.Records.slice(i, i + 10), receipts: batch.receipts };
                    const res = await handler(part);
                    responses.push(res);
                    await acknowledge(lake, part, res);
                }
            }
            for (const key of await listKeys(lake.s3, lake.raw)) {
                const obj = await getObject(lake.s3, lake.raw, key);
                const source = decodeURI(obj.metadata[ObjectMeta.sourceKey]);
                promoted.set(source, [...(promoted.get(source) ?? []), { key, ...obj }]);
            }
            for (const key of await listKeys(lake.s3, lake.drop)) {
                if (!key.endsWith(ERROR_REPORT_SUFFIX)) continue;
                const report = JSON.parse((await getObject(lake.s3, lake.drop, key)).body.toString()) as ErrorReport;
                const copyKey = key.slice(0, -ERROR_REPORT_SUFFIX.length);
                reports.set(report.source.key, [...(reports.get(report.source.key) ?? []), { copyKey, report }]);
            }
        });

        it("has at least 20 bad-input cases", () => {
            expect(cases.filter((c) => "quarantined" in c.expected).length).to.be.at.least(20);
        });

        it("received the TestEvent and every object's notification, and none failed", async () => {
            expect(responses.flatMap((r) => r.batchItemFailures)).to.deep.equal([]);
            const left = await lake.sqs.send(new ReceiveMessageCommand({ QueueUrl: lake.queueUrl }));
            expect(left.Messages ?? []).to.have.length(0);
        });

        it("promotes good files with normalised names, inferred types, row counts and metadata", async () => {
            for (const c of cases) {
                if (!("promoted" in c.expected)) continue;
                const hits = promoted.get(c.key) ?? [];
                expect(hits, c.name).to.have.length(1);
                const obj = hits[0];
                expect(obj.metadata[ObjectMeta.rowCount], c.name).to.equal(String(c.expected.promoted.rows));
                expect(obj.metadata[ObjectMeta.sourceVersion], c.name).to.equal(versions.get(c.key));
                expect(obj.metadata[ObjectMeta.sourceBucket], c.name).to.equal(lake.drop);
                expect(obj.key, c.name).to.match(
                    new RegExp(
                        `^${c.key.startsWith("streams/") ? c.key.split("/")[1] : c.key.split("/")[0]}/ingest_date=\\d{4}-\\d{2}-\\d{2}/[^/]+\\.parquet$`,
                    ),
                );
                expect(obj.sse, c.name).to.equal("aws:kms");
                const { rows, columns } = await readParquet(obj.body);
                expect(rows, c.name).to.have.length(c.expected.promoted.rows);
                for (const col of columns) expect(col.name, c.name).to.match(/^[a-z_][a-z0-9_]*$/);
                if (c.expected.promoted.columns) {
                    expect(Object.fromEntries(columns.map((col) => [col.name, col.type])), c.name).to.deep.include(c.expected.promoted.columns);
                }
                if (c.expected.promoted.firstRow) expect(rows[0], c.name).to.deep.equal(c.expected.promoted.firstRow);
                const encoding = c.expected.promoted.encoding ?? (c.key.endsWith(".parquet") ? undefined : "utf-8");
                expect(obj.metadata[ObjectMeta.sourceEncoding], c.name).to.equal(encoding);
            }
        });

        it("keeps values intact (quoted commas, dates, booleans, accents)", async () => {
            const { rows } = await readParquet(promoted.get("orders/2026/11/orders.csv")![0].body);
            expect(rows[1]).to.deep.equal({ order_id: "2", customer_name: "Doe, Jane 1", unit_price: "1.25", order_date: "2026-11-02", is_gift: false });
            // Source order is kept (curation's "last row by source order wins" relies on it).
            expect(rows.map((r) => Number(r.order_id))).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
            expect((await readParquet(promoted.get("support/tickets.csv")![0].body)).rows).to.deep.equal([
                { id: "1", comment: "line one\r\nline two" },
                { id: "2", comment: 'say "hi"' },
            ]);
            expect((await readParquet(promoted.get("customers/bom.csv")![0].body)).rows).to.deep.equal([{ nom: "Élise", cafe: "crème" }]);
        });

        it("quarantines bad files in the drop bucket with an error report (reason, line, source)", async () => {
            for (const c of cases) {
                if (!("quarantined" in c.expected)) continue;
                const found = reports.get(c.key) ?? [];
                expect(found, c.name).to.have.length(1);
                const { copyKey, report } = found[0];
                expect(copyKey.startsWith(`${QUARANTINE_PREFIX}${c.key.split("/")[0]}/`), c.name).to.equal(true);
                const copy = await getObject(lake.s3, lake.drop, copyKey);
                expect(copy.body.equals(c.body), c.name).to.equal(true);
                expect(copy.kmsKey, c.name).to.equal(DROP_KEY);
                expect(report.reason, `${c.name}: ${report.message}`).to.equal(c.expected.quarantined.reason);
                if (c.expected.quarantined.line !== undefined) expect(report.line, `${c.name}: ${report.message}`).to.equal(c.expected.quarantined.line);
                expect(report.source, c.name).to.include({ bucket: lake.drop, key: c.key, size: c.body.length });
                expect(report.message).to.be.a("string").and.not.empty;
            }
        });

        it("loses nothing and duplicates nothing: every input is in raw or in quarantine, once", async () => {
            const inputs = (await listVersions(lake.s3, lake.drop)).filter((o) => !o.key.startsWith(QUARANTINE_PREFIX));
            expect(inputs).to.have.length(cases.length);
            const outcomes = inputs.map((o) => ({ key: o.key, raw: promoted.get(o.key)?.length ?? 0, quarantine: reports.get(o.key)?.length ?? 0 }));
            const lost = outcomes.filter((o) => o.raw + o.quarantine === 0);
            const duplicated = outcomes.filter((o) => o.raw + o.quarantine > 1);
            expect(lost, "lost").to.deep.equal([]);
            expect(duplicated, "duplicated").to.deep.equal([]);
            expect(await listKeys(lake.s3, lake.raw)).to.have.length(cases.filter((c) => "promoted" in c.expected).length);
        });

        it("tags every source version it finished: promoted or quarantined (what the landing zone's expiry filters on)", async () => {
            const tags = new Map<string, string | undefined>();
            for (const c of cases) tags.set(c.name, (await getTags(lake.s3, lake.drop, c.key, versions.get(c.key)))[PROCESSED_TAG.key]);
            const expected = new Map(cases.map((c) => [c.name, "promoted" in c.expected ? PROCESSED_TAG.promoted : PROCESSED_TAG.quarantined]));
            expect(Object.fromEntries(tags)).to.deep.equal(Object.fromEntries(expected));
            // Quarantine copies and reports are not tagged: their own retention rule applies.
            const copy = (await listKeys(lake.s3, lake.drop)).find((k) => k.startsWith(QUARANTINE_PREFIX))!;
            expect(await getTags(lake.s3, lake.drop, copy)).to.deep.equal({});
        });

        it("publishes the promotion metrics", () => {
            const promoted = cases.filter((c) => "promoted" in c.expected);
            expect(metrics.recorded.ObjectsPromoted).to.equal(promoted.length);
            expect(metrics.recorded.ObjectsQuarantined).to.equal(cases.length - promoted.length);
            expect(metrics.recorded[ProcessorMetric.failedRecords], "published, 0 included").to.equal(0);
            expect(metrics.recorded.RowsPromoted).to.equal(promoted.reduce((n, c) => n + ("promoted" in c.expected ? c.expected.promoted.rows : 0), 0));
            // The oversized object is quarantined without being downloaded.
            const downloaded = cases.filter((c) => !("quarantined" in c.expected && c.expected.quarantined.reason === "too-large"));
            expect(metrics.recorded.BytesIn).to.equal(downloaded.reduce((n, c) => n + c.body.length, 0));
        });
    });

    describe("deliveries", () => {
        let lake: Lake;
        before(async () => {
            lake = await createLake(moto(), "deliver");
            await receiveEvent(lake).then((e) => acknowledge(lake, e, { batchItemFailures: [] })); // the TestEvent
        });

        it("a duplicate delivery overwrites the same raw key; several records per message all promote", async () => {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "dup/a.csv", Body: "x\n1\n" }));
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "dup/b c.csv", Body: "x\n2\n" }));
            const event = await receiveEvent(lake);
            expect(event.Records).to.have.length(2);
            const merged = {
                ...event.Records[0],
                messageId: "merged",
                body: JSON.stringify({ Records: event.Records.flatMap((r) => JSON.parse(r.body).Records) }),
            };
            const handler = handlerFor(lake);
            // Delivered once as two messages, then again as one message with both records.
            expect((await handler({ Records: event.Records })).batchItemFailures).to.deep.equal([]);
            expect((await handler({ Records: [merged] })).batchItemFailures).to.deep.equal([]);
            await acknowledge(lake, event, { batchItemFailures: [] });
            const raw = await listVersions(lake.s3, lake.raw);
            expect(new Set(raw.map((o) => o.key)).size).to.equal(2);
            expect(raw.map((o) => o.key).some((k) => k.includes("b_c-"))).to.equal(true);
        });

        it("works as the esbuild bundle the stack deploys (@duckdb external, DuckDB loaded lazily)", async () => {
            const { build } = await import("esbuild");
            const outfile = path.resolve(__dirname, "../../.build/test-drop-to-raw/index.js");
            await build({
                entryPoints: [path.resolve(__dirname, "../../functions/drop-to-raw/index.ts")],
                bundle: true,
                platform: "node",
                target: "node22",
                external: ["@duckdb/*"],
                outfile,
                logLevel: "error",
            });
            const bundled = require(outfile) as typeof import("../../functions/drop-to-raw");
            expect(bundled.handler).to.be.a("function");
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "bundle/a.ndjson", Body: '{"a":1}\n{"a":2}\n' }));
            const event = await receiveEvent(lake);
            const res = await bundled.createHandler({
                s3: lake.s3,
                env: env(lake),
                logger: new Logger({ logLevel: "SILENT" }),
                metrics: new RecordingMetrics(),
            })(event);
            expect(res.batchItemFailures).to.deep.equal([]);
            await acknowledge(lake, event, res);
            expect((await listKeys(lake.s3, lake.raw)).filter((k) => k.startsWith("bundle/"))).to.have.length(1);
        });

        it("fails (and so keeps) a message that is not an S3 event, without failing its neighbours", async () => {
            await lake.sqs.send(new SendMessageCommand({ QueueUrl: lake.queueUrl, MessageBody: "not an S3 event" }));
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "mixed/a.csv", Body: "x\n1\n" }));
            const event = await receiveEvent(lake);
            const stray = event.Records.find((r) => r.body === "not an S3 event")!;
            const res = await handlerFor(lake)(event);
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: stray.messageId }]);
            await acknowledge(lake, event, { batchItemFailures: [] });
        });

        it("bodies that are not S3 events fail only their own messages; the objects beside them are promoted", async () => {
            for (const bad of BAD_MESSAGE_BODIES) await lake.sqs.send(new SendMessageCommand({ QueueUrl: lake.queueUrl, MessageBody: bad.body }));
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "bodies/a.csv", Body: "x\n1\n" }));
            const event = await receiveEvent(lake);
            expect(event.Records).to.have.length(BAD_MESSAGE_BODIES.length + 1);
            const metrics = new RecordingMetrics();
            const res = await handlerFor(lake, lake.s3, metrics)(event);
            const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
            expect(event.Records.filter((r) => !failed.has(r.messageId)).map((r) => decodeS3Key(JSON.parse(r.body).Records[0].s3.object.key))).to.deep.equal([
                "bodies/a.csv",
            ]);
            expect(failed.size).to.equal(BAD_MESSAGE_BODIES.length);
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(BAD_MESSAGE_BODIES.length);
            expect((await listKeys(lake.s3, lake.raw)).filter((k) => k.startsWith("bodies/"))).to.have.length(1);
            await acknowledge(lake, event, { batchItemFailures: [] });
        });

        it("skips its own quarantine keys (no loop)", async () => {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: `${QUARANTINE_PREFIX}dup/x`, Body: "junk" }));
            const event = await receiveEvent(lake);
            expect(event.Records).to.have.length(1);
            const before = (await listVersions(lake.s3, lake.drop)).length;
            expect((await handlerFor(lake)(event)).batchItemFailures).to.deep.equal([]);
            expect((await listVersions(lake.s3, lake.drop)).length).to.equal(before);
        });

        it("keeps the uploader's own tags when it tags a source", async () => {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "tagged/a.csv", Body: "x\n1\n", Tagging: "owner=team-a&pii=no" }));
            const event = await receiveEvent(lake);
            expect((await handlerFor(lake)(event)).batchItemFailures).to.deep.equal([]);
            await acknowledge(lake, event, { batchItemFailures: [] });
            expect(await getTags(lake.s3, lake.drop, "tagged/a.csv")).to.deep.equal({
                owner: "team-a",
                pii: "no",
                [PROCESSED_TAG.key]: PROCESSED_TAG.promoted,
            });
        });

        it("a redelivered message re-copies a quarantined source untagged: the copy keeps the quarantine retention, not the landing expiry", async () => {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "redeliver/bad.json", Body: "{not json", Tagging: "owner=team-a" }));
            const event = await receiveEvent(lake);
            const handler = handlerFor(lake);
            // The first delivery tags the source `quarantined`; the second copies that tagged source again.
            for (const delivery of [1, 2]) expect((await handler(event)).batchItemFailures, `delivery ${delivery}`).to.deep.equal([]);
            await acknowledge(lake, event, { batchItemFailures: [] });
            expect(await getTags(lake.s3, lake.drop, "redeliver/bad.json")).to.deep.equal({ owner: "team-a", [PROCESSED_TAG.key]: PROCESSED_TAG.quarantined });
            const copies = (await listVersions(lake.s3, lake.drop)).filter((v) => v.key.startsWith(`${QUARANTINE_PREFIX}redeliver/`));
            expect(copies.filter((v) => !v.key.endsWith(ERROR_REPORT_SUFFIX))).to.have.length(2, "one copy version per delivery");
            for (const v of copies) expect(await getTags(lake.s3, lake.drop, v.key, v.versionId), v.key).to.deep.equal({});
        });

        it("acks a notification whose object version no longer exists", async () => {
            const put = await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "gone/a.csv", Body: "x\n1\n" }));
            const event = await receiveEvent(lake);
            const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
            await lake.s3.send(new DeleteObjectCommand({ Bucket: lake.drop, Key: "gone/a.csv", VersionId: put.VersionId }));
            expect((await handlerFor(lake)(event)).batchItemFailures).to.deep.equal([]);
        });
    });

    describe("transient failures", () => {
        let lake: Lake;
        before(async () => {
            lake = await createLake(moto(), "flaky", { maxReceiveCount: 2, visibilityTimeout: 1 });
            await receiveEvent(lake).then((e) => acknowledge(lake, e, { batchItemFailures: [] }));
        });

        it("fails only the throttled object's message, which then reaches the DLQ after maxReceiveCount", async () => {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "t/ok.csv", Body: "x\n1\n" }));
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "t/throttled.csv", Body: "x\n2\n" }));
            // Same emulator, but every GetObject of one key answers 503 SlowDown.
            const flaky = new S3Client({ ...moto().clientConfig, maxAttempts: 1 });
            flaky.middlewareStack.add(
                (next, context) => async (args) => {
                    const input = args.input as { Key?: string };
                    if (context.commandName === "GetObjectCommand" && input.Key === "t/throttled.csv") {
                        throw Object.assign(new Error("Please reduce your request rate."), {
                            name: "SlowDown",
                            $fault: "server",
                            $metadata: { httpStatusCode: 503 },
                        });
                    }
                    return next(args);
                },
                { step: "initialize", name: "injectSlowDown" },
            );
            const metrics = new RecordingMetrics();
            const handler = handlerFor(lake, flaky, metrics);

            let event = await receiveEvent(lake);
            expect(event.Records).to.have.length(2);
            const throttledId = event.Records.find((r) => r.body.includes("throttled"))!.messageId;
            let res = await handler(event);
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: throttledId }]);
            await acknowledge(lake, event, res);
            expect((await listVersions(lake.s3, lake.raw)).map((o) => o.key)).to.have.length(1);

            // Second receive (after the 1 s visibility timeout): fails again, not deleted.
            await new Promise((r) => setTimeout(r, 1200));
            event = await receiveEvent(lake);
            expect(event.Records.map((r) => r.messageId)).to.deep.equal([throttledId]);
            res = await handler(event);
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: throttledId }]);
            await acknowledge(lake, event, res);

            // maxReceiveCount (2) reached: the next receive moves it to the DLQ.
            await new Promise((r) => setTimeout(r, 1200));
            expect((await receiveEvent(lake)).Records).to.have.length(0);
            const dlq = await receiveEvent(lake, lake.dlqUrl);
            expect(dlq.Records.map((r) => r.messageId)).to.deep.equal([throttledId]);
            expect(decodeS3Key(JSON.parse(dlq.Records[0].body).Records[0].s3.object.key)).to.equal("t/throttled.csv");
            // Still untagged: the lifecycle never expires a source before an operator has acted.
            expect(await getTags(lake.s3, lake.drop, "t/throttled.csv")).to.deep.equal({});
            expect(await getTags(lake.s3, lake.drop, "t/ok.csv")).to.deep.equal({ [PROCESSED_TAG.key]: PROCESSED_TAG.promoted });
            // One failed record per receive: what an alarm on FailedRecords sees.
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(2);
        });
    });
});
