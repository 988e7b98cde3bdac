/**
 * A Lambda function's code, as Lambda deploys it: one CommonJS file, minified, Node 22, bundled
 * with esbuild from `functions/<name>/index.ts`. From the sources (this repository) it is bundled
 * at program time into `.build/functions/<name>/index.js`; the npm package ships it prebuilt
 * (`npm run build` writes `dist/functions/<name>/index.js` next to `dist/lib/`, so the same
 * `<root>/functions/<name>` lookup finds it and a consumer's `pulumi up` needs no esbuild).
 * `@duckdb/*` stays external: its native binary comes from the DuckDB layer
 * (components/processing/duckdb-layer.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** Project root (this file lives in `lib/`): the repository, or `dist/` in the built package. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Packages provided at run time by layers instead of being bundled. */
export const EXTERNAL_PACKAGES = ["@duckdb/*"];

/** Bundled outputs already built in this process, by function name. */
const built = new Map<string, string>();

/** Path of `functions/<name>/index.ts`; throws a clear error if it does not exist. */
export function functionEntry(name: string, root = PROJECT_ROOT): string {
    const entry = path.join(root, "functions", name, "index.ts");
    if (!fs.existsSync(entry)) {
        throw new Error(`Lambda source ${path.relative(root, entry)} not found: the function "${name}" must export \`handler\` from it`);
    }
    return entry;
}

/** Path of the prebuilt `functions/<name>/index.js` (the package's), or undefined from the sources. */
export function prebuiltFunction(name: string, root = PROJECT_ROOT): string | undefined {
    const file = path.join(root, "functions", name, "index.js");
    return fs.existsSync(file) ? file : undefined;
}

/** Bundles `functions/<name>/index.ts` once per process and returns the output file's path. */
export function bundleFunction(name: string, root = PROJECT_ROOT): string {
    const cached = built.get(name);
    if (cached) return cached;
    const outfile = bundleFunctionTo(name, path.join(root, ".build", "functions", name, "index.js"), root);
    built.set(name, outfile);
    return outfile;
}

/** Bundles `functions/<name>/index.ts` into `outfile` (the package build writes `dist/functions/`). */
export function bundleFunctionTo(name: string, outfile: string, root = PROJECT_ROOT): string {
    // esbuild is a build tool (a devDependency): loaded only to bundle from the sources, so the
    // package, whose functions come prebuilt, runs without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSync } = require("esbuild") as typeof import("esbuild");
    buildSync({
        entryPoints: [functionEntry(name, root)],
        outfile,
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        sourcemap: false,
        external: EXTERNAL_PACKAGES,
        // ES module builds tree-shake far better (AWS SDK, Powertools): the ingest bundle drops
        // from 519 KB to 363 KB and its cold init from 121 ms to 77 ms (bench/results/ingest.json).
        mainFields: ["module", "main"],
        logLevel: "silent",
    });
    return outfile;
}

/** Lambda code archive for `functions/<name>`: `index.js` at the root, handler `index.handler`. */
export function functionCode(name: string, root = PROJECT_ROOT): pulumi.asset.AssetArchive {
    const file = prebuiltFunction(name, root) ?? bundleFunction(name, root);
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(file) });
}
