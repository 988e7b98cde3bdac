/**
 * The shared batch loop (functions/shared/batch.ts) against moto: which messages fail (and so are
 * retried, then kept in the DLQ), which objects are quarantined with which reason, and the
 * FailedRecords metric, for bodies that are not S3 events and for each class of error.
 */
import { expect } from "chai";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { ERROR_REPORT_SUFFIX, ProcessorMetric, QUARANTINE_PREFIX } from "../../lib/contract";
import { objectBatchHandler } from "../../functions/shared/batch";
import type { S3ObjectRef } from "../../functions/shared/events";
import type { ErrorReport } from "../../functions/shared/quarantine";
import { useMoto } from "../../harness/moto";
import { BAD_MESSAGE_BODIES } from "./support-drop/corpus";
import { getObject, listKeys } from "./support-drop/lake";
import { DROP_KEY, RecordingMetrics } from "./support-drop/processor";

const BUCKET = "batch-loop";

const s3Record = (key: string) => ({
    eventVersion: "2.1",
    eventSource: "aws:s3",
    eventName: "ObjectCreated:Put",
    eventTime: "2026-11-23T01:00:00.000Z",
    s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key), size: 4 } },
});

let seq = 0;
const message = (body: string): SQSRecord => ({
    messageId: `m-${++seq}`,
    receiptHandle: "r",
    body,
    attributes: {} as SQSRecord["attributes"],
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:q",
    awsRegion: "eu-west-1",
});
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const notification = (...keys: string[]) => message(JSON.stringify({ Records: keys.map(s3Record) }));

const aws = (name: string, status: number) =>
    new S3ServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status }, message: name });

describe("shared batch loop (moto)", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let s3: S3Client;

    before(async () => {
        s3 = new S3Client(moto().clientConfig);
        await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    });

    /** A handler whose promote records what it saw and throws what `errors` names for a key. */
    function loop(errors: Record<string, unknown> = {}) {
        const promoted: string[] = [];
        const metrics = new RecordingMetrics();
        const handler = objectBatchHandler({
            s3,
            sourceKeyArn: DROP_KEY,
            logger: new Logger({ logLevel: "SILENT" }),
            metrics,
            promote: async (ref: S3ObjectRef) => {
                if (ref.key in errors) throw errors[ref.key];
                promoted.push(ref.key);
            },
        });
        return { handler, promoted, metrics };
    }

    describe("bodies that are not S3 events", () => {
        const bodies = [...BAD_MESSAGE_BODIES.map((b) => b.body), ""];

        it("fail only their own message, never the rest of the batch", async () => {
            const { handler, promoted, metrics } = loop();
            const bad = bodies.map(message);
            const good = notification("d/good.csv");
            const res = await handler(event(bad[0], good, ...bad.slice(1)));
            expect(res.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(bad.map((m) => m.messageId));
            expect(promoted).to.deep.equal(["d/good.csv"]);
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(bodies.length);
        });

        it("a message mixing good and keyless records promotes the good ones and fails", async () => {
            const { handler, promoted, metrics } = loop();
            const records = [
                null,
                7,
                "x",
                [],
                {},
                { s3: { bucket: { name: BUCKET }, object: {} } },
                { ...s3Record("d/a.csv"), s3: { bucket: {}, object: { key: "k" } } },
                s3Record("d/a.csv"),
                s3Record("d/b.csv"),
            ];
            const mixed = message(JSON.stringify({ Records: records }));
            const res = await handler(event(mixed, notification("d/c.csv")));
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: mixed.messageId }]);
            expect(promoted).to.deep.equal(["d/a.csv", "d/b.csv", "d/c.csv"]);
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(1);
        });

        it("an s3:TestEvent and an empty Records list are acked with nothing to do", async () => {
            const { handler, promoted, metrics } = loop();
            const res = await handler(
                event(message(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: BUCKET })), message('{"Records":[]}')),
            );
            expect(res.batchItemFailures).to.deep.equal([]);
            expect(promoted).to.deep.equal([]);
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(0);
        });
    });

    describe("errors while promoting", () => {
        const errors: Record<string, unknown> = {
            "e/engine.csv": new Error("Not implemented Error: some reader limitation\nmore detail"),
            "e/internal.csv": new Error("INTERNAL Error: Attempted to access index 3 within vector of size 3"),
            "e/oom.csv": new Error("Out of Memory Error: could not allocate block of size 256 KiB"),
            "e/bug.csv": new TypeError("Cannot read properties of undefined (reading 'length')"),
            "e/throttled.csv": aws("SlowDown", 503),
            "e/denied.csv": aws("AccessDenied", 403),
            "e/reset.csv": Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
            "e/gone.csv": aws("NoSuchKey", 404),
        };
        const expectedReasons: Record<string, string> = {
            "e/engine.csv": "engine-error",
            "e/internal.csv": "engine-error",
            "e/oom.csv": "resource-limit",
            "e/bug.csv": "processing-error",
        };
        let res: Awaited<ReturnType<ReturnType<typeof loop>["handler"]>>;
        let records: Map<string, SQSRecord>;
        let metrics: RecordingMetrics;

        before(async () => {
            for (const key of [...Object.keys(errors), "e/fine.csv"]) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "a\n1\n" }));
            records = new Map([...Object.keys(errors), "e/fine.csv"].map((k) => [k, notification(k)]));
            const l = loop(errors);
            metrics = l.metrics;
            res = await l.handler(event(...records.values()));
        });

        it("retries only transient and infrastructure errors", () => {
            const failed = res.batchItemFailures.map((f) => [...records].find(([, m]) => m.messageId === f.itemIdentifier)![0]);
            expect(failed).to.deep.equal(["e/throttled.csv", "e/denied.csv", "e/reset.csv"]);
            expect(metrics.recorded[ProcessorMetric.failedRecords]).to.equal(3);
        });

        it("quarantines errors that repeat for the same bytes, with their reason and first line", async () => {
            const reports = (await listKeys(s3, BUCKET)).filter((k) => k.endsWith(ERROR_REPORT_SUFFIX));
            const byKey = new Map<string, ErrorReport>();
            for (const k of reports) {
                const report = JSON.parse((await getObject(s3, BUCKET, k)).body.toString()) as ErrorReport;
                byKey.set(report.source.key, report);
            }
            expect(Object.fromEntries([...byKey].map(([k, r]) => [k, r.reason]))).to.deep.equal(expectedReasons);
            expect(byKey.get("e/engine.csv")!.message).to.equal("Not implemented Error: some reader limitation");
            expect(byKey.get("e/bug.csv")!.message).to.equal("TypeError: Cannot read properties of undefined (reading 'length')");
            for (const r of byKey.values()) expect(r.quarantineKey.startsWith(`${QUARANTINE_PREFIX}e/`)).to.equal(true);
            expect(metrics.recorded[ProcessorMetric.objectsQuarantined]).to.equal(4);
        });
    });
});
