/** How CSV is read: delimiter sniffing, the fixed strict dialect, line limits, the header record and the longest line. */
import { createReadStream } from "node:fs";
import { DuckDBConnection } from "@duckdb/node-api";
import { isInputError } from "./duckdb-errors";
import { quoteString } from "./sql";

/** Longest CSV line (bytes) of the first read: DuckDB's own default, with a 4x read buffer. */
export const MAX_LINE_BYTES = 2_000_000;
/**
 * Longest CSV line or JSON record read at all (bytes). A file whose first read fails on a longer
 * line (or a line past DuckDB's read buffer, which it reports as "Not implemented") is read again
 * with this limit and a buffer twice its size (128 MB per DuckDB thread, only for such files);
 * past it the file is quarantined as `line-too-long`.
 */
export const MAX_LINE_BYTES_CAP = 64_000_000;

/** The candidate occurring most often in the header line, outside quotes; `fallback` if none. */
export function sniffDelimiter(text: string, fallback: string): string {
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
export function headerFields(text: string, delimiter: string, complete: boolean): string[] | undefined {
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
export async function longestLine(file: string): Promise<{ bytes: number; line: number }> {
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
 * The CSV dialect, fixed rather than sniffed: the sniffer would otherwise be free to skip leading
 * rows, treat `#` lines as comments or pad short rows, each of which silently drops or bends data.
 * Only the types (and the line ending) are left to it.
 */
export function strictCsvDialect(delimiter: string, lineBytes: number): string {
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
export async function strictCsvError(con: DuckDBConnection, file: string, delimiter: string, header: string[], lineBytes: number): Promise<Error | undefined> {
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
