/** A CSV, TSV or JSON file to Parquet: size and depth guards first, then a strict read, retried as the failure warrants. */
import * as path from "node:path";
import { DuckDBConnection } from "@duckdb/node-api";
import { BadInputError } from "../shared/errors";
import { headerFields, longestLine, MAX_LINE_BYTES, MAX_LINE_BYTES_CAP, strictCsvDialect, strictCsvError } from "./csv-dialect";
import { readHead, TextFormat } from "./detect";
import { errorLocation, isInputError, toBadInput } from "./duckdb-errors";
import { JSON_TYPE_DEPTH, markNumbers, MAX_JSON_DEPTH, scanJson } from "./json-scan";
import { quoteString } from "./sql";
import { copyToParquet, NumberReading } from "./to-parquet";

export async function convertText(con: DuckDBConnection, file: string, outputPath: string, format: TextFormat, threads: number, scratch: string) {
    const name = format.kind === "json" ? "json" : format.name;
    let header: string[] = [];
    let longLines = false;
    let marked: string | undefined;
    if (format.kind === "delimited") {
        // DuckDB drops a last line longer than its read buffer without an error: the longest
        // physical line (a lower bound of the longest record) picks the limit before it reads.
        const longest = await longestLine(file);
        if (longest.bytes > MAX_LINE_BYTES_CAP) {
            throw new BadInputError(
                "line-too-long",
                `line ${longest.line} is ${longest.bytes} bytes; the limit is ${MAX_LINE_BYTES_CAP}`,
                { line: longest.line },
                name,
            );
        }
        longLines = longest.bytes > MAX_LINE_BYTES;
        const headBytes = (longLines ? MAX_LINE_BYTES_CAP : MAX_LINE_BYTES) + 2;
        const head = await readHead(file, headBytes);
        const fields = headerFields(head.toString("utf8").replace(/^\uFEFF/, ""), format.delimiter, head.length < headBytes);
        if (!fields) throw new BadInputError("line-too-long", `the header record is longer than ${headBytes - 2} bytes`, { line: 1 }, name);
        header = fields;
    } else {
        const scan = await scanJson(file);
        if (scan.depth > MAX_JSON_DEPTH) throw new BadInputError("too-deep", `JSON nests deeper than ${MAX_JSON_DEPTH} levels`, {}, name);
        if (scan.inexact) {
            // Numbers DuckDB would round: read a copy with every number marked (exact-numbers.ts).
            marked = path.join(scratch, "marked.json");
            await markNumbers(file, marked);
        }
    }
    let result;
    try {
        result = await readText(con, marked ?? file, outputPath, format, header, threads, longLines, marked !== undefined);
    } catch (e) {
        // A record longer than any physical line (quoted line breaks), or a JSON record over 16 MiB.
        if (longLines || !(e instanceof BadInputError && e.reason === "line-too-long")) throw e;
        result = await readText(con, marked ?? file, outputPath, format, header, threads, true, marked !== undefined);
    }
    if (result.rowCount === 0) throw new BadInputError("empty", format.kind === "json" ? "no JSON records" : "header only, no data rows", {}, name);
    return { format: name, ...result };
}

/** One read of a text file into Parquet; `longLines` raises the line / record limit to MAX_LINE_BYTES_CAP. */
async function readText(
    con: DuckDBConnection,
    file: string,
    outputPath: string,
    format: TextFormat,
    header: string[],
    threads: number,
    longLines: boolean,
    marked: boolean,
) {
    const name = format.kind === "json" ? "json" : format.name;
    const lineBytes = longLines ? MAX_LINE_BYTES_CAP : MAX_LINE_BYTES;
    // Semicolons separate fields where the comma is the decimal separator.
    const numbers: NumberReading = format.kind === "json" ? (marked ? "marked" : "as-read") : format.delimiter === ";" ? "decimal-comma" : "csv";
    // A marked copy has the source's lines but not its byte offsets.
    const locate = (e: Error) => {
        const location = errorLocation(e);
        return marked && location ? { line: location.line } : location;
    };
    const asText = (columns: string[]) => (columns.length ? `, types={${columns.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(", ")}}` : "");
    const relation = (sampleAll: boolean) => (text: string[]) =>
        format.kind === "json"
            ? `read_json(${quoteString(file)}, format=${format.array ? "'array'" : "'auto'"}, records='true', maximum_depth=${JSON_TYPE_DEPTH}${sampleAll ? ", sample_size=-1" : ""}${longLines ? `, maximum_object_size=${lineBytes}` : ""})`
            : `read_csv(${quoteString(file)}, ${strictCsvDialect(format.delimiter, lineBytes)}${sampleAll ? ", sample_size=-1" : ""}${asText(text)})`;
    try {
        // The sniffer infers types from a sample; a later value that does not fit fails the scan,
        // and the retry infers from every row, so the types always fit the whole file.
        return await copyToParquet(con, relation(false), header, outputPath, threads, numbers);
    } catch (first) {
        if (!isInputError(first)) throw first;
        const bad = toBadInput(first, name, locate(first));
        // A line too long for this read: the caller's long-line read, not a full-sample retry.
        if (bad.reason === "line-too-long" && !longLines) throw bad;
        try {
            return await copyToParquet(con, relation(true), header, outputPath, threads, numbers);
        } catch (second) {
            if (!isInputError(second)) throw second;
            // A sniffer failure carries no line number: the strict re-read finds it.
            const cause =
                format.kind === "delimited" && !errorLocation(second)
                    ? ((await strictCsvError(con, file, format.delimiter, header, lineBytes)) ?? second)
                    : second;
            throw toBadInput(cause, name, locate(cause));
        }
    }
}
