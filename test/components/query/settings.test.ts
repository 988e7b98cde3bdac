import { expect } from "chai";
import { parseConfig } from "../../../lib/config";
import { ATHENA_DEFAULTS, athenaWithDefaults, namedQueries, bytesScannedCutoff } from "../../../components/query";

const catalog = { landingDatabase: "lake_drop", curatedDatabase: "lake_curated" };

describe("Athena workgroup settings", () => {
    it("applies the defaults the stack config resolves to (lib/config takes them from here)", () => {
        expect(athenaWithDefaults({})).to.deep.equal(ATHENA_DEFAULTS);
        expect(athenaWithDefaults({})).to.deep.equal(parseConfig({}).athena);
        expect(athenaWithDefaults({ resultsExpireDays: 7 })).to.deep.equal({ bytesScannedCutoffMb: 10240, resultsExpireDays: 7 });
    });

    it("turns the config's MB limit into bytes, 10 GB by default and never under Athena's 10 MB", () => {
        expect(bytesScannedCutoff(parseConfig({}).athena)).to.equal(10240 * 1024 * 1024);
        expect(bytesScannedCutoff({ bytesScannedCutoffMb: 10, resultsExpireDays: 1 })).to.equal(10485760);
        expect(() => bytesScannedCutoff({ bytesScannedCutoffMb: 9, resultsExpireDays: 1 })).to.throw(/minimum is 10 MB/);
    });
});

describe("Named Athena queries", () => {
    it("counts activities on the telemetry stream table when there is one", () => {
        const q = namedQueries({ ...catalog, streamTables: ["telemetry"] }).find((x) => x.key === "activity_counts")!;
        expect(q.database).to.equal("lake_drop");
        expect(q.sql).to.equal(
            "SELECT activity_type,\n       count(activity_type) AS readings\nFROM telemetry\nGROUP BY activity_type\nORDER BY activity_type",
        );
    });

    it("computes click-through per ad per day from deduplicated beacons of the last 7 days", () => {
        const q = namedQueries({ ...catalog, streamTables: ["impressions", "clicks"] }).find((x) => x.key === "click_through_rate")!;
        expect(q.database).to.equal("lake_drop");
        expect(q.sql).to.contain("SELECT DISTINCT impression_id, ad_id");
        expect(q.sql).to.contain("LEFT JOIN clicks_ c ON c.impression_id = i.impression_id");
        expect(q.sql).to.contain("date_add('day', -7, current_date)");
        expect(q.sql).to.contain("CAST(count(c.impression_id) AS double) / count(*) AS click_through_rate");
    });

    it("reads deals and reviews per seller and per SDR from the curated seller_performance view", () => {
        const qs = namedQueries({ ...catalog, streamTables: [] });
        for (const key of ["seller_deals_and_reviews", "sdr_deals_and_reviews"]) {
            const q = qs.find((x) => x.key === key)!;
            expect(q.database).to.equal("lake_curated");
            expect(q.sql).to.contain("FROM seller_performance");
        }
        expect(qs.map((q) => q.key)).to.have.length(new Set(qs.map((q) => q.key)).size);
    });
});
