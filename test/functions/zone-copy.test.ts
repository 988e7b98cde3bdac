/**
 * The copy processor of the hops past the curated zone (functions/zone-copy) against moto: S3
 * notifications on a real queue, server-side copies re-encrypted with the next zone's key.
 */
import { expect } from "chai";
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
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSEvent } from "aws-lambda";
import { ObjectMeta, ProcessorEnv } from "../../lib/contract";
import { makeHandler, readCopySettings } from "../../functions/zone-copy/processor";
import { useMoto } from "../../harness/moto";

const SOURCE = "curated-zone";
const TARGET = "gold-zone";
const SOURCE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/curated-key";
const TARGET_KEY = "arn:aws:kms:eu-west-1:123456789012:key/gold-key";

const ENV: NodeJS.ProcessEnv = {
    [ProcessorEnv.targetBucket]: TARGET,
    [ProcessorEnv.targetKeyArn]: TARGET_KEY,
    [ProcessorEnv.sourceKeyArn]: SOURCE_KEY,
    [ProcessorEnv.sourceZone]: "curated",
    [ProcessorEnv.targetZone]: "gold",
};

describe("zone copy: settings", () => {
    it("fails init naming a missing variable", () => {
        expect(readCopySettings(ENV).targetBucket).to.equal(TARGET);
        expect(() => readCopySettings({ ...ENV, [ProcessorEnv.targetBucket]: "" })).to.throw(/TARGET_BUCKET/);
    });
});

describe("zone copy processor (moto)", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let s3: S3Client;
    let sqs: SQSClient;
    let queueUrl: string;
    let queueArn: string;
    let handler: ReturnType<typeof makeHandler>;
    let testEvent: SQSEvent;
    let metricsDisabled: string | undefined;
    /** Keys whose CopyObject fails like S3 throttling does (the transient-failure case). */
    const throttled = new Set<string>();

    before(async () => {
        const m = moto();
        s3 = new S3Client(m.clientConfig);
        sqs = new SQSClient(m.clientConfig);
        s3.middlewareStack.add(
            (next, context) => async (args) => {
                const input = args.input as { Key?: string };
                if (context.commandName === "CopyObjectCommand" && input.Key && throttled.has(input.Key)) {
                    throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
                }
                return next(args);
            },
            { step: "initialize", name: "throttleSome" },
        );
        for (const b of [SOURCE, TARGET]) {
            await s3.send(new CreateBucketCommand({ Bucket: b, CreateBucketConfiguration: { LocationConstraint: m.region as BucketLocationConstraint } }));
            await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
        }
        queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "curated-events" }))).QueueUrl!;
        const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }));
        queueArn = attrs.Attributes!.QueueArn!;
        await s3.send(
            new PutBucketNotificationConfigurationCommand({
                Bucket: SOURCE,
                NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queueArn, Events: ["s3:ObjectCreated:*"] }] },
            }),
        );
        metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
        process.env.POWERTOOLS_METRICS_DISABLED = "true"; // no EMF lines in the test output
        handler = makeHandler(readCopySettings(ENV), { s3, logger: new Logger({ logLevel: "SILENT" }), metrics: new Metrics({ namespace: "test" }) });
        testEvent = await drain(1); // S3 sends an s3:TestEvent when the notification is configured
    });

    after(() => {
        if (metricsDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
        else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
    });

    /** Receives what the source bucket's notification delivered, as the Lambda event source would. */
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

    async function keys(bucket: string, prefix = ""): Promise<string[]> {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        return (out.Contents ?? []).map((o) => o.Key!).sort();
    }

    const put = (key: string, body: string, metadata: Record<string, string> = {}) =>
        s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: body, Metadata: metadata }));

    it("acks the s3:TestEvent without writing anything", async () => {
        expect(JSON.parse(testEvent.Records[0].body).Event).to.equal("s3:TestEvent");
        expect((await handler(testEvent)).batchItemFailures).to.deep.equal([]);
        expect(await keys(TARGET)).to.deep.equal([]);
    });

    it("copies server-side, re-encrypted with the next zone's key, metadata kept; a redelivery overwrites", async () => {
        const key = "clicks/ingest_date=2026-11-23/clicks-v1.parquet";
        await put(key, "PAR1 bytes", { [ObjectMeta.rowCount]: "5", [ObjectMeta.sourceKey]: "clicks/a.csv" });
        const event = await drain(1);
        expect((await handler(event)).batchItemFailures).to.deep.equal([]);
        const copied = await s3.send(new GetObjectCommand({ Bucket: TARGET, Key: key }));
        expect(await copied.Body!.transformToString()).to.equal("PAR1 bytes");
        const head = await s3.send(new HeadObjectCommand({ Bucket: TARGET, Key: key }));
        expect(head.SSEKMSKeyId).to.equal(TARGET_KEY);
        expect(head.Metadata).to.include({ [ObjectMeta.rowCount]: "5", [ObjectMeta.sourceKey]: "clicks/a.csv" });
        expect((await handler(event)).batchItemFailures).to.deep.equal([]);
        expect(await keys(TARGET, "clicks/")).to.deep.equal([key]);
    });

    it("fails only the message whose copy hits a transient error; its retry succeeds", async () => {
        const bad = "orders/ingest_date=2026-11-23/slow-1.parquet";
        const good = "orders/ingest_date=2026-11-23/fine-1.parquet";
        await put(bad, "a");
        await put(good, "b");
        const event = await drain(2);
        throttled.add(bad);
        try {
            const res = await handler(event);
            const failedId = event.Records.find((r) => r.body.includes("slow-1"))!.messageId;
            expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: failedId }]);
        } finally {
            throttled.clear();
        }
        expect(await keys(TARGET, "orders/")).to.deep.equal([good]);
        const retry = { Records: event.Records.filter((r) => r.body.includes("slow-1")) };
        expect((await handler(retry)).batchItemFailures).to.deep.equal([]);
        expect(await keys(TARGET, "orders/")).to.deep.equal([good, bad].sort());
        const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: TARGET, Prefix: good }));
        expect(versions.Versions).to.have.length(1);
    });
});
