/**
 * No number changes on the way in, end to end (issue 16): generated numeric literals posted to the
 * ingest API reach raw through Firehose and the drop -> raw processor, and reach the Kinesis
 * stream, each equal to what was sent (moto).
 */
import { expect } from "chai";
import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createHandler as createIngestHandler } from "../../functions/ingest-api/handler";
import { useMoto } from "../../harness/moto";
import { useApiToDrop } from "./support-drop/api-to-drop";
import { getObject, listKeys } from "./support-drop/lake";
import { promoteNextBatch } from "./support-drop/processor";
import { apiEvent, lambdaContext, quietPowertools } from "./ingest-fixtures";
import { anyLiteral, expectSameNumber, readBack } from "./exact-numbers-fixtures";
import { createActiveStream, motoKinesis, streamRecords } from "./kinesis-moto";

/** 150 generated literals (a fixed seed: the same sample every run), integers past BIGINT, decimals and exponents. */
const literals = fc.sample(anyLiteral, { numRuns: 150, seed: 16 });
/** A /track body whose event i carries literal i in its metadata, alone and in a list. */
const trackBody = () =>
    `{"userId":"u","events":[${literals.map((l, i) => `{"eventName":"e","metadata":{"i":${i},"n":${l},"list":[${l}]},"timestampUTC":${1700000000000 + i}}`).join(",")}]}`;

describe("exact numbers: API -> Firehose -> drop -> raw, and API -> Kinesis (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();
    const toDrop = useApiToDrop(moto, "exact", "track");

    it("raw holds every number the API was sent, exactly", async () => {
        const { lake, ingest } = toDrop;
        const res = await ingest(apiEvent("/track", trackBody(), { raw: true }), lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);

        expect((await promoteNextBatch(lake)).batchItemFailures).to.deep.equal([]);

        const dir = await mkdtemp(path.join(tmpdir(), "exact-raw-"));
        try {
            const rawKeys = await listKeys(lake.s3, lake.raw);
            expect(rawKeys).to.have.length(1);
            const file = path.join(dir, "raw.parquet");
            await writeFile(file, (await getObject(lake.s3, lake.raw, rawKeys[0])).body);
            const back = await readBack(file, ["metadata.i", "metadata.n", "metadata.list[1]"]);
            expect(JSON.stringify(back.types)).to.not.match(/DOUBLE|FLOAT|HUGEINT/);
            expect(back.rows).to.have.length(literals.length);
            for (const row of back.rows) {
                const literal = literals[Number(row.extra_0)];
                expectSameNumber(row.extra_1, literal, `metadata.n of event ${row.extra_0}`);
                expectSameNumber(row.extra_2, literal, `metadata.list[1] of event ${row.extra_0}`);
            }
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });

    it("the Kinesis stream holds every number the API was sent, digit for digit", async () => {
        const kinesis = motoKinesis(moto());
        const stream = "exact-track-kinesis";
        await createActiveStream(kinesis, stream, 1);
        const ingest = createIngestHandler({
            firehose: { send: () => Promise.reject(new Error("the Kinesis route must not use Firehose")) },
            kinesis,
            settings: { routeStreams: {}, kinesisRouteStreams: { "/track": stream }, maxBodyBytes: 1024 * 1024, maxAttempts: 3 },
            ...quietPowertools(),
        });
        const res = await ingest(apiEvent("/track", trackBody(), { raw: true }), lambdaContext());
        expect(res.statusCode, res.body).to.equal(200);

        const records = await streamRecords(kinesis, stream);
        expect(records).to.have.length(literals.length);
        for (const record of records) {
            const i = Number(/"metadata":\{"i":(\d+),/.exec(record)![1]);
            expect(record).to.contain(`"metadata":{"i":${i},"n":${literals[i]},"list":[${literals[i]}]}`);
        }
    });
});
