import { expect } from "chai";
import { Catalog } from "../../../components/catalog";
import { parseConfig } from "../../../lib/config";
import { isValidGlueName } from "../../../lib/names";
import { ACCOUNT, REGION, Recorded, ofType, record, zone } from "./harness";

const ANALYTICS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;

function build(raw: Record<string, unknown> = {}, queues = false) {
    const config = parseConfig(raw);
    return () =>
        new Catalog("lake-catalog", {
            zones: config.zones.map((z) => ({
                ...zone(z.name),
                eventQueue: queues
                    ? { queueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${z.name}-crawler`, dlqArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${z.name}-crawler-dlq` }
                    : undefined,
            })),
            streams: config.streams,
            ...config.catalog,
            analyticsKeyArn: ANALYTICS_KEY,
            context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } },
            landingZone: config.zoneRoles.landing,
        });
}

describe("Catalog component (mocks)", () => {
    let all: Recorded[];
    before(async () => {
        all = await record(build());
    });

    it("leaves the account's Data Catalog encryption alone by default; with catalog.manageAccountEncryption, SSE-KMS and encrypted passwords with the analytics key", async () => {
        const type = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
        expect(ofType(all, type)).to.have.length(0);
        const managed = ofType(await record(build({ catalog: { manageAccountEncryption: true } })), type);
        expect(managed).to.have.length(1);
        expect(managed[0].inputs.dataCatalogEncryptionSettings).to.deep.equal({
            encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: ANALYTICS_KEY },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: ANALYTICS_KEY },
        });
    });

    it("creates one Glue database per zone with valid, stack-scoped names", () => {
        const names = ofType(all, "aws:glue/catalogDatabase:CatalogDatabase").map((d) => d.inputs.name);
        expect(names).to.have.members(["datalake_dev_drop", "datalake_dev_raw", "datalake_dev_curated"]);
        expect(names.every(isValidGlueName)).to.equal(true);
    });

    it("creates one crawler per zone with the reference-000 options, a daily schedule and new-folders recrawl", () => {
        const crawlers = ofType(all, "aws:glue/crawler:Crawler");
        expect(crawlers.map((c) => c.inputs.databaseName)).to.have.members(["datalake_dev_drop", "datalake_dev_raw", "datalake_dev_curated"]);
        for (const c of crawlers) {
            expect(isValidGlueName(c.inputs.name)).to.equal(true);
            expect(c.inputs.schedule).to.equal("cron(0 3 * * ? *)");
            const configuration = JSON.parse(c.inputs.configuration);
            expect(configuration.Grouping.TableGroupingPolicy).to.equal("CombineCompatibleSchemas");
            expect(configuration.CrawlerOutput.Partitions.AddOrUpdateBehavior).to.equal("InheritFromTable");
            expect(c.inputs.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
            expect(c.inputs.schemaChangePolicy).to.deep.equal({ updateBehavior: "LOG", deleteBehavior: "LOG" });
            expect(c.inputs.securityConfiguration).to.equal("datalake_dev_crawlers");
            expect(c.inputs.s3Targets).to.have.length(1);
            expect(c.inputs.s3Targets[0].exclusions).to.include("quarantine/**");
            expect(c.inputs.s3Targets[0].eventQueueArn).to.equal(undefined);
        }
        const drop = crawlers.find((c) => c.inputs.databaseName === "datalake_dev_drop")!;
        expect(drop.inputs.s3Targets[0].path).to.equal(`s3://${zone("drop").bucketName}/`);
        expect(drop.inputs.s3Targets[0].exclusions).to.deep.equal(["quarantine/**", "streams/events/**", "streams/impressions/**", "streams/clicks/**"]);
    });

    it("encrypts crawler logs, bookmarks and S3 with the analytics key", () => {
        const [sc] = ofType(all, "aws:glue/securityConfiguration:SecurityConfiguration");
        const e = sc.inputs.encryptionConfiguration;
        expect(e.s3Encryption).to.deep.equal({ s3EncryptionMode: "SSE-KMS", kmsKeyArn: ANALYTICS_KEY });
        expect(e.cloudwatchEncryption).to.deep.equal({ cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: ANALYTICS_KEY });
        expect(e.jobBookmarksEncryption).to.deep.equal({ jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: ANALYTICS_KEY });
    });

    it("scopes each crawler role to its zone bucket, key and database, with no managed policies", () => {
        expect(ofType(all, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
        const policy = ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("-raw-"))!;
        const doc = JSON.parse(policy.inputs.policy);
        const resources = doc.Statement.flatMap((s: any) => [].concat(s.Resource));
        expect(resources).to.include(`${zone("raw").bucketArn}/*`);
        expect(resources).to.include(zone("raw").keyArn);
        expect(resources).to.include(`arn:aws:glue:${REGION}:${ACCOUNT}:database/datalake_dev_raw`);
        expect(resources.join(" ")).not.to.contain("drop");
        expect(resources.join(" ")).not.to.contain("curated");
    });

    it("declares a partition-projected JSON table per stream in the landing database", () => {
        const tables = ofType(all, "aws:glue/catalogTable:CatalogTable");
        expect(tables.map((t) => t.inputs.name)).to.have.members(["events", "impressions", "clicks"]);
        const clicks = tables.find((t) => t.inputs.name === "clicks")!;
        expect(clicks.inputs.databaseName).to.equal("datalake_dev_drop");
        expect(clicks.inputs.tableType).to.equal("EXTERNAL_TABLE");
        expect(clicks.inputs.parameters["projection.enabled"]).to.equal("true");
        // One date-projected key over the whole Firehose hour prefix, hourly since catalog.streamsSince (default 2025-01-01).
        expect(clicks.inputs.parameters["storage.location.template"]).to.equal(`s3://${zone("drop").bucketName}/streams/clicks/\${datehour}/`);
        expect(clicks.inputs.parameters).to.include({
            "projection.datehour.type": "date",
            "projection.datehour.format": "'year='yyyy'/month='MM'/day='dd'/hour='HH",
            "projection.datehour.range": "year=2025/month=01/day=01/hour=00,NOW",
            "projection.datehour.interval.unit": "HOURS",
        });
        expect(clicks.inputs.partitionKeys.map((k: any) => [k.name, k.type])).to.deep.equal([["datehour", "string"]]);
        expect(clicks.inputs.storageDescriptor.serDeInfo.serializationLibrary).to.equal("org.openx.data.jsonserde.JsonSerDe");
        expect(clicks.inputs.storageDescriptor.columns.map((c: any) => c.name)).to.include.members([
            "ad_id",
            "impression_id",
            "user_id",
            "timestamp",
            "received_at",
            "request_id",
        ]);
        const events = tables.find((t) => t.inputs.name === "events")!;
        expect(events.inputs.storageDescriptor.serDeInfo.parameters["mapping.user_id"]).to.equal("userId");
    });

    it("adds a telemetry table with the reference-004 fields when that stream is configured", async () => {
        const withTelemetry = await record(build({ streams: [{ name: "telemetry" }], ingestApi: { enabled: false } }));
        const [t] = ofType(withTelemetry, "aws:glue/catalogTable:CatalogTable");
        expect(t.inputs.storageDescriptor.columns.map((c: any) => c.name)).to.deep.equal([
            "uuid",
            "device_ts",
            "device_id",
            "device_temp",
            "track_id",
            "activity_type",
        ]);
    });

    it("S3 event mode: crawlers read their event queue and DLQ, with the configured schema policy", async () => {
        const events = await record(build({ catalog: { recrawl: "events", updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" } }, true));
        for (const c of ofType(events, "aws:glue/crawler:Crawler")) {
            expect(c.inputs.recrawlPolicy.recrawlBehavior).to.equal("CRAWL_EVENT_MODE");
            expect(c.inputs.s3Targets[0].eventQueueArn).to.match(/-crawler$/);
            expect(c.inputs.s3Targets[0].dlqEventQueueArn).to.match(/-crawler-dlq$/);
            expect(c.inputs.schemaChangePolicy).to.deep.equal({ updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" });
        }
        const policy = JSON.parse(ofType(events, "aws:iam/rolePolicy:RolePolicy")[0].inputs.policy);
        expect(policy.Statement.map((s: any) => s.Sid)).to.include("ConsumeEventQueue");
    });

    it("refuses S3 event mode without the zones' event queues", async () => {
        let error: unknown;
        try {
            await record(build({ catalog: { recrawl: "events", deleteBehavior: "LOG" } }, false));
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.match(/needs a crawler event queue for zones drop, raw, curated/);
    });

    it("built with only what it needs (context, zones, analytics key): the default crawlers, the first zone as landing, no stream tables", async () => {
        const alone = await record(
            () =>
                new Catalog("catalog", {
                    context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } },
                    zones: [zone("sales"), zone("clickstream")],
                    analyticsKeyArn: ANALYTICS_KEY,
                }),
        );
        const crawlers = ofType(alone, "aws:glue/crawler:Crawler");
        expect(crawlers.map((c) => c.inputs.databaseName)).to.have.members(["datalake_dev_sales", "datalake_dev_clickstream"]);
        for (const c of crawlers) {
            expect(c.inputs.schedule).to.equal("cron(0 3 * * ? *)");
            expect(c.inputs.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
            expect(c.inputs.s3Targets[0].exclusions).to.deep.equal(["quarantine/**"]);
        }
        expect(ofType(alone, "aws:glue/catalogTable:CatalogTable")).to.deep.equal([]);
        expect(ofType(alone, "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings")).to.deep.equal([]);
    });

    it("a landing zone that is not among the zones, or settings the config would refuse, fail at construction", async () => {
        const base = { context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } }, zones: [zone("sales")], analyticsKeyArn: ANALYTICS_KEY };
        const failure = (args: object) => record(() => new Catalog("catalog", { ...base, ...args })).then(() => "built", String);
        expect(await failure({ landingZone: "drop" })).to.match(/the landing zone drop is not among sales/);
        expect(await failure({ recrawl: "events", deleteBehavior: "DELETE_FROM_DATABASE", zones: [] })).to.match(/S3 event mode crawlers cannot delete/);
    });
});
