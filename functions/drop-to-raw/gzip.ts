/** gzip inputs: recognised by their magic bytes, inflated as a stream with a size and ratio cap (bomb guard). */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { BadInputError } from "../shared/errors";

/** gzip that inflates more than this many times its size, past RATIO_CHECK_AFTER_BYTES, is a bomb. */
export const MAX_GZIP_RATIO = 200;
export const RATIO_CHECK_AFTER_BYTES = 64 * 1024 ** 2;

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(head: Buffer): boolean {
    return GZIP_MAGIC.every((b, i) => head[i] === b);
}

/** Streams gzip to a file, stopping at `maxBytes` or at a bomb-like ratio. */
export async function gunzipToFile(src: string, dst: string, maxBytes: number): Promise<void> {
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
