/**
 * The lake program (index.ts) and every example use the components as a consumer of the npm
 * package does: through its public entry points (the sources of package.json `exports`: the
 * root, `config` and one per area), never a deep path into an area or lib/.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** Source files (without extension) of the package's entry points: `components/storage/index`. */
const PUBLIC = new Set(
    Object.values(manifest.exports as Record<string, { default: string } | string>)
        .filter((t): t is { default: string } => typeof t !== "string")
        .map((t) => path.join(ROOT, t.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ""))),
);

/** Programs that must import only public entry points. */
const PROGRAMS = [
    "index.ts",
    ...fs
        .readdirSync(path.join(ROOT, "examples"), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `examples/${d.name}/index.ts`),
];

/** The relative imports of `file` that are not an entry point's source, as written. */
function privateImports(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
    return importedFiles
        .map((f) => f.fileName)
        .filter((spec) => spec.startsWith("."))
        .filter((spec) => {
            const target = path.resolve(ROOT, path.dirname(file), spec);
            return !PUBLIC.has(target) && !PUBLIC.has(path.join(target, "index"));
        });
}

describe("public entry points", () => {
    it("the examples are found (zone, ingest, catalog-athena at least)", () => {
        expect(PROGRAMS).to.include.members(["examples/zone/index.ts", "examples/ingest/index.ts", "examples/catalog-athena/index.ts"]);
    });

    for (const program of PROGRAMS) {
        it(`${program} imports only the package's public entry points`, () => {
            expect(privateImports(program)).to.deep.equal([]);
        });
    }

    it("a deep import is caught", () => {
        const probe = path.join(ROOT, "examples", ".probe-deep-import.ts");
        fs.writeFileSync(
            probe,
            'import { Zone } from "../components/storage/zone";\nimport { lakeContext } from "../lib/lake-context";\nimport { DataLake } from "../components";\n',
        );
        try {
            expect(privateImports(path.relative(ROOT, probe))).to.deep.equal(["../components/storage/zone", "../lib/lake-context"]);
        } finally {
            fs.rmSync(probe);
        }
    });
});
