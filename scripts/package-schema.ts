/**
 * `npm run package-schema`: writes the component package's schema (schema/schema.json) and the
 * public components it leaves out with the analyzer's reason (schema/left-out.json).
 *
 * The schema is what `componentProviderHost` (provider.ts) answers to GetSchema, produced by the
 * same code in-process: the SDK's `ComponentProvider.getSchema()`, whose analyzer reads the
 * components' TypeScript (tsconfig.json at the package root, entered from index.ts). Pulumi's
 * Node.js language host, which would run provider.ts for `pulumi package get-schema`, is not
 * served here, so this is how the schema is made and checked (test/package/schema.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLUGIN_COMPONENTS, PLUGIN_NAME } from "../components/plugin";

type Component = (typeof PLUGIN_COMPONENTS)[number];
const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema", "schema.json");
export const LEFT_OUT_FILE = path.join(ROOT, "schema", "left-out.json");

/** The TypeScript sources of the npm package's entry points (package.json `exports`). */
export function entrySources(): string[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    return Object.values(manifest.exports as Record<string, { default: string } | string>)
        .filter((t): t is { default: string } => typeof t !== "string")
        .map((t) => path.join(ROOT, t.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts")));
}

/** Every component a TypeScript consumer can import: the ComponentResource classes the entry points export. */
export function publicComponents(): Component[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry modules, loaded by path
    const found = entrySources().flatMap((file) => getPulumiComponents(require(file)) as Component[]);
    return [...new Set(found)].sort((a, b) => a.name.localeCompare(b.name));
}

/** The schema `componentProviderHost` serves for PLUGIN_COMPONENTS. */
export async function packageSchema(): Promise<pulumi.Inputs> {
    const provider = new ComponentProvider({ name: PLUGIN_NAME, dirname: ROOT, components: PLUGIN_COMPONENTS });
    return JSON.parse(await provider.getSchema());
}

/** The fields of the SDK's Analyzer (3.248) that one analysis fills; reset to analyze one more component. */
interface AnalyzerState {
    componentNames: Set<string>;
    components: object;
    typeDefinitions: object;
    dependencies: object[];
}

/**
 * Each given component's analysis result: undefined when the analyzer accepts it, else its error.
 * One analyzer (one TypeScript program, the slow part) for all of them.
 */
export function analyzerVerdicts(names: string[]): Record<string, string | undefined> {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const analyzer = new Analyzer(ROOT, PLUGIN_NAME, manifest, new Set(names));
    const state = analyzer as unknown as AnalyzerState;
    return Object.fromEntries(
        names.map((name) => {
            Object.assign(state, { componentNames: new Set([name]), components: {}, typeDefinitions: {}, dependencies: [] });
            try {
                analyzer.analyze();
                return [name, undefined];
            } catch (e) {
                // Paths relative to the repository: the reason must not depend on the checkout's place.
                return [name, (e as Error).message.split("\n")[0].split(`${ROOT}${path.sep}`).join("")];
            }
        }),
    );
}

/** The public components PLUGIN_COMPONENTS leaves out, each with the analyzer's reason. */
export function leftOut(): Record<string, string | undefined> {
    const served = new Set<Component>(PLUGIN_COMPONENTS);
    return analyzerVerdicts(
        publicComponents()
            .filter((c) => !served.has(c))
            .map((c) => c.name),
    );
}

/** JSON as the committed files hold it. */
export const formatJson = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

if (require.main === module) {
    (async () => {
        fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
        fs.writeFileSync(SCHEMA_FILE, formatJson(await packageSchema()));
        const reasons = leftOut();
        const accepted = Object.keys(reasons).filter((name) => reasons[name] === undefined);
        if (accepted.length > 0) throw new Error(`the analyzer accepts ${accepted.join(", ")}: add them to PLUGIN_COMPONENTS (components/plugin.ts)`);
        fs.writeFileSync(LEFT_OUT_FILE, formatJson(reasons));
        console.log(
            `wrote ${path.relative(ROOT, SCHEMA_FILE)} (${PLUGIN_COMPONENTS.length} components) and ${path.relative(ROOT, LEFT_OUT_FILE)} (${Object.keys(reasons).length} left out)`,
        );
    })().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
