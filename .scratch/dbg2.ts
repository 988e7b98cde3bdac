import { writeFileSync } from "node:fs";
import { convertFile } from "../functions/drop-to-raw/convert";
(async () => {
  const body = Buffer.concat([Buffer.from(Array.from({ length: 8000 }, (_, i) => JSON.stringify({ i, s: "abcdefgh" })).join("\n") + "\n"), Buffer.from('{"i":-1,"s":"caf\xe9"}\n', "latin1")]);
  writeFileSync("/tmp/fnx/late.ndjson", body);
  try { console.log(await convertFile("/tmp/fnx/late.ndjson", "/tmp/fnx/t.parquet", { sourceKey: "d/t.ndjson", maxDecompressedBytes: 1e10 })); } catch (e) { console.log("ERR", (e as Error).message.slice(0, 300), (e as any).reason); }
})();
