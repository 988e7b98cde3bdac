/** A Parquet input to Parquet: copied byte for byte when its column names are already normal, else rewritten. */
import { copyFile } from "node:fs/promises";
import { DuckDBConnection } from "@duckdb/node-api";
import { BadInputError } from "../shared/errors";
import { normaliseColumnNames } from "../shared/columns";
import { isInputError, toBadInput } from "./duckdb-errors";
import { quoteString } from "./sql";
import { copyToParquet, describe } from "./to-parquet";

export async function convertParquet(con: DuckDBConnection, file: string, outputPath: string, threads: number) {
    const relation = `read_parquet(${quoteString(file)})`;
    let columns;
    let rowCount;
    try {
        columns = await describe(con, relation);
        const count = await con.runAndReadAll(`SELECT count(*) AS n FROM ${relation}`);
        rowCount = Number(count.getRowObjectsJS()[0].n);
    } catch (e) {
        if (!isInputError(e)) throw e;
        throw toBadInput(e, "parquet", undefined, "malformed-parquet");
    }
    if (rowCount === 0) throw new BadInputError("empty", "Parquet file without rows", {}, "parquet");
    const names = normaliseColumnNames(columns.map((c) => c.name));
    if (names.every((n, i) => n === columns[i].name)) {
        await copyFile(file, outputPath);
        return { format: "parquet", rowCount, columns };
    }
    try {
        return {
            format: "parquet",
            ...(await copyToParquet(
                con,
                () => relation,
                columns.map((c) => c.name),
                outputPath,
                threads,
                "as-read",
            )),
        };
    } catch (e) {
        if (!isInputError(e)) throw e;
        throw toBadInput(e, "parquet", undefined, "malformed-parquet");
    }
}
