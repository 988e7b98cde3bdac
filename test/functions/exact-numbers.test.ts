/**
 * No number changes on the way in (issue 16): generated numeric literals (integers of up to 40
 * digits, past BIGINT and 2^53 included, decimals of any scale with trailing zeros, exponents)
 * sent in CSV, semicolon CSV, JSON and NDJSON files through convertFile, and in ingest API bodies
 * through the handler, read back from the Parquet written for raw (or from the Firehose / Kinesis
 * record): each value equals what was sent, compared as exact decimals, never as doubles.
 */
import { expect } from "chai";
import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { convertFile } from "../../functions/drop-to-raw/convert";
import { jsonReaderKeeps } from "../../functions/drop-to-raw/exact-numbers";
import { NumberMarker } from "../../functions/shared/json-numbers";
import { batchItems, isIntegerLiteral, serialise, toRecords, validateItems } from "../../functions/ingest-api/body";
import { anyLiteral, canonical, decimalLiteral, expectSameNumber, integerLiteral, readBack } from "./exact-numbers-fixtures";

/** Rows of three columns: integers only, decimals only, anything (exponents included). */
const table = fc.array(fc.record({ ints: integerLiteral, decimals: decimalLiteral, mixed: anyLiteral }), { minLength: 1, maxLength: 12 });
type Row = { ints: string; decimals: string; mixed: string };

/** Each read-back value equals the sent literal; text columns hold the literal itself; never a DOUBLE. */
function expectSame(back: { rows: Record<string, string | null>[]; types: Record<string, string> }, sent: Row[], format: string) {
    for (const type of Object.values(back.types)) expect(type, format).to.not.match(/DOUBLE|FLOAT|HUGEINT/);
    expect(back.rows).to.have.length(sent.length);
    back.rows.forEach((row, i) => {
        for (const column of ["ints", "decimals", "mixed"] as const) {
            const literal = sent[i][column];
            if (back.types[column] === "VARCHAR") expect(row[column], `${format} row ${i} ${column}`).to.equal(literal);
            else expectSameNumber(row[column], literal, `${format} row ${i} ${column}`);
        }
        if (row.extra_0 !== undefined) {
            expectSameNumber(row.extra_0, sent[i].decimals, `${format} row ${i} nested.list[1]`);
            expectSameNumber(row.extra_1, sent[i].ints, `${format} row ${i} nested.list[2]`);
        }
    });
}

describe("exact numbers: literals and the JSON number scan", () => {
    it("canonical() compares exact decimals", () => {
        expect(["1.50", "1e3", "-0.0", "0.0025", "2.5E-3", "007", "12345678901234567890.10"].map(canonical)).to.deep.equal([
            "1.5",
            "1000",
            "0",
            "0.0025",
            "0.0025",
            "7",
            "12345678901234567890.1",
        ]);
    });

    it("isIntegerLiteral is exact where doubles are not", () => {
        expect(["10", "1.0", "1e3", "100e-2", "0.05e2", "-0", "9007199254740993"].every(isIntegerLiteral)).to.equal(true);
        expect(["1.5", "150e-2", "9007199254740993.5", "1.0000000000000001", "1e-1"].some(isIntegerLiteral)).to.equal(false);
    });

    it("marks number values, not keys, strings, keywords or invalid tokens, however the text is split", () => {
        const text = '{"a":1.50,"b":[1,-2e3,"3.5"],"c\\"":{"d":12345678901234567890},"e":true,"f":null,"g":-Infinity}\n{"a":7}';
        const marked =
            '{"a":"\\u00011.50","b":["\\u00011","\\u0001-2e3","3.5"],"c\\"":{"d":"\\u000112345678901234567890"},"e":true,"f":null,"g":-Infinity}\n{"a":"\\u00017"}';
        fc.assert(
            fc.property(fc.array(fc.nat(text.length), { maxLength: 6 }), (cuts) => {
                const points = [...new Set(cuts)].sort((a, b) => a - b);
                const marker = new NumberMarker(true, jsonReaderKeeps);
                const parts = [0, ...points].map((p, i) => Buffer.from(text.slice(p, points[i] ?? text.length), "latin1"));
                const out = Buffer.concat([...parts.map((p) => marker.push(p)), marker.end()]).toString("latin1");
                expect(out).to.equal(marked);
                expect(marker.inexact).to.equal(true);
            }),
            { numRuns: 100 },
        );
        const scan = new NumberMarker(false, jsonReaderKeeps);
        scan.push(Buffer.from('{"a":1,"b":[-9223372036854775808,9223372036854775807],"1.5":"2.5"}'));
        expect(scan.inexact, "integers within BIGINT, numbers in strings").to.equal(false);
        expect(jsonReaderKeeps("9223372036854775808")).to.equal(false);
    });
});

describe("exact numbers: files through the processor (convertFile) read back from Parquet", function () {
    this.timeout(60_000);
    let dir: string;
    before(async () => (dir = await mkdtemp(path.join(tmpdir(), "exact-numbers-"))));
    after(() => rm(dir, { recursive: true, force: true }));

    async function convert(name: string, body: string, extra: string[] = []) {
        const input = path.join(dir, name);
        const output = `${input}.parquet`;
        await writeFile(input, body);
        await convertFile(input, output, { sourceKey: `exact/${name}`, maxDecompressedBytes: 1e8, tmpDir: dir });
        return readBack(output, extra);
    }

    it("CSV, semicolon CSV with decimal commas, JSON and NDJSON keep every number", async () => {
        await fc.assert(
            fc.asyncProperty(table, async (rows) => {
                const csv = "ints,decimals,mixed\n" + rows.map((r) => `${r.ints},${r.decimals},${r.mixed}`).join("\n") + "\n";
                expectSame(await convert("t.csv", csv), rows, "csv");
                const comma = (s: string) => s.replace(".", ",");
                const semicolon = "ints;decimals;mixed\n" + rows.map((r) => `${r.ints};${comma(r.decimals)};${r.mixed}`).join("\n") + "\n";
                const readSemicolon = await convert("t-semicolon.csv", semicolon);
                expectSame(readSemicolon, rows, "semicolon csv");
                const json = (r: Row) => `{"ints":${r.ints},"decimals":${r.decimals},"mixed":${r.mixed},"nested":{"list":[${r.decimals},${r.ints}]}}`;
                const nested = ["nested.list[1]", "nested.list[2]"];
                expectSame(await convert("t.json", `[${rows.map(json).join(",")}]`, nested), rows, "json");
                const ndjson = await convert("t.ndjson", rows.map(json).join("\n") + "\n", nested);
                expectSame(ndjson, rows, "ndjson");
            }),
            { numRuns: 12 },
        );
    });

    it("why DECIMAL(38,0) and not HUGEINT past BIGINT: DuckDB writes a HUGEINT to Parquet as a DOUBLE", async () => {
        const db = await DuckDBInstance.create(":memory:");
        const con = await db.connect();
        const file = path.join(dir, "hugeint.parquet");
        await con.run(`COPY (SELECT 123456789012345678901234567890::HUGEINT AS h) TO '${file}'`);
        const back = (await con.runAndReadAll(`SELECT h::VARCHAR AS h, typeof(h) AS t FROM '${file}'`)).getRowObjectsJS()[0];
        con.closeSync();
        db.closeSync();
        expect(back).to.deep.equal({ h: "1.2345678901234568e+29", t: "DOUBLE" });
        const exact = await convert("big.csv", "id\n123456789012345678901234567890\n");
        expect(exact).to.deep.equal({ rows: [{ id: "123456789012345678901234567890" }], types: { id: "DECIMAL(38,0)" } });
    });

    it("a column that is not all numbers keeps every value's text; leading zeros are text", async () => {
        const back = await convert("zip.csv", "zip,amount,id\n01037,1.50,12345678901234567890123456789012345678901\n20000,2,7\n");
        expect(back.types).to.deep.equal({ zip: "VARCHAR", amount: "DECIMAL(18,2)", id: "VARCHAR" });
        expect(back.rows[0]).to.deep.equal({ zip: "01037", amount: "1.50", id: "12345678901234567890123456789012345678901" });
        // The exponent applied before the cast: DuckDB's own cast overflows DECIMAL(18,11) on the mantissa.
        const exponents = await convert("exp.csv", "v\n80000000e-1\n0.00000000001\n-2.5E-3\n1e5\n");
        expect(exponents.types).to.deep.equal({ v: "DECIMAL(18,11)" });
        expect(exponents.rows.map((r) => r.v)).to.deep.equal(["8000000.00000000000", "0.00000000001", "-0.00250000000", "100000.00000000000"]);
        const json = await convert("mixed.ndjson", '{"v":1.5,"w":{"x":"a"}}\n{"v":"text","w":{"x":2.25}}\n{"v":null,"w":null}\n');
        expect(json.types).to.deep.equal({ v: "VARCHAR", w: "STRUCT(x VARCHAR)" });
        expect(json.rows.map((r) => r.v)).to.deep.equal(["1.5", "text", null]);
        expect(json.rows.map((r) => r.w)).to.deep.equal(["{'x': a}", "{'x': 2.25}", null]);
    });
});

describe("exact numbers: ingest API bodies", () => {
    const stamp = { receivedAt: "2026-12-07T00:00:00.000Z", requestId: "r" };

    it("the records of an accepted body carry every number digit for digit", () => {
        fc.assert(
            fc.property(
                fc.array(anyLiteral, { minLength: 1, maxLength: 8 }),
                integerLiteral.filter((s) => !s.startsWith("-")),
                (literals, ts) => {
                    const metadata = `{${literals.map((l, i) => `"n${i}":${l}`).join(",")},"list":[${literals.join(",")}]}`;
                    const body = `{"userId":"u","events":[{"eventName":"e","metadata":${metadata},"timestampUTC":${ts}}]}`;
                    const items = batchItems(Buffer.from(body));
                    validateItems("/track", items);
                    const line = serialise(
                        toRecords(
                            "/track",
                            items.map((i) => i.item),
                            stamp,
                        ),
                        items.some((i) => i.view !== i.item),
                    )[0].toString();
                    expect(line).to.contain(`"metadata":${metadata}`);
                    expect(line).to.contain(`"timestampUTC":${ts}`);
                },
            ),
            { numRuns: 300 },
        );
    });

    it("validates the exact numbers: an integer field refuses a fraction a double would round away", () => {
        const body = (ts: string) => Buffer.from(`{"newUserId":"a","originalUserId":"b","timestampUTC":${ts}}`);
        for (const ok of ["1700000000000", "12345678901234567890123", "1.0", "1e3"]) validateItems("/alias", batchItems(body(ok)));
        for (const bad of ["9007199254740993.5", "1.5", "-1", "1e400"])
            expect(() => validateItems("/alias", batchItems(body(bad))), bad).to.throw("invalid body");
    });
});
