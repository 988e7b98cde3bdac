import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { IngestRecordFields } from "../../../lib/contract";
import { parseConfig } from "../../../lib/config";
import {
    CATALOG_DEFAULTS,
    catalogWithDefaults,
    crawlerConfiguration,
    crawlerExclusions,
    recrawlBehavior,
    schemaChangePolicy,
    crawlerPolicy,
    STREAM_COLUMNS,
    STREAM_PARTITION_KEY,
    datehourValue,
    jsonSerdeParameters,
    streamTableParameters,
    streamsWithTables,
} from "../../../components/catalog";
import { streamPrefix } from "../../../components/ingest";
import { isValidGlueName } from "../../../lib/names";
import { CATALOG_READ_ACTIONS, CATALOG_WRITE_ACTIONS } from "../../lib/expected-iam";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

describe("Catalog settings and their defaults", () => {
    it("applies the defaults the stack config resolves to (lib/config takes them from here)", () => {
        expect(catalogWithDefaults({})).to.deep.equal(CATALOG_DEFAULTS);
        expect(catalogWithDefaults({})).to.deep.equal(parseConfig({}).catalog);
        expect(catalogWithDefaults({ recrawl: "everything", streamsSince: "2024-06-01" })).to.include({
            recrawl: "everything",
            streamsSince: "2024-06-01",
            crawlerSchedule: "cron(0 3 * * ? *)",
        });
    });

    it("refuses what the stack config refuses, with the same reasons", () => {
        expect(() => catalogWithDefaults({ recrawl: "events", deleteBehavior: "DELETE_FROM_DATABASE" })).to.throw(
            /deleteBehavior: S3 event mode crawlers cannot delete/,
        );
        const key = "arn:aws:kms:eu-west-1:123456789012:key/k";
        expect(() => catalogWithDefaults({ manageAccountEncryption: true, accountEncryptionKeyArn: key })).to.throw(
            /accountEncryptionKeyArn: .*uses its analytics key/,
        );
        expect(catalogWithDefaults({ accountEncryptionKeyArn: key }).accountEncryptionKeyArn).to.equal(key);
    });
});

describe("Glue crawler settings", () => {
    it("asks for one schema per path and partitions that inherit from the table", () => {
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
    it("projects one hourly date key, spelling the Firehose year=/month=/day=/hour= prefix, from the configured day to now", () => {
        const p = streamTableParameters("drop-bucket", "impressions", "GZIP", "2024-03-01");
        expect(p).to.include({
            "projection.enabled": "true",
            "projection.datehour.type": "date",
            "projection.datehour.format": "'year='yyyy'/month='MM'/day='dd'/hour='HH",
            "projection.datehour.range": "year=2024/month=03/day=01/hour=00,NOW",
            "projection.datehour.interval": "1",
            "projection.datehour.interval.unit": "HOURS",
            compressionType: "gzip",
            "storage.location.template": "s3://drop-bucket/streams/impressions/${datehour}/",
        });
        expect(Object.keys(p).filter((k) => /^projection\.(year|month|day|hour)\./.test(k))).to.deep.equal([]);
        expect(streamTableParameters("b", "clicks", "UNCOMPRESSED", "2025-01-01").compressionType).to.equal("none");
        expect(() => streamTableParameters("b", "clicks", "GZIP", "2025/01/01")).to.throw(/YYYY-MM-DD/);
    });

    it("a datehour value is the prefix Firehose writes for that hour (stream-layout.ts)", () => {
        const hour = new Date("2026-11-23T01:59:00Z");
        expect(datehourValue(hour)).to.equal("year=2026/month=11/day=23/hour=01");
        const written = streamPrefix("clicks")
            .replace("!{timestamp:yyyy}", "2026")
            .replace("!{timestamp:MM}", "11")
            .replace("!{timestamp:dd}", "23")
            .replace("!{timestamp:HH}", "01");
        expect(written).to.equal(`streams/clicks/${datehourValue(hour)}/`);
        expect(STREAM_PARTITION_KEY).to.equal("datehour");
    });

    it("gives tables only to streams of known shape", () => {
        expect(streamsWithTables([{ name: "events" }, { name: "custom" }, { name: "telemetry" }])).to.deep.equal(["events", "telemetry"]);
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
        expect(crawlerPolicy({ ...args, eventQueueArns: ["q", "dlq"] }).Statement.find((s) => s.Sid === "ConsumeEventQueue")!.Resource).to.deep.equal([
            "q",
            "dlq",
        ]);
    });

    it("grants no zone key for a bucket without one (SSE-S3)", () => {
        const args = { scope, bucketArn: "arn:aws:s3:::sales", database: "d_sales", analyticsKeyArn: "k-a", crawlerName: "d_sales_crawler" };
        const sids = crawlerPolicy(args).Statement.map((s) => s.Sid);
        expect(sids).not.to.include("DecryptZone");
        expect(sids).to.include.members(["ReadZoneObjects", "UseAnalyticsKey", "MaintainZoneCatalog"]);
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
                    Action: [...CATALOG_READ_ACTIONS, ...CATALOG_WRITE_ACTIONS, "glue:DeleteTable", "glue:DeletePartition", "glue:BatchDeletePartition"],
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
