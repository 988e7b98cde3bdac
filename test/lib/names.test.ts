import { expect } from "chai";
import { accessLogPrefix, zoneKeyAlias } from "../../components/storage";
import { GLUE_NAME_MAX, assertUniqueNames, boundedName, databaseName, glueName, isValidGlueName, lambdaLogGroupName } from "../../lib/names";
import { hopName, layerName, processorFunctionName } from "../../components/processing";

/** A rule of `max` characters that refuses only what no name builder uses. */
const upTo = (max: number) => ({ max, refused: /[^A-Za-z0-9_.-]+/g });

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
        expect(boundedName(["abc", "def", "ghi"], upTo(10))).to.equal(boundedName(["abc", "def", "ghi"], upTo(10)));
        expect(boundedName(["abc", "def", "ghi"], upTo(10))).to.match(/^a-[0-9a-f]{8}$/);
        expect(boundedName(["x", "", "y"], upTo(10))).to.equal("x-y");
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

describe("lib/names: limits and edges", () => {
    it("states Glue's name limit", () => {
        expect(GLUE_NAME_MAX).to.equal(255);
    });

    it("boundedName keeps a name of exactly max characters and cuts one more, with the hash of the full name", () => {
        expect(boundedName(["a".repeat(64)], upTo(64))).to.equal("a".repeat(64));
        expect(boundedName(["a".repeat(65)], upTo(64))).to.equal(`${"a".repeat(55)}-635361c4`);
        expect(boundedName(["abc", "def", "ghi"], upTo(10))).to.equal("a-c6c7cf7d");
        expect(boundedName(["abc", "def", "ghi"], upTo(11))).to.equal("abc-def-ghi");
    });

    it("boundedName drops empty parts and every dash the cut leaves at the end", () => {
        expect(boundedName(["", "x", "", "y", ""], upTo(10))).to.equal("x-y");
        expect(boundedName(["ab", "cd", "", "ef"], upTo(12))).to.equal("ab-cd-ef");
        // The cut at 13 - 9 = 4 characters ends in "ab--": both dashes go.
        expect(boundedName(["ab-", "cdefghijkl"], upTo(13))).to.equal("ab-afca0c9f");
    });

    it("glueName lowercases, turns each run of other characters into one _, and trims _ at both ends", () => {
        expect(glueName("_A__B_")).to.equal("a_b");
        expect(glueName("x", "", "y")).to.equal("x_y");
        expect(glueName("a b.c-d/e", "F")).to.equal("a_b_c_d_e_f");
        expect(glueName("café")).to.equal("caf");
        expect(glueName("a".repeat(255))).to.have.length(255);
    });

    it("glueName errors name the parts, the result and the limit", () => {
        expect(() => glueName("1lake")).to.throw('Glue name from ["1lake"] is "1lake": it must start with a letter and use only [a-z0-9_]');
        expect(() => glueName("")).to.throw('Glue name from [""] is "": it must start with a letter');
        expect(() => glueName("a".repeat(256))).to.throw(`Glue name "${"a".repeat(40)}..." is 256 characters; the limit is 255`);
    });

    it("isValidGlueName: lowercase letters, digits and _, a letter first, at most 255", () => {
        expect(["a", "a1_b", "z".repeat(255)].map(isValidGlueName)).to.deep.equal([true, true, true]);
        expect(["", "1a", "_a", "a-b", "a b", "aB", "é", "z".repeat(256)].map(isValidGlueName)).to.deep.equal(Array(8).fill(false));
    });

    it("assertUniqueNames passes distinct names and lists each duplicate once", () => {
        expect(() => assertUniqueNames(["a", "b", "c"], "job")).not.to.throw();
        expect(() => assertUniqueNames([], "job")).not.to.throw();
        expect(() => assertUniqueNames(["a", "b", "a", "b", "a"], "crawler")).to.throw(/^Duplicate crawler names: a, b$/);
    });
});
