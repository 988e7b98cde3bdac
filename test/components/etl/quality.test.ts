/**
 * Data quality (issue 20) under the mocks: a Glue Data Quality ruleset per curated dataset with
 * rules (the DQDL lib/quality-dqdl.ts writes, on the dataset's table), the curate job's
 * `--quality_rules`/`--quality_namespace` and its right to publish there only, and an alarm per
 * dataset on the score the job publishes.
 */
import { expect } from "chai";
import { Etl, type EtlZone } from "../../../components/etl";
import type { QualityRule } from "../../../lib/contract";
import { dqdlRuleset } from "../../../lib/quality-dqdl";
import { ACCOUNT, REGION, type Recorded, ofType, record, zone } from "../catalog/harness";
import { T, lake } from "../helpers";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;
const RULESET = "aws:glue/dataQualityRuleset:DataQualityRuleset";
const etlZone = (name: string): EtlZone => ({ ...zone(name), database: `datalake_dev_${name}` });
const QUALITY: Record<string, QualityRule> = {
    "order-items": { completeness: { order_id: 1 }, uniqueKey: ["order_id", "order_item_id"], rowCount: { min: 1 } },
    orders: { allowedValues: { status: ["new", "paid"] }, freshness: { column: "ordered_at", maxAgeHours: 24 } },
};

const build = (quality: Record<string, QualityRule>, datasets?: string[]) => () =>
    new Etl("lake-etl", {
        context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } },
        drop: etlZone("drop"),
        raw: etlZone("raw"),
        curated: etlZone("curated"),
        datasets,
        qualityRules: quality,
        analyticsKeyArn: KEY,
    });

describe("Etl: data quality rulesets and the curate job's quality arguments (mocks)", () => {
    let all: Recorded[];
    before(async () => {
        all = await record(build(QUALITY));
    });
    const job = () => ofType(all, "aws:glue/job:Job").find((j) => j.inputs.name === "datalake_dev_curate_tables")!;

    it("gives each dataset with rules a table (no other dataset named) and a DQDL ruleset on it", () => {
        expect(
            ofType(all, "aws:glue/catalogTable:CatalogTable")
                .map((t) => t.inputs.name)
                .sort(),
        ).to.deep.equal(["order_items", "orders"]);
        const rulesets = ofType(all, RULESET);
        expect(rulesets.map((r) => r.name).sort()).to.deep.equal(["lake-etl-tables-order-items-quality", "lake-etl-tables-orders-quality"]);
        const items = rulesets.find((r) => r.name === "lake-etl-tables-order-items-quality")!.inputs;
        expect(items.name).to.equal("datalake_dev_curated.order_items");
        expect(items.ruleset).to.equal(dqdlRuleset(QUALITY["order-items"]));
        expect(items.targetTable).to.deep.equal({ databaseName: "datalake_dev_curated", tableName: "order_items" });
        expect(items.description.length).to.be.at.most(2048);
    });

    it("passes the same rules to the curate job with the metrics namespace", () => {
        const a = job().inputs.defaultArguments;
        expect(JSON.parse(a["--quality_rules"])).to.deep.equal(QUALITY);
        expect(a["--quality_namespace"]).to.equal("DataLake/Quality");
    });

    it("lets the curate job publish metrics to Glue and DataLake/Quality only", () => {
        const policy = ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("curate-tables-policy"))!;
        const metrics = JSON.parse(policy.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "PutGlueMetrics");
        expect(metrics.Condition).to.deep.equal({ StringEquals: { "cloudwatch:namespace": ["Glue", "DataLake/Quality"] } });
        const views = ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("raw-to-curated-policy"))!;
        expect(JSON.parse(views.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "PutGlueMetrics").Condition).to.deep.equal({
            StringEquals: { "cloudwatch:namespace": "Glue" },
        });
    });

    it("has no ruleset without rules, and refuses rules for a dataset without a table", async () => {
        expect(ofType(await record(build({}, ["orders"])), RULESET)).to.deep.equal([]);
        let error: unknown;
        try {
            await record(build({ clicks: { rowCount: { min: 1 } } }, ["orders"]));
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.contain("quality rules for datasets without a curated table: clicks");
    });
});

describe("DataLake: an alarm per dataset on its quality score (mocks)", function () {
    this.timeout(120_000);
    it("alarms when a batch of the dataset scores below 1, on the job's metric and dimensions", async () => {
        const { res } = await lake("dev", { quality: QUALITY });
        const alarms = res.byType(T.alarm).filter((a) => a.props.namespace === "DataLake/Quality");
        expect(alarms.map((a) => a.props.dimensions)).to.have.deep.members([
            { Database: "datalake_dev_curated", Table: "order_items" },
            { Database: "datalake_dev_curated", Table: "orders" },
        ]);
        expect(alarms.map((a) => a.name).sort()).to.deep.equal([
            "lake-etl-tables-alarms-order-items-quality-score",
            "lake-etl-tables-alarms-orders-quality-score",
        ]);
        for (const a of alarms) {
            expect(a.props).to.include({ metricName: "Score", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1 });
            expect(a.props.alarmActions).to.have.length(1);
        }
        expect(res.byType(RULESET)).to.have.length(2);
    });
});
