import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { relativeSpecifiers } from "./module-specifiers";

/**
 * No module of the program imports itself back through others, lib/ (the shared bottom layer the
 * policy pack loads without Pulumi) first of all. Type-only imports count: `import type` still
 * ties the two modules' designs together (lib/trust.ts once took the document types from
 * lib/iam.ts, which reads lib/trust.ts's table).
 */
const ROOT = path.resolve(__dirname, "../..");
/** The folders of the program's TypeScript sources (tests aside). */
const SOURCES = ["lib", "components", "policy", "functions", "local", "tools", "harness", "automation"];

/** Every .ts file under the source folders, relative to the root. */
function sourceFiles(): string[] {
    return SOURCES.flatMap((dir) =>
        fs
            .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
            .map((f) => `${dir}/${f.split(path.sep).join("/")}`),
    );
}

/** The modules of `modules` that `file` imports (static, type-only, re-exports, dynamic `import()` and `require`). */
function importsOf(file: string, modules: Set<string>): string[] {
    return relativeSpecifiers(fs.readFileSync(path.join(ROOT, file), "utf8"))
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

describe("import graph", () => {
    const files = sourceFiles();
    const modules = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, modules)]));
    const within = (dir: string) =>
        new Map([...graph].filter(([f]) => f.startsWith(`${dir}/`)).map(([f, to]) => [f, to.filter((t) => t.startsWith(`${dir}/`))]));

    it("reads the imports between modules", () => {
        // Guards the scan itself: if it read nothing, "no cycle" would prove nothing.
        expect(graph.get("lib/iam.ts")).to.include.members(["lib/trust.ts", "lib/policy-document.ts", "lib/account-scope.ts"]);
        expect(graph.get("lib/trust.ts")).to.deep.equal(["lib/policy-document.ts"]);
        expect(graph.get("components/data-lake.ts")).to.include.members(["components/storage/index.ts", "lib/lake-context.ts"]);
    });

    it("has no import cycle among lib/ modules", () => {
        expect(findCycle(within("lib"))?.join(" -> ")).to.equal(undefined);
    });

    it("has no import cycle anywhere in the program's sources", () => {
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
