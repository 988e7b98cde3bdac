/** The catalog, query and ETL parts inside the whole program (test/support/program.ts), dev and prod. */
import { expect } from "chai";
import { analyticsPolicies } from "../../policy/rules-analytics";
import { program } from "../support/program";
import { describeViolations, evaluate } from "../policy/harness";

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
        expect(lake.byType("aws:glue/job:Job")).to.have.length(8);
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("prod: the analytics key and the results and artifacts buckets are protected and retained", async () => {
        const lake = await program("prod");
        const key = lake.one("aws:kms/key:Key", "analytics-key");
        const results = lake.one("aws:s3/bucket:Bucket", "athena-results");
        const artifacts = lake.one("aws:s3/bucket:Bucket", "etl-artifacts");
        for (const r of [key, results, artifacts]) expect([r.protect, r.retainOnDelete], r.name).to.deep.equal([true, true]);
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
