import { expect } from "chai";
import { configImporters } from "./config-imports";

describe("configImporters (the areas' no-lib/config checks)", () => {
    it("finds components/data-lake.ts, the one file that maps the stack config onto the components", () => {
        expect(configImporters(".")).to.deep.equal(["data-lake.ts"]);
    });
});
