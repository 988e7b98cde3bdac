import { expect } from "chai";
import { moduleSpecifiers, relativeSpecifiers } from "./module-specifiers";

describe("module specifiers of a source", () => {
    const source = [
        'import { a } from "../components/x";',
        'import type { LakeConfig } from "../lib/config";',
        "import * as b from '../lib/y';",
        'export { c } from "./z";',
        'import "./side-effect";',
        'const d = require("../components/w");',
        'const e = import("../lib/v");',
        'import { f } from "@pulumi/policy";',
        '// import { g } from "./commented-out";',
        "const s = 'not an import: require(\"./in-a-string\")';",
    ].join("\n");

    it("finds every import form, in source order, and nothing in comments or strings", () => {
        expect(moduleSpecifiers(source)).to.deep.equal([
            "../components/x",
            "../lib/config",
            "../lib/y",
            "./z",
            "./side-effect",
            "../components/w",
            "../lib/v",
            "@pulumi/policy",
        ]);
    });

    it("keeps the relative ones (the program's own modules): all but the package", () => {
        expect(relativeSpecifiers(source)).to.deep.equal(moduleSpecifiers(source).filter((spec) => spec !== "@pulumi/policy"));
    });
});
