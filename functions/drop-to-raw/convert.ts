/**
 * One dropped file -> one zstd Parquet file, with DuckDB: this module runs the steps, each in its
 * own module. Detects the format from the extension and the content (detect.ts), decompresses gzip
 * itself (gzip.ts: streaming, capped), reads text in UTF-8, UTF-16 with a BOM or Windows-1252
 * (encoding.ts), reads CSV strictly (csv-dialect.ts, convert-text.ts: a ragged row or an
 * unterminated quote rejects the whole file with its line number instead of dropping rows), keeps
 * numbers exact (exact-numbers.ts; decimal commas of semicolon files included), normalises column
 * names (to-parquet.ts) and reports what it wrote. Anything wrong with the input throws
 * BadInputError (duckdb-errors.ts sorts DuckDB's errors); anything else (out of memory, disk full)
 * is rethrown as is.
 *
 * Empty input (no bytes, a header without rows, `[]`, a Parquet file without rows) is rejected
 * with reason `empty`: a zero-row Parquet file in raw carries nothing and usually means a broken
 * export upstream, which quarantine keeps visible.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { BadInputError } from "../shared/errors";
import type { SourceEncoding } from "../../lib/contract";
import { convertParquet } from "./convert-parquet";
import { convertText } from "./convert-text";
import { Declared, declaredFormat, detectFormat, Format, isParquet, readHead } from "./detect";
import { sniffEncoding, transcodeToUtf8 } from "./encoding";
import { gunzipToFile, isGzip } from "./gzip";

export interface ConvertOptions {
    /** The object key the file came from: its extension is part of format detection. */
    sourceKey: string;
    /** DuckDB threads. Default 1 (predictable memory; the handler passes the vCPU count). */
    threads?: number;
    /** DuckDB memory_limit in MB. Default: DuckDB's own (80% of RAM); spills to tmpDir beyond it. */
    memoryLimitMb?: number;
    /** Largest decompressed size of a gzip input, in bytes (gzip bomb guard). */
    maxDecompressedBytes: number;
    /** Scratch space (decompressed copy, DuckDB spill files). Default os.tmpdir(). */
    tmpDir?: string;
}

export interface ConvertResult {
    /** `csv`, `tsv`, `json` or `parquet`. */
    format: string;
    /** The encoding text input was read in (encoding.ts); undefined for Parquet. */
    encoding?: SourceEncoding;
    /** Whether the input was gzip. */
    compressed: boolean;
    rowCount: number;
    /** Output columns: normalised names, DuckDB type names. */
    columns: { name: string; type: string }[];
}

export async function convertFile(inputPath: string, outputPath: string, options: ConvertOptions): Promise<ConvertResult> {
    const declared = declaredFormat(options.sourceKey);
    const scratch = await mkdtemp(path.join(options.tmpDir ?? tmpdir(), "convert-"));
    try {
        return await convertIn(scratch, inputPath, outputPath, options, declared);
    } catch (e) {
        if (e instanceof BadInputError && declared !== "none" && declared !== "text") e.format ??= declared;
        throw e;
    } finally {
        await rm(scratch, { recursive: true, force: true });
    }
}

async function convertIn(scratch: string, inputPath: string, outputPath: string, options: ConvertOptions, declared: Declared): Promise<ConvertResult> {
    const { source, head, compressed } = await decompressed(scratch, inputPath, options);
    const threads = options.threads ?? 1;
    const db = await DuckDBInstance.create(":memory:", duckdbSettings(options, scratch));
    const con = await db.connect();
    let format: Format | undefined;
    try {
        if (declared === "parquet" || isParquet(head)) {
            format = detectFormat(head, declared);
            return { ...(await convertParquet(con, source, outputPath, threads)), compressed };
        }
        let encoding = sniffEncoding(head);
        for (;;) {
            const text = encoding === "utf-8" ? source : path.join(scratch, `utf8-${encoding}`);
            if (text !== source) await transcodeToUtf8(source, text, encoding as Exclude<SourceEncoding, "utf-8">);
            format = detectFormat(await readHead(text), declared);
            // Only a UTF-16 or Windows-1252 text that spells "PAR1" gets here: it is not Parquet.
            if (format.kind === "parquet") throw new BadInputError("unsupported-format", `${encoding} text starting with PAR1, neither Parquet nor a table`);
            try {
                const result = await convertText(con, text, outputPath, format, threads, scratch);
                return { ...result, compressed, encoding };
            } catch (e) {
                // Invalid UTF-8 past the sniffed head (DuckDB found it): read it as Windows-1252.
                if (!(e instanceof BadInputError && e.reason === "encoding" && encoding === "utf-8")) throw e;
                encoding = "windows-1252";
            }
        }
    } catch (e) {
        if (e instanceof BadInputError && format) e.format ??= format.kind === "delimited" ? format.name : format.kind;
        throw e;
    } finally {
        con.closeSync();
        db.closeSync();
    }
}

/** The input, or its inflated copy in `scratch` when it is gzip, with its first bytes. */
async function decompressed(scratch: string, inputPath: string, options: ConvertOptions): Promise<{ source: string; head: Buffer; compressed: boolean }> {
    const head = await readHead(inputPath);
    if (!isGzip(head)) {
        if (/\.gz$/i.test(options.sourceKey)) throw new BadInputError("corrupt-gzip", "the key ends in .gz but the content is not gzip");
        return { source: inputPath, head, compressed: false };
    }
    const source = path.join(scratch, "decompressed");
    await gunzipToFile(inputPath, source, options.maxDecompressedBytes);
    const inflated = await readHead(source);
    if (isGzip(inflated)) throw new BadInputError("unsupported-format", "gzip inside gzip is not supported");
    return { source, head: inflated, compressed: true };
}

function duckdbSettings(options: ConvertOptions, scratch: string): Record<string, string> {
    const settings: Record<string, string> = {
        threads: String(options.threads ?? 1),
        temp_directory: path.join(scratch, "duckdb"),
        // Raw keeps source row order: curation's "last row by source order wins" relies on it.
        preserve_insertion_order: "true",
        // json and parquet are built in; nothing is ever downloaded at run time.
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
    };
    if (options.memoryLimitMb) settings.memory_limit = `${options.memoryLimitMb}MB`;
    return settings;
}
