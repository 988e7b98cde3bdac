/** Which format a dropped file is: the extension of its key, then its first bytes. */
import { open } from "node:fs/promises";
import * as path from "node:path";
import { BadInputError } from "../shared/errors";
import { sniffDelimiter } from "./csv-dialect";

const SNIFF_BYTES = 64 * 1024;
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

export type Declared = "csv" | "tsv" | "text" | "json" | "parquet" | "none";
export type Format = { kind: "parquet" } | { kind: "json"; array: boolean } | { kind: "delimited"; name: "csv" | "tsv"; delimiter: string };
export type TextFormat = Exclude<Format, { kind: "parquet" }>;

export function isParquet(head: Buffer): boolean {
    return head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC;
}

/** Format named by the key's extension (after `.gz`); no extension means "sniff the content". */
export function declaredFormat(key: string): Declared {
    const base = path.posix.basename(key).replace(/\.gz$/i, "");
    const dot = base.lastIndexOf(".");
    if (dot <= 0) return "none";
    const ext = base.slice(dot + 1).toLowerCase();
    const known = EXTENSIONS[ext];
    if (!known)
        throw new BadInputError("unsupported-format", `unsupported file extension .${ext} (expected ${Object.keys(EXTENSIONS).join(", ")}, optionally .gz)`);
    return known;
}

export async function readHead(file: string, bytes = SNIFF_BYTES): Promise<Buffer> {
    const fh = await open(file, "r");
    try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.subarray(0, bytesRead);
    } finally {
        await fh.close();
    }
}

export function detectFormat(head: Buffer, declared: Declared): Format {
    if (isParquet(head)) {
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
