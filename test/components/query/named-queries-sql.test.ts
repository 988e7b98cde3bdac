/**
 * The named queries' SQL parsed as Athena engine v3 reads it (Trino dialect, sqlglot in .venv),
 * checking what partition projection needs to prune: every filter on a stream table's partition
 * key compares the bare key with a query constant, and no filter rebuilds a value from the old
 * year/month/day/hour keys (Athena would evaluate that for every projected partition).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { namedQueries } from "../../../components/query";
import { STREAM_PARTITION_KEY } from "../../../components/catalog";

const PYTHON = path.resolve(__dirname, "../../../.venv/bin/python");

/** For each WHERE-clause column reference: its name, whether a comparison holds it bare, and the columns on the comparison's other side. */
const ANALYSE = `
import json, sys
import sqlglot
from sqlglot import exp
out = []
for sql in json.load(sys.stdin):
    tree = sqlglot.parse_one(sql, read="trino")
    refs = []
    for where in tree.find_all(exp.Where):
        for col in where.find_all(exp.Column):
            parent = col.parent
            bare = isinstance(parent, (exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between, exp.In))
            other = [c.name for side in parent.iter_expressions() if side is not col for c in side.find_all(exp.Column)] if bare else []
            refs.append({"column": col.name, "bare": bare, "otherColumns": other})
    tables = sorted({t.name for t in tree.find_all(exp.Table)})
    out.append({"tables": tables, "refs": refs})
print(json.dumps(out))
`;

function analyse(sqls: string[]): { tables: string[]; refs: { column: string; bare: boolean; otherColumns: string[] }[] }[] {
    const run = spawnSync(PYTHON, ["-c", ANALYSE], { input: JSON.stringify(sqls), encoding: "utf8" });
    if (run.status !== 0) throw new Error(`sqlglot (${PYTHON}; bash scripts/setup-python.sh installs it): ${run.stderr}`);
    return JSON.parse(run.stdout);
}

describe("named queries: SQL that partition projection can prune", function () {
    this.timeout(60_000);
    const catalog = { landingDatabase: "d_drop", curatedDatabase: "d_curated", streamTables: ["events", "impressions", "clicks", "telemetry"] };
    const queries = namedQueries(catalog);
    const parsed = analyse(queries.map((q) => q.sql));

    it("every query parses as Trino SQL", () => {
        expect(parsed).to.have.length(queries.length);
    });

    it("click-through filters both stream tables on the bare datehour key against a constant", () => {
        const i = queries.findIndex((q) => q.key === "click_through_rate");
        expect(parsed[i].tables).to.include.members(["impressions", "clicks"]);
        const onKey = parsed[i].refs.filter((r) => r.column === STREAM_PARTITION_KEY);
        expect(onKey).to.have.length(2);
        for (const r of onKey) expect(r).to.deep.equal({ column: STREAM_PARTITION_KEY, bare: true, otherColumns: [] });
    });

    it("no query filters on the year/month/day/hour columns, bare or inside a function", () => {
        for (const [i, p] of parsed.entries()) {
            expect(
                p.refs.filter((r) => ["year", "month", "day", "hour"].includes(r.column)),
                queries[i].key,
            ).to.deep.equal([]);
            expect(
                p.refs.filter((r) => r.column === STREAM_PARTITION_KEY && !r.bare),
                queries[i].key,
            ).to.deep.equal([]);
        }
    });

    it("the old filter would have failed this check (date_parse over year, month, day)", () => {
        const [old] = analyse([
            "SELECT ad_id FROM impressions WHERE date_parse(format('%04d-%02d-%02d', year, month, day), '%Y-%m-%d') >= date_add('day', -7, current_date)",
        ]);
        expect(old.refs.map((r) => [r.column, r.bare])).to.deep.equal([
            ["year", false],
            ["month", false],
            ["day", false],
        ]);
    });
});
