import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { DataLake } from "../../components/data-lake";
import { lakeArgsFromConfig, loadConfig } from "../../lib/config";
import { Statement } from "../../lib/iam";
import { ACCOUNT_ID, recordResources, Resources, runProgram } from "../../harness/program";
import { childOf, describeStacks, json, lake, Lake, T, rejectionOf } from "./helpers";

describeStacks("DataLake", (l, stack) => {
    it("the curated Iceberg tables wait for the curated Glue database (and so are deleted before it)", () => {
        const db = l.res.all.find((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase" && r.props.name.endsWith("_curated"))!;
        const tables = l.res.all.filter((r) => r.type === "aws:glue/catalogTable:CatalogTable" && r.props.openTableFormatInput);
        expect(tables).to.not.be.empty;
        for (const t of tables) expect(t.dependencies, t.name).to.include(db.urn);
    });

    it("builds three zones drop -> raw -> curated and one DataLake", () => {
        expect(l.res.byType("datalake:index:DataLake")).to.have.length(1);
        expect(l.res.byType(T.zone).map((z) => z.name)).to.deep.equal(["lake-drop", "lake-raw", "lake-curated"]);
    });

    it("every resource is named after, and parented by, its component", () => {
        for (const r of l.res.all.filter((x) => x.parent)) {
            const parent = l.res.byUrn(r.parent!);
            expect(r.name.startsWith(`${parent.name}-`), `${r.name} under ${parent.name}`).to.equal(true);
        }
        expect(l.res.all.filter((r) => !r.parent).map((r) => r.type)).to.deep.equal(["datalake:index:DataLake"]);
    });

    it("the access logs bucket: SSE-S3 (S3 logging needs it), TLS only, S3 logging of this account, lifecycle", () => {
        const logs = l.res.named("datalake:storage:AccessLogsBucket", "lake-access-logs");
        const bucket = childOf(l.res, logs, T.bucket);
        expect(childOf(l.res, logs, T.sse).props.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const statements: Statement[] = json(childOf(l.res, logs, T.bucketPolicy).props.policy).Statement;
        expect(statements.map((s) => s.Sid)).to.have.members(["DenyInsecureTransport", "AllowS3ServerAccessLogs"]);
        expect(statements.find((s) => s.Sid === "AllowS3ServerAccessLogs")!.Resource).to.equal(`${bucket.outputs.arn}/*`);
        expect(childOf(l.res, logs, T.publicAccess).props.restrictPublicBuckets).to.equal(true);
        expect(childOf(l.res, logs, T.ownership).props.rule.objectOwnership).to.equal("BucketOwnerEnforced");
        expect(childOf(l.res, logs, T.versioning).props.versioningConfiguration.status).to.equal("Enabled");
        const expire = childOf(l.res, logs, T.lifecycle).props.rules.find((r: any) => r.id === "expire-logs");
        expect(expire.expiration.days).to.equal(stack === "prod" ? 365 : 30);
        expect(bucket.protect).to.equal(stack === "prod");
        expect(bucket.props.forceDestroy).to.equal(stack !== "prod");
    });

    it("the DuckDB layer carries the node-api, its bindings and the linux-x64 binary for Node 22/24 on x86_64", async () => {
        const layer = l.res.one(T.layer, "duckdb");
        expect(layer.props.compatibleRuntimes).to.have.members(["nodejs22.x", "nodejs24.x"]);
        expect(layer.props.compatibleArchitectures).to.deep.equal(["x86_64"]);
        expect(layer.props.layerName).to.equal(`datalake-${stack}-duckdb`);
        const assets = await layer.props.code.assets;
        expect(Object.keys(assets)).to.include.members([
            "nodejs/node_modules/@duckdb/node-api",
            "nodejs/node_modules/@duckdb/node-bindings",
            "nodejs/node_modules/@duckdb/node-bindings-linux-x64",
        ]);
        expect(await assets["nodejs/node_modules/@duckdb/node-bindings-linux-x64"].path).to.match(/node_modules\/@duckdb\/node-bindings-linux-x64$/);
    });

    it("the alarm topic is encrypted with a key CloudWatch may use", () => {
        const topic = l.res.byType(T.topic);
        expect(topic).to.have.length(1);
        const key = l.res.one(T.key, "lake-alarms");
        expect(topic[0].props.kmsMasterKeyId).to.equal(key.outputs.arn);
        expect(key.props.enableKeyRotation).to.equal(true);
        expect([key.protect, key.retainOnDelete]).to.deep.equal([stack === "prod", stack === "prod"]);
        const cw = (json(key.props.policy).Statement as Statement[]).find((s) => s.Sid === "AllowCloudWatchAlarms")!;
        expect(cw.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
        const topicPolicy = l.res.one("aws:sns/topicPolicy:TopicPolicy", "lake-alarms-topic-policy");
        expect(topicPolicy.props.arn).to.equal(topic[0].outputs.arn);
        expect((json(topicPolicy.props.policy).Statement as Statement[]).map((s) => `${s.Sid} ${s.Effect}`)).to.deep.equal([
            "AllowCloudWatchAlarms Allow",
            // The failure-event rules (test/components/operations/alarms.test.ts).
            "AllowFailureEventRules Allow",
            "DenyInsecureTransport Deny",
        ]);
    });

    it("every log group has a retention and a customer managed key: the logs key, or for Glue jobs the analytics key", () => {
        const groups = l.res.byType(T.logGroup);
        // + one encrypted log group per crawler (components/operations/monitoring.ts), + the ingest
        // stage's declared execution log group (API-Gateway-Execution-Logs_<api>/<stage>), + the
        // trail's CloudWatch Logs copy, + in prod the WAF's request logs, + a reconciler's per zone
        // a processor drains, + the curation starter's, the curate job's two and the big-object job's two.
        expect(groups).to.have.length((stack === "prod" ? 23 : 16) + l.res.byType("aws:glue/crawler:Crawler").length);
        const logsKey = l.res.one(T.key, "lake-logs-key-key");
        const analyticsKey = l.res.one(T.key, "lake-analytics-key-key");
        expect(json(logsKey.props.policy).Statement[1].Condition).to.deep.equal({
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:*` },
        });
        expect([logsKey.protect, logsKey.props.enableKeyRotation]).to.deep.equal([stack === "prod", true]);
        for (const g of groups) {
            expect(g.props.retentionInDays, g.name).to.equal(l.cfg.logRetentionDays);
            const glue = g.props.name.startsWith("/aws-glue/jobs/") || g.props.name.startsWith("/aws-glue/crawlers-role/");
            expect(g.props.kmsKeyId, g.name).to.equal((glue ? analyticsKey : logsKey).outputs.arn);
        }
    });

    it(stack === "prod" ? "prod: the configured e-mail is subscribed" : "dev: no e-mail subscription", () => {
        const subs = l.res.byType(T.subscription);
        if (stack === "prod") {
            expect(subs).to.have.length(1);
            expect(subs[0].props).to.deep.include({ protocol: "email", endpoint: "data-platform-oncall@example.com" });
        } else {
            expect(subs).to.have.length(0);
        }
    });

    // The alarms derived from the graph: test/components/operations/alarms.test.ts.
});

describe("DataLake: X-Ray tracing follows ingestApi.tracing for every function", function () {
    this.timeout(180_000);
    const everyFunction = { realtime: { enabled: true }, serving: { enabled: true } };
    /** Each function's tracing mode, and whether its role's inline policy allows writing traces. */
    async function tracing(overrides: Record<string, unknown>) {
        const res = new Resources(await runProgram("dev", overrides));
        return res.byType(T.fn).map((fn) => {
            const role = res.all.find((r) => r.type === T.role && r.outputs.arn === fn.props.role)!;
            const policies = res.byType(T.rolePolicy).filter((p) => p.props.role === role.outputs.name);
            const actions = policies.flatMap((p) => json(p.props.policy).Statement.flatMap((st: Statement) => ([] as string[]).concat(st.Action)));
            return {
                fn: fn.name,
                mode: fn.props.tracingConfig?.mode,
                writesTraces: actions.includes("xray:PutTraceSegments") && actions.includes("xray:PutTelemetryRecords"),
            };
        });
    }

    it("on: every function (processors, ingest, real-time, serving) is Active and its role writes traces", async () => {
        const fns = await tracing({ ...everyFunction, ingestApi: { tracing: true } });
        expect(fns.length).to.be.at.least(6);
        for (const f of fns) expect(f, f.fn).to.include({ mode: "Active", writesTraces: true });
    });

    it("off (the default): every function passes tracing through and no role may write traces", async () => {
        for (const f of await tracing(everyFunction)) expect(f, f.fn).to.include({ mode: "PassThrough", writesTraces: false });
    });
});

describe("DataLake with a custom 4-zone config", function () {
    let l: Lake;
    const zones = [{ name: "landing" }, { name: "raw" }, { name: "curated" }, { name: "gold", lifecycle: { infrequentAccessDays: 60 } }];
    before(async function () {
        this.timeout(120_000);
        l = await lake("dev", { zones });
    });

    it("builds four zones: processors for landing -> raw and curated -> gold, the curation starter for raw -> curated", () => {
        expect(l.res.byType(T.zone).map((z) => z.name)).to.deep.equal(zones.map((z) => `lake-${z.name}`));
        expect(l.res.byType(T.processor).map((p) => p.name)).to.deep.equal(["lake-landing-to-raw", "lake-curated-to-gold"]);
        expect(l.res.byType("datalake:processing:CurationStarter").map((p) => p.name)).to.deep.equal(["lake-start-curation"]);
        expect(l.res.byType(T.notification)).to.have.length(4);
        expect(l.res.byType(T.esm)).to.have.length(3);
    });

    it("each hop targets the next zone; the hop past curated copies (functions/zone-copy)", async () => {
        const fns = ["landing-to-raw", "curated-to-gold"].map((hop) => childOf(l.res, l.res.named(T.processor, `lake-${hop}`), T.fn));
        const gold = childOf(l.res, l.res.named(T.zone, "lake-gold"), T.bucket);
        expect(fns[1].props.environment.variables.TARGET_BUCKET).to.equal(gold.outputs.bucket);
        expect(await (await fns[0].props.code.assets)["index.js"].path).to.match(/drop-to-raw\/index\.js$/);
        expect(await (await fns[1].props.code.assets)["index.js"].path).to.match(/zone-copy\/index\.js$/);
        // Only the drop -> raw hop hands big objects to the Spark job.
        expect(fns[0].props.environment.variables).to.have.property("BIG_OBJECT_JOB");
        expect(fns[1].props.environment.variables).not.to.have.property("BIG_OBJECT_JOB");
        const job = l.res.byType("aws:glue/job:Job").find((j) => j.name === "lake-etl-curate-tables")!;
        expect(json(job.props.defaultArguments["--curation_rules"])).to.deep.equal(l.cfg.curation);
    });

    it("zones play their roles by position: the third is the curated zone, not the last", () => {
        const databases = new Set(l.res.byType("aws:athena/namedQuery:NamedQuery").map((q) => q.props.database));
        expect([...databases].sort()).to.deep.equal(["datalake_dev_curated", "datalake_dev_landing"]);
        const job = l.res.byType("aws:glue/job:Job").find((j) => j.name === "lake-etl-raw-to-curated")!;
        expect(job.props.defaultArguments["--target_database"]).to.equal("datalake_dev_curated");
    });

    it("the gold zone's lifecycle comes from its config", () => {
        const lc = childOf(l.res, l.res.named(T.zone, "lake-gold"), T.lifecycle);
        expect(lc.props.rules[0].transitions).to.deep.equal([{ days: 60, storageClass: "STANDARD_IA" }]);
    });
});

describe("DataLake with two zones", function () {
    let l: Lake;
    before(async function () {
        this.timeout(120_000);
        l = await lake("dev", { zones: [{ name: "landing" }, { name: "raw" }] });
    });

    it("has one hop and no raw -> curated step; the named queries fall back to the raw database", () => {
        expect(l.res.byType(T.processor).map((p) => p.name)).to.deep.equal(["lake-landing-to-raw"]);
        // Only the big-object job, which the drop -> raw function starts.
        expect(l.res.byType("aws:glue/job:Job").map((j) => j.name)).to.deep.equal(["lake-etl-convert-object"]);
        const databases = new Set(l.res.byType("aws:athena/namedQuery:NamedQuery").map((q) => q.props.database));
        expect([...databases].sort()).to.deep.equal(["datalake_dev_landing", "datalake_dev_raw"]);
    });
});

describe("DataLake with bad config", () => {
    it("rejects, naming the key, the value and what is allowed", async () => {
        const err = await rejectionOf(runProgram("dev", { processor: { batchSize: 0 } }));
        expect(err, "runProgram should reject").to.be.instanceOf(Error);
        expect(err!.message).to.contain("datalake:processor.batchSize = 0");
    });

    it("rejects an unknown environment", async () => {
        const err = await rejectionOf(runProgram("prod", { environment: "production" }));
        expect(err?.message).to.contain('datalake:environment = "production"');
    });

    it("a good run after a rejected one still works (fresh runtime per run)", async () => {
        const records = await runProgram("dev", { alarmEmail: "ops@example.com" });
        expect(records.filter((r) => r.type === T.subscription)).to.have.length(1);
    });
});

describe("DataLake outputs", () => {
    it("name each zone's bucket, each read zone's queue and DLQ, and each hop's function", async () => {
        let built: DataLake | undefined;
        const res = new Resources(await recordResources("dev", () => (built = new DataLake("lake", lakeArgsFromConfig(loadConfig())))));
        const lakeOut = built!;
        const resolve = <V>(o: Record<string, pulumi.Output<V>>) =>
            new Promise<Record<string, V>>((ok) => pulumi.all(o).apply((v) => ok(v as Record<string, V>)));
        const zone = (name: string) => res.named(T.zone, `lake-${name}`);
        const [buckets, queues, dlqs, fns] = await Promise.all([
            resolve(lakeOut.bucketNames),
            resolve(lakeOut.queueUrls),
            resolve(lakeOut.dlqUrls),
            resolve(lakeOut.functionNames),
        ]);
        for (const name of ["drop", "raw", "curated"]) {
            expect(buckets[name]).to.equal(childOf(res, zone(name), T.bucket).outputs.bucket);
        }
        for (const name of ["drop", "raw"]) {
            expect(queues[name]).to.equal(res.named(T.queue, `lake-${name}-queue`).outputs.url);
            expect(dlqs[name]).to.equal(res.named(T.queue, `lake-${name}-dlq`).outputs.url);
        }
        // Nothing promotes out of the last zone: no queue nobody reads.
        expect(Object.keys(queues)).to.deep.equal(["drop", "raw"]);
        expect(Object.keys(dlqs)).to.deep.equal(["drop", "raw"]);
        expect(fns).to.deep.equal({ "drop-to-raw": "datalake-dev-drop-to-raw", "start-curation": "datalake-dev-raw-start-curation" });
        expect(Object.keys(lakeOut.zones)).to.deep.equal(["drop", "raw", "curated"]);
    });
});
