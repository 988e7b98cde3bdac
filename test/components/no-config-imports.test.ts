/**
 * Components are props-first (issue 17): no file under components/ imports the stack config
 * (lib/config/, lib/config-optional.ts, lib/config-keys.ts, lib/config-docs.ts). lib/config maps
 * the validated stack config onto DataLake's args; a program using a component alone never loads it.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { relativeSpecifiers } from "../lib/module-specifiers";

const ROOT = path.resolve(__dirname, "../..");
const COMPONENTS = path.join(ROOT, "components");
const CONFIG = /^lib\/config(?:[-/.]|$)/;

/** Files under `dir` (paths relative to ROOT) whose relative imports resolve into the stack config. */
function configImporters(dir: string): string[] {
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    return files
        .map((f) => path.join(dir, f))
        .filter((file) =>
            relativeSpecifiers(fs.readFileSync(file, "utf8")).some((spec) =>
                CONFIG.test(
                    path
                        .relative(ROOT, path.resolve(path.dirname(file), spec))
                        .split(path.sep)
                        .join("/"),
                ),
            ),
        )
        .map((file) => path.relative(ROOT, file).split(path.sep).join("/"))
        .sort();
}

describe("components/ never imports the stack config", () => {
    it("flags a file that does, and only it", () => {
        const dir = fs.mkdtempSync(path.join(ROOT, "components", ".scan-"));
        try {
            fs.mkdirSync(path.join(dir, "area"));
            fs.writeFileSync(path.join(dir, "area", "bad.ts"), 'import type { EmrConfig } from "../../../lib/config-optional";\n');
            fs.writeFileSync(path.join(dir, "area", "good.ts"), 'import { lakeContext } from "../../../lib/lake-context";\n');
            const rel = path.relative(ROOT, dir).split(path.sep).join("/");
            expect(configImporters(dir)).to.deep.equal([`${rel}/area/bad.ts`]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("no file under components/ imports lib/config or lib/config-optional (DataLake included)", () => {
        expect(configImporters(COMPONENTS)).to.deep.equal([]);
    });
});
