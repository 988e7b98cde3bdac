/**
 * examples/catalog-athena: it compiles, runs under the mocks as its own project, passes the whole
 * policy pack and keeps its URNs (test/snapshots/examples/catalog-athena.urns.txt; rewrite it with
 * `UPDATE_SNAPSHOTS=1` when a change is deliberate).
 */
import { expect } from "chai";
import { RecordedResource } from "../../harness/program";
import { exampleTypeErrors, exampleUrns, runExample } from "../../harness/example-runner";
import { describeViolations, evaluate } from "../policy/harness";

const NAME = "catalog-athena";

describe("examples/catalog-athena (mocks)", function () {
    this.timeout(120_000);
    let resources: RecordedResource[];
    before(async () => {
        resources = await runExample("catalog-athena");
    });
    const ofType = (type: string) => resources.filter((r) => r.type === type);

    it("type-checks with the project's compiler options", function () {
        this.timeout(300_000); // a full type-check of the example and the declarations it reaches
        expect(exampleTypeErrors(NAME)).to.deep.equal([]);
    });

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

    it("passes every rule of the policy pack", async () => {
        const violations = await evaluate(resources);
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("keeps its committed URNs", () => {
        const { actual, committed } = exampleUrns(NAME, resources);
        expect(actual).to.deep.equal(committed);
    });
});
