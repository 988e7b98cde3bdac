/**
 * The zone reconciliation against moto: of objects in every state, only the stale ones no
 * processor finished are announced again, as the EventBridge event the processors parse; the
 * drop -> raw processor then promotes them, and the next run announces nothing.
 */
import { expect } from "chai";
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent } from "aws-lambda";
import { PROCESSED_TAG, RECONCILE_REASON, ReconcileEnv, ReconcileMetric } from "../../lib/contract";
import { createHandler as dropToRaw } from "../../functions/drop-to-raw";
import { createHandler } from "../../functions/reconcile";
import { queueAccount } from "../../functions/reconcile/reconcile";
import { EnvError } from "../../functions/shared/env";
import { readS3EventBody } from "../../functions/shared/events";
import { useMoto } from "../../harness/moto";
import { getTags } from "./support-drop/lake";
import { RecordingMetrics, dropToRawEnv } from "./support-drop/processor";

const DAY = 24 * 3600;
const silent = () => new Logger({ logLevel: "SILENT" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("zone reconciliation (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();

    it("announces again only the stale objects no processor finished; the processor takes them; the next run finds nothing", async () => {
        const s3 = new S3Client(moto().clientConfig);
        const sqs = new SQSClient(moto().clientConfig);
        for (const Bucket of ["rc-drop", "rc-raw"]) {
            await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
            await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
        }
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "rc-drop-events" }));
        const put = (Key: string, tag?: string) =>
            s3.send(new PutObjectCommand({ Bucket: "rc-drop", Key, Body: "id,name\n1,a\n", Tagging: tag && `${PROCESSED_TAG.key}=${tag}` }));
        // Stale: every state an object of the landing zone can be in.
        const lost = ["sales/lost.csv", "sales/lost again.csv", ...Array.from({ length: 11 }, (_, i) => `bulk/part-${i}.csv`)];
        const versions = new Map<string, string>();
        for (const key of lost) versions.set(key, (await put(key)).VersionId!);
        await put("sales/promoted.csv", PROCESSED_TAG.promoted);
        await put("sales/quarantined.csv", PROCESSED_TAG.quarantined);
        await put("orders/left.csv", PROCESSED_TAG.leftForBatch);
        await put("quarantine/sales/ingest_date=2026-01-01/bad-v1");
        await put("sales/folder/");
        await s3.send(new PutObjectCommand({ Bucket: "rc-drop", Key: "sales/other-tags.csv", Body: "id\n1\n", Tagging: "owner=team-a" }));
        lost.push("sales/other-tags.csv");
        await sleep(1500);
        const cutoff = new Date();
        await sleep(1500);
        // Fresh: untagged, but younger than the threshold (its message may still be on its way).
        await put("sales/fresh.csv");

        const env = {
            [ReconcileEnv.bucket]: "rc-drop",
            [ReconcileEnv.queueUrl]: QueueUrl!,
            [ReconcileEnv.staleAfterSeconds]: String(DAY),
            AWS_REGION: "eu-west-1",
        };
        const metrics = new RecordingMetrics();
        const reconcile = createHandler({ s3, sqs, env, logger: silent(), metrics, now: () => new Date(cutoff.getTime() + DAY * 1000) });
        expect(await reconcile()).to.deep.equal({ reannounced: lost.length });
        expect(metrics.recorded).to.deep.equal({ [ReconcileMetric.objectsReannounced]: lost.length });

        const event: SQSEvent = { Records: [] };
        for (;;) {
            const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
            if (!out.Messages?.length) break;
            for (const m of out.Messages) event.Records.push({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body! } as never);
        }
        const refs = event.Records.map((r) => readS3EventBody(r.body));
        expect(refs.flatMap((r) => r.malformed)).to.deep.equal([]);
        expect(refs.map((r) => r.refs[0].key).sort()).to.deep.equal([...lost].sort());
        for (const {
            refs: [ref],
        } of refs) {
            expect(ref).to.deep.include({ bucket: "rc-drop", eventName: `ObjectCreated:${RECONCILE_REASON}` });
            expect(ref.eventTime.getTime()).to.be.below(cutoff.getTime());
            if (versions.has(ref.key)) expect(ref.versionId, ref.key).to.equal(versions.get(ref.key));
        }
        const envelope = JSON.parse(event.Records[0].body);
        expect(envelope).to.deep.include({ source: "aws.s3", "detail-type": "Object Created", account: "123456789012", region: "eu-west-1" });

        // The processor handles the announcements like the events it normally gets, and tags their objects.
        const processor = dropToRaw({
            s3,
            env: dropToRawEnv({ raw: "rc-raw" }, { maxObjectBytes: 1024 ** 2, maxDecompressedBytes: 1024 ** 2 }),
            logger: silent(),
            metrics: new RecordingMetrics(),
        });
        expect((await processor(event)).batchItemFailures).to.deep.equal([]);
        for (const key of lost) expect((await getTags(s3, "rc-drop", key))[PROCESSED_TAG.key], key).to.equal(PROCESSED_TAG.promoted);
        const again = new RecordingMetrics();
        expect(await createHandler({ s3, sqs, env, logger: silent(), metrics: again, now: () => new Date(cutoff.getTime() + DAY * 1000) })()).to.deep.equal({
            reannounced: 0,
        });
        expect(again.recorded, "published, 0 included").to.deep.equal({ [ReconcileMetric.objectsReannounced]: 0 });
    });

    it("fails, and still publishes what it announced, when the queue does not exist", async () => {
        const s3 = new S3Client(moto().clientConfig);
        const sqs = new SQSClient(moto().clientConfig);
        await s3.send(new CreateBucketCommand({ Bucket: "rc-noqueue", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
        await s3.send(new PutObjectCommand({ Bucket: "rc-noqueue", Key: "a/b.csv", Body: "x\n" }));
        const metrics = new RecordingMetrics();
        const env = {
            [ReconcileEnv.bucket]: "rc-noqueue",
            [ReconcileEnv.queueUrl]: `${moto().endpoint}/123456789012/missing`,
            [ReconcileEnv.staleAfterSeconds]: "60",
        };
        const run = createHandler({ s3, sqs, env, logger: silent(), metrics, now: () => new Date(Date.now() + 3600_000) });
        let failed: unknown;
        await run().catch((e) => (failed = e));
        expect(failed).to.be.instanceOf(Error);
        expect(metrics.recorded).to.deep.equal({ [ReconcileMetric.objectsReannounced]: 0 });
    });

    it("refuses to start without its settings, naming the variable", () => {
        const s3 = new S3Client(moto().clientConfig);
        const sqs = new SQSClient(moto().clientConfig);
        expect(() => createHandler({ s3, sqs, env: {} })).to.throw(EnvError, ReconcileEnv.bucket);
        expect(() =>
            createHandler({ s3, sqs, env: { [ReconcileEnv.bucket]: "b", [ReconcileEnv.queueUrl]: "q", [ReconcileEnv.staleAfterSeconds]: "0" } }),
        ).to.throw(EnvError, ReconcileEnv.staleAfterSeconds);
    });

    it("takes the account of the queue's URL for the event envelope", () => {
        expect(queueAccount("https://sqs.eu-west-1.amazonaws.com/210987654321/lake-drop-queue")).to.equal("210987654321");
    });
});
