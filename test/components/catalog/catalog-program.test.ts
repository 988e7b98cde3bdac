/** The catalog, query and ETL parts inside the whole program (harness/program.ts), dev and prod. */
import { expect } from "chai";
import { ProcessorEnv } from "../../../lib/contract";
import { analyticsPolicies } from "../../../policy/rules-analytics";
import { program } from "../../../harness/program";
import { describeViolations, evaluate } from "../../policy/harness";

type Lake = Awaited<ReturnType<typeof program>>;

/** Glue job names, and each trigger as [type, the jobs it starts, the jobs its predicate waits for]. */
function etlGraph(lake: Lake) {
    const triggers = lake
        .byType("aws:glue/trigger:Trigger")
        .filter((t) => t.props.workflowName !== undefined)
        .map((t) => [t.props.type, t.props.actions.map((a: any) => a.jobName), (t.props.predicate?.conditions ?? []).map((c: any) => c.jobName)]);
    return { jobs: lake.byType("aws:glue/job:Job").map((j) => j.props.name), triggers };
}

describe("catalog, Athena and ETL in the program (mocks)", function () {
    this.timeout(120_000);

    it("dev: a database and crawler per zone, stream tables, the workgroup and the ETL jobs, all passing the analytics rules", async () => {
        const lake = await program("dev");
        const crawlers = lake.byType("aws:glue/crawler:Crawler");
        expect(crawlers.map((c) => c.props.databaseName)).to.have.members(["datalake_dev_drop", "datalake_dev_raw", "datalake_dev_curated"]);
        const dropCrawler = crawlers.find((c) => c.props.databaseName === "datalake_dev_drop")!;
        expect(dropCrawler.props.s3Targets[0].path).to.match(/^s3:\/\/lake-drop-bucket-/);
        expect(lake.byType("aws:glue/catalogTable:CatalogTable").map((t) => t.props.name)).to.have.members(["events", "impressions", "clicks"]);
        expect(lake.byType("aws:athena/workgroup:Workgroup")).to.have.length(1);
        // dev lists no Glue-owned table: raw -> curated alone, on the schedule.
        expect(etlGraph(lake)).to.deep.equal({
            jobs: ["datalake_dev_raw_to_curated"],
            triggers: [["SCHEDULED", ["datalake_dev_raw_to_curated"], []]],
        });
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("prod: the analytics key and the results and artifacts buckets are protected and retained", async () => {
        const lake = await program("prod");
        const key = lake.one("aws:kms/key:Key", "analytics-key");
        const results = lake.one("aws:s3/bucket:Bucket", "athena-results");
        const artifacts = lake.one("aws:s3/bucket:Bucket", "etl-artifacts");
        for (const r of [key, results, artifacts]) expect([r.protect, r.retainOnDelete], r.name).to.deep.equal([true, true]);
        // prod's Glue-owned tables: their jobs on the schedule, raw -> curated when all succeeded.
        const dropToRaw = ["orders", "order_items", "closed_deals"].map((t) => `datalake_prod_drop_to_raw_${t}`);
        const { jobs, triggers } = etlGraph(lake);
        expect(jobs).to.have.members([...dropToRaw, "datalake_prod_raw_to_curated"]);
        expect(triggers).to.have.deep.members([
            ["SCHEDULED", dropToRaw, []],
            ["CONDITIONAL", ["datalake_prod_raw_to_curated"], dropToRaw],
        ]);
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("dev with etl.tables: their drop -> raw jobs, raw -> curated after them, the drop processor leaving them", async () => {
        const lake = await program("dev", { etl: { tables: ["customers"] } });
        const { jobs, triggers } = etlGraph(lake);
        expect(jobs).to.have.members(["datalake_dev_drop_to_raw_customers", "datalake_dev_raw_to_curated"]);
        expect(triggers).to.have.deep.members([
            ["SCHEDULED", ["datalake_dev_drop_to_raw_customers"], []],
            ["CONDITIONAL", ["datalake_dev_raw_to_curated"], ["datalake_dev_drop_to_raw_customers"]],
        ]);
        const dropToRaw = lake.one("aws:lambda/function:Function", "drop-to-raw-function");
        expect(JSON.parse(dropToRaw.props.environment.variables[ProcessorEnv.batchDatasets])).to.deep.equal(["customers"]);
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("S3 event mode: each zone's one notification feeds its queue and its crawler's queue, which the crawler reads", async () => {
        const lake = await program("dev", { catalog: { recrawl: "events", deleteBehavior: "LOG" } });
        for (const zone of ["drop", "raw", "curated"]) {
            const notifications = lake.byType("aws:s3/bucketNotification:BucketNotification").filter((n) => n.name === `lake-${zone}-notification`);
            expect(notifications, zone).to.have.length(1);
            const queueArns = notifications[0].props.queues.map((q: any) => q.queueArn);
            const crawlerQueue = lake.one("aws:sqs/queue:Queue", `lake-${zone}-crawler-events-queue`);
            const crawler = lake.byType("aws:glue/crawler:Crawler").find((c) => c.props.databaseName === `datalake_dev_${zone}`)!;
            expect(crawler.props.recrawlPolicy.recrawlBehavior).to.equal("CRAWL_EVENT_MODE");
            expect(queueArns).to.have.length(2);
            expect(queueArns).to.include(crawler.props.s3Targets[0].eventQueueArn);
            expect(crawler.props.s3Targets[0].eventQueueArn).to.contain(crawlerQueue.name);
        }
    });
});
