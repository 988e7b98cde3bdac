/**
 * examples/catalog-athena: it compiles, runs under the mocks as its own project, passes the whole
 * policy pack and keeps its URNs (test/snapshots/examples/catalog-athena.urns.txt; rewrite it with
 * `UPDATE_SNAPSHOTS=1` when a change is deliberate).
 */
import { expect } from "chai";
import { describeExample } from "./describe-example";

const NAME = "catalog-athena";

describeExample(NAME, (resources) => {
    const ofType = (type: string) => resources().filter((r) => r.type === type);

    it("a Glue database and crawler per configured bucket, named in the example's own project", () => {
        const databases = ofType("aws:glue/catalogDatabase:CatalogDatabase").map((d) => [d.props.name, d.props.locationUri]);
        expect(databases).to.have.deep.members([
            ["catalog_athena_dev_example_sales_data", "s3://example-sales-data/"],
            ["catalog_athena_dev_example_clickstream_data", "s3://example-clickstream-data/"],
        ]);
        const crawlers = ofType("aws:glue/crawler:Crawler");
        expect(crawlers.map((c) => c.props.s3Targets[0].path)).to.have.members(["s3://example-sales-data/", "s3://example-clickstream-data/"]);
        for (const c of crawlers) expect(c.props.securityConfiguration).to.equal("catalog_athena_dev_crawlers");
        // SSE-S3 buckets: the crawler roles decrypt nothing but the analytics key's logs.
        for (const p of ofType("aws:iam/rolePolicy:RolePolicy"))
            expect(JSON.parse(p.props.policy).Statement.map((s: any) => s.Sid)).not.to.include("DecryptZone");
        expect(ofType("aws:glue/catalogTable:CatalogTable")).to.deep.equal([]);
    });

    it("an Athena workgroup with its own encrypted results bucket, and no named queries (they need the lake's views)", () => {
        const [wg] = ofType("aws:athena/workgroup:Workgroup");
        expect(wg.props.name).to.equal("catalog_athena_dev");
        expect(wg.props.configuration.resultConfiguration.outputLocation).to.match(/^s3:\/\/athena-results-bucket-.*\/results\/$/);
        expect(ofType("aws:athena/namedQuery:NamedQuery")).to.deep.equal([]);
        expect(ofType("aws:kms/key:Key")).to.have.length(1);
    });
});
