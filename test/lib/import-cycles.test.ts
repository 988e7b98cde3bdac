import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * lib/ is the shared bottom layer (the policy pack loads parts of it without Pulumi): no module in
 * it may import itself back through others. Type-only imports count: `import type` still ties the
 * two modules' designs together (lib/trust.ts once took the document types from lib/iam.ts, which
 * reads lib/trust.ts's table).
 */
const LIB = path.resolve(__dirname, "../../lib");

/** Every .ts file under `dir`, as paths relative to it. */
function tsFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .map((f) => f.split(path.sep).join("/"));
}

/** The lib/ modules `file` imports (static, type-only, re-exports, dynamic `import()` and `require`). */
function libImports(file: string, modules: Set<string>): string[] {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(LIB, file), "utf8"), true, true);
    return importedFiles
        .map((i) => i.fileName)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
        .map((base) => [`${base}.ts`, `${base}/index.ts`].find((f) => modules.has(f)))
        .filter((f): f is string => f !== undefined);
}

/** One cycle of `graph` as the path that closes it (`a -> b -> a`), or undefined when it has none. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
    const done = new Set<string>();
    const visit = (node: string, trail: string[]): string[] | undefined => {
        const at = trail.indexOf(node);
        if (at >= 0) return [...trail.slice(at), node];
        if (done.has(node)) return undefined;
        for (const next of graph.get(node) ?? []) {
            const cycle = visit(next, [...trail, node]);
            if (cycle) return cycle;
        }
        done.add(node);
        return undefined;
    };
    for (const node of graph.keys()) {
        const cycle = visit(node, []);
        if (cycle) return cycle;
    }
    return undefined;
}

describe("lib/ import graph", () => {
    const files = tsFiles(LIB);
    const modules = new Set(files);
    const graph = new Map(files.map((f) => [f, libImports(f, modules)]));

    it("reads the imports between lib/ modules", () => {
        // Guards the scan itself: if it read nothing, "no cycle" would prove nothing.
        expect(graph.get("iam.ts")).to.include.members(["trust.ts", "policy-document.ts", "account-scope.ts"]);
        expect(graph.get("trust.ts")).to.deep.equal(["policy-document.ts"]);
    });

    it("has no import cycle", () => {
        expect(findCycle(graph)?.join(" -> ")).to.equal(undefined);
    });

    it("finds a cycle, direct or through other modules", () => {
        expect(
            findCycle(
                new Map([
                    ["iam.ts", ["trust.ts"]],
                    ["trust.ts", ["iam.ts"]],
                ]),
            ),
        ).to.deep.equal(["iam.ts", "trust.ts", "iam.ts"]);
        const longer = new Map([
            ["a.ts", ["b.ts"]],
            ["b.ts", ["c.ts"]],
            ["c.ts", ["a.ts"]],
            ["d.ts", []],
        ]);
        expect(findCycle(longer)).to.deep.equal(["a.ts", "b.ts", "c.ts", "a.ts"]);
        expect(
            findCycle(
                new Map([
                    ["a.ts", ["b.ts"]],
                    ["b.ts", []],
                    ["c.ts", ["b.ts"]],
                ]),
            ),
        ).to.equal(undefined);
    });
});
