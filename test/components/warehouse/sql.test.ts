/**
 * The warehouse's SQL, parsed by sqlglot (Redshift dialect, .venv from requirements-dev.txt) in
 * a child process: every statement of each view's daily batch and of its load procedure (its
 * EXECUTE evaluated for a day, then parsed again), and the README's example queries qualified
 * against the loaded tables' columns, so a renamed column or table fails here.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    AVAILABLE,
    CURATED_TABLES,
    CuratedTable,
    EXAMPLE_QUERIES,
    LOAD_DAY,
    LOAD_LOG,
    LoadTarget,
    SPECTRUM_SCHEMA,
    SPECTRUM_SUFFIX,
    createLoadProcedure,
    loadGuards,
    loadStatements,
    logRow,
    viewLoadBatch,
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
    into?: string | null;
    values?: string[];
}

interface Checked {
    batches: Record<string, Described[]>;
    procedures: Record<string, Described[]>;
    examples: { tables: string[]; columns: string[] }[];
}

/** A view's procedure, statement by statement: each guard's count and skip row, the load, the `loaded` row. */
function procedureStatements(table: CuratedTable): string[] {
    return [
        ...loadGuards(table).flatMap((g) => [g.count, logRow(table.view, "skipped", "0", g.note)]),
        ...loadStatements(table, TARGET),
        logRow(table.view, "loaded", AVAILABLE, "COPY and Spectrum"),
    ];
}
const byView = <T>(f: (t: CuratedTable) => T): Record<string, T> => Object.fromEntries(CURATED_TABLES.map((t) => [t.view, f(t)]));
const table = (view: string) => CURATED_TABLES.find((t) => t.view === view)!;

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
        batches: byView((t) => viewLoadBatch(t, TARGET)),
        procedures: byView(procedureStatements),
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

    it("one batch per view: external schema over the curated database with the role, the load log, that view's tables, its procedure, its call", () => {
        for (const t of CURATED_TABLES) {
            const [schemaStmt, log, ...rest] = parsed.batches[t.view];
            expect(schemaStmt.kind).to.equal("Command");
            expect(schemaStmt.tokens!.slice(0, 5).map((x) => x.toUpperCase())).to.deep.equal(["EXTERNAL", "SCHEMA", "IF", "NOT", "EXISTS"]);
            expect(schemaStmt.tokens).to.include.members([SPECTRUM_SCHEMA, TARGET.curatedDatabase, TARGET.roleArn, TARGET.region]);
            expect([log.createKind, log.target]).to.deep.equal(["TABLE", LOAD_LOG]);
            const creates = rest.filter((s) => s.kind === "Create" && s.createKind === "TABLE");
            // Independence: a view's batch creates and loads only its own tables.
            expect(creates.map((c) => c.target)).to.deep.equal([`public.${t.view}`, `public.${t.view}${SPECTRUM_SUFFIX}`]);
            for (const c of creates) expect(c.columns!.map(([n]) => n)).to.deep.equal([...t.columns, ...t.partitionColumns].map((x) => x.name));
            expect(rest.some((s) => s.kind === "Create" && s.createKind === "PROCEDURE")).to.equal(true);
            const call = rest[rest.length - 1];
            expect([call.kind, call.command]).to.deep.equal(["Command", "CALL"]);
            expect(call.tokens!.join(" ")).to.equal(`public . load_${t.view} ( CURRENT_DATE - 1 )`);
            const others = CURATED_TABLES.filter((o) => o !== t).map((o) => o.view);
            const written = parsed.procedures[t.view].filter((s) => ["Delete", "Insert", "Copy"].includes(s.kind)).map((s) => s.target!);
            expect(written.filter((w) => others.some((o) => w.includes(o)))).to.deep.equal([]);
        }
    });

    it("the load log has the columns its rows insert", () => {
        const log = parsed.batches.seller_performance[1];
        const inserts = Object.values(parsed.procedures)
            .flat()
            .filter((s) => s.kind === "Insert" && s.target === LOAD_LOG);
        expect(inserts).to.have.length(CURATED_TABLES.reduce((n, t) => n + loadGuards(t).length + 1, 0));
        for (const i of inserts) expect(i.insertColumns).to.deep.equal(log.columns!.map(([n]) => n));
    });

    it("no column the load writes is named like a procedure variable (PL/pgSQL would read it as the variable)", () => {
        const statements = [...Object.values(parsed.batches), ...Object.values(parsed.procedures)].flat();
        const columns = statements.flatMap((s) => [...(s.columns ?? []).map(([n]) => n), ...(s.insertColumns ?? [])]);
        expect(columns).to.include("for_day");
        expect(columns.filter((c) => [LOAD_DAY, AVAILABLE].includes(c))).to.deep.equal([]);
    });

    it("a day with nothing to load is skipped with a note in the load log, before anything is deleted", () => {
        for (const t of CURATED_TABLES) {
            const p = parsed.procedures[t.view];
            const guards = loadGuards(t);
            // First: is the view in the catalog at all; then: does Spectrum see rows (of the day).
            expect([p[0].into, p[0].from, p[0].where]).to.deep.equal([
                AVAILABLE,
                ["svv_external_tables"],
                `schemaname = '${SPECTRUM_SCHEMA}' AND tablename = '${t.view}'`,
            ]);
            expect([p[2].into, p[2].from]).to.deep.equal([AVAILABLE, [`${SPECTRUM_SCHEMA}.${t.view}`]]);
            expect(p[2].where).to.equal(t.partitionColumns.length ? `CAST(${t.partitionColumns[0].name} AS DATE) = load_day` : null);
            for (const [i, g] of guards.entries()) {
                expect(p[2 * i + 1].values).to.deep.equal([`'${t.view}'`, "load_day", "'skipped'", "0", `'${g.note}'`, "GETDATE()"]);
            }
            expect(p.slice(0, 2 * guards.length).every((s) => s.kind === "Select" || s.target === LOAD_LOG)).to.equal(true);
            expect(p[p.length - 1].values!.slice(0, 4)).to.deep.equal([`'${t.view}'`, "load_day", "'loaded'", AVAILABLE]);
            // In the procedure each guard returns on 0 before the load's first statement.
            const text = createLoadProcedure(t, TARGET);
            const firstLoad = text.indexOf(loadStatements(t, TARGET)[0]);
            let at = 0;
            for (const g of guards) {
                const skip = `    ${g.count};\n    IF ${AVAILABLE} = 0 THEN\n        ${logRow(t.view, "skipped", "0", g.note)};\n        RETURN;\n    END IF;`;
                at = text.indexOf(skip, at);
                expect(at, g.note).to.be.greaterThan(-1).and.lessThan(firstLoad);
            }
        }
        expect(loadGuards(table("advertising"))[1].note).to.include("no event_date partition of the day");
    });

    it("seller_performance: replaced in full by COPY ... FORMAT AS PARQUET from its curated prefix, and through Spectrum", () => {
        const p = parsed.procedures.seller_performance;
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
        const p = parsed.procedures.advertising;
        const copy = p.find((s) => s.execute !== undefined)!;
        expect(copy.kind).to.equal("Copy");
        expect(copy.target).to.equal("advertising_stage");
        expect([copy.iamRole, copy.params]).to.deep.equal([TARGET.roleArn, ["FORMAT PARQUET"]]);
        expect(copy.files).to.deep.equal([`s3://${TARGET.curatedBucket}/advertising/event_date=${DAY}/`]);
        const stage = p.find((s) => s.kind === "Create" && s.target === "advertising_stage")!;
        const advertising = table("advertising");
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
