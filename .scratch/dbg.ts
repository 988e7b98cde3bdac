import { writeFileSync } from "node:fs";
import { convertFile, MAX_LINE_BYTES_CAP } from "/work/wt/fnhard/functions/drop-to-raw/convert";
(async () => {
  writeFileSync("/tmp/fnx/t.csv", "a,b\n" + "1,abcdefgh\n".repeat(900_000) + "2," + "x".repeat(MAX_LINE_BYTES_CAP + 10) + "\n");
  try { console.log(await convertFile("/tmp/fnx/t.csv", "/tmp/fnx/t.parquet", { sourceKey: "d/t.csv", maxDecompressedBytes: 1e10 })); } catch (e) { console.log("ERR", (e as Error).message.slice(0, 300)); }
})();
