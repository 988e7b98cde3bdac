import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction, functionCode, functionEntry, prebuiltFunction } from "../../lib/bundle";

describe("lib/bundle", () => {
    let root: string;
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
        fs.mkdirSync(path.join(root, "functions", "echo"), { recursive: true });
        fs.mkdirSync(path.join(root, "functions", "shared"), { recursive: true });
        fs.writeFileSync(path.join(root, "functions", "shared", "greet.ts"), "export const greet = (n: string): string => `hello ${n}`;\n");
        fs.writeFileSync(
            path.join(root, "functions", "echo", "index.ts"),
            [
                'import { DuckDBInstance } from "@duckdb/node-api";',
                'import { greet } from "../shared/greet";',
                "export const handler = async (e: { name: string }) => ({ msg: greet(e.name), duck: typeof DuckDBInstance });",
                "",
            ].join("\n"),
        );
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("names the missing entry file clearly", () => {
        expect(() => functionEntry("nope", root)).to.throw(/functions\/nope\/index\.ts not found.*export `handler`/);
    });

    it("bundles one CommonJS file with its local imports inlined and @duckdb external", async () => {
        const out = bundleFunction("echo", root);
        expect(out).to.equal(path.join(root, ".build", "functions", "echo", "index.js"));
        const text = fs.readFileSync(out, "utf8");
        expect(text).to.contain('require("@duckdb/node-api")');
        expect(text).to.contain("hello");
        expect(text).not.to.contain("sourceMappingURL");
        // Runs as CommonJS once @duckdb resolves (it does here, from the project's node_modules).
        const mod = { exports: {} as any };
        new Function("module", "exports", "require", text)(mod, mod.exports, require);
        expect(await mod.exports.handler({ name: "lake" })).to.deep.equal({ msg: "hello lake", duck: "function" });
    });

    it("returns an archive with index.js at its root", async () => {
        const archive = functionCode("echo", root);
        const assets = await archive.assets;
        expect(Object.keys(assets)).to.deep.equal(["index.js"]);
    });

    it("takes a prebuilt functions/<name>/index.js as it is (the npm package's), without esbuild", async () => {
        const pkg = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-pkg-"));
        try {
            const file = path.join(pkg, "functions", "echo", "index.js");
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, "exports.handler = async () => 1;\n");
            expect(prebuiltFunction("echo", pkg)).to.equal(file);
            expect(prebuiltFunction("echo", root)).to.equal(undefined);
            const assets = await functionCode("echo", pkg).assets;
            expect(await (assets["index.js"] as pulumi.asset.FileAsset).path).to.equal(file);
        } finally {
            fs.rmSync(pkg, { recursive: true, force: true });
        }
    });
});
