import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

/**
 * components/README.md's "where is X" table cannot go stale: it lists exactly the type tokens the
 * components register (`super("datalake:<area>:<Type>", ...)`), each in the row of the file that
 * registers it, and every test file it names exists.
 */
const ROOT = path.resolve(__dirname, "../..");
const COMPONENTS = path.join(ROOT, "components");

/** `token -> file` (relative to components/) for every token the code registers. */
function registeredTokens(): Map<string, string> {
    const files = fs.readdirSync(COMPONENTS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    return new Map(
        files.flatMap((file) =>
            [...fs.readFileSync(path.join(COMPONENTS, file), "utf8").matchAll(/super\(\s*"(datalake:[^"]+)"/g)].map(
                (m) => [m[1], file.split(path.sep).join("/")] as const,
            ),
        ),
    );
}

interface Row {
    area: string;
    token: string;
    tests: string[];
}

function tableRows(): Row[] {
    const readme = fs.readFileSync(path.join(COMPONENTS, "README.md"), "utf8");
    return readme
        .split("\n")
        .filter((line) => line.startsWith("| ") && line.includes("`datalake:"))
        .map((line) => {
            const cells = line.split(" | ");
            const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
            return { area: cells[0].replace(/^\| /, ""), token: ticked(cells[2])[0], tests: ticked(cells[4]) };
        });
}

describe("components/README.md", () => {
    const registered = registeredTokens();
    const rows = tableRows();

    it("lists every type token the code registers, once, and no other", () => {
        expect(registered.size, "no registered token found: the scan is broken").to.be.greaterThan(20);
        expect(rows.map((r) => r.token).sort()).to.deep.equal([...registered.keys()].sort());
    });

    it("lists each component under the folder that holds it", () => {
        const misplaced = rows.filter((r) => {
            const folder = path.posix.dirname(registered.get(r.token) ?? "");
            return r.area !== (folder === "." ? "(root)" : `\`${folder}/\``);
        });
        expect(misplaced.map((r) => `${r.area} ${r.token}`)).to.deep.equal([]);
    });

    it("registers each token under the module of its folder (datalake:<folder>:<Type>; index for the root)", () => {
        const astray = [...registered].filter(([token, file]) => {
            const folder = path.posix.dirname(file);
            return token.split(":")[1] !== (folder === "." ? "index" : folder);
        });
        expect(astray.map(([token, file]) => `${token} in components/${file}`)).to.deep.equal([]);
    });

    it("names test files that exist", () => {
        expect(rows.every((r) => r.tests.length > 0)).to.equal(true);
        const missing = rows.flatMap((r) => r.tests).filter((t) => !fs.existsSync(path.join(ROOT, t)));
        expect(missing).to.deep.equal([]);
    });
});
