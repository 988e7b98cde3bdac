/**
 * The local lake's query check (local/queries.ts, local/sql_check.py): sqlglot reads SQL as Athena
 * engine v3 (Trino) does, so a query Athena would reject is rejected before DuckDB runs anything,
 * and the deployed named queries all pass it.
 */
import { expect } from "chai";
import { namedQueries } from "../../components/query";
import { parseTrino } from "../../local/queries";

describe("local lake: named queries parsed as Trino SQL", function () {
    this.timeout(60_000);

    it("rejects SQL Athena rejects, naming the problem, and reads the tables of SQL it accepts", async () => {
        const [broken, dangling, good] = await parseTrino([
            "SELECT (ad_id FROM impressions",
            "SELECT ad_id FROM impressions WHERE",
            "WITH i AS (SELECT ad_id FROM impressions) SELECT i.ad_id FROM i JOIN clicks c ON c.ad_id = i.ad_id",
        ]);
        expect(broken.ok).to.equal(false);
        expect(broken.error).to.match(/Expecting \)\. Line 1, Col: 18/);
        expect(dangling.ok).to.equal(false);
        expect(good).to.deep.include({ ok: true, tables: ["clicks", "impressions"] });
    });

    it("accepts every named query the workgroup ships, and gives DuckDB its own dialect", async () => {
        const queries = namedQueries({ landingDatabase: "d", curatedDatabase: "c", streamTables: ["impressions", "clicks", "telemetry"] });
        const parsed = await parseTrino(queries.map((q) => q.sql));
        expect(parsed.map((p) => p.ok)).to.deep.equal(queries.map(() => true));
        const ctr = parsed[queries.findIndex((q) => q.key === "click_through_rate")];
        expect(ctr.tables).to.deep.equal(["clicks", "impressions"]);
        // Trino's from_iso8601_timestamp has no DuckDB twin: sqlglot rewrites it to a cast.
        expect(ctr.duckdb).to.not.match(/from_iso8601_timestamp/i);
    });
});
