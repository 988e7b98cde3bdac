/**
 * Shared by the exact-number tests: generated numeric literals, an exact decimal comparison, and
 * a Parquet reader that returns every value as text.
 */
import { expect } from "chai";
import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";

/** `literal` as an exact decimal in canonical form (`1.50` -> `1.5`, `1e3` -> `1000`, `-0.0` -> `0`). */
export function canonical(literal: string): string {
    const m = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\s*$/.exec(literal);
    if (!m || (m[2] === "" && !m[3])) throw new Error(`not a number literal: ${literal}`);
    let digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
    let scale = (m[3] ?? "").length - Number(m[4] ?? 0);
    while (scale > 0 && digits.endsWith("0")) {
        digits = digits.slice(0, -1);
        scale--;
    }
    if (digits === "") return "0";
    if (scale < 0) digits += "0".repeat(-scale);
    else if (scale > 0) digits = digits.padStart(scale + 1, "0").replace(new RegExp(`(\\d{${scale}})$`), ".$1");
    return (m[1] === "-" ? "-" : "") + digits;
}

const digitRun = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const noLeadingZero = (d: string) => d.replace(/^0+(?=\d)/, "") || "0";
/** Integers of 1 to 40 digits, signed, past BIGINT and 2^53 as often as within. */
export const integerLiteral = fc.tuple(fc.constantFrom("", "-"), digitRun(1, 40)).map(([s, d]) => s + noLeadingZero(d));
/** Decimals of up to 38 digits in all, scale 1 to 20, trailing zeros kept (`1.50`). */
export const decimalLiteral = fc.tuple(fc.constantFrom("", "-"), digitRun(1, 18), digitRun(1, 20)).map(([s, i, f]) => `${s}${noLeadingZero(i)}.${f}`);
/** Exponent notation: mantissa and an exponent of -10 to 10 (`1e5`, `2.50E-3`). */
export const exponentLiteral = fc
    .tuple(
        fc.constantFrom("", "-"),
        digitRun(1, 10),
        fc.option(digitRun(1, 6), { nil: undefined }),
        fc.constantFrom("e", "E"),
        fc.integer({ min: -10, max: 10 }),
    )
    .map(([s, i, f, e, x]) => `${s}${noLeadingZero(i)}${f === undefined ? "" : `.${f}`}${e}${x}`);
export const anyLiteral = fc.oneof(integerLiteral, decimalLiteral, exponentLiteral);

/** The Parquet file's columns (and `extra` expressions) as text, and their types. */
export async function readBack(file: string, extra: string[] = []): Promise<{ rows: Record<string, string | null>[]; types: Record<string, string> }> {
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    try {
        const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
        const cols = described.map((r) => String(r.column_name));
        const selects = [...cols.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}"`), ...extra.map((e, i) => `CAST(${e} AS VARCHAR) AS "extra_${i}"`)];
        const names = [...cols, ...extra.map((_, i) => `extra_${i}`)];
        const rows = (await con.runAndReadAll(`SELECT ${selects.join(", ")} FROM read_parquet('${file}')`))
            .getRowObjectsJS()
            .map((r) => Object.fromEntries(names.map((c) => [c, r[c] === null ? null : String(r[c])])));
        return { rows, types: Object.fromEntries(described.map((r) => [String(r.column_name), String(r.column_type)])) };
    } finally {
        con.closeSync();
        db.closeSync();
    }
}

/** A read-back value equals the sent literal: exactly as a number, or as the same text. */
export function expectSameNumber(value: string | null, literal: string, what: string) {
    expect(value, what).to.not.equal(null);
    if (value === literal) return;
    expect(canonical(value!), `${what}: sent ${literal}, read ${value}`).to.equal(canonical(literal));
}
