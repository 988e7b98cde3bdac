/**
 * The drop -> raw function's side of etl/tests/test_convert_object.py (the big-object job must
 * match it): reads a JSON request on stdin, prints a JSON answer on stdout.
 * - `convert`: convertFile on each file (as the handler calls it, one thread) -> rows, format, encoding, columns;
 * - `keys`: promotedKey and quarantineKey of each (key, version, ISO time);
 * - `lineage`: lineageMetadata of each Lineage.
 *
 *   node -r ts-node/register/transpile-only test/functions/support-drop/function-side.ts < request.json
 */
import { promotedKey, quarantineKey } from "../../../lib/contract";
import { convertFile } from "../../../functions/drop-to-raw/convert";
import { type Lineage, lineageMetadata } from "../../../functions/shared/s3";

interface Request {
    convert?: { input: string; key: string; output: string }[];
    keys?: { key: string; version: string; time: string }[];
    lineage?: Lineage[];
}

async function main(): Promise<void> {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    const request = JSON.parse(text) as Request;
    const converted = [];
    for (const c of request.convert ?? []) {
        try {
            const r = await convertFile(c.input, c.output, { sourceKey: c.key, threads: 1, maxDecompressedBytes: 1024 ** 3 });
            converted.push({ rows: r.rowCount, format: r.format, encoding: r.encoding ?? null, compressed: r.compressed, columns: r.columns });
        } catch (e) {
            const err = e as { reason?: string; message: string };
            converted.push({ error: err.reason ?? "error", message: err.message });
        }
    }
    const keys = (request.keys ?? []).map((k) => ({
        promoted: promotedKey(k.key, k.version, new Date(k.time)),
        quarantine: quarantineKey(k.key, k.version, new Date(k.time)),
    }));
    const lineage = (request.lineage ?? []).map(lineageMetadata);
    process.stdout.write(JSON.stringify({ converted, keys, lineage }));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
