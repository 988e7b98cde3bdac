import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, LOG_RETENTION_DAYS, loadConfig, parseConfig } from "../../lib/config";
import { configErrorOf } from "./config-errors";

describe("lib/config", () => {
    describe("defaults", () => {
        const c = parseConfig({});
        it("dev, three zones drop -> raw -> curated", () => {
            expect(c.environment).to.equal("dev");
            expect(c.zones.map((z) => z.name)).to.deep.equal(["drop", "raw", "curated"]);
        });
        it("lifecycle by position: landing expires, raw tiers to IA then Glacier Instant Retrieval, curated to IA", () => {
            expect(c.zones[0].lifecycle).to.deep.equal({
                expireDays: 30,
                quarantineRetentionDays: 365,
                noncurrentExpireDays: 30,
                abortMultipartDays: 7,
                archiveStorageClass: "GLACIER_IR",
            });
            expect(c.zones.every((z) => z.lifecycle.quarantineRetentionDays === 365)).to.equal(true);
            expect(c.zones[1].lifecycle).to.include({ infrequentAccessDays: 30, glacierDays: 90, archiveStorageClass: "GLACIER_IR" });
            expect(c.zones[2].lifecycle).to.include({ infrequentAccessDays: 90 });
            expect(c.zones.every((z) => z.lifecycle.abortMultipartDays === 7)).to.equal(true);
        });
        it("processor settings: 2 GiB objects, a 3 GiB gzip cap", () => {
            expect(c.processor).to.deep.equal({
                memoryMb: 2048,
                timeoutSeconds: 300,
                ephemeralStorageMb: 4096,
                batchSize: 5,
                maxBatchingWindowSeconds: 0,
                maxReceiveCount: 5,
                maxObjectBytes: 2 * 1024 ** 3,
                maxDecompressedBytes: 3 * 1024 ** 3,
                reconcileSchedule: "cron(0 6 * * ? *)",
                reconcileAfterHours: 24,
            });
        });
        it("no alarm e-mail and no curation", () => {
            expect(c.alarmEmail).to.equal(undefined);
            expect(c.curation).to.deep.equal({});
        });
        it("no Glue drop -> raw tables: every dataset goes through the Lambda", () => {
            expect(c.etl.tables).to.deep.equal([]);
            expect(parseConfig({ etl: { tables: ["orders"] } }).etl.tables).to.deep.equal(["orders"]);
        });
    });

    describe("loadConfig: the stack's datalake:* keys", () => {
        let saved: Record<string, string>;
        beforeEach(() => (saved = pulumi.runtime.allConfig()));
        afterEach(() => pulumi.runtime.setAllConfig(saved));

        it("structured values are JSON, plain strings are taken as they are, other namespaces are ignored", () => {
            pulumi.runtime.setAllConfig({
                "datalake:environment": "prod",
                "datalake:alarmEmail": "oncall@example.com",
                "datalake:processor": JSON.stringify({ memoryMb: 1024 }),
                "datalake:logRetentionDays": "30",
                "aws:region": "eu-west-1",
            });
            const c = loadConfig();
            expect([c.environment, c.alarmEmail, c.processor.memoryMb, c.logRetentionDays]).to.deep.equal(["prod", "oncall@example.com", 1024, 30]);
        });
        it("no keys: the defaults", () => {
            pulumi.runtime.setAllConfig({});
            expect(loadConfig()).to.deep.equal(parseConfig({}));
        });
        it("a bad value fails naming the key", () => {
            pulumi.runtime.setAllConfig({ "datalake:processor": JSON.stringify({ memoryMb: 1 }) });
            expect(() => loadConfig()).to.throw(ConfigError, "datalake:processor.memoryMb = 1: Too small");
        });
    });

    describe("environment implications", () => {
        it("dev: destroyable, 14-day logs", () => {
            const c = parseConfig({ environment: "dev" });
            expect(c.retainData).to.equal(false);
            expect(c.logRetentionDays).to.equal(14);
        });
        it("prod: retained data, 365-day logs", () => {
            const c = parseConfig({ environment: "prod" });
            expect(c.retainData).to.equal(true);
            expect(c.logRetentionDays).to.equal(365);
        });
        it("an explicit log retention wins", () => {
            expect(parseConfig({ environment: "prod", logRetentionDays: 731 }).logRetentionDays).to.equal(731);
        });
        it("WAF on the ingest API: on in prod, off in dev, 2000 requests per IP per 5 minutes; explicit settings win", () => {
            expect(parseConfig({ environment: "prod" }).ingestApi.waf).to.deep.equal({ enabled: true, ipRateLimit: 2000 });
            expect(parseConfig({ environment: "dev" }).ingestApi.waf).to.deep.equal({ enabled: false, ipRateLimit: 2000 });
            expect(parseConfig({ environment: "prod", ingestApi: { waf: { enabled: false } } }).ingestApi.waf.enabled).to.equal(false);
            expect(parseConfig({ ingestApi: { waf: { enabled: true, ipRateLimit: 100 } } }).ingestApi.waf).to.deep.equal({ enabled: true, ipRateLimit: 100 });
            expect(configErrorOf({ ingestApi: { waf: { ipRateLimit: 99 } } })).to.contain("datalake:ingestApi.waf.ipRateLimit = 99");
            expect(configErrorOf({ ingestApi: { waf: { rules: [] } } })).to.contain("datalake:ingestApi.waf");
        });
        it("the account's Data Catalog encryption is not managed unless a stack opts in (one per account)", () => {
            expect(parseConfig({ environment: "prod" }).catalog.manageAccountEncryption).to.equal(false);
            expect(parseConfig({ catalog: { manageAccountEncryption: true } }).catalog.manageAccountEncryption).to.equal(true);
            expect(configErrorOf({ catalog: { manageAccountEncryption: "yes" } })).to.contain("datalake:catalog.manageAccountEncryption");
        });
        it("a stack that does not manage the catalog's encryption names the account's catalog key; one that does may not name another", () => {
            const key = "arn:aws:kms:eu-west-1:123456789012:key/0d6b6a37-3c1e-4f4e-9a44-2b8d6c4f0e11";
            expect(parseConfig({}).catalog.accountEncryptionKeyArn).to.equal(undefined);
            expect(parseConfig({ catalog: { accountEncryptionKeyArn: key } }).catalog.accountEncryptionKeyArn).to.equal(key);
            expect(configErrorOf({ catalog: { accountEncryptionKeyArn: "alias/catalog" } })).to.contain("datalake:catalog.accountEncryptionKeyArn");
            expect(configErrorOf({ catalog: { manageAccountEncryption: true, accountEncryptionKeyArn: key } }))
                .to.contain("datalake:catalog.accountEncryptionKeyArn")
                .and.contain("uses its analytics key");
        });
    });

    it("a zone's lifecycle overrides only what it names", () => {
        const c = parseConfig({
            zones: [
                { name: "landing", lifecycle: { expireDays: 3 } },
                { name: "raw", lifecycle: { glacierDays: 200 } },
            ],
        });
        expect(c.zones[0].lifecycle).to.include({ expireDays: 3, noncurrentExpireDays: 30 });
        expect(c.zones[1].lifecycle).to.include({ infrequentAccessDays: 30, glacierDays: 200 });
    });

    it("quarantineRetentionDays: 1 and 3650 are taken, 0 and 3651 fail naming the key", () => {
        const zones = (d: number) => [{ name: "drop", lifecycle: { expireDays: 1, quarantineRetentionDays: d } }, { name: "raw" }];
        expect([1, 3650].map((d) => parseConfig({ zones: zones(d) }).zones[0].lifecycle.quarantineRetentionDays)).to.deep.equal([1, 3650]);
        expect(configErrorOf({ zones: zones(0) })).to.contain("datalake:zones.0.lifecycle.quarantineRetentionDays = 0");
        expect(configErrorOf({ zones: zones(3651) })).to.contain("datalake:zones.0.lifecycle.quarantineRetentionDays = 3651");
    });

    describe("errors name the key, the bad value and what is allowed", () => {
        it("environment", () => {
            const m = configErrorOf({ environment: "staging" });
            expect(m).to.contain("datalake:environment").and.contain('"staging"').and.contain("dev").and.contain("prod");
        });
        it("log retention not accepted by CloudWatch", () => {
            const m = configErrorOf({ logRetentionDays: 10 });
            expect(m).to.contain("datalake:logRetentionDays = 10").and.contain(LOG_RETENTION_DAYS.join(", "));
        });
        it("a bad zone name, with its index", () => {
            const m = configErrorOf({ zones: [{ name: "Drop" }, { name: "raw" }] });
            expect(m).to.contain("datalake:zones.0.name").and.contain('"Drop"').and.contain("lowercase");
        });
        it("fewer than two zones", () => {
            expect(configErrorOf({ zones: [{ name: "only" }] })).to.contain("datalake:zones");
        });
        it("duplicate zone names", () => {
            expect(configErrorOf({ zones: [{ name: "raw" }, { name: "raw" }] }))
                .to.contain("datalake:zones")
                .and.contain("unique");
        });
        it("an unknown key inside a section", () => {
            expect(configErrorOf({ processor: { memory: 1024 } }))
                .to.contain("datalake:processor")
                .and.contain("memory");
        });
        it("a processor timeout above Lambda's 900 s", () => {
            expect(parseConfig({ processor: { timeoutSeconds: 900 } }).processor.timeoutSeconds).to.equal(900);
            const m = configErrorOf({ processor: { timeoutSeconds: 1000 } });
            expect(m).to.contain("datalake:processor.timeoutSeconds = 1000").and.contain("900");
        });
        it("a gzip cap that does not fit in /tmp", () => {
            expect(parseConfig({}).processor.maxDecompressedBytes).to.be.below(4096 * 1024 ** 2);
            const m = configErrorOf({ processor: { ephemeralStorageMb: 1024, maxDecompressedBytes: 2 * 1024 ** 3 } });
            expect(m).to.contain("datalake:processor.maxDecompressedBytes = 2147483648").and.contain("ephemeralStorageMb");
        });
        it("a batch above 10 without a batching window", () => {
            const m = configErrorOf({ processor: { batchSize: 50 } });
            expect(m).to.contain("datalake:processor.batchSize").and.contain("maxBatchingWindowSeconds");
        });
        it("Glacier sooner than 30 days after infrequent access", () => {
            const m = configErrorOf({ zones: [{ name: "drop" }, { name: "raw", lifecycle: { infrequentAccessDays: 30, glacierDays: 40 } }] });
            expect(m).to.contain("datalake:zones.1.lifecycle.glacierDays = 40").and.contain("infrequentAccessDays + 30");
        });
        it("GLACIER or DEEP_ARCHIVE on the zone the curate job reads", () => {
            for (const tier of ["GLACIER", "DEEP_ARCHIVE"]) {
                const m = configErrorOf({
                    zones: [{ name: "drop" }, { name: "raw", lifecycle: { glacierDays: 180, archiveStorageClass: tier } }, { name: "curated" }],
                });
                expect(m).to.contain(`datalake:zones.1.lifecycle.archiveStorageClass = "${tier}"`).and.contain("the curate job").and.contain("GLACIER_IR");
            }
            // Without a curated zone there is no such job; a later zone may archive deeply.
            const twoZones = parseConfig({ zones: [{ name: "drop" }, { name: "raw", lifecycle: { glacierDays: 180, archiveStorageClass: "GLACIER" } }] });
            expect(twoZones.zones[1].lifecycle.archiveStorageClass).to.equal("GLACIER");
            const curatedDeep = parseConfig({
                zones: [{ name: "drop" }, { name: "raw" }, { name: "curated", lifecycle: { glacierDays: 400, archiveStorageClass: "DEEP_ARCHIVE" } }],
            });
            expect(curatedDeep.zones[1].lifecycle).to.include({ glacierDays: 90, archiveStorageClass: "GLACIER_IR" });
        });
        it("an archive class S3 does not have", () => {
            const m = configErrorOf({ zones: [{ name: "drop" }, { name: "raw", lifecycle: { archiveStorageClass: "GLACIER_FLEXIBLE" } }] });
            expect(m).to.contain("datalake:zones.1.lifecycle.archiveStorageClass").and.contain("GLACIER_IR");
        });
        it("a stream projection start that is not a calendar date", () => {
            expect(configErrorOf({ catalog: { streamsSince: "2025-02-30" } }))
                .to.contain('datalake:catalog.streamsSince = "2025-02-30"')
                .and.contain("calendar date");
            expect(configErrorOf({ catalog: { streamsSince: "2025" } })).to.contain("YYYY-MM-DD");
            expect(parseConfig({}).catalog.streamsSince).to.equal("2025-01-01");
        });
        it("a transition below S3's 30-day minimum for STANDARD_IA", () => {
            const m = configErrorOf({ zones: [{ name: "drop" }, { name: "raw", lifecycle: { infrequentAccessDays: 10 } }] });
            expect(m).to.contain("datalake:zones.1.lifecycle.infrequentAccessDays = 10");
        });
        it("a curation cast to an unknown type", () => {
            const m = configErrorOf({ curation: { orders: { casts: { price: "MONEY" } } } });
            expect(m).to.contain("datalake:curation.orders.casts.price").and.contain('"MONEY"').and.contain("DOUBLE");
        });
        it("a curation rule that contradicts itself (a key column dropped)", () => {
            const m = configErrorOf({ curation: { orders: { keyColumns: ["order_id"], dropColumns: ["order_id"] } } });
            expect(m).to.contain("datalake:curation.orders").and.contain("key column 'order_id' is also dropped");
        });
        it("an orderColumn without keyColumns, or dropped; accepted with keys", () => {
            expect(configErrorOf({ curation: { events: { orderColumn: "received_at" } } })).to.contain(
                "orderColumn 'received_at' needs keyColumns (rows without keys are appended)",
            );
            expect(configErrorOf({ curation: { orders: { keyColumns: ["order_id"], orderColumn: "updated_at", dropColumns: ["updated_at"] } } })).to.contain(
                "orderColumn 'updated_at' is also dropped",
            );
            expect(configErrorOf({ curation: { orders: { keyColumns: ["order_id"], orderColumn: "Updated At" } } })).to.contain(
                "datalake:curation.orders.orderColumn",
            );
            const rule = { keyColumns: ["order_id"], orderColumn: "updated_at" };
            expect(parseConfig({ curation: { orders: rule } }).curation.orders).to.deep.equal(rule);
        });
        it("an alarm e-mail that is not one", () => {
            expect(configErrorOf({ alarmEmail: "oncall" })).to.contain('datalake:alarmEmail = "oncall"');
        });
        it("duplicate or reserved ETL table names", () => {
            expect(configErrorOf({ etl: { tables: ["orders", "orders"] } })).to.contain(
                'datalake:etl.tables = ["orders","orders"]: table names must be unique',
            );
            expect(configErrorOf({ etl: { tables: ["streams"] } })).to.contain('datalake:etl.tables.0 = "streams": not quarantine or streams');
            // One scheduled trigger starts every table's job: Glue's 50 jobs per trigger.
            const tables = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
            expect(configErrorOf({ etl: { tables: tables(51) } })).to.contain("at most 50 tables");
            expect(parseConfig({ etl: { tables: tables(50) } }).etl.tables).to.have.length(50);
        });
        it("every issue, not only the first", () => {
            const m = configErrorOf({ environment: "qa", logRetentionDays: 2 });
            expect(m).to.contain("datalake:environment").and.contain("datalake:logRetentionDays");
        });
    });
});
