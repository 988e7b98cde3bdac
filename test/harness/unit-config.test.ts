import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * `npm run test:unit` (.mocharc.unit.json) is the inner loop: no Pulumi engine, no moto, no Spark.
 * Its `ignore` list names the suites that need one; this keeps the list true as suites are added:
 * no selected spec reaches the moto harness or the engine driver through its imports, and every
 * entry of the list still names something.
 */
const ROOT = path.resolve(__dirname, "../..");
const CONFIG = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.unit.json"), "utf8")) as { spec: string[]; ignore: string[] };
/** Modules that start a service: moto (useMoto/getMoto) and the real engine's driver. */
const SERVICES = ["harness/moto.ts", "test/engine/driver.ts"];

/** Whether `file` (relative to the root) falls under an `ignore` entry: `<dir>/**` or an exact path. */
function ignoredBy(entry: string, file: string): boolean {
    return entry.endsWith("/**") ? file.startsWith(entry.slice(0, -2)) : file === entry;
}

/** Every spec file `test/**\/*.test.ts`, relative to the root. */
function specFiles(): string[] {
    return fs
        .readdirSync(path.join(ROOT, "test"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => `test/${f.split(path.sep).join("/")}`);
}

const importsOf = new Map<string, string[]>();

/** The project .ts files `file` imports directly (relative specifiers), read once. */
function directImports(file: string): string[] {
    let found = importsOf.get(file);
    if (!found) {
        const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
        found = importedFiles
            .filter(({ fileName }) => fileName.startsWith("."))
            .map(({ fileName }) => path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)))
            .map((base) => [`${base}.ts`, `${base}/index.ts`, base].find((f) => f.endsWith(".ts") && fs.existsSync(path.join(ROOT, f))))
            .filter((f): f is string => f !== undefined);
        importsOf.set(file, found);
    }
    return found;
}

/** The project .ts files `file` reaches through relative imports, itself included. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const next of directImports(file)) reachable(next, seen);
    return seen;
}

describe(".mocharc.unit.json (npm run test:unit)", () => {
    const all = specFiles();
    const selected = all.filter((f) => !CONFIG.ignore.some((entry) => ignoredBy(entry, f)));

    it("selects every spec, with only the ignore forms this check understands", () => {
        expect(CONFIG.spec).to.deep.equal(["test/**/*.test.ts"]);
        expect(CONFIG.ignore.filter((e) => e.includes("*") && !/^[^*]+\/\*\*$/.test(e))).to.deep.equal([]);
    });

    it("has no stale ignore entry", () => {
        expect(CONFIG.ignore.filter((entry) => !all.some((f) => ignoredBy(entry, f)))).to.deep.equal([]);
    });

    it("selects no spec that reaches moto or the engine", () => {
        const needService = selected.filter((f) => SERVICES.some((s) => reachable(f).has(s)));
        expect(needService).to.deep.equal([]);
    });

    it("finds the suites that do", () => {
        // Guards the scan: a moto suite and the engine suite are seen to reach their service.
        expect(reachable("test/functions/ingest-moto.test.ts").has("harness/moto.ts")).to.equal(true);
        expect(reachable("test/functions/traffic.test.ts").has("harness/moto.ts")).to.equal(true);
        expect(reachable("test/engine/engine.test.ts").has("test/engine/driver.ts")).to.equal(true);
    });
});
