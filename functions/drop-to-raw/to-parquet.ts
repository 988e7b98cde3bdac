/**
 * A DuckDB relation written as zstd Parquet: numbers made exact (exact-numbers.ts), column names
 * normalised, and no UUID type (text, as sent).
 */
import { DuckDBConnection, DuckDBType, DuckDBTypeId } from "@duckdb/node-api";
import { normaliseColumnNames } from "../shared/columns";
import { parquetCopyOptions } from "../shared/parquet";
import { DECIMAL_COMMA, exactColumns, INEXACT_TYPES, NumberSource, PLAIN } from "./exact-numbers";
import { quoteIdent, quoteString } from "./sql";

export async function describe(con: DuckDBConnection, relation: string): Promise<{ name: string; type: string }[]> {
    const reader = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
    return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** How a read's numbers are made exact (exact-numbers.ts). */
export type NumberReading = "csv" | "decimal-comma" | "marked" | "as-read";

/** `UUID` as a type (not a field name: a field name is followed by its type) in a DuckDB type string. */
const UUID_TYPE = /(?<=^|[(,\s])UUID(?=$|[,)[])/g;

/**
 * The value of a column whose type holds UUID (DuckDB's JSON and CSV readers infer it from text
 * that looks like one, at any depth), cast so the UUID parts are VARCHAR: Parquet's UUID logical
 * type is unreadable by Spark 3.5 ("Illegal Parquet type: FIXED_LEN_BYTE_ARRAY (UUID)"), so Glue
 * and the curate job could not read the raw object; and the value was text when it was sent.
 */
export function withoutUuid(value: string, type: string): string {
    const text = type.replace(UUID_TYPE, "VARCHAR");
    return text === type ? value : `CAST(${value} AS ${text})`;
}

/** The columns of a relation with their DuckDB types (from the readers' sniffing sample, not a full scan). */
async function columnTypes(con: DuckDBConnection, relation: string): Promise<{ name: string; type: DuckDBType }[]> {
    const result = await con.run(`SELECT * FROM ${relation} LIMIT 0`);
    const types = result.columnTypes();
    return result.columnNames().map((name, i) => ({ name, type: types[i] }));
}

/**
 * COPY with normalised names and exact numbers; returns rows and columns written. `relation`
 * reads the input, with the named columns as VARCHAR.
 */
export async function copyToParquet(
    con: DuckDBConnection,
    relation: (asText: string[]) => string,
    originalNames: readonly string[],
    outputPath: string,
    threads: number,
    numbers: NumberReading,
) {
    let source = relation([]);
    let read = await columnTypes(con, source);
    let sources: Map<string, NumberSource> | "marked" | undefined;
    if (numbers === "marked") sources = "marked";
    else if (numbers !== "as-read") {
        // The sniffer's DOUBLE (or HUGEINT) columns, read again as the text they are.
        const inexact = read.filter((c) => INEXACT_TYPES.has(c.type.toString())).map((c) => c.name);
        if (inexact.length > 0) {
            source = relation(inexact);
            read = await columnTypes(con, source);
        }
        sources = new Map(inexact.map((name) => [name, PLAIN]));
        if (numbers === "decimal-comma") {
            for (const c of read) if (c.type.typeId === DuckDBTypeId.VARCHAR && !sources.has(c.name)) sources.set(c.name, DECIMAL_COMMA);
        }
    }
    const run = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS()[0];
    const exact = sources ? await exactColumns(run, source, read, sources) : read.map((c) => ({ name: c.name, value: quoteIdent(c.name) }));
    const typeOf = new Map(read.map((c) => [c.name, c.type.toString()]));
    const columns = exact.map((c) => ({ ...c, value: withoutUuid(c.value, typeOf.get(c.name) ?? "") }));
    const names = normaliseColumnNames(originalNames.length === columns.length ? originalNames : columns.map((c) => c.name));
    const query = `SELECT ${columns.map((c, i) => `${c.value} AS ${quoteIdent(names[i])}`).join(", ")} FROM ${source}`;
    const written = await describe(con, `(${query})`);
    const result = await con.run(`COPY (${query}) TO ${quoteString(outputPath)} (${parquetCopyOptions(threads)})`);
    return { rowCount: Number(result.rowsChanged), columns: written };
}
