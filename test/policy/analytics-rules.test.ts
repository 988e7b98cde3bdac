import { expect } from "chai";
import { conditionOf } from "../../policy/define";
import { analyticsPolicies } from "../../policy/rules-analytics";
import { describeViolations, evaluate } from "./harness";
import { Athena } from "../../components/query";
import { Catalog } from "../../components/catalog";
import { parseConfig } from "../../lib/config";
import { ACCOUNT, REGION, record, zone } from "../components/catalog/harness";
import { analyticsCanaries, goodCrawler, goodIcebergJob, goodIcebergTable, goodJob, goodSecurityConfiguration, goodWorkgroup } from "./analytics-canaries";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;

describe("policy: analytics rules (Glue, Athena)", () => {
    it("accepts the good resources, the scan limit exactly at Athena's 10 MB minimum included", async () => {
        const workgroup = goodWorkgroup();
        workgroup.props.configuration.bytesScannedCutoffPerQuery = 10 * 1024 * 1024;
        const violations = await evaluate([goodSecurityConfiguration(), goodJob(), goodCrawler(), workgroup, ...goodIcebergTable(), goodIcebergJob()], {
            policies: analyticsPolicies,
        });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of analyticsCanaries) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const violations = await evaluate([c.make()].flat(), { policies: analyticsPolicies });
            expect(
                violations.map((v) => `${v.policy} ${conditionOf(v.message)}`),
                describeViolations(violations),
            ).to.deep.equal([`${c.rule} ${c.condition}`]);
        });
    }

    it("passes on what the Catalog and Athena components register", async () => {
        const config = parseConfig({});
        const recorded = await record(() => {
            new Catalog("lake-catalog", {
                zones: config.zones.map((z) => zone(z.name)),
                streams: config.streams,
                ...config.catalog,
                analyticsKeyArn: KEY,
                context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } },
                landingZone: config.zoneRoles.landing,
            });
            new Athena("lake-athena", {
                ...config.athena,
                keyArn: KEY,
                context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION }, retainData: false },
                namedQueries: { landingDatabase: "datalake_dev_drop", curatedDatabase: "datalake_dev_curated", streamTables: [] },
            });
        });
        const resources = recorded.map((r, i) => ({ type: r.type, name: r.name, urn: `urn:${i}:${r.name}`, props: r.inputs }));
        expect(resources.map((r) => r.type)).to.include.members([
            "aws:glue/crawler:Crawler",
            "aws:glue/securityConfiguration:SecurityConfiguration",
            "aws:athena/workgroup:Workgroup",
        ]);
        const violations = await evaluate(resources, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });
});
