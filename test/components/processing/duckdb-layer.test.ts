/**
 * Where the DuckDB layer takes its packages from: as Node resolves them from the component's own
 * module, so the same code finds them in this repository's node_modules and in a consumer's
 * project when it runs from the npm package (test/package/package.test.ts runs that case).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DUCKDB_LAYER_PACKAGES, resolvePackageDirs } from "../../../components/processing/duckdb-layer";

describe("processing/DuckDbLayer package resolution", () => {
    let root: string;
    const pkg = (dir: string): void => {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir) }));
    };
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "duckdb-layer-"))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("resolves each package from the one that requires it, nested or hoisted", () => {
        const from = path.join(root, "node_modules", "serverless-datalake", "dist", "components", "processing");
        fs.mkdirSync(from, { recursive: true });
        const api = path.join(root, "node_modules", "@duckdb", "node-api");
        const bindings = path.join(api, "node_modules", "@duckdb", "node-bindings"); // nested under its dependant
        const binary = path.join(root, "node_modules", "@duckdb", "node-bindings-linux-x64");
        const libc = path.join(bindings, "node_modules", "detect-libc");
        [api, bindings, binary, libc].forEach(pkg);
        expect(resolvePackageDirs(from).map((d) => fs.realpathSync(d))).to.deep.equal([api, bindings, binary, libc].map((d) => fs.realpathSync(d)));
    });

    it("names where a package that does not resolve was expected (the layer's error then says which)", () => {
        pkg(path.join(root, "node_modules", "@duckdb", "node-api"));
        const dirs = resolvePackageDirs(root);
        expect(dirs[1]).to.equal(path.join(fs.realpathSync(path.join(root, "node_modules", "@duckdb", "node-api")), "node_modules", DUCKDB_LAYER_PACKAGES[1]));
    });

    it("finds all four in this project", () => {
        for (const dir of resolvePackageDirs(path.resolve(__dirname, "../../../components/processing")))
            expect(fs.existsSync(path.join(dir, "package.json")), dir).to.equal(true);
    });
});
