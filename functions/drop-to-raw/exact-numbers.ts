/**
 * Numbers reach raw exactly. DuckDB's readers infer DOUBLE for decimals and for integers past
 * BIGINT, which rounds money amounts and merges long identifiers; this module reads such values
 * as text and gives each column the narrowest exact type its values fit:
 *
 * - BIGINT when every value is an integer within BIGINT;
 * - DECIMAL(18, s) with s the largest scale seen, when every value fits 18 digits (Parquet INT64),
 *   else DECIMAL(38, s) when every value fits 38 (integers past BIGINT get DECIMAL(38,0): Parquet
 *   has no 128-bit integer, DuckDB writes a HUGEINT as a DOUBLE, and Athena, Glue and Spark read
 *   DECIMAL(38,0));
 * - otherwise the text exactly as sent (VARCHAR).
 *
 * Decisions: a value is kept at the column's scale, so `1.5` in a column that also holds `1.50`
 * reads back as `1.50` (the same number; the per-value scale would need text). Exponent notation
 * is read as the exact number it denotes (`1e5` is 100000, `2.5E-3` is 0.0025), or kept as text
 * when that number needs more than 38 digits. Integers with leading zeros (`007`, zip codes) are
 * text. Negative zero is zero.
 *
 * CSV: the sniffer's DOUBLE columns are re-read as VARCHAR. JSON: DuckDB's JSON reader parses
 * decimals into doubles before any type applies, so a file holding any number DuckDB would round
 * is first rewritten with every number value as a string carrying MARK (NumberMarker); the
 * columns, struct fields and list elements whose values all carry it become numbers again.
 */
import { DuckDBListType, DuckDBMapType, DuckDBStructType, DuckDBType, DuckDBTypeId } from "@duckdb/node-api";
import { MARK } from "../shared/json-numbers";
import { quoteIdent, quoteString } from "./sql";

/** Most digits an exact column holds: DECIMAL's limit in DuckDB, Parquet, Athena and Spark. */
export const MAX_DECIMAL_DIGITS = 38;
/**
 * Decimals of up to 18 digits are DECIMAL(18, s): Parquet stores them as INT64, which DuckDB
 * writes about 3x faster than DECIMAL(38)'s 16-byte values (measured on bench/'s orders CSV).
 */
export const INT64_DECIMAL_DIGITS = 18;
/** DuckDB types a text reader infers that can change a number. */
export const INEXACT_TYPES = new Set(["DOUBLE", "FLOAT", "HUGEINT", "UHUGEINT", "UBIGINT"]);

/**
 * A number, as read from text: sign, digits without a leading zero (`0.5`, `.5` and `5.` are
 * numbers, `007` is not), an optional exponent; RE2, anchored. Groups, for regexp_extract: the
 * whole number (empty when the text is not one), integer digits, fraction digits (after digits,
 * or alone), exponent.
 */
export const NUMBER_PARTS = "^([+-]?(?:(0|[1-9][0-9]*)(?:\\.([0-9]*))?|\\.([0-9]+))(?:[eE]([+-]?[0-9]+))?)$";

/** How a column's values are read as number text. */
export interface NumberSource {
    /** SQL: the number text of value `v` (NULL if `v` is not one). */
    text: (v: string) => string;
    /** SQL: a value that shows the column holds numbers of this kind; none needed when absent. */
    evidence?: (v: string) => string;
}

/** CSV values: trimmed. */
export const PLAIN: NumberSource = { text: (v) => `trim(${v})` };
/**
 * Semicolon files: `1.234,56` (thousands dots, decimal comma) as `1234.56`; a column is numbers
 * only if some value has a decimal comma (`1.234` alone may be an id, kept as text).
 */
const decimalComma = (pattern: string): NumberSource => ({
    text: (v) => `CASE WHEN regexp_full_match(trim(${v}), ${quoteString(pattern)}) THEN replace(replace(trim(${v}), '.', ''), ',', '.') END`,
    evidence: (v) => `contains(${v}, ',')`,
});
/**
 * A number in the decimal-comma locales semicolon files come from (pt-BR, de, fr...): optional
 * sign, digits with optional `.` thousands groups, optional `,` decimals: `1.234,56`, `-12,5`, `7`.
 */
export const DECIMAL_COMMA_NUMBER = "[+-]?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?";
export const DECIMAL_COMMA = decimalComma(DECIMAL_COMMA_NUMBER);
/** JSON values rewritten by NumberMarker: only those carrying MARK are numbers. */
export const MARKED: NumberSource = { text: (v) => `CASE WHEN starts_with(${v}, ${quoteString(MARK)}) THEN substr(${v}, 2) END` };

/** The exact type chosen for a text column, from its statistics. */
export function exactType(stats: { bad: number; notBigint: number; intDigits: number | null; scale: number | null }): string | undefined {
    if (stats.bad > 0) return undefined;
    if (stats.notBigint === 0) return "BIGINT";
    const intDigits = stats.intDigits ?? 0;
    const scale = stats.scale ?? 0;
    if (intDigits + scale <= INT64_DECIMAL_DIGITS) return `DECIMAL(${INT64_DECIMAL_DIGITS},${scale})`;
    return intDigits + scale <= MAX_DECIMAL_DIGITS ? `DECIMAL(${MAX_DECIMAL_DIGITS},${scale})` : undefined;
}

/** SQL: what the statistics need of value `v`, read as number text by `source` (one regexp_extract). */
function valueFacts(v: string, source: NumberSource): string {
    const parts = `regexp_extract(${source.text(v)}, ${quoteString(NUMBER_PARTS)}, ['all', 'i', 'f', 'g', 'e'])`;
    return `{'present': ${v} IS NOT NULL, 'candidate': ${source.text(v)} IS NOT NULL, 'evidence': ${source.evidence?.(v) ?? "true"}, 'p': ${parts}}`;
}

/**
 * SQL per value over its facts `w`: present values that are not numbers, that are not BIGINTs,
 * candidates, evidence, integer digits and scale (both counting the exponent; one past INTEGER
 * counts as too many digits).
 */
function valueStats(w: string): Record<"bad" | "notBigint" | "candidate" | "evidence" | "intDigits" | "scale", string> {
    const isNumber = `coalesce(${w}.p.all, '') <> ''`;
    const exp = `CASE WHEN ${w}.p.e = '' THEN 0 ELSE coalesce(try_cast(${w}.p.e AS INTEGER), 1000000) END`;
    const integer = `${w}.p.f = '' AND ${w}.p.g = '' AND ${w}.p.e = '' AND NOT contains(${w}.p.all, '.') AND try_cast(${w}.p.all AS BIGINT) IS NOT NULL`;
    return {
        bad: `(${w}.present AND NOT ${isNumber})::INTEGER`,
        notBigint: `(${w}.present AND NOT (${isNumber} AND ${integer}))::INTEGER`,
        candidate: `${w}.candidate::INTEGER`,
        evidence: `coalesce(${w}.evidence, false)::INTEGER`,
        intDigits: `CASE WHEN ${isNumber} THEN greatest(0, length(ltrim(${w}.p.i, '0')) + ${exp}) END`,
        scale: `CASE WHEN ${isNumber} THEN greatest(0, length(${w}.p.f || ${w}.p.g) - ${exp}) END`,
    };
}

/** A text value somewhere in a column: the column itself, a struct field, list elements or map values. */
interface Leaf {
    /** SQL: the leaf's one value per row (a column or a struct field); undefined under a list or map, where `values` lists a row's values. */
    scalar?: string;
    values: string;
    source: NumberSource;
    /** Chosen type; undefined keeps the text. */
    type?: string;
    /** Whether any value is a number text (for MARKED: carries the mark, which must go). */
    numbers: boolean;
}

/** Every VARCHAR leaf of a value `expr` of type `type`, keyed by its path (`col`, `col.field`, `col[]`). */
function leavesOf(expr: string, type: DuckDBType, path: string, depth: number, source: NumberSource, out: Map<string, Leaf>): void {
    if (type instanceof DuckDBStructType) {
        type.entryNames.forEach((name, i) => leavesOf(field(expr, name), type.entryTypes[i], `${path}.${name}`, depth, source, out));
    } else if (type instanceof DuckDBListType || type instanceof DuckDBMapType) {
        const list = type instanceof DuckDBMapType ? `map_values(${expr})` : expr;
        const x = `x${depth}`;
        const inner = new Map<string, Leaf>();
        leavesOf(x, type.valueType, `${path}[]`, depth + 1, source, inner);
        for (const [p, leaf] of inner) out.set(p, { ...leaf, scalar: undefined, values: `flatten(list_transform(${list}, lambda ${x}: ${leaf.values}))` });
    } else if (isText(type)) {
        out.set(path, { scalar: depth === 0 ? expr : undefined, values: `[${expr}]`, source, numbers: false });
    }
}

/** VARCHAR, not JSON (DuckDB's JSON type is VARCHAR with an alias). */
const isText = (type: DuckDBType) => type.typeId === DuckDBTypeId.VARCHAR && type.alias === undefined;
const field = (expr: string, name: string) => `struct_extract(${expr}, ${quoteString(name)})`;

/** One scan computing every leaf's statistics; sets each leaf's `numbers` and `type`. */
async function chooseTypes(run: (sql: string) => Promise<Record<string, unknown>>, relation: string, leaves: Leaf[]): Promise<void> {
    if (leaves.length === 0) return;
    // Inner query: each value's facts, once; outer: the aggregates over them.
    const facts = leaves.map((leaf, i) => {
        const perValue =
            leaf.scalar !== undefined ? valueFacts(leaf.scalar, leaf.source) : `list_transform(${leaf.values}, lambda v: ${valueFacts("v", leaf.source)})`;
        return `${perValue} AS "facts_${i}"`;
    });
    const selects = leaves.flatMap((leaf, i) => {
        const over = (stat: keyof ReturnType<typeof valueStats>, agg: "sum" | "max") =>
            leaf.scalar !== undefined
                ? `${agg}(${valueStats(`"facts_${i}"`)[stat]})`
                : `${agg}(list_${agg}(list_transform("facts_${i}", lambda w: ${valueStats("w")[stat]})))`;
        return [
            `${over("bad", "sum")} AS "bad_${i}"`,
            `${over("notBigint", "sum")} AS "big_${i}"`,
            `${over("candidate", "sum")} AS "num_${i}"`,
            `${over("evidence", "sum")} AS "ev_${i}"`,
            `${over("intDigits", "max")} AS "int_${i}"`,
            `${over("scale", "max")} AS "scale_${i}"`,
        ];
    });
    const row = await run(`SELECT ${selects.join(", ")} FROM (SELECT ${facts.join(", ")} FROM ${relation})`);
    const num = (key: string) => (row[key] === null || row[key] === undefined ? null : Number(row[key]));
    leaves.forEach((leaf, i) => {
        leaf.numbers = (num(`num_${i}`) ?? 0) > 0 && (num(`ev_${i}`) ?? 0) > 0;
        const stats = { bad: num(`bad_${i}`) ?? 0, notBigint: num(`big_${i}`) ?? 0, intDigits: num(`int_${i}`), scale: num(`scale_${i}`) };
        leaf.type = leaf.numbers ? exactType(stats) : undefined;
    });
}

/**
 * SQL for value `expr` of type `type` with its leaves converted: numbers cast to their exact type,
 * marks removed from text; the value unchanged where no leaf below changes.
 */
function rebuild(expr: string, type: DuckDBType, path: string, depth: number, leaves: Map<string, Leaf>, marked: boolean): string | undefined {
    if (type instanceof DuckDBStructType) {
        const entries = type.entryNames.map(
            (name, i) => [name, rebuild(field(expr, name), type.entryTypes[i], `${path}.${name}`, depth, leaves, marked)] as const,
        );
        if (entries.every(([, e]) => e === undefined)) return undefined;
        const packed = entries.map(([name, e], i) => `${quoteIdent(name)} := ${e ?? field(expr, type.entryNames[i])}`).join(", ");
        return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${packed}) END`;
    }
    if (type instanceof DuckDBListType || type instanceof DuckDBMapType) {
        const x = `x${depth}`;
        const inner = rebuild(x, type.valueType, `${path}[]`, depth + 1, leaves, marked);
        if (inner === undefined) return undefined;
        if (type instanceof DuckDBListType) return `list_transform(${expr}, lambda ${x}: ${inner})`;
        const e = `e${depth}`;
        return `map_from_entries(list_transform(map_entries(${expr}), lambda ${e}: {'key': ${e}.key, 'value': ${rebuild(`${e}.value`, type.valueType, `${path}[]`, depth + 1, leaves, marked)}}))`;
    }
    if (type.alias === "JSON" && marked) {
        // Values of mixed types stay JSON text: marked numbers go back to JSON numbers in it.
        return `regexp_replace(${expr}::VARCHAR, '"\\\\u0001([-+.0-9eE]+)"', '\\1', 'g')::JSON`;
    }
    const leaf = leaves.get(path);
    if (!leaf?.numbers) return undefined;
    if (leaf.type) return `CAST(${withoutExponent(leaf.source.text(expr))} AS ${leaf.type})`;
    return marked ? `coalesce(${leaf.source.text(expr)}, ${expr})` : undefined;
}

/**
 * SQL: number text `t` with its exponent applied (`80000000e-1` -> `8000000.0`, `2.5E-3` ->
 * `0.0025`), others unchanged: DuckDB's VARCHAR -> DECIMAL cast scales the mantissa before the
 * exponent and overflows where the value itself fits.
 */
function withoutExponent(t: string): string {
    const p = `regexp_extract(${t}, ${quoteString(NUMBER_PARTS)}, ['all', 'i', 'f', 'g', 'e'])`;
    const digits = `(${p}.i || ${p}.f || ${p}.g)`;
    const point = `(length(${p}.i) + CAST(${p}.e AS INTEGER))`;
    const placed =
        `CASE WHEN ${point} <= 0 THEN '0.' || repeat('0', -${point}) || ${digits} ` +
        `WHEN ${point} >= length(${digits}) THEN ${digits} || repeat('0', ${point} - length(${digits})) ` +
        `ELSE left(${digits}, ${point}) || '.' || substr(${digits}, ${point} + 1) END`;
    return `CASE WHEN regexp_matches(${t}, '[eE]') THEN (CASE WHEN starts_with(${t}, '-') THEN '-' ELSE '' END) || ${placed} ELSE ${t} END`;
}

export interface ExactColumn {
    name: string;
    /** SQL for the written value. */
    value: string;
}

/**
 * The columns of `relation` with exact number types: `sources` names the top-level text columns
 * to consider (CSV) and how to read them; `marked` considers every text leaf, nested ones included
 * (a JSON file rewritten by NumberMarker). One scan of `relation` when anything is considered.
 */
export async function exactColumns(
    run: (sql: string) => Promise<Record<string, unknown>>,
    relation: string,
    columns: { name: string; type: DuckDBType }[],
    sources: ReadonlyMap<string, NumberSource> | "marked",
): Promise<ExactColumn[]> {
    const marked = sources === "marked";
    const perColumn = columns.map((c) => {
        const leaves = new Map<string, Leaf>();
        const source = marked ? MARKED : sources.get(c.name);
        if (source) leavesOf(quoteIdent(c.name), c.type, "", 0, source, leaves);
        return leaves;
    });
    await chooseTypes(
        run,
        relation,
        perColumn.flatMap((leaves) => [...leaves.values()]),
    );
    return columns.map((c, i) => {
        const value = rebuild(quoteIdent(c.name), c.type, "", 0, perColumn[i], marked);
        return { name: c.name, value: value ?? quoteIdent(c.name) };
    });
}

const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/** Whether DuckDB's JSON reader keeps a JSON number literal exactly: integers within BIGINT. */
export function jsonReaderKeeps(literal: string): boolean {
    if (!/^-?[0-9]+$/.test(literal)) return false;
    const n = BigInt(literal);
    return n >= BIGINT_MIN && n <= BIGINT_MAX;
}
