import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { IngestRecordFields } from "../../lib/contract";
import { parseConfig } from "../../lib/config";
import { crawlerConfiguration, crawlerExclusions, recrawlBehavior, schemaChangePolicy } from "../../lib/glue-crawler";
import { allSucceeded, batchWorkerType, dropToRawArguments, jobNames, sparkJobArguments, workflowPlan } from "../../lib/glue-etl";
import { analyticsKeyPolicy, crawlerPolicy, jobPolicy } from "../../lib/glue-iam";
import { assertUniqueNames, databaseName, glueName, isValidGlueName } from "../../lib/glue-names";
import { STREAM_COLUMNS, jsonSerdeParameters, streamTableParameters, streamsWithTables } from "../../lib/glue-tables";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

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
        expect(jobNames.dropToRaw("datalake", "dev", "orders")).to.equal("datalake_dev_drop_to_raw_orders");
        expect(() => assertUniqueNames(["a", "b", "a"], "Glue job")).to.throw("Duplicate Glue job names: a");
    });
});

describe("Glue crawler settings", () => {
    it("asks for one schema per path and partitions that inherit from the table (reference 000)", () => {
        expect(JSON.parse(crawlerConfiguration())).to.deep.equal({
            Version: 1,
            Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
            CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
        });
    });

    it("maps recrawl modes, forcing LOG/LOG where Glue requires it for new-folders-only crawls", () => {
        expect(recrawlBehavior("new-folders")).to.equal("CRAWL_NEW_FOLDERS_ONLY");
        expect(recrawlBehavior("events")).to.equal("CRAWL_EVENT_MODE");
        expect(recrawlBehavior("everything")).to.equal("CRAWL_EVERYTHING");
        const defaults = parseConfig({}).catalog;
        expect(defaults.crawlerSchedule).to.equal("cron(0 3 * * ? *)");
        expect(schemaChangePolicy(defaults)).to.deep.equal({ updateBehavior: "LOG", deleteBehavior: "LOG" });
        const everything = parseConfig({ catalog: { recrawl: "everything" } }).catalog;
        expect(schemaChangePolicy(everything)).to.deep.equal({ updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "DEPRECATE_IN_DATABASE" });
    });

    it("excludes quarantine and the stream prefixes that have explicit tables", () => {
        expect(crawlerExclusions()).to.deep.equal(["quarantine/**"]);
        expect(crawlerExclusions(["clicks"])).to.deep.equal(["quarantine/**", "streams/clicks/**"]);
    });
});

describe("Stream tables", () => {
    it("projects year/month/day/hour over the Firehose prefix", () => {
        const p = streamTableParameters("drop-bucket", "impressions", "GZIP", { from: 2026, to: 2030 });
        expect(p).to.include({
            "projection.enabled": "true",
            "projection.year.type": "integer",
            "projection.year.range": "2026,2030",
            "projection.month.range": "1,12",
            "projection.month.digits": "2",
            "projection.day.range": "1,31",
            "projection.day.digits": "2",
            "projection.hour.range": "0,23",
            "projection.hour.digits": "2",
            compressionType: "gzip",
            "storage.location.template": "s3://drop-bucket/streams/impressions/year=${year}/month=${month}/day=${day}/hour=${hour}/",
        });
        expect(streamTableParameters("b", "clicks", "UNCOMPRESSED").compressionType).to.equal("none");
        expect(() => streamTableParameters("b", "clicks", "GZIP", { from: 2030, to: 2020 })).to.throw(/from <= to/);
    });

    it("gives tables only to streams of known shape in a compression Athena reads", () => {
        expect(
            streamsWithTables([
                { name: "events", compression: "GZIP" },
                { name: "clicks", compression: "Snappy" },
                { name: "custom", compression: "GZIP" },
                { name: "telemetry", compression: "UNCOMPRESSED" },
            ]),
        ).to.deep.equal(["events", "telemetry"]);
    });

    it("has a column for every field the ingest API writes into each stream", () => {
        const schema = (file: string) =>
            Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, "../../functions/ingest-api/schemas", file), "utf8")).properties);
        const keys = (stream: string) => STREAM_COLUMNS[stream].map((c) => c.jsonKey ?? c.name);
        const stamped = Object.values(IngestRecordFields);
        const track = [...schema("event.schema.json"), "userId"];
        const events = [...track, ...schema("aliasBody.schema.json"), ...schema("profileBody.schema.json"), ...stamped];
        expect(keys("events")).to.have.members([...new Set(events)]);
        expect(keys("impressions")).to.have.members([...schema("impression.schema.json"), ...stamped]);
        expect(keys("clicks")).to.have.members([...schema("click.schema.json"), ...stamped]);
    });

    it("maps camelCase JSON keys to snake_case columns, case-sensitively", () => {
        const p = jsonSerdeParameters(STREAM_COLUMNS.events);
        expect(p).to.include({ "case.insensitive": "FALSE", "mapping.user_id": "userId", "mapping.timestamp_utc": "timestampUTC" });
        for (const cols of Object.values(STREAM_COLUMNS)) for (const c of cols) expect(isValidGlueName(c.name), c.name).to.equal(true);
    });
});

describe("Glue ETL contract", () => {
    it("turns bookmarks, metrics and continuous logs on for Spark jobs", () => {
        expect(sparkJobArguments("s3://a/tmp/", "s3://a/p.zip")).to.include({
            "--job-bookmark-option": "job-bookmark-enable",
            "--enable-metrics": "true",
            "--enable-continuous-cloudwatch-log": "true",
            "--enable-observability-metrics": "true",
            "--TempDir": "s3://a/tmp/",
            "--extra-py-files": "s3://a/p.zip",
            "--conf": "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs=false",
        });
    });

    it("refuses the streaming-only G.025X worker for batch jobs", () => {
        expect(batchWorkerType("G.2X")).to.equal("G.2X");
        expect(() => batchWorkerType("G.025X")).to.throw(/streaming jobs only/);
    });

    it("keeps a drop -> raw job's bad rows in the raw zone it writes", () => {
        const a = dropToRawArguments({ table: "orders", dropBucket: "d", rawBucket: "r", dropDatabase: "x_drop", rawDatabase: "x_raw" });
        expect(a["--quarantine_path"]).to.equal("s3://r/quarantine/orders/");
    });

    it("waits for every drop -> raw job with SUCCEEDED and refuses an empty predicate", () => {
        expect(allSucceeded(["a", "b"])).to.deep.equal({
            logical: "AND",
            conditions: [
                { jobName: "a", state: "SUCCEEDED", logicalOperator: "EQUALS" },
                { jobName: "b", state: "SUCCEEDED", logicalOperator: "EQUALS" },
            ],
        });
        expect(() => allSucceeded([])).to.throw(/at least one/);
    });

    it("schedules the drop -> raw jobs and starts raw -> curated when they all succeeded", () => {
        expect(workflowPlan(["d1", "d2"], "c")).to.deep.equal({ scheduled: ["d1", "d2"], afterRaw: { waitFor: ["d1", "d2"], start: "c" } });
        expect(workflowPlan(["d1"])).to.deep.equal({ scheduled: ["d1"], afterRaw: undefined });
    });

    it("without drop -> raw jobs (no Glue-owned table) schedules raw -> curated itself", () => {
        expect(workflowPlan([], "c")).to.deep.equal({ scheduled: ["c"] });
        expect(workflowPlan([])).to.deep.equal({ scheduled: [] });
    });
});

describe("Glue IAM documents", () => {
    it("lets CloudWatch Logs use the analytics key for Glue log groups only", () => {
        const s = analyticsKeyPolicy(scope).Statement.find((x) => x.Sid === "AllowGlueLogGroups")!;
        expect(s.Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
        expect(s.Condition).to.deep.equal({
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*" },
        });
    });

    it("gives a crawler its zone only, and queue access only in event mode", () => {
        const args = { scope, bucketArn: "arn:aws:s3:::raw", bucketKeyArn: "k-raw", database: "d_raw", analyticsKeyArn: "k-a" };
        const plain = crawlerPolicy(args);
        expect(plain.Statement.map((s) => s.Sid)).not.to.include("ConsumeEventQueue");
        expect(JSON.stringify(plain)).to.contain("database/d_raw").and.not.contain("database/d_drop");
        expect(crawlerPolicy({ ...args, eventQueueArns: ["q", "dlq"] }).Statement.find((s) => s.Sid === "ConsumeEventQueue")!.Resource).to.deep.equal(["q", "dlq"]);
    });

    it("limits a job's listing to its prefixes and its catalog writes to its target databases", () => {
        const doc = jobPolicy({
            scope,
            reads: [{ bucketArn: "arn:aws:s3:::drop", keyArn: "k-drop", database: "d_drop", prefixes: ["orders/"] }],
            writes: [{ bucketArn: "arn:aws:s3:::raw", keyArn: "k-raw", database: "d_raw", prefixes: ["orders/"] }],
            artifactsBucketArn: "arn:aws:s3:::art",
            scriptsPrefix: "glue/",
            tempPrefix: "glue-temp/job/",
            analyticsKeyArn: "k-a",
        });
        const sid = (id: string) => doc.Statement.find((s) => s.Sid === id)!;
        expect(sid("ListSource0").Condition).to.deep.equal({ StringLike: { "s3:prefix": ["orders", "orders/", "orders/*"] } });
        expect(sid("ReadScripts").Resource).to.deep.equal(["arn:aws:s3:::art/glue/*"]);
        expect(JSON.stringify(sid("WriteCatalog").Resource)).to.contain("database/d_raw").and.not.contain("d_drop");
        expect(JSON.stringify(sid("ReadCatalog").Resource)).to.contain("database/d_drop").and.contain("database/default");
    });
});
