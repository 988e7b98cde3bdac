/**
 * One raw Parquet object -> one curated Parquet file, with DuckDB, in this order: casts,
 * deduplication on the (cast) key columns, dropped columns, renames. Every column a rule names is
 * an input (raw) column name. Problems with the data (a value that does not cast, a column the
 * rule names but the object lacks, a file that is not Parquet) raise CurationInputError, whose
 * details go into the quarantine report.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { CurationRule } from "../../lib/contract";
import { BadInputError } from "../shared/errors";
import { parquetCopyOptions } from "../shared/parquet";

/** The object cannot be curated as its rule says; retrying will not help (reason `curation`). */
export class CurationInputError extends BadInputError {
    constructor(message: string, details: Record<string, unknown> = {}) {
        super("curation", message);
        this.name = "CurationInputError";
        this.details = details;
    }
}

export interface CurationResult {
    /** Rows in the source object. */
    inputRows: number;
    /** Rows written (input rows less duplicates). */
    rowCount: number;
    /** Output columns and their DuckDB types. */
    columns: { name: string; type: string }[];
}

/** Pseudo-column DuckDB adds for the source row position, which orders "last occurrence". */
const ROW_NUMBER = "file_row_number";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Columns of the Parquet file at `path`, in file order. */
async function describe(conn: DuckDBConnection, path: string): Promise<{ name: string; type: string }[]> {
    try {
        const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(path)})`);
        return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    } catch (e) {
        throw new CurationInputError(`not a readable Parquet file: ${firstLine(e)}`);
    }
}

function firstLine(e: unknown): string {
    return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

/** Fails with the rule's column references the object does not have. */
function checkColumns(rule: CurationRule, present: string[]): void {
    const have = new Set(present);
    const wanted: [string, string[]][] = [
        ["keyColumns", rule.keyColumns ?? []],
        ["casts", Object.keys(rule.casts ?? {})],
        ["renames", Object.keys(rule.renames ?? {})],
        ["dropColumns", rule.dropColumns ?? []],
    ];
    const missing = wanted.flatMap(([field, cols]) => cols.filter((c) => !have.has(c)).map((column) => ({ field, column })));
    if (missing.length) {
        const list = missing.map((m) => `'${m.column}' (${m.field})`).join(", ");
        throw new CurationInputError(`the curation rule names columns the object does not have: ${list}`, {
            missingColumns: missing,
            availableColumns: present,
        });
    }
    if (rule.keyColumns && have.has(ROW_NUMBER)) {
        throw new CurationInputError(`a column named '${ROW_NUMBER}' cannot be deduplicated: DuckDB reserves that name for the row position`, {
            availableColumns: present,
        });
    }
    const renamed = new Set(Object.keys(rule.renames ?? {}));
    const dropped = new Set(rule.dropColumns ?? []);
    const kept = present.filter((c) => !renamed.has(c) && !dropped.has(c));
    const clash = Object.entries(rule.renames ?? {}).find(([, to]) => kept.includes(to));
    if (clash) {
        throw new CurationInputError(`renaming '${clash[0]}' to '${clash[1]}' clashes with an existing column`, {
            rename: { from: clash[0], to: clash[1] },
            availableColumns: present,
        });
    }
}

/**
 * Counts, per cast, the non-null values that do not convert (one scan for all casts) and fails
 * naming the column, the target type, how many and one sample value. A value that cannot be cast
 * is never turned into NULL.
 */
async function checkCasts(conn: DuckDBConnection, source: string, casts: Record<string, string>): Promise<void> {
    const entries = Object.entries(casts);
    if (!entries.length) return;
    const selects = entries.flatMap(([col, type], i) => {
        const bad = `${ident(col)} IS NOT NULL AND TRY_CAST(${ident(col)} AS ${type}) IS NULL`;
        return [`count(*) FILTER (WHERE ${bad}) AS n${i}`, `CAST(any_value(${ident(col)}) FILTER (WHERE ${bad}) AS VARCHAR) AS s${i}`];
    });
    const row = (await conn.runAndReadAll(`SELECT ${selects.join(", ")} FROM ${source}`)).getRowObjectsJS()[0];
    const failures = entries
        .map(([column, type], i) => ({ column, type, badValues: Number(row[`n${i}`]), sampleValue: row[`s${i}`] as string | null }))
        .filter((f) => f.badValues > 0);
    if (failures.length) {
        const f = failures[0];
        throw new CurationInputError(
            `column '${f.column}' has ${f.badValues} value(s) that cannot be cast to ${f.type}, e.g. ${JSON.stringify(f.sampleValue)}`,
            { castFailures: failures },
        );
    }
}

/** Applies `rule` to the Parquet file `inputPath` and writes zstd Parquet to `outputPath`. */
export async function curateParquet(conn: DuckDBConnection, inputPath: string, outputPath: string, rule: CurationRule): Promise<CurationResult> {
    const present = (await describe(conn, inputPath)).map((c) => c.name);
    checkColumns(rule, present);
    const dedupe = rule.keyColumns?.length ? rule.keyColumns : undefined;
    const source = `read_parquet(${literal(inputPath)}${dedupe ? `, ${ROW_NUMBER} = true` : ""})`;
    const casts = rule.casts ?? {};
    await checkCasts(conn, source, casts);

    const dropped = new Set(rule.dropColumns ?? []);
    const renames = rule.renames ?? {};
    // Inner query: the source columns under their own names, cast. Outer query: drops and renames.
    // Key columns and the row position are qualified with `t.` so that they always mean the
    // (cast) source columns, never an output alias that happens to share the name.
    const typed = present.map((c) => (casts[c] ? `CAST(${ident(c)} AS ${casts[c]}) AS ${ident(c)}` : ident(c)));
    const projection = present.filter((c) => !dropped.has(c)).map((c) => `t.${ident(c)} AS ${ident(renames[c] ?? c)}`);
    // Deduplication is within this object only: it keeps the last occurrence of each key by row
    // order. Duplicates across objects (and across days) are the Glue raw -> curated job's work.
    const query = dedupe
        ? `SELECT ${projection.join(", ")} FROM (SELECT ${typed.join(", ")}, ${ROW_NUMBER} FROM ${source}) AS t
           QUALIFY row_number() OVER (PARTITION BY ${dedupe.map((k) => `t.${ident(k)}`).join(", ")} ORDER BY t.${ROW_NUMBER} DESC) = 1
           ORDER BY t.${ROW_NUMBER}`
        : `SELECT ${projection.join(", ")} FROM (SELECT ${typed.join(", ")} FROM ${source}) AS t`;

    let rowCount: number;
    try {
        const result = await conn.run(`COPY (${query}) TO ${literal(outputPath)} (${parquetCopyOptions()})`);
        rowCount = Number(result.rowsChanged);
    } catch (e) {
        // The casts were checked above; a conversion error here is still the data's fault.
        if (/Conversion Error/i.test(firstLine(e))) throw new CurationInputError(firstLine(e));
        throw e;
    }
    const meta = await conn.runAndReadAll(`SELECT coalesce(sum(num_rows), 0) AS n FROM parquet_file_metadata(${literal(inputPath)})`);
    return { inputRows: Number(meta.getRowObjectsJS()[0].n), rowCount, columns: await describe(conn, outputPath) };
}
