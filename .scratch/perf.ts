import { NestingDepth } from "../functions/shared/json-depth";
const line = Buffer.from(JSON.stringify({ id: 123456, user: "abcdefgh", props: { page: "/x/y", tags: ["a", "b"], n: 1.5 } }) + "\n");
const chunk = Buffer.concat(Array(Math.ceil((1024 ** 2) / line.length)).fill(line));
const d = new NestingDepth();
const t = Date.now();
for (let i = 0; i < 200; i++) d.push(chunk, 64);
console.log("200 MiB in", Date.now() - t, "ms, deepest", d.deepest);
