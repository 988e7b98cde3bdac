/**
 * The local lake's warehouse check (local/warehouse.ts, local/warehouse_check.py): the load
 * batches parsed as Redshift SQL, a procedure's PL/pgSQL body statement by statement, so a
 * statement Redshift would reject fails here, and what the batch reads (Spectrum tables, COPY
 * sources) is named for the source check.
 */
import { expect } from "chai";
import { CURATED_TABLES, viewLoadBatch } from "../../components/warehouse/sql";
import { checkWarehouse, parseRedshift } from "../../local/warehouse";
import type { Clients } from "../../harness/aws-double/emulator";

describe("local lake: the warehouse load's SQL parsed as Redshift", function () {
    this.timeout(60_000);
    const target = { curatedBucket: "curated-1", curatedDatabase: "lake_curated_db", roleArn: "arn:aws:iam::123456789012:role/w", region: "eu-west-1" };

    it("parses every statement of each view's batch, the procedure's body one by one, and names its sources", async () => {
        const advertising = CURATED_TABLES.find((t) => t.view === "advertising")!;
        const parsed = (await parseRedshift({ advertising: viewLoadBatch(advertising, target) })).advertising;
        expect(parsed.statements.filter((s) => s.error)).to.deep.equal([]);
        // The procedure's body: its guards' SELECT ... INTO, the day's COPY built by EXECUTE, the deletes and inserts.
        expect(parsed.statements.map((s) => s.kind)).to.include.members(["Select", "Execute", "Insert", "Delete"]);
        expect(parsed.statements.length).to.be.greaterThan(viewLoadBatch(advertising, target).length);
        expect(parsed.spectrum).to.deep.equal(["advertising"]);
        expect(parsed.s3).to.deep.equal(["s3://curated-1/advertising/event_date="]);
    });

    it("rejects a statement Redshift would reject, inside a procedure body too", async () => {
        const parsed = await parseRedshift({
            broken: [
                "CREATE TABLE IF NOT EXISTS public.t (a VARCHAR(8)",
                "CREATE OR REPLACE PROCEDURE public.p(d DATE)\nAS $$\nBEGIN\n    SELECT COUNT(* INTO n FROM lake_curated.v;\nEND;\n$$ LANGUAGE plpgsql",
            ],
        });
        expect(parsed.broken.statements.filter((s) => s.error)).to.have.length(2);
        expect(parsed.broken.spectrum).to.deep.equal(["v"]);
    });

    it("with Redshift off, parses the batches the stack would send and checks no source", async () => {
        const check = await checkWarehouse([], {} as Clients, { bucket: "curated-1", database: "lake_curated_db", region: "eu-west-1" });
        expect(check.source).to.equal("not deployed");
        expect(Object.keys(check.views)).to.have.members(CURATED_TABLES.map((t) => t.view));
        for (const v of Object.values(check.views)) expect(v).to.not.have.any.keys("spectrum", "copySources");
        expect(check.ok).to.equal(true);
    });
});
