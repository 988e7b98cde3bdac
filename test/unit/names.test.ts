import { expect } from "chai";
import { accessLogPrefix, boundedName, hopName, lambdaLogGroupName, layerName, processorFunctionName, zoneKeyAlias } from "../../lib/names";

describe("lib/names", () => {
    it("joins short names as they are", () => {
        expect(processorFunctionName("datalake", "dev", "drop", "raw")).to.equal("datalake-dev-drop-to-raw");
        expect(zoneKeyAlias("datalake", "prod", "raw")).to.equal("alias/datalake-prod-raw");
        expect(layerName("datalake", "dev", "duckdb")).to.equal("datalake-dev-duckdb");
        expect(hopName("raw", "curated")).to.equal("raw-to-curated");
        expect(lambdaLogGroupName("fn")).to.equal("/aws/lambda/fn");
        expect(accessLogPrefix("drop")).to.equal("s3/drop/");
    });
    it("keeps long names within the limit and distinct", () => {
        const a = processorFunctionName("datalake", "a-very-long-stack-name-for-testing", "landing-zone-one", "validated-zone-x");
        const b = processorFunctionName("datalake", "a-very-long-stack-name-for-testing", "landing-zone-one", "validated-zone-y");
        expect(a.length).to.be.at.most(64);
        expect(b.length).to.be.at.most(64);
        expect(a).not.to.equal(b);
        expect(a).to.match(/^datalake-a-very-long-stack.*-[0-9a-f]{8}$/);
    });
    it("boundedName is deterministic and never ends a cut in a dash", () => {
        expect(boundedName(["abc", "def", "ghi"], 10)).to.equal(boundedName(["abc", "def", "ghi"], 10));
        expect(boundedName(["abc", "def", "ghi"], 10)).to.match(/^a-[0-9a-f]{8}$/);
        expect(boundedName(["x", "", "y"], 10)).to.equal("x-y");
    });
});
