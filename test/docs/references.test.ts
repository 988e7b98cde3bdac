import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * The code cites the documents the project was specified from as "reference 000" to "reference
 * 004"; they are not in the repository, so docs/references.md says what each contributed. Every
 * number cited must have its section there, and every file that cites one must say where to look.
 */
const ROOT = path.resolve(__dirname, "../..");
const REFERENCES = "docs/references.md";

/** The reference numbers a text cites: "reference 002", "references 004, 001 and 002". */
function citedNumbers(text: string): string[] {
    return [...text.matchAll(/\breferences?[ /](\d{3}(?:(?:, | and )\d{3})*)/g)].flatMap((m) => m[1].match(/\d{3}/g) ?? []);
}

/** Source and documentation files of the repository, tracked or new (not ignored). */
function sourceFiles(): string[] {
    const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.ts", "*.py", "*.md"], { cwd: ROOT, encoding: "utf8" });
    return listed
        .split("\n")
        .filter((f) => f !== "" && f !== REFERENCES && fs.existsSync(path.join(ROOT, f)));
}

describe("docs/references.md", () => {
    const sections = new Set([...fs.readFileSync(path.join(ROOT, REFERENCES), "utf8").matchAll(/^## (\d{3})$/gm)].map((m) => m[1]));
    const citing = sourceFiles()
        .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }))
        .filter(({ text }) => citedNumbers(text).length > 0);

    it("reads citations in all their forms", () => {
        expect(citedNumbers("reference 002's beacons; references 004, 001 and 002; reference/003")).to.deep.equal(["002", "004", "001", "002", "003"]);
        expect(citing.length, "no file cites a reference: the scan is broken").to.be.greaterThan(0);
    });

    it("has a section for every reference the repository cites", () => {
        const missing = citing.flatMap(({ file, text }) => citedNumbers(text).filter((n) => !sections.has(n)).map((n) => `${file}: reference ${n}`));
        expect(missing).to.deep.equal([]);
    });

    it("is named by every file that cites a reference", () => {
        expect(citing.filter(({ text }) => !text.includes(REFERENCES)).map(({ file }) => file)).to.deep.equal([]);
    });
});
