/** JSON before DuckDB reads it: the nesting depth guard and the copy with every number marked (exact-numbers.ts). */
import { createReadStream, createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { NestingDepth } from "../shared/json-depth";
import { NumberMarker } from "../shared/json-numbers";
import { jsonReaderKeeps } from "./exact-numbers";

/**
 * Deepest JSON nesting read at all; deeper files are quarantined as `too-deep` before DuckDB sees
 * them (its reader crashes the process past ~10,000 levels). Types are inferred to
 * JSON_TYPE_DEPTH levels; deeper values are kept as JSON text.
 */
export const MAX_JSON_DEPTH = 1000;
export const JSON_TYPE_DEPTH = 64;

/**
 * The file's JSON nesting depth (stops once past MAX_JSON_DEPTH) and whether some number value
 * would be rounded by DuckDB's JSON reader, in one streaming pass.
 */
export async function scanJson(file: string): Promise<{ depth: number; inexact: boolean }> {
    const depth = new NestingDepth();
    const numbers = new NumberMarker(false, jsonReaderKeeps);
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 ** 2 }) as AsyncIterable<Buffer>) {
        if (depth.push(chunk, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) break;
        if (!numbers.inexact) numbers.push(chunk);
    }
    return { depth: depth.deepest, inexact: numbers.inexact };
}

/** Copies JSON text with every number value marked (NumberMarker). */
export async function markNumbers(src: string, dst: string): Promise<void> {
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
