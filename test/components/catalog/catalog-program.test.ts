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
    // Sorted: a job registers once its inputs resolve (the curate job waits for the masking key's ARN).
    return {
        jobs: lake
            .byType("aws:glue/job:Job")
            .map((j) => j.props.name)
            .sort(),
        triggers,
    };
}

describe("catalog, Athena and ETL in the program (mocks)", function () {
    this.timeout(120_000);

    it("dev: a database and crawler per zone, stream tables, the workgroup and the ETL jobs, all passing the analytics rules", async () => {
        const lake = await program("dev");
        const crawlers = lake.byType("aws:glue/crawler:Crawler");
        expect(crawlers.map((c) => c.props.databaseName)).to.have.members(["datalake_dev_drop", "datalake_dev_raw", "datalake_dev_curated"]);
        const dropCrawler = crawlers.find((c) => c.props.databaseName === "datalake_dev_drop")!;
        expect(dropCrawler.props.s3Targets[0].path).to.match(/^s3:\/\/lake-drop-bucket-/);
        // The landing zone's stream tables, and the curated Iceberg tables of the streams and the curated datasets.
        const tables = lake.byType("aws:glue/catalogTable:CatalogTable").map((t) => `${t.props.databaseName}.${t.props.name}`);
        expect(tables).to.have.members([
            ...["events", "impressions", "clicks"].map((t) => `datalake_dev_drop.${t}`),
            ...["clicks", "customers", "events", "impressions", "orders"].map((t) => `datalake_dev_curated.${t}`),
        ]);
        expect(lake.byType("aws:athena/workgroup:Workgroup")).to.have.length(1);
        // dev lists no Glue-owned table: raw -> curated alone, on the schedule.
        expect(etlGraph(lake)).to.deep.equal({
            // The big-object job has no trigger: the drop -> raw function starts it per object.
            jobs: ["datalake_dev_convert_object", "datalake_dev_curate_tables", "datalake_dev_raw_to_curated"],
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
        expect(jobs).to.have.members([...dropToRaw, "datalake_prod_raw_to_curated", "datalake_prod_curate_tables", "datalake_prod_convert_object"]);
        expect(triggers).to.have.deep.members([
            ["SCHEDULED", dropToRaw, []],
            // drop -> raw, then the curation of what it wrote, then the views (etl/README.md).
            ["CONDITIONAL", ["datalake_prod_curate_tables"], dropToRaw],
            ["CONDITIONAL", ["datalake_prod_raw_to_curated"], ["datalake_prod_curate_tables"]],
        ]);
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("dev with etl.tables: their drop -> raw jobs, their curation after them, the views after that, the drop processor leaving them", async () => {
        const lake = await program("dev", { etl: { tables: ["customers"] } });
        const { jobs, triggers } = etlGraph(lake);
        expect(jobs).to.have.members([
            "datalake_dev_drop_to_raw_customers",
            "datalake_dev_raw_to_curated",
            "datalake_dev_curate_tables",
            "datalake_dev_convert_object",
        ]);
        expect(triggers).to.have.deep.members([
            ["SCHEDULED", ["datalake_dev_drop_to_raw_customers"], []],
            ["CONDITIONAL", ["datalake_dev_curate_tables"], ["datalake_dev_drop_to_raw_customers"]],
            ["CONDITIONAL", ["datalake_dev_raw_to_curated"], ["datalake_dev_curate_tables"]],
        ]);
        const dropToRaw = lake.one("aws:lambda/function:Function", "drop-to-raw-function");
        expect(JSON.parse(dropToRaw.props.environment.variables[ProcessorEnv.batchDatasets])).to.deep.equal(["customers"]);
        const violations = await evaluate(lake.all, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("catalog.streamsSince moves the stream tables' projection start, so older streamed data stays visible", async () => {
        const lake = await program("dev", { catalog: { streamsSince: "2023-06-01" } });
        const streamTables = lake.byType("aws:glue/catalogTable:CatalogTable").filter((t) => t.props.databaseName === "datalake_dev_drop");
        expect(streamTables).to.have.length(3);
        for (const t of streamTables) {
            expect(t.props.parameters["projection.datehour.range"], t.name).to.equal("year=2023/month=06/day=01/hour=00,NOW");
        }
    });

    it("S3 event mode: each zone's one notification goes to EventBridge (the zone queue's rule) and, in S3's format, to its crawler's queue", async () => {
        const lake = await program("dev", { catalog: { recrawl: "events", deleteBehavior: "LOG" } });
        for (const zone of ["drop", "raw", "curated"]) {
            const notifications = lake.byType("aws:s3/bucketNotification:BucketNotification").filter((n) => n.name === `lake-${zone}-notification`);
            expect(notifications, zone).to.have.length(1);
            const queueArns = notifications[0].props.queues.map((q: any) => q.queueArn);
            const crawlerQueue = lake.one("aws:sqs/queue:Queue", `lake-${zone}-crawler-events-queue`);
            const crawler = lake.byType("aws:glue/crawler:Crawler").find((c) => c.props.databaseName === `datalake_dev_${zone}`)!;
            expect(crawler.props.recrawlPolicy.recrawlBehavior).to.equal("CRAWL_EVENT_MODE");
            expect(notifications[0].props.eventbridge).to.equal(true);
            expect(queueArns).to.deep.equal([crawler.props.s3Targets[0].eventQueueArn]);
            expect(crawler.props.s3Targets[0].eventQueueArn).to.contain(crawlerQueue.name);
        }
    });
});

/**
 * With the account's Data Catalog encrypted, a role that reads the catalog without its key fails
 * (Spectrum, Athena, jobs): every role policy with a catalog read grants the key, whichever area
 * made it, in a stack that manages the setting (the analytics key) and in one that does not.
 */
describe("the Data Catalog's key: every role that reads the catalog may use it (mocks)", function () {
    this.timeout(300_000);
    const PERSONAS = ["dataSteward", "dataEngineer", "dataScientist", "biAnalyst"];
    const readers = {
        redshift: { mode: "serverless" },
        emr: { mode: "serverless" },
        etl: { tables: ["orders"], apiIngest: { repos: ["pulumi/pulumi"] } },
        governance: { personas: Object.fromEntries(PERSONAS.map((p) => [p, { principals: [`arn:aws:iam::123456789012:role/sso-${p}`] }])) },
    };
    const EXTERNAL = "arn:aws:kms:eu-west-1:123456789012:key/0d6b6a37-3c1e-4f4e-9a44-2b8d6c4f0e11";
    type Doc = { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] };
    /** Role policies that read the catalog, by resource name, with their documents. */
    const catalogReaders = (lake: Lake) =>
        lake
            .byType("aws:iam/rolePolicy:RolePolicy")
            .map((p) => ({ name: p.name, doc: JSON.parse(p.props.policy) as Doc }))
            .filter(({ doc }) => doc.Statement.some((s) => [s.Action].flat().some((a) => a === "glue:GetTable" || a === "glue:*")));

    for (const [what, catalog, key] of [
        ["managed here (the analytics key)", { manageAccountEncryption: true }, undefined],
        ["managed by another stack (catalog.accountEncryptionKeyArn)", { accountEncryptionKeyArn: EXTERNAL }, EXTERNAL],
    ] as const) {
        it(`${what}: crawlers, Glue jobs, the warehouse (Spectrum), EMR and the personas`, async () => {
            const lake = await program("dev", { ...readers, catalog });
            const keyArn = key ?? lake.one("aws:kms/key:Key", "analytics-key").outputs.arn;
            const found = catalogReaders(lake);
            const names = found.map((r) => r.name);
            for (const part of [
                "crawler-policy",
                "raw-to-curated-policy",
                "curate-tables-policy",
                "tables-optimizer-policy",
                "drop-to-raw-orders-policy",
                "api-ingest-policy",
                "warehouse-role-policy",
                "emr-job-policy",
            ]) {
                expect(
                    names.some((n) => n.includes(part)),
                    part,
                ).to.equal(true);
            }
            expect(names.filter((n) => n.includes("governance-"))).to.have.length(PERSONAS.length);
            for (const { name, doc } of found) {
                expect(
                    doc.Statement.find((s) => s.Sid === "UseCatalogKey"),
                    name,
                ).to.deep.equal({ Sid: "UseCatalogKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"], Resource: [keyArn] });
            }
        });
    }

    it("an unencrypted catalog (the default): no role is granted a catalog key", async () => {
        const lake = await program("dev", readers);
        for (const { name, doc } of catalogReaders(lake))
            expect(
                doc.Statement.map((s) => s.Sid),
                name,
            ).not.to.include("UseCatalogKey");
    });
});
