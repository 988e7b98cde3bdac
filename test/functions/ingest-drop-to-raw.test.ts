import { expect } from "chai";
import { STREAMS_PREFIX } from "../../lib/contract";
import { useMoto } from "../../harness/moto";
import { useApiToDrop } from "./support-drop/api-to-drop";
import { getObject, listKeys, readParquet } from "./support-drop/lake";
import { promoteNextBatch } from "./support-drop/processor";
import { apiEvent, impression, lambdaContext } from "./ingest-fixtures";

describe("ingest API -> Firehose -> drop -> raw Parquet (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();
    const toDrop = useApiToDrop(moto, "ingest", "impressions");

    it("events accepted by the API reach the raw zone as Parquet rows, each once, with the stamped fields", async () => {
        const { lake, ingest } = toDrop;
        const events = Array.from({ length: 1100 }, (_, i) => impression(i));
        const res = await ingest(apiEvent("/impressions", events), lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);

        const dropped = (await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(`${STREAMS_PREFIX}impressions/`));
        expect(dropped).to.have.length(3); // one object per PutRecordBatch call: 500 + 500 + 100

        expect((await promoteNextBatch(lake)).batchItemFailures).to.deep.equal([]);

        const rawKeys = await listKeys(lake.s3, lake.raw);
        expect(rawKeys).to.have.length(3);
        expect(
            rawKeys.every((k) => /^impressions\/ingest_date=\d{4}-\d{2}-\d{2}\/.+\.parquet$/.test(k)),
            rawKeys.join(", "),
        ).to.equal(true);
        const rows: Record<string, unknown>[] = [];
        for (const key of rawKeys) rows.push(...(await readParquet((await getObject(lake.s3, lake.raw, key)).body)).rows);
        expect(rows).to.have.length(1100);
        expect(new Set(rows.map((r) => r.impression_id)).size).to.equal(1100);
        expect(Object.keys(rows[0])).to.include.members(["type", "ad_id", "impression_id", "user_id", "timestamp", "received_at", "request_id"]);
        expect(rows.every((r) => r.type === "impressions")).to.equal(true);
    });
});
