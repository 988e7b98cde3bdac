/** The driver's workspace project file, with no Pulumi CLI involved. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { inlineProjectFile } from "../../automation/engine";

describe("automation: the workspace's Pulumi.yaml", () => {
    const project = fs.readFileSync(path.resolve(__dirname, "../../Pulumi.yaml"), "utf8");

    it("the project names its program file (package.json `main` is the npm package's)", () => {
        expect(parse(project).main).to.equal("index.ts");
    });

    it("drops `main` (the program runs inline; the engine stats `main` in the workspace) and keeps the rest", () => {
        const { main, ...rest } = parse(project);
        expect(main).to.equal("index.ts");
        expect(parse(inlineProjectFile(project))).to.deep.equal(rest);
    });
});
