/**
 * drop -> raw with Glue-owned datasets (BATCH_DATASETS): their objects are acknowledged and left
 * for the Glue job, nothing of them reaches raw or quarantine; every other dataset is promoted.
 */
import { expect } from "chai";
import { PutObjectCommand, PutObjectTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { PROCESSED_TAG, QUARANTINE_PREFIX } from "../../lib/contract";
import { createHandler } from "../../functions/drop-to-raw";
import { EnvError } from "../../functions/shared/env";
import { useMoto } from "../../harness/moto";
import { Lake, acknowledge, createLake, getTags, listKeys, receiveEvent } from "./support-drop/lake";
import { RecordingMetrics, dropToRawEnv } from "./support-drop/processor";

class RecordingLogger extends Logger {
    readonly infos: { message: string; fields: Record<string, unknown> }[] = [];
    constructor() {
        super({ logLevel: "SILENT" });
    }
    override info(message: unknown, ...extra: unknown[]): void {
        this.infos.push({ message: String(message), fields: Object.assign({}, ...(extra as object[])) });
    }
}

const LIMITS = { maxObjectBytes: 1024 ** 2, maxDecompressedBytes: 1024 ** 2 };
const env = (lake: Lake, batchDatasets?: string) => dropToRawEnv(lake, LIMITS, batchDatasets);

describe("drop -> raw processor with Glue-owned datasets (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();

    it("acknowledges objects of Glue-owned datasets without writing them anywhere, promotes the others", async () => {
        const lake = await createLake(moto(), "batch");
        const objects: Record<string, string> = {
            "orders/2026/11/orders.csv": "order_id,status\no1,delivered\n",
            // Bad input the Lambda would quarantine: left alone too, the Glue job judges it.
            "order_items/broken.json": "{not json",
            "customers/customers.csv": "customer_id,city\nc1,Lyon\n",
            // Firehose output of a stream named like a Glue table: no Glue job reads streams/.
            "streams/orders/year=2026/month=11/day=23/hour=01/part-1": '{"order_id":"s1"}\n',
        };
        for (const [Key, Body] of Object.entries(objects)) {
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key, Body }));
        }
        const metrics = new RecordingMetrics();
        const logger = new RecordingLogger();
        const handler = createHandler({ s3: lake.s3, env: env(lake, JSON.stringify(["orders", "order_items"])), logger, metrics });

        const event = await receiveEvent(lake);
        const res = await handler(event);
        await acknowledge(lake, event, res);

        expect(res.batchItemFailures).to.deep.equal([]);
        expect((await receiveEvent(lake)).Records, "every message acknowledged").to.have.length(0);
        const raw = await listKeys(lake.s3, lake.raw);
        expect(raw.map((k) => k.split("/")[0]).sort()).to.deep.equal(["customers", "orders"]);
        expect(
            raw.find((k) => k.startsWith("orders/")),
            "the streamed object, not the Glue table's",
        ).to.match(/^orders\/ingest_date=[\d-]+\/year=2026__month=11__day=23__hour=01__part-1-/);
        expect((await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(QUARANTINE_PREFIX))).to.deep.equal([]);
        expect(metrics.recorded).to.include({ ObjectsLeftForBatch: 2, ObjectsPromoted: 2 });
        const tags = await Promise.all(Object.keys(objects).map(async (k) => [k, (await getTags(lake.s3, lake.drop, k))[PROCESSED_TAG.key]]));
        expect(Object.fromEntries(tags)).to.deep.equal({
            "orders/2026/11/orders.csv": PROCESSED_TAG.leftForBatch,
            "order_items/broken.json": PROCESSED_TAG.leftForBatch,
            "customers/customers.csv": PROCESSED_TAG.promoted,
            "streams/orders/year=2026/month=11/day=23/hour=01/part-1": PROCESSED_TAG.promoted,
        });
        expect(metrics.recorded).not.to.have.property("ObjectsQuarantined");
        const left = logger.infos.filter((l) => l.message.startsWith("left for the Glue job"));
        expect(left.map((l) => [l.message, l.fields.key])).to.have.deep.members([
            ["left for the Glue job orders", "orders/2026/11/orders.csv"],
            ["left for the Glue job order_items", "order_items/broken.json"],
        ]);
    });

    it("keeps `promoted` on a version its Glue job already consumed when a late or redriven message says left-for-batch", async () => {
        const lake = await createLake(moto(), "batch-late");
        await receiveEvent(lake).then((e) => acknowledge(lake, e, { batchItemFailures: [] })); // the TestEvent
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/a.csv", Body: "order_id\no1\n" }));
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/b.csv", Body: "order_id\no2\n" }));
        // The job read a.csv and retagged it before the Lambda saw its message.
        await lake.s3.send(
            new PutObjectTaggingCommand({
                Bucket: lake.drop,
                Key: "orders/a.csv",
                Tagging: { TagSet: [{ Key: PROCESSED_TAG.key, Value: PROCESSED_TAG.promoted }] },
            }),
        );
        const handler = createHandler({
            s3: lake.s3,
            env: env(lake, JSON.stringify(["orders"])),
            logger: new RecordingLogger(),
            metrics: new RecordingMetrics(),
        });
        const event = await receiveEvent(lake);
        expect((await handler(event)).batchItemFailures).to.deep.equal([]);
        await acknowledge(lake, event, { batchItemFailures: [] });
        expect((await getTags(lake.s3, lake.drop, "orders/a.csv"))[PROCESSED_TAG.key]).to.equal(PROCESSED_TAG.promoted);
        expect((await getTags(lake.s3, lake.drop, "orders/b.csv"))[PROCESSED_TAG.key]).to.equal(PROCESSED_TAG.leftForBatch);
    });

    it("promotes every dataset when BATCH_DATASETS is unset or []", async () => {
        for (const [i, batchDatasets] of [undefined, "[]"].entries()) {
            const lake = await createLake(moto(), `batch-none-${i}`);
            await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/orders.csv", Body: "order_id\no1\n" }));
            const metrics = new RecordingMetrics();
            const handler = createHandler({ s3: lake.s3, env: env(lake, batchDatasets), logger: new RecordingLogger(), metrics });
            const event = await receiveEvent(lake);
            await acknowledge(lake, event, await handler(event));
            expect(await listKeys(lake.s3, lake.raw), String(batchDatasets)).to.have.length(1);
            expect(metrics.recorded, String(batchDatasets)).not.to.have.property("ObjectsLeftForBatch");
        }
    });

    it("refuses to start on a BATCH_DATASETS that is not a JSON array of strings, naming the variable", () => {
        const lake = { raw: "r" } as Lake;
        for (const bad of ["orders", '{"orders":true}', "[1]"]) {
            expect(() => createHandler({ s3: new S3Client({ region: "eu-west-1" }), env: env(lake, bad) }), bad).to.throw(
                EnvError,
                /BATCH_DATASETS .*expected a JSON array of strings/,
            );
        }
    });
});
