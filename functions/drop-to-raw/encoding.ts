/**
 * Text encodings drop -> raw reads: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, and
 * Windows-1252 for text that is not valid UTF-8 (what spreadsheet exports in Western locales
 * are; its printable range is Latin-1's). DuckDB reads only UTF-8, so the others are transcoded
 * to a UTF-8 copy first, streaming, with the WHATWG decoders Node ships (TextDecoder, ICU).
 *
 * Windows-1252 decodes any byte, so it is taken only when it explains the file: no byte it leaves
 * undefined, no control character other than tab, CR and LF, and no valid multi-byte UTF-8
 * sequence elsewhere in the file (a file mixing both encodings has no single reading).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { SourceEncoding } from "../../lib/contract";
import { BadInputError } from "../shared/errors";

/**
 * The encoding the first bytes of a file say: a UTF-16 byte order mark, else UTF-8 if they decode
 * as UTF-8 (a character cut at the end of the sample is fine), else Windows-1252. Bytes with a NUL
 * and no BOM count as UTF-8 here, so the format check can call them binary.
 */
export function sniffEncoding(head: Buffer): SourceEncoding {
    if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
    if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
    if (head.includes(0)) return "utf-8";
    try {
        new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
        return "utf-8";
    } catch {
        return "windows-1252";
    }
}

/** Code points Windows-1252 never produces from text: C0 controls but tab/LF/CR, and its 5 undefined bytes. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const NOT_1252_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0081\u008d\u008f\u0090\u009d]/;
/** A character a UTF-8 decoder found in a valid multi-byte sequence (U+FFFD marks the invalid ones). */
// eslint-disable-next-line no-control-regex -- the ASCII range, NUL included, is what it excludes
const UTF8_NON_ASCII = /[^\u0000-\u007f\ufffd]/;

const linesIn = (text: string) => {
    let n = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    return n;
};

/**
 * Writes `src`, read in `encoding`, to `dst` as UTF-8 without BOM. Throws BadInputError
 * `encoding` (with the line and the byte offset of the chunk) when the bytes are not that
 * encoding's text.
 */
export async function transcodeToUtf8(src: string, dst: string, encoding: Exclude<SourceEncoding, "utf-8">): Promise<void> {
    const decoder = new TextDecoder(encoding, { fatal: true });
    // Only for Windows-1252: whether the same bytes hold valid multi-byte UTF-8 too (mixed file).
    const utf8 = new TextDecoder("utf-8");
    let line = 1;
    let offset = 0;
    const fail = (message: string, at: { line: number; offset: number }): never => {
        throw new BadInputError("encoding", message, at);
    };
    const check = (text: string, chunk: Buffer | undefined) => {
        if (encoding === "windows-1252") {
            const bad = NOT_1252_TEXT.exec(text);
            if (bad) {
                const code = bad[0].charCodeAt(0).toString(16).padStart(4, "0");
                fail(`neither UTF-8 nor Windows-1252 text (U+${code} on line ${line + linesIn(text.slice(0, bad.index))})`, {
                    line: line + linesIn(text.slice(0, bad.index)),
                    offset,
                });
            }
            const mixed = UTF8_NON_ASCII.exec(chunk ? utf8.decode(chunk, { stream: true }) : utf8.decode());
            if (mixed) fail("mixed encodings: valid UTF-8 sequences beside bytes that are not UTF-8 (re-export it in one encoding)", { line, offset });
        }
        line += linesIn(text);
    };
    async function* decode(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
            let text: string;
            try {
                text = decoder.decode(chunk, { stream: true });
            } catch {
                fail(`not valid ${encoding.toUpperCase()} (an unpaired surrogate or a cut character)`, { line, offset });
            }
            check(text!, chunk);
            offset += chunk.length;
            yield Buffer.from(text!, "utf8");
        }
        let rest: string;
        try {
            rest = decoder.decode();
        } catch {
            fail(`not valid ${encoding.toUpperCase()}: the file ends inside a character`, { line, offset });
        }
        check(rest!, undefined);
        if (rest!) yield Buffer.from(rest!, "utf8");
    }
    await pipeline(createReadStream(src, { highWaterMark: 1024 ** 2 }), decode, createWriteStream(dst));
}
