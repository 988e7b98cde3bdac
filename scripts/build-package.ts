/**
 * `npm run build`: the npm package in `dist/` (or `--out-dir <dir>`), laid out like the repository
 * so every path the components take relative to their own file holds in both:
 *   dist/components, dist/lib   tsc (tsconfig.build.json): JavaScript and type declarations
 *   dist/functions/<name>/      each Lambda prebuilt as lib/bundle bundles it (lib/bundle finds it there)
 *   dist/etl/                   the Glue job scripts and the lakeetl package the Etl component uploads
 * The DuckDB layer is not copied: @duckdb/node-api is a dependency, and the layer takes it from the
 * consumer's node_modules at `pulumi up` (components/processing/duckdb-layer.ts).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT, bundleFunctionTo } from "../lib/bundle";

/** Every Lambda under functions/ (a folder with an index.ts; functions/shared is code they import). */
export function lambdaNames(root = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(path.join(root, "functions"), { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "functions", d.name, "index.ts")))
        .map((d) => d.name)
        .sort();
}

/** The ETL sources the Etl and EMR components upload: the job scripts and the lakeetl package, Python only. */
export const ETL_SOURCES = ["jobs", "lakeetl"];

function copyPython(from: string, to: string): void {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, entry.name);
        if (entry.isDirectory() && entry.name !== "__pycache__") copyPython(src, path.join(to, entry.name));
        else if (entry.isFile() && entry.name.endsWith(".py")) {
            fs.mkdirSync(to, { recursive: true });
            fs.copyFileSync(src, path.join(to, entry.name));
        }
    }
}

/** Builds the package into `outDir` (emptied first). */
export function buildPackage(outDir: string, root = PROJECT_ROOT): void {
    fs.rmSync(outDir, { recursive: true, force: true });
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json"), "--outDir", outDir], {
        stdio: "inherit",
    });
    for (const name of lambdaNames(root)) bundleFunctionTo(name, path.join(outDir, "functions", name, "index.js"), root);
    for (const dir of ETL_SOURCES) copyPython(path.join(root, "etl", dir), path.join(outDir, "etl", dir));
}

if (require.main === module) {
    const at = process.argv.indexOf("--out-dir");
    buildPackage(path.resolve(at > 0 ? process.argv[at + 1] : path.join(PROJECT_ROOT, "dist")));
}
