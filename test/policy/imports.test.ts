/**
 * The pack stands apart from the program: nothing under policy/ reaches components/, directly or
 * through the lib/ modules it imports. Facts both need (tag keys, log group names, parameter sets)
 * live in lib/, so a rule cannot pass just because it reads the component it judges.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { relativeSpecifiers } from "../lib/module-specifiers";

const ROOT = path.join(__dirname, "../..");
const POLICY = path.join(ROOT, "policy");
const COMPONENTS = path.join(ROOT, "components") + path.sep;

/** Every .ts file under a folder (its own node_modules left out). */
function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(full);
        return e.name.endsWith(".ts") ? [full] : [];
    });
}

/** The file a relative specifier names: `x.ts` or `x/index.ts`. */
function resolve(from: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.ts`, path.join(base, "index.ts"), base].find((f) => f.endsWith(".ts") && fs.existsSync(f));
}

/** Each file reachable from `roots` by relative imports, with the file that first imported it. */
function reachable(roots: string[]): Map<string, string | undefined> {
    const seen = new Map<string, string | undefined>(roots.map((r) => [r, undefined]));
    const queue = [...roots];
    for (let file = queue.shift(); file; file = queue.shift()) {
        for (const specifier of relativeSpecifiers(fs.readFileSync(file, "utf8"))) {
            const target = resolve(file, specifier);
            if (target && !seen.has(target)) {
                seen.set(target, file);
                queue.push(target);
            }
        }
    }
    return seen;
}

const rel = (f: string) => path.relative(ROOT, f);

describe("policy pack imports", () => {
    it("no file under policy/ reaches components/, directly or through lib/", () => {
        const files = reachable(sources(POLICY));
        const chain = (f: string): string => (files.get(f) ? `${chain(files.get(f)!)} -> ${rel(f)}` : rel(f));
        const offending = [...files.keys()].filter((f) => f.startsWith(COMPONENTS)).map(chain);
        expect(offending).to.deep.equal([]);
        expect(files.size).to.be.greaterThan(sources(POLICY).length); // it did follow the lib/ imports
    });
});
