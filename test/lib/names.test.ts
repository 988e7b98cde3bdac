import { expect } from "chai";
import { accessLogPrefix, zoneKeyAlias } from "../../components/storage";
import { assertUniqueNames, boundedName, databaseName, glueName, isValidGlueName, lambdaLogGroupName } from "../../lib/names";
import { hopName, layerName, processorFunctionName } from "../../components/processing";

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

describe("Glue names", () => {
    it("builds lowercase [a-z0-9_] names from project, stack and parts", () => {
        expect(databaseName("datalake", "dev", "raw")).to.equal("datalake_dev_raw");
        expect(glueName("Data-Lake", "Prod.EU", "curated")).to.equal("data_lake_prod_eu_curated");
        expect(glueName("a--b", "__c__")).to.equal("a_b_c");
    });

    it("rejects names Glue or Athena would not take", () => {
        expect(() => glueName("1lake", "dev")).to.throw(/start with a letter/);
        expect(() => glueName("---")).to.throw(/start with a letter/);
        expect(() => glueName("a".repeat(250), "stack_name")).to.throw(/limit is 255/);
        expect(isValidGlueName("datalake_dev_raw")).to.equal(true);
        expect(isValidGlueName("Datalake")).to.equal(false);
    });

    it("names two stacks' objects apart and reports duplicates", () => {
        expect(databaseName("datalake", "dev", "raw")).not.to.equal(databaseName("datalake", "prod", "raw"));
        expect(() => assertUniqueNames(["a", "b", "a"], "Glue job")).to.throw("Duplicate Glue job names: a");
    });
});
