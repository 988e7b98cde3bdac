/**
 * Number values in JSON text, found by one streaming loop over its bytes: whether a reader would
 * change some of them, and a copy with each marked as a string so a reader that would round them
 * (DuckDB's JSON reader) keeps their text.
 */

/**
 * Prefix of a JSON number rewritten as a string: a control character, which JSON text holds only
 * escaped (`\u0001`) and real text not at all. (A sent string that is this character followed by
 * a number literal would be read as that number.)
 */
export const MARK = "\u0001";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MARKED_OPEN = Buffer.from('"\\u0001', "latin1");
const IS_NUMBER_BYTE = new Uint8Array(256);
for (const c of "0123456789+-.eE") IS_NUMBER_BYTE[c.charCodeAt(0)] = 1;
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * Streaming scan of JSON text (one document or NDJSON) for number values (`"a": 1.5`, array
 * elements), strings and escapes skipped. `rewrite` off: only finds whether some value is a
 * literal `keeps` refuses (`inexact`). On: returns the text with every number value as the string
 * MARK + literal, all else byte for byte (object keys, invalid tokens and anything that is not
 * valid JSON are left for the reader to reject as before).
 */
export class NumberMarker {
    inexact = false;
    private inString = false;
    private escaped = false;
    /** Containers open: true for an object. */
    private readonly objects: boolean[] = [];
    /** Last byte outside strings and whitespace. */
    private previous = 0;
    private token = "";

    constructor(
        private readonly rewrite: boolean,
        /** Whether the reader the scan is for keeps a literal exactly. */
        private readonly keeps: (literal: string) => boolean,
    ) {}

    push(chunk: Buffer): Buffer {
        const out: Buffer[] = [];
        let from = 0;
        const n = chunk.length;
        for (let i = 0; i < n; i++) {
            if (this.inString) {
                if (this.escaped) {
                    this.escaped = false;
                    i++;
                }
                const end = chunk.indexOf(QUOTE, i);
                const stop = end < 0 ? n : end;
                let slashes = 0;
                while (stop - 1 - slashes >= i && chunk[stop - 1 - slashes] === BACKSLASH) slashes++;
                if (end < 0) {
                    this.escaped = slashes % 2 === 1;
                    break;
                }
                if (slashes % 2 === 0) {
                    this.inString = false;
                    this.previous = QUOTE;
                }
                i = end;
                continue;
            }
            const c = chunk[i];
            if (IS_NUMBER_BYTE[c]) {
                if (this.token === "" && this.rewrite) {
                    out.push(chunk.subarray(from, i));
                    from = i;
                }
                this.token += String.fromCharCode(c);
                continue;
            }
            if (this.token !== "") {
                const flushed = this.endToken();
                if (this.rewrite) {
                    out.push(flushed);
                    from = i;
                }
            }
            if (c === QUOTE) this.inString = true;
            else if (c === 0x7b || c === 0x5b) this.objects.push(c === 0x7b);
            else if (c === 0x7d || c === 0x5d) this.objects.pop();
            if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) this.previous = c;
        }
        if (!this.rewrite) return chunk;
        if (this.token === "") out.push(chunk.subarray(from));
        return Buffer.concat(out);
    }

    /** The rest of the text (a number ending the input). */
    end(): Buffer {
        return this.token === "" ? Buffer.alloc(0) : this.endToken();
    }

    private endToken(): Buffer {
        const literal = this.token;
        this.token = "";
        const inObject = this.objects[this.objects.length - 1];
        // A value: after ':' in an object, or first / after ',' in an array. Never a key.
        const isValue = this.objects.length > 0 && (this.previous === 0x3a || (!inObject && (this.previous === 0x5b || this.previous === 0x2c)));
        this.previous = 0x30;
        if (!isValue || !JSON_NUMBER.test(literal)) return Buffer.from(literal, "latin1");
        if (!this.keeps(literal)) this.inexact = true;
        return this.rewrite ? Buffer.concat([MARKED_OPEN, Buffer.from(`${literal}"`, "latin1")]) : Buffer.alloc(0);
    }
}
