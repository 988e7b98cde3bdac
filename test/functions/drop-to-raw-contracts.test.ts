/**
 * drop -> raw against the dataset contracts (DATASET_CONTRACTS): each raw object of a dataset with a
 * contract records its breaks in its metadata (`contract-breaks`), is promoted all the same (never
 * quarantined for a break), and counts in ObjectsBreakingContract; other datasets are not checked.
 */
import { expect } from "chai";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { type ContractColumns, ObjectMeta, ProcessorEnv, ProcessorMetric } from "../../lib/contract";
import { createHandler } from "../../functions/drop-to-raw";
import { useMoto } from "../../harness/moto";
import { type Lake, acknowledge, createLake, getObject, listKeys, receiveEvent } from "./support-drop/lake";
import { RecordingMetrics, dropToRawEnv } from "./support-drop/processor";

const CONTRACTS: ContractColumns = {
    orders: { order_id: "bigint", email: "string", price: "decimal", placed_at: "timestamp" },
    clicks: { ad_id: "string", at: "timestamp", tags: "array" },
};

describe("drop -> raw: dataset contract breaks (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();
    let lake: Lake;
    const metrics = new RecordingMetrics();
    /** The raw object's metadata by the dataset folder and file name of its source. */
    const meta: Record<string, Record<string, string>> = {};

    before(async () => {
        lake = await createLake(moto(), "contracts");
        await receiveEvent(lake).then((e) => acknowledge(lake, e, { batchItemFailures: [] })); // the TestEvent
        const files: Record<string, string> = {
            "orders/conforming.csv": "order_id,email,price,placed_at\n1,a@x.org,9.50,2026-01-02 10:00:00\n2,b@x.org,12,2026-01-02 11:00:00\n",
            // Email gone, a coupon added, price sent as text.
            "orders/broken.csv": "Order ID,Price,Placed At,Coupon\n3,n/a,2026-01-03 09:00:00,WINTER\n",
            "clicks/nested.ndjson": '{"ad_id":"a1","at":"2026-01-02T10:00:00","tags":["x","y"]}\n{"ad_id":"a2","at":"2026-01-02T10:01:00","tags":"z"}\n',
            "events/free.csv": "anything,goes\n1,2\n",
        };
        for (const [key, body] of Object.entries(files)) await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: key, Body: body }));
        const handler = createHandler({
            s3: lake.s3,
            env: {
                ...dropToRawEnv(lake, { maxObjectBytes: 1024 ** 2, maxDecompressedBytes: 8 * 1024 ** 2 }),
                [ProcessorEnv.datasetContracts]: JSON.stringify(CONTRACTS),
            },
            logger: new Logger({ logLevel: "SILENT" }),
            metrics,
        });
        for (let batch = await receiveEvent(lake); batch.Records.length; batch = await receiveEvent(lake)) {
            const res = await handler(batch);
            expect(res.batchItemFailures).to.deep.equal([]);
            await acknowledge(lake, batch, res);
        }
        for (const key of await listKeys(lake.s3, lake.raw)) {
            const { metadata } = await getObject(lake.s3, lake.raw, key);
            meta[decodeURI(metadata[ObjectMeta.sourceKey])] = metadata;
        }
    });

    it("promotes every object, broken ones included (nothing quarantined)", async () => {
        expect(Object.keys(meta).sort()).to.deep.equal(["clicks/nested.ndjson", "events/free.csv", "orders/broken.csv", "orders/conforming.csv"]);
        expect((await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith("quarantine/"))).to.deep.equal([]);
    });

    it("records `none` for a conforming object (whole-number prices are decimals too)", () => {
        expect(meta["orders/conforming.csv"][ObjectMeta.contractBreaks]).to.equal("none");
    });

    it("records missing, drifted and extra columns, by their normalised names", () => {
        expect(meta["orders/broken.csv"][ObjectMeta.contractBreaks]).to.equal("missing:email=string;drift:price=decimal>string;extra:coupon=string");
    });

    it("reads nested JSON as its family: a list where some rows are text drifts", () => {
        expect(meta["clicks/nested.ndjson"][ObjectMeta.contractBreaks]).to.match(/^drift:tags=array>/);
    });

    it("leaves datasets without a contract unchecked, and counts the objects that break theirs", () => {
        expect(meta["events/free.csv"]).to.not.have.property(ObjectMeta.contractBreaks);
        expect(metrics.recorded[ProcessorMetric.objectsBreakingContract]).to.equal(2);
        expect(metrics.recorded[ProcessorMetric.objectsPromoted]).to.equal(4);
    });
});
