/**
 * The warehouse's SQL, parsed by sqlglot (Redshift dialect, .venv from requirements-dev.txt) in
 * a child process: every statement of the daily batch and of the load procedure (its EXECUTE
 * evaluated for a day, then parsed again), and the README's example queries qualified against
 * the loaded tables' columns, so a renamed column or table fails here.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    CURATED_TABLES,
    EXAMPLE_QUERIES,
    LoadTarget,
    SPECTRUM_SCHEMA,
    SPECTRUM_SUFFIX,
    dailyLoadBatch,
    procedureStatements,
} from "../../../components/warehouse";
import { CURATED_VIEWS } from "../../../lib/contract";

const ROOT = path.resolve(__dirname, "../../..");
const PYTHON = path.join(ROOT, ".venv/bin/python");
const TARGET: LoadTarget = {
    curatedBucket: "lake-curated-bucket",
    curatedDatabase: "datalake_dev_curated",
    roleArn: "arn:aws:iam::123456789012:role/lake-warehouse-role",
    region: "eu-west-1",
};
const DAY = "2026-11-30";

interface Described {
    kind: string;
    tables: string[];
    command?: string;
    tokens?: string[];
    createKind?: string;
    target?: string;
    columns?: [string, string][];
    files?: string[];
    params?: string[];
    iamRole?: string | null;
    insertColumns?: string[];
    selectCount?: number;
    from?: string[];
    where?: string | null;
    execute?: string;
}

interface Checked {
    statements: Described[];
    procedure: Described[];
    examples: { tables: string[]; columns: string[] }[];
}

/** Loaded tables and their columns, as the qualifier's schema. */
function schema(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const t of CURATED_TABLES) {
        const columns = Object.fromEntries([...t.columns, ...t.partitionColumns].map((c) => [c.name, c.redshift]));
        out[`public.${t.view}`] = columns;
        out[`public.${t.view}${SPECTRUM_SUFFIX}`] = columns;
    }
    return out;
}

function check(): Checked {
    const input = JSON.stringify({
        statements: dailyLoadBatch(TARGET),
        procedure: procedureStatements(TARGET),
        examples: EXAMPLE_QUERIES.map((q) => q.sql),
        schema: schema(),
        day: DAY,
    });
    return JSON.parse(execFileSync(PYTHON, [path.join(__dirname, "sql_check.py")], { input, encoding: "utf8" }));
}

describe("warehouse SQL (sqlglot, Redshift dialect)", function () {
    this.timeout(60_000);
    let parsed: Checked;
    before(() => {
        parsed = check();
    });

    it("loads the curated views the ETL writes, by their names", () => {
        expect(CURATED_TABLES.map((t) => t.view).sort()).to.deep.equal([CURATED_VIEWS.advertising, CURATED_VIEWS.sellerPerformance].sort());
    });

    it("the batch: external schema over the curated database with the role, both tables per view, the procedure, the call", () => {
        const [schemaStmt, ...rest] = parsed.statements;
        expect(schemaStmt.kind).to.equal("Command");
        expect(schemaStmt.tokens!.slice(0, 5).map((t) => t.toUpperCase())).to.deep.equal(["EXTERNAL", "SCHEMA", "IF", "NOT", "EXISTS"]);
        expect(schemaStmt.tokens).to.include.members([SPECTRUM_SCHEMA, TARGET.curatedDatabase, TARGET.roleArn, TARGET.region]);
        const creates = rest.filter((s) => s.kind === "Create" && s.createKind === "TABLE");
        expect(creates.map((c) => c.target)).to.deep.equal(CURATED_TABLES.flatMap((t) => [`public.${t.view}`, `public.${t.view}${SPECTRUM_SUFFIX}`]));
        for (const c of creates) {
            const table = CURATED_TABLES.find((t) => c.target!.startsWith(`public.${t.view}`))!;
            expect(c.columns!.map(([n]) => n)).to.deep.equal([...table.columns, ...table.partitionColumns].map((x) => x.name));
        }
        expect(rest.some((s) => s.kind === "Create" && s.createKind === "PROCEDURE")).to.equal(true);
        const call = rest[rest.length - 1];
        expect([call.kind, call.command]).to.deep.equal(["Command", "CALL"]);
        expect(call.tokens!.join(" ")).to.equal("public . load_curated ( CURRENT_DATE - 1 )");
    });

    it("seller_performance: replaced in full by COPY ... FORMAT AS PARQUET from its curated prefix, and through Spectrum", () => {
        const p = parsed.procedure;
        const copy = p.find((s) => s.kind === "Copy" && s.target === "public.seller_performance")!;
        expect(copy.files).to.deep.equal([`s3://${TARGET.curatedBucket}/seller_performance/`]);
        expect(copy.iamRole).to.equal(TARGET.roleArn);
        expect(copy.params).to.deep.equal(["FORMAT PARQUET"]);
        const i = p.indexOf(copy);
        expect([p[i - 1].kind, p[i - 1].target, p[i - 1].where]).to.deep.equal(["Delete", "public.seller_performance", null]);
        const spectrum = p.find((s) => s.kind === "Insert" && s.target === `public.seller_performance${SPECTRUM_SUFFIX}`)!;
        expect(spectrum.from).to.deep.equal([`${SPECTRUM_SCHEMA}.seller_performance`]);
        expect(spectrum.insertColumns).to.have.length(spectrum.selectCount!);
    });

    it("advertising: the day's partition COPYed (EXECUTE evaluated for a day) into staging, then into the table with the day", () => {
        const p = parsed.procedure;
        const copy = p.find((s) => s.execute !== undefined)!;
        expect(copy.kind).to.equal("Copy");
        expect(copy.target).to.equal("advertising_stage");
        expect([copy.iamRole, copy.params]).to.deep.equal([TARGET.roleArn, ["FORMAT PARQUET"]]);
        expect(copy.files).to.deep.equal([`s3://${TARGET.curatedBucket}/advertising/event_date=${DAY}/`]);
        const stage = p.find((s) => s.kind === "Create" && s.target === "advertising_stage")!;
        const advertising = CURATED_TABLES.find((t) => t.view === "advertising")!;
        // COPY maps Parquet columns by position: the staging table is exactly the file's columns.
        expect(stage.columns!.map(([n]) => n)).to.deep.equal(advertising.columns.map((c) => c.name));
        const insert = p.find((s) => s.kind === "Insert" && s.target === "public.advertising")!;
        expect(insert.from).to.deep.equal(["advertising_stage"]);
        expect(insert.insertColumns).to.deep.equal([...advertising.columns.map((c) => c.name), "event_date"]);
        const deletes = p.filter((s) => s.kind === "Delete" && s.target!.startsWith("public.advertising"));
        expect(deletes.map((d) => d.where)).to.deep.equal(["event_date = load_day", "event_date = load_day"]);
        const spectrum = p.find((s) => s.kind === "Insert" && s.target === `public.advertising${SPECTRUM_SUFFIX}`)!;
        expect(spectrum.from).to.deep.equal([`${SPECTRUM_SCHEMA}.advertising`]);
    });

    it("the example queries resolve against the loaded tables' columns", () => {
        expect(parsed.examples).to.have.length(EXAMPLE_QUERIES.length);
        expect(parsed.examples[0].columns).to.include.members(["seller_performance.deals", "seller_performance.deal_value"]);
        expect(parsed.examples[1].columns).to.include.members(["seller_performance.avg_review_score", "seller_performance.review_count"]);
        expect(parsed.examples[2].tables).to.deep.equal(["public.advertising", `public.advertising${SPECTRUM_SUFFIX}`]);
    });

    it("the README shows the example queries as they are", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const q of EXAMPLE_QUERIES) expect(readme, q.title).to.include(q.sql);
    });
});
