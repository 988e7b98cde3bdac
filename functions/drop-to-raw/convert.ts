/**
 * One dropped file -> one zstd Parquet file, with DuckDB. Detects the format from the extension
 * and the content, decompresses gzip itself (streaming, capped), reads text in UTF-8, UTF-16
 * with a BOM or Windows-1252 (encoding.ts), reads CSV strictly (a ragged row or an unterminated
 * quote rejects the whole file with its line number instead of dropping rows), keeps numbers
 * exact (exact-numbers.ts; decimal commas of semicolon files included), normalises column names
 * and reports what it wrote. Anything wrong with the input throws BadInputError; anything else (out
 * of memory, disk full) is rethrown as is.
 *
 * Empty input (no bytes, a header without rows, `[]`, a Parquet file without rows) is rejected
 * with reason `empty`: a zero-row Parquet file in raw carries nothing and usually means a broken
 * export upstream, which quarantine keeps visible.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBTypeId } from "@duckdb/node-api";
import { BadInputError, BadInputReason, InputLocation } from "../shared/errors";
import { normaliseColumnNames } from "../shared/columns";
import { parquetCopyOptions } from "../shared/parquet";
import type { SourceEncoding } from "../../lib/contract";
import { NestingDepth } from "../shared/json-depth";
import { sniffEncoding, transcodeToUtf8 } from "./encoding";
import { NumberMarker } from "../shared/json-numbers";
import { decimalComma, exactColumns, INEXACT_TYPES, jsonReaderKeeps, NumberSource, PLAIN } from "./exact-numbers";

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

/** gzip that inflates more than this many times its size, past RATIO_CHECK_AFTER_BYTES, is a bomb. */
export const MAX_GZIP_RATIO = 200;
export const RATIO_CHECK_AFTER_BYTES = 64 * 1024 ** 2;
/** Longest CSV line (bytes) of the first read: DuckDB's own default, with a 4x read buffer. */
export const MAX_LINE_BYTES = 2_000_000;
/**
 * Longest CSV line or JSON record read at all (bytes). A file whose first read fails on a longer
 * line (or a line past DuckDB's read buffer, which it reports as "Not implemented") is read again
 * with this limit and a buffer twice its size (128 MB per DuckDB thread, only for such files);
 * past it the file is quarantined as `line-too-long`.
 */
export const MAX_LINE_BYTES_CAP = 64_000_000;
/**
 * Deepest JSON nesting read at all; deeper files are quarantined as `too-deep` before DuckDB sees
 * them (its reader crashes the process past ~10,000 levels). Types are inferred to
 * JSON_TYPE_DEPTH levels; deeper values are kept as JSON text.
 */
export const MAX_JSON_DEPTH = 1000;
export const JSON_TYPE_DEPTH = 64;

const SNIFF_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const PARQUET_MAGIC = "PAR1";
const EXTENSIONS: Record<string, "csv" | "tsv" | "text" | "json" | "parquet"> = {
    csv: "csv",
    tsv: "tsv",
    tab: "tsv",
    txt: "text",
    json: "json",
    ndjson: "json",
    jsonl: "json",
    parquet: "parquet",
};

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
    let head = await readHead(inputPath);
    let source = inputPath;
    const compressed = startsWith(head, GZIP_MAGIC);
    if (compressed) {
        source = path.join(scratch, "decompressed");
        await gunzipToFile(inputPath, source, options.maxDecompressedBytes);
        head = await readHead(source);
        if (startsWith(head, GZIP_MAGIC)) throw new BadInputError("unsupported-format", "gzip inside gzip is not supported");
    } else if (/\.gz$/i.test(options.sourceKey)) {
        throw new BadInputError("corrupt-gzip", "the key ends in .gz but the content is not gzip");
    }
    const threads = options.threads ?? 1;
    const db = await DuckDBInstance.create(":memory:", duckdbSettings(options, scratch));
    const con = await db.connect();
    let format: Format | undefined;
    try {
        if (declared === "parquet" || head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) {
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

// ---------------------------------------------------------------- detection

type Declared = "csv" | "tsv" | "text" | "json" | "parquet" | "none";
type Format = { kind: "parquet" } | { kind: "json"; array: boolean } | { kind: "delimited"; name: "csv" | "tsv"; delimiter: string };

/** Format named by the key's extension (after `.gz`); no extension means "sniff the content". */
function declaredFormat(key: string): Declared {
    const base = path.posix.basename(key).replace(/\.gz$/i, "");
    const dot = base.lastIndexOf(".");
    if (dot <= 0) return "none";
    const ext = base.slice(dot + 1).toLowerCase();
    const known = EXTENSIONS[ext];
    if (!known)
        throw new BadInputError("unsupported-format", `unsupported file extension .${ext} (expected ${Object.keys(EXTENSIONS).join(", ")}, optionally .gz)`);
    return known;
}

async function readHead(file: string, bytes = SNIFF_BYTES): Promise<Buffer> {
    const fh = await open(file, "r");
    try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.subarray(0, bytesRead);
    } finally {
        await fh.close();
    }
}

function startsWith(buf: Buffer, magic: number[]): boolean {
    return magic.every((b, i) => buf[i] === b);
}

function detectFormat(head: Buffer, declared: Declared): Format {
    if (head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) {
        if (declared !== "parquet" && declared !== "none")
            throw new BadInputError("unsupported-format", `content is Parquet but the extension says ${declared}`);
        return { kind: "parquet" };
    }
    if (declared === "parquet")
        throw new BadInputError("malformed-parquet", "the key ends in .parquet but the content does not start with PAR1", {}, "parquet");
    const nul = head.indexOf(0);
    if (nul >= 0) throw new BadInputError("binary", "binary content (NUL byte) where text was expected", { offset: nul });
    const text = head.toString("utf8").replace(/^\uFEFF/, "");
    const first = text.trimStart()[0];
    if (first === undefined) throw new BadInputError("empty", "the file is empty", {}, declared === "none" ? undefined : declared);
    if (/^\s*\[\s*\]\s*$/.test(text) && head.length < SNIFF_BYTES) throw new BadInputError("empty", "an empty JSON array", {}, "json");
    if (declared === "json" || ((declared === "none" || declared === "text") && (first === "[" || first === "{"))) {
        if (first !== "[" && first !== "{") throw new BadInputError("malformed-json", "JSON input must start with '[' or '{'", { line: 1 }, "json");
        return { kind: "json", array: first === "[" };
    }
    const delimiter = sniffDelimiter(text, declared === "tsv" ? "\t" : ",");
    return { kind: "delimited", name: delimiter === "\t" ? "tsv" : "csv", delimiter };
}

/** The candidate occurring most often in the header line, outside quotes; `fallback` if none. */
function sniffDelimiter(text: string, fallback: string): string {
    const counts = new Map<string, number>([
        [fallback, 0],
        [",", 0],
        ["\t", 0],
        [";", 0],
        ["|", 0],
    ]);
    let quoted = false;
    for (const ch of text) {
        if (ch === '"') quoted = !quoted;
        else if (!quoted && (ch === "\n" || ch === "\r")) break;
        else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
    }
    let best = fallback;
    for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
    return best;
}

/**
 * The first CSV record (the header), RFC 4180 quoting. `complete` means `text` is the whole file,
 * so its end also ends the record; otherwise undefined when no line ends within `text`.
 */
function headerFields(text: string, delimiter: string, complete: boolean): string[] | undefined {
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
            if (ch === '"' && text[i + 1] === '"') {
                field += '"';
                i++;
            } else if (ch === '"') quoted = false;
            else field += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === delimiter) {
            fields.push(field);
            field = "";
        } else if (ch === "\n" || ch === "\r") return [...fields, field];
        else field += ch;
    }
    return complete ? [...fields, field] : undefined;
}

/** Length in bytes (line break excluded) and 1-based number of the file's longest physical line. */
async function longestLine(file: string): Promise<{ bytes: number; line: number }> {
    const longest = { bytes: 0, line: 1 };
    let current = 0;
    let line = 1;
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 ** 2 }) as AsyncIterable<Buffer>) {
        let start = 0;
        for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
            current += nl - start;
            if (current > longest.bytes) Object.assign(longest, { bytes: current, line });
            current = 0;
            line++;
            start = nl + 1;
        }
        current += chunk.length - start;
    }
    if (current > longest.bytes) Object.assign(longest, { bytes: current, line });
    return longest;
}

/**
 * The file's JSON nesting depth (stops once past MAX_JSON_DEPTH) and whether some number value
 * would be rounded by DuckDB's JSON reader, in one streaming pass.
 */
async function scanJson(file: string): Promise<{ depth: number; inexact: boolean }> {
    const depth = new NestingDepth();
    const numbers = new NumberMarker(false, jsonReaderKeeps);
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 ** 2 }) as AsyncIterable<Buffer>) {
        if (depth.push(chunk, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) break;
        if (!numbers.inexact) numbers.push(chunk);
    }
    return { depth: depth.deepest, inexact: numbers.inexact };
}

/** Copies JSON text with every number value marked (NumberMarker). */
async function markNumbers(src: string, dst: string): Promise<void> {
    const marker = new NumberMarker(true, jsonReaderKeeps);
    const mark = new Transform({
        transform(chunk: Buffer, _enc, done) {
            done(null, marker.push(chunk));
        },
        flush(done) {
            done(null, marker.end());
        },
    });
    await pipeline(createReadStream(src), mark, createWriteStream(dst));
}

// ---------------------------------------------------------------- gzip

/** Streams gzip to a file, stopping at `maxBytes` or at a bomb-like ratio. */
async function gunzipToFile(src: string, dst: string, maxBytes: number): Promise<void> {
    const compressedSize = (await stat(src)).size;
    let written = 0;
    const guard = new Transform({
        transform(chunk: Buffer, _enc, done) {
            written += chunk.length;
            if (written > maxBytes) {
                return done(new BadInputError("decompression-limit", `decompressed size exceeds the limit of ${maxBytes} bytes`, { offset: maxBytes }));
            }
            if (written > RATIO_CHECK_AFTER_BYTES && written > compressedSize * MAX_GZIP_RATIO) {
                return done(new BadInputError("decompression-limit", `compression ratio above ${MAX_GZIP_RATIO}:1 (gzip bomb guard)`, { offset: written }));
            }
            done(null, chunk);
        },
    });
    try {
        await pipeline(createReadStream(src), createGunzip(), guard, createWriteStream(dst));
    } catch (e) {
        if (e instanceof BadInputError) throw e;
        const err = e as NodeJS.ErrnoException;
        if (err.code === "Z_BUF_ERROR") throw new BadInputError("truncated-gzip", `gzip stream ends early (${err.message})`, { offset: written });
        if (err.code?.startsWith("Z_")) throw new BadInputError("corrupt-gzip", `gzip stream is corrupt (${err.message})`, { offset: written });
        throw e;
    }
}

// ---------------------------------------------------------------- DuckDB

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function describe(con: DuckDBConnection, relation: string): Promise<{ name: string; type: string }[]> {
    const reader = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
    return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** How a read's numbers are made exact (exact-numbers.ts). */
type NumberReading = "csv" | "decimal-comma" | "marked" | "as-read";

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
async function copyToParquet(
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

/**
 * A number in the decimal-comma locales semicolon files come from (pt-BR, de, fr...): optional
 * sign, digits with optional `.` thousands groups, optional `,` decimals: `1.234,56`, `-12,5`, `7`.
 */
export const DECIMAL_COMMA_NUMBER = "[+-]?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?";
const DECIMAL_COMMA = decimalComma(DECIMAL_COMMA_NUMBER);

async function convertText(
    con: DuckDBConnection,
    file: string,
    outputPath: string,
    format: Exclude<Format, { kind: "parquet" }>,
    threads: number,
    scratch: string,
) {
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
    format: Exclude<Format, { kind: "parquet" }>,
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

/**
 * The CSV dialect, fixed rather than sniffed: the sniffer would otherwise be free to skip leading
 * rows, treat `#` lines as comments or pad short rows, each of which silently drops or bends data.
 * Only the types (and the line ending) are left to it.
 */
function strictCsvDialect(delimiter: string, lineBytes: number): string {
    return (
        `delim=${quoteString(delimiter)}, quote='"', escape='"', header=true, skip=0, comment='', ` +
        `strict_mode=true, ignore_errors=false, null_padding=false, max_line_size=${lineBytes}, ` +
        // DuckDB's default read buffer is 16x the line limit (32 MB per thread); 4x still holds
        // the longest line allowed and halves peak memory (bench/results/processor-tuning.json).
        // The long-line re-read needs only 2x (measured: a 60 MB line reads with a 128 MB buffer).
        `buffer_size=${(lineBytes === MAX_LINE_BYTES ? 4 : 2) * lineBytes}`
    );
}

/**
 * When DuckDB's sniffer gives up (a ragged row or an unterminated quote in its sample), re-read
 * with the header's columns as VARCHAR and no sniffing: its error names the offending line.
 */
async function strictCsvError(con: DuckDBConnection, file: string, delimiter: string, header: string[], lineBytes: number): Promise<Error | undefined> {
    const columns = header.map((_, i) => `${quoteString(`c${i}`)}: 'VARCHAR'`).join(", ");
    try {
        await con.run(
            `SELECT count(*) FROM read_csv(${quoteString(file)}, ${strictCsvDialect(delimiter, lineBytes)}, auto_detect=false, columns={${columns}})`,
        );
        return undefined;
    } catch (e) {
        return isInputError(e) ? e : undefined;
    }
}

async function convertParquet(con: DuckDBConnection, file: string, outputPath: string, threads: number) {
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

// ---------------------------------------------------------------- DuckDB errors

/** DuckDB errors caused by the data (as opposed to memory, disk or our own SQL). */
function isInputError(e: unknown): e is Error {
    if (!(e instanceof Error) || /No space left|Out of Memory/i.test(e.message)) return false;
    return /^(Invalid Input|Conversion|IO) Error/.test(e.message) || /^Binder Error: json_read expected records/.test(e.message) || PAST_BUFFER.test(e.message);
}

/** DuckDB's CSV reader on a line longer than its read buffer (it asks for a single-threaded read, which does not help). */
const PAST_BUFFER = /^Not implemented Error: The Parallel CSV Reader currently does not support a full read/;

function errorLocation(e: Error): InputLocation | undefined {
    const csvLine = /CSV Error on Line: (\d+)/.exec(e.message);
    if (csvLine) return { line: Number(csvLine[1]) };
    const json = /at byte (\d+) in (?:line|record\/value) (\d+)/.exec(e.message);
    if (json) return { line: Number(json[2]), offset: Number(json[1]) };
    return undefined;
}

/** Reasons more specific than "malformed" that DuckDB's explanation reveals. */
const SPECIFIC_REASONS: [RegExp, BadInputReason][] = [
    [/Maximum line size|maximum_object_size|maximum object size|Parallel CSV Reader currently does not support a full read/i, "line-too-long"],
    [/Invalid unicode|not utf-8|invalid utf-8/i, "encoding"],
];
const EXPLANATION = /unterminated quote|Expected Number of Columns|Could not convert|Error when converting|Maximum line size|Invalid unicode|not utf-8/i;

/** A BadInputError with DuckDB's explanation but without the offending data (no rows in logs). */
function toBadInput(e: Error, format: string, location: InputLocation | undefined, fallback?: BadInputReason): BadInputError {
    const lines = e.message.split("\n").map((l) => l.trim());
    const explanation = lines.find((l, i) => i > 0 && !/^(Original Line|Possible Solution|\*)/.test(l) && EXPLANATION.test(l));
    const reason =
        SPECIFIC_REASONS.find(([re]) => re.test(explanation ?? lines[0]))?.[1] ?? fallback ?? (format === "json" ? "malformed-json" : "malformed-csv");
    const first = PAST_BUFFER.test(lines[0])
        ? "a line is longer than the CSV read buffer"
        : lines[0].replace(/^(Invalid Input|Conversion|IO|Binder) Error: /, "");
    const message = (explanation ? `${first}: ${explanation}` : first).slice(0, 500);
    return new BadInputError(reason, message, location ?? {}, format);
}
