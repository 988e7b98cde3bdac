/** A DuckDB relation written as zstd Parquet: numbers made exact (exact-numbers.ts), column names normalised. */
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
    const columns = sources ? await exactColumns(run, source, read, sources) : read.map((c) => ({ name: c.name, value: quoteIdent(c.name) }));
    const names = normaliseColumnNames(originalNames.length === columns.length ? originalNames : columns.map((c) => c.name));
    const query = `SELECT ${columns.map((c, i) => `${c.value} AS ${quoteIdent(names[i])}`).join(", ")} FROM ${source}`;
    const written = await describe(con, `(${query})`);
    const result = await con.run(`COPY (${query}) TO ${quoteString(outputPath)} (${parquetCopyOptions(threads)})`);
    return { rowCount: Number(result.rowsChanged), columns: written };
}
