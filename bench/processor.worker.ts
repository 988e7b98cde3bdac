/**
 * Our side of the processor benchmark: the drop -> raw processor's convertFile on one file (CSV or
 * NDJSON, gzip or not: its key's extension says which, as in the function), in its
 * own Node process (bundled by bench/processor.mjs like the Lambda is, @duckdb/* external).
 * Prints one JSON line like bench/processor.py does.
 *
 *   node processor-worker.cjs {ours|baseline-ours} IN OUT THREADS [MEMORY_LIMIT_MB]
 */
import { stat } from "node:fs/promises";
import * as path from "node:path";
import { convertFile } from "../functions/drop-to-raw/convert";

async function main(): Promise<void> {
    const [tool, input, output, threads, memoryLimitMb] = process.argv.slice(2);
    let rows = 0;
    let columns = 0;
    const start = performance.now();
    if (tool === "ours") {
        const { size } = await stat(input);
        const result = await convertFile(input, output, {
            sourceKey: `orders/${path.basename(input)}`,
            threads: Number(threads),
            memoryLimitMb: memoryLimitMb ? Number(memoryLimitMb) : undefined,
            // No bomb guard in the benchmark: a .gz input inflates as far as it does.
            maxDecompressedBytes: Math.max(size * 2, 64 * 1024 ** 3),
            tmpDir: path.dirname(output),
        });
        rows = result.rowCount;
        columns = result.columns.length;
    } else if (tool !== "baseline-ours") {
        throw new Error(`unknown tool ${tool}`);
    }
    const seconds = (performance.now() - start) / 1000;
    // resourceUsage().maxRSS is in KiB.
    const selfPeakRssBytes = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({ seconds, rows, columns, selfPeakRssBytes, versions: { node: process.versions.node } }));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
