/**
 * How deeply JSON nests objects and arrays, found by one loop over its bytes (never recursion),
 * so a limit can be enforced before anything recursive sees the data: JSON.stringify and the
 * ingest validators overflow the stack at a few thousand levels, and DuckDB's JSON reader crashes
 * the process (SIGSEGV, measured at 10,000 levels; 1,000 levels take it 3 s and give a 1,000-deep
 * STRUCT no query engine wants).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Streaming: `push` the bytes of a JSON text (or of several concatenated ones, as NDJSON) chunk
 * by chunk; strings are skipped, escapes included. Meaningful for valid JSON; any bytes get a number.
 */
export class NestingDepth {
    /** The deepest nesting seen so far (`{}` is 1). */
    deepest = 0;
    private depth = 0;
    private inString = false;
    private escaped = false;

    /** Scans `chunk`; stops early (returning the depth reached) once deeper than `limit`. */
    push(chunk: Uint8Array, limit = Infinity): number {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        let { depth, deepest, inString, escaped } = this;
        const n = bytes.length;
        for (let i = 0; i < n; i++) {
            if (inString) {
                // Jump to the closing quote (native search): most of a JSON file is inside strings.
                if (escaped) {
                    escaped = false;
                    i++;
                }
                const end = bytes.indexOf(QUOTE, i);
                const stop = end < 0 ? n : end;
                let slashes = 0;
                while (stop - 1 - slashes >= i && bytes[stop - 1 - slashes] === BACKSLASH) slashes++;
                if (end < 0) {
                    escaped = slashes % 2 === 1;
                    break;
                }
                // An escaped quote does not end the string: go on after it.
                if (slashes % 2 === 0) inString = false;
                i = end;
                continue;
            }
            const c = bytes[i];
            if (c === QUOTE) inString = true;
            // [ and { are 0x5b and 0x7b, ] and } 0x5d and 0x7d: bit 5 tells the pairs apart.
            else if ((c | 0x20) === 0x7b) {
                if (++depth > deepest && (deepest = depth) > limit) break;
            } else if ((c | 0x20) === 0x7d) depth--;
        }
        Object.assign(this, { depth, deepest, inString, escaped });
        return deepest;
    }
}

/** The nesting depth of one JSON text; stops counting once past `limit`. */
export function nestingDepth(json: Uint8Array | string, limit = Infinity): number {
    return new NestingDepth().push(typeof json === "string" ? Buffer.from(json, "utf8") : json, limit);
}
