import { writeFileSync } from "node:fs";
import { convertFile } from "../functions/drop-to-raw/convert";
(async () => {
  for (const depth of [100, 1000, 10000, 100000]) {
    const rec = (d: number) => '{"id":1,"n":' + '{"a":'.repeat(d) + "1" + "}".repeat(d) + "}";
    writeFileSync("/tmp/fnx/deep.ndjson", rec(depth) + "\n" + '{"id":2,"n":null}\n');
    const t = Date.now();
    try { const r = await convertFile("/tmp/fnx/deep.ndjson", "/tmp/fnx/t.parquet", { sourceKey: "d/t.ndjson", maxDecompressedBytes: 1e10 }); console.log(depth, "OK", r.rowCount, r.columns.map(c => c.type.slice(0, 60))); } catch (e) { console.log(depth, "ERR", (e as any).reason, (e as Error).message.slice(0, 200)); }
    console.log(Date.now() - t, "ms");
  }
})();
