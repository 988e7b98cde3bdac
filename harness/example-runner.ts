/**
 * Runs a program of `examples/` under the mocks of harness/program.ts, as its own project: the
 * project name and config defaults come from the example's Pulumi.yaml (overrides by key), and
 * the program is the function its index.ts exports (`export =` or `export default`). Also what
 * every example's test checks besides: its type errors and its committed URNs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { parse } from "yaml";
import { RecordedResource, recordResources } from "./program";

const EXAMPLES = path.resolve(__dirname, "../examples");

/** Every resource the example `name` (a folder of examples/) registers under the mocks, in stack `dev`. */
export function runExample(name: string, overrides: Record<string, unknown> = {}): Promise<RecordedResource[]> {
    const dir = path.join(EXAMPLES, name);
    const project: { name: string; config?: Record<string, { default?: unknown }> } = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    const namespaced = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
    const config = Object.fromEntries(
        [...Object.entries(project.config ?? {}).map(([k, d]) => [k, d.default] as const), ...Object.entries(overrides)].map(([k, v]) => [namespaced(k), v]),
    );
    return recordResources(
        "dev",
        () => {
            // recordResources sets the mocks up for the lake's project: this run is the example's.
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- an SDK-internal module without typings
            require("@pulumi/pulumi/runtime/state").getStore().settings.options.project = project.name;
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example's program, loaded as Pulumi loads it
            const loaded: (() => unknown) | { default: () => unknown } = require(path.join(dir, "index.ts"));
            return (typeof loaded === "function" ? loaded : loaded.default)();
        },
        config,
    );
}

/**
 * The URNs the engine gives `resources`, sorted: `urn:pulumi:<stack>::<project>::<ancestor types $ type>::<name>`
 * (the mock monitor puts only the parent's type in its URNs, so the chain is rebuilt from the recorded parents).
 */
export function engineUrns(resources: RecordedResource[]): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources
        .map((r) => {
            const types: string[] = [];
            for (let at: RecordedResource | undefined = r; at; at = at.parent ? byUrn.get(at.parent) : undefined) types.unshift(at.type);
            return `${r.urn.split("::").slice(0, 2).join("::")}::${types.join("$")}::${r.name}`;
        })
        .sort();
}

/** Type errors of the example `name` under the project's compiler options (tsconfig.json). */
export function exampleTypeErrors(name: string): string[] {
    const root = path.resolve(EXAMPLES, "..");
    const { config } = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const program = ts.createProgram([path.join(EXAMPLES, name, "index.ts")], { ...options, noEmit: true });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/**
 * The example's URNs and the committed ones (test/snapshots/examples/<name>.urns.txt), to compare;
 * with `UPDATE_SNAPSHOTS=1` the file is rewritten first.
 */
export function exampleUrns(name: string, resources: RecordedResource[]): { actual: string[]; committed: string[] } {
    const file = path.resolve(EXAMPLES, "../test/snapshots/examples", `${name}.urns.txt`);
    const actual = engineUrns(resources);
    if (process.env.UPDATE_SNAPSHOTS === "1") {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${actual.join("\n")}\n`);
    }
    return { actual, committed: fs.readFileSync(file, "utf8").split("\n").filter(Boolean) };
}
