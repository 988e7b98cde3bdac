import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { IngestRecordFields } from "../../../lib/contract";
import { parseConfig } from "../../../lib/config";
import { crawlerConfiguration, crawlerExclusions, recrawlBehavior, schemaChangePolicy, crawlerPolicy, STREAM_COLUMNS, jsonSerdeParameters, streamTableParameters, streamsWithTables } from "../../../components/catalog";
import { isValidGlueName } from "../../../lib/names";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

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
            Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, "../../../functions/ingest-api/schemas", file), "utf8")).properties);
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

describe("Crawler role document", () => {
    it("gives a crawler its zone only, and queue access only in event mode", () => {
        const args = { scope, bucketArn: "arn:aws:s3:::raw", bucketKeyArn: "k-raw", database: "d_raw", analyticsKeyArn: "k-a", crawlerName: "d_raw_crawler" };
        const plain = crawlerPolicy(args);
        expect(plain.Statement.map((s) => s.Sid)).not.to.include("ConsumeEventQueue");
        expect(JSON.stringify(plain)).to.contain("database/d_raw").and.not.contain("database/d_drop");
        expect(crawlerPolicy({ ...args, eventQueueArns: ["q", "dlq"] }).Statement.find((s) => s.Sid === "ConsumeEventQueue")!.Resource).to.deep.equal(["q", "dlq"]);
    });

    it("is exactly these statements: its zone, its keys, its database, its own log stream of the crawler log groups", () => {
        const args = { scope, bucketArn: "arn:aws:s3:::raw", bucketKeyArn: "k-raw", database: "d_raw", analyticsKeyArn: "k-a", crawlerName: "d_raw_crawler" };
        const glue = "arn:aws:glue:eu-west-1:123456789012";
        const groups = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue";
        expect(crawlerPolicy(args)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadZoneObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::raw/*" },
                { Sid: "ListZoneBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::raw" },
                { Sid: "DecryptZone", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["k-raw"] },
                { Sid: "UseAnalyticsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: ["k-a"] },
                {
                    Sid: "MaintainZoneCatalog",
                    Effect: "Allow",
                    Action: [
                        "glue:GetDatabase",
                        "glue:GetTable",
                        "glue:GetTables",
                        "glue:GetPartition",
                        "glue:GetPartitions",
                        "glue:BatchGetPartition",
                        "glue:GetUserDefinedFunctions",
                        "glue:CreateTable",
                        "glue:UpdateTable",
                        "glue:CreatePartition",
                        "glue:BatchCreatePartition",
                        "glue:UpdatePartition",
                        "glue:BatchUpdatePartition",
                        "glue:DeleteTable",
                        "glue:DeletePartition",
                        "glue:BatchDeletePartition",
                    ],
                    Resource: [`${glue}:catalog`, `${glue}:database/d_raw`, `${glue}:table/d_raw/*`, `${glue}:userDefinedFunction/d_raw/*`],
                },
                {
                    Sid: "WriteGlueLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
                    Resource: [
                        `${groups}/crawlers`,
                        `${groups}/crawlers-role/*`,
                        `${groups}/crawlers:log-stream:d_raw_crawler`,
                        `${groups}/crawlers-role/*:log-stream:d_raw_crawler`,
                    ],
                },
            ],
        });
    });
});
