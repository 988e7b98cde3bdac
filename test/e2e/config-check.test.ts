import { expect } from "chai";
import { unmatchedConfig } from "../../local/config-check";

describe("local lake: config a run shows to be inert", () => {
    const datasetsByZone = { drop: ["orders", "order_reviews", "closed_deals"], raw: ["order_reviews"], curated: ["order_reviews"] };

    it("lists a curation rule whose dataset never reached the zone it curates from (prod's old `reviews`)", () => {
        const u = unmatchedConfig({
            curation: [{ sourceZone: "raw", ruleDatasets: ["reviews", "order_reviews"] }],
            batchTables: [],
            landingZone: "drop",
            datasetsByZone,
        });
        expect(u).to.deep.equal({ curationRules: [{ zone: "raw", dataset: "reviews" }], batchTables: [] });
    });

    it("counts a rule for a Glue-owned dataset with input as matched; lists Glue tables with no input", () => {
        const u = unmatchedConfig({
            curation: [{ sourceZone: "raw", ruleDatasets: ["orders", "order_items"] }],
            batchTables: ["orders", "closed_deals", "closed_deal"],
            landingZone: "drop",
            datasetsByZone,
        });
        expect(u).to.deep.equal({ curationRules: [{ zone: "raw", dataset: "order_items" }], batchTables: ["closed_deal"] });
    });
});
