/**
 * The npm package, as a consumer gets it: built into a staging copy of the package root
 * (package.json, the license, the readme, .gitignore) with scripts/build-package.ts, packed with
 * `npm pack --json` (the list `--dry-run` prints, plus the tarball), unpacked into a consumer
 * project whose node_modules link the project's dependencies, all but the build tools (esbuild,
 * typescript, ts-node): what the package needs at run time must come from its own files and its
 * declared dependencies. Offline, about a minute (the build is most of it).
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { ETL_SOURCES, buildPackage, lambdaNames } from "../../scripts/build-package";
import { DUCKDB_LAYER_PACKAGES } from "../../components/processing/duckdb-layer";

const ROOT = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
type Target = { types: string; default: string };
const entryPoints = Object.entries(manifest.exports as Record<string, Target | string>).filter((e): e is [string, Target] => typeof e[1] !== "string");
/** `serverless-datalake/storage` for the key `./storage`. */
const specifier = (key: string): string => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`);
/** The TypeScript source an export is built from: `./dist/components/storage/index.js` -> `components/storage/index.ts`. */
const sourceOf = (target: Target): string => target.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");
/** Tools the build uses that the package must not need when it runs. */
const BUILD_TOOLS = ["esbuild", "typescript", "ts-node"];

describe("the npm package", function () {
    this.timeout(300_000);
    let work: string;
    let packed: string[];
    let installed: string;

    before(function () {
        this.timeout(300_000);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "datalake-package-"));
        const stage = path.join(work, "stage");
        fs.mkdirSync(stage);
        for (const file of ["package.json", "LICENSE", "README.md", ".gitignore"]) fs.copyFileSync(path.join(ROOT, file), path.join(stage, file));
        buildPackage(path.join(stage, "dist"));
        // --ignore-scripts: `prepack` would build again from the staging copy, which has no sources.
        const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: stage, encoding: "utf8" });
        const [result] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
        packed = result.files.map((f) => f.path);

        const consumer = path.join(work, "consumer");
        const modules = path.join(consumer, "node_modules");
        installed = path.join(modules, manifest.name);
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(work, result.filename), "-C", installed, "--strip-components=1"]);
        for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
            if (entry.startsWith(".") || BUILD_TOOLS.includes(entry)) continue;
            fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry));
        }
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify({ name: "consumer", private: true, dependencies: { [manifest.name]: manifest.version } }),
        );
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    /** Runs `script` with node in the consumer project and returns what it printed, parsed. */
    function inConsumer<T>(script: string): T {
        return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: path.dirname(path.dirname(installed)), encoding: "utf8" })) as T;
    }

    it("is publishable: a version, the license it declares, no `private`", () => {
        expect(manifest.version).to.match(/^\d+\.\d+\.\d+$/);
        expect(manifest.license).to.equal("Apache-2.0");
        expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).to.contain("Apache License\n                           Version 2.0");
        expect(manifest).not.to.have.property("private");
        expect(packed).to.include.members(["LICENSE", "README.md", "package.json"]);
    });

    it("has one entry point per components/<area>, the root (DataLake) and the config", () => {
        const areas = fs
            .readdirSync(path.join(ROOT, "components"), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => `./${d.name}`);
        expect(entryPoints.map(([key]) => key)).to.have.members([".", "./config", ...areas]);
        for (const [, target] of entryPoints) expect(fs.existsSync(path.join(ROOT, sourceOf(target))), sourceOf(target)).to.equal(true);
        expect(manifest.main).to.equal(manifest.exports["."].default);
        expect(manifest.types).to.equal(manifest.exports["."].types);
    });

    it("packs every entry point's JavaScript and type declarations", () => {
        for (const [key, target] of entryPoints) {
            expect(packed, key).to.include.members([target.default.slice(2), target.types.slice(2)]);
        }
        // Declarations for everything an entry point's declarations reference, not only the entries.
        const js = packed.filter((f) => /^dist\/(components|lib)\/.*\.js$/.test(f));
        expect(js.filter((f) => !packed.includes(f.replace(/\.js$/, ".d.ts")))).to.deep.equal([]);
    });

    it("packs every Lambda prebuilt and the ETL sources the Etl and EMR components upload", () => {
        const lambdas = lambdaNames();
        expect(lambdas).to.include.members(["drop-to-raw", "zone-copy", "start-curation", "reconcile", "ingest-api"]);
        expect(packed).to.include.members(lambdas.map((name) => `dist/functions/${name}/index.js`));
        const etl = ETL_SOURCES.flatMap((dir) =>
            fs
                .readdirSync(path.join(ROOT, "etl", dir))
                .filter((f) => f.endsWith(".py"))
                .map((f) => `dist/etl/${dir}/${f}`),
        );
        expect(etl.length).to.be.greaterThan(8);
        expect(packed).to.include.members(etl);
    });

    it("packs nothing but the build, the license, the readme and the manifest", () => {
        expect(packed.filter((f) => !f.startsWith("dist/") && !["LICENSE", "README.md", "package.json"].includes(f))).to.deep.equal([]);
        expect(packed.filter((f) => /(^|\/)(test|tests|__pycache__)\/|\.test\.|\.ts$/.test(f) && !f.endsWith(".d.ts"))).to.deep.equal([]);
    });

    it("needs at run time only packages it declares as dependencies (the DuckDB layer's among them)", () => {
        // esbuild: lib/bundle loads it only to bundle from the sources (the consumer below has none).
        const deps = new Set([...Object.keys(manifest.dependencies), "esbuild"]);
        const required = new Set<string>();
        for (const file of packed.filter((f) => /^dist\/(components|lib)\/.*\.js$/.test(f))) {
            for (const [, spec] of fs.readFileSync(path.join(installed, file), "utf8").matchAll(/require\("([^".][^"]*)"\)/g)) {
                if (spec.startsWith("node:")) continue;
                const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
                if (!builtinModules.includes(name)) required.add(name);
            }
        }
        expect([...required].filter((name) => !deps.has(name))).to.deep.equal([]);
        expect(deps.has(DUCKDB_LAYER_PACKAGES[0])).to.equal(true);
    });

    it("resolves every entry point in a consumer, with the exports of the source it was built from", () => {
        const specs = Object.fromEntries(entryPoints.map(([key]) => [key, specifier(key)]));
        const names = inConsumer<Record<string, string[]>>(
            `const s = ${JSON.stringify(specs)}; console.log(JSON.stringify(Object.fromEntries(Object.entries(s).map(([k, m]) => [k, Object.keys(require(m)).sort()]))))`,
        );
        for (const [key, target] of entryPoints) {
            const source = Object.keys(require(path.join(ROOT, sourceOf(target)))).sort();
            expect(names[key], key).to.deep.equal(source);
        }
        expect(names["."]).to.include.members(["DataLake", "lookupAccountScope"]);
        expect(names["./storage"]).to.include.members(["Zone", "AccessLogsBucket"]);
    });

    it("maps every subpath for TypeScript's node10 resolution (typesVersions), which ignores `exports`", () => {
        const subpaths = entryPoints.filter(([key]) => key !== ".");
        expect(manifest.typesVersions["*"]).to.deep.equal(Object.fromEntries(subpaths.map(([key, target]) => [key.slice(2), [target.types]])));
    });

    for (const moduleResolution of ["node10", "node16"]) {
        it(`type-checks a consumer importing every entry point (moduleResolution ${moduleResolution})`, function () {
            this.timeout(300_000);
            const consumer = path.dirname(path.dirname(installed));
            const lines = entryPoints.map(([key], i) => `import * as e${i} from "${specifier(key)}";`);
            lines.push(`export const all = [${entryPoints.map((_, i) => `e${i}`).join(", ")}];`);
            lines.push(`import { DataLake } from "${manifest.name}"; import { Zone, type ZoneArgs } from "${manifest.name}/storage";`);
            lines.push(`export const types: [typeof DataLake, typeof Zone, ZoneArgs["lifecycle"]] | undefined = undefined;`);
            const file = path.join(consumer, `check-${moduleResolution}.ts`);
            fs.writeFileSync(file, lines.join("\n") + "\n");
            const module = moduleResolution === "node16" ? "node16" : "commonjs";
            const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
            const args = [tsc, "--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--module", module, "--moduleResolution", moduleResolution, file];
            try {
                execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8" });
            } catch (e) {
                expect.fail(`tsc (${moduleResolution}):\n${(e as { stdout: string }).stdout}`);
            }
        });
    }

    it("`pulumi up` from the package deploys the prebuilt Lambda and a DuckDB layer from the consumer's node_modules, without esbuild", () => {
        const script = `
            const pulumi = require("@pulumi/pulumi");
            const seen = [];
            pulumi.runtime.setMocks({
                newResource: (a) => { seen.push(a); return { id: a.name + "-id", state: { ...a.inputs, arn: "arn:aws:lambda:eu-west-1:123456789012:" + a.name } }; },
                call: (a) => a.inputs,
            }, "consumer", "dev", false);
            // The engine runs resource transforms (ownership's cost tags); the mock monitor says it does not.
            require("@pulumi/pulumi/runtime/state").getStore().supportsTransforms = true;
            const { DuckDbLayer, Reconciler } = require("${manifest.name}/processing");
            new DuckDbLayer("duckdb");
            const zone = { zoneName: "raw", bucketName: "b", bucketArn: "arn:aws:s3:::b", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", queueArn: "arn:aws:sqs:eu-west-1:123456789012:q", queueUrl: "https://q" };
            const context = { scope: { partition: "aws", region: "eu-west-1", accountId: "123456789012" }, logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs" };
            new Reconciler("reconcile-raw", { zone, context });
            // Once every registration has run (the mocks record them asynchronously).
            process.once("beforeExit", async () => {
                const paths = async (type) => {
                    const r = seen.find((s) => s.type === type);
                    const assets = await r.inputs.code.assets;
                    return Object.fromEntries(await Promise.all(Object.entries(assets).map(async ([k, a]) => [k, await a.path])));
                };
                console.log(JSON.stringify({ fn: await paths("aws:lambda/function:Function"), layer: await paths("aws:lambda/layerVersion:LayerVersion") }));
            });`;
        const { fn, layer } = inConsumer<{ fn: Record<string, string>; layer: Record<string, string> }>(script);
        expect(fn["index.js"]).to.equal(path.join(installed, "dist", "functions", "reconcile", "index.js"));
        expect(Object.keys(layer)).to.deep.equal(DUCKDB_LAYER_PACKAGES.map((pkg) => `nodejs/node_modules/${pkg}`));
        for (const [key, dir] of Object.entries(layer)) {
            expect(dir.endsWith(key.replace("nodejs/", "")), dir).to.equal(true);
            expect(fs.existsSync(path.join(dir, "package.json")), dir).to.equal(true);
        }
    });
});
