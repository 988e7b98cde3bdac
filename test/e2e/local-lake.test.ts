/**
 * The local lake end to end (local/lake.ts) on a small data set: the dev stack's recorded graph
 * provisioned into moto, sample files, a bad file and API traffic pushed through drop -> raw by
 * the functions running in-process, then into the curated Iceberg tables by the curate job
 * (local PySpark) over the runs the curation starter started. The dev run is least privilege
 * (moto enforces IAM; each function and event source with its own role's credentials) with
 * real-time on, so the beacons go through Kinesis: the real-time function's mappings and
 * Firehose's Kinesis source are played in-process.
 */
import { expect } from "chai";
import { datasetOf } from "../../lib/contract";
import { BAD_FILE_KEY, runLocalLake, type Summary } from "../../local/lake";
import { runProgram } from "../../harness/program";
import { useMoto } from "../../harness/moto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LOCAL_ENGINE_DIR } from "../../automation/engine";

const ORDERS = 120;
const RESENT = 9;
const IMPRESSIONS = 300;
const TELEMETRY = 80;
/** Real-time on: the beacon streams are Kinesis-fed, and the window function counts them. */
const REALTIME = { "datalake:realtime": '{"enabled":true}' };

describe("local lake: the dev stack in moto, sample data through every zone", function () {
    // Local Spark (the curate job) starts in ~8 s and MERGEs each dataset in a few seconds.
    this.timeout(600_000);
    const moto = useMoto();
    let summary: Summary;
    const zone = (name: string) => summary.zones.find((z) => z.name === name)!;

    before(async function () {
        // The stack is deployed by the engine: scripts/setup-pulumi.sh builds the CLI (needs Go).
        if (!fs.existsSync(path.join(LOCAL_ENGINE_DIR, "bin", "pulumi"))) this.skip();
        const admin = await moto().enforceIam();
        summary = await runLocalLake({
            stack: "dev",
            emulator: { endpoint: moto().endpoint, credentials: admin, assumeRoles: moto().assumeRoles },
            config: REALTIME,
            seed: 7,
            orders: ORDERS,
            resentOrders: RESENT,
            impressions: IMPRESSIONS,
            telemetry: TELEMETRY,
            trackUsers: 30,
            apiBatch: 100,
        });
    });

    it("provisions every bucket, key, queue, notification, delivery stream and catalog entry the program records", async () => {
        const recorded = await runProgram("dev", REALTIME);
        for (const type of [
            "aws:kms/key:Key",
            "aws:s3/bucket:Bucket",
            "aws:sqs/queue:Queue",
            "aws:s3/bucketNotification:BucketNotification",
            "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
            "aws:glue/catalogDatabase:CatalogDatabase",
        ]) {
            const n = recorded.filter((r) => r.type === type).length;
            expect(n, type).to.be.greaterThan(0);
            expect(summary.provisioned[type], type).to.equal(n);
        }
        expect(summary.zones.map((z) => z.name)).to.deep.equal(["drop", "raw", "curated"]);
    });

    it("loses nothing, promotes nothing twice and leaves every DLQ empty", () => {
        expect(summary.lost).to.deep.equal([]);
        expect(summary.duplicated).to.deep.equal([]);
        // dev declares no Glue-owned datasets (etl.tables), so the Lambda promotes every one.
        expect(summary.leftForBatch).to.deep.equal([]);
        const dlqs = summary.queues.filter((q) => q.role.startsWith("DLQ"));
        // One per zone a processor reads (drop, raw); every other queue has a consumer.
        expect(dlqs).to.have.length(2);
        expect(dlqs.map((q) => q.depth)).to.deep.equal([0, 0]);
        expect(summary.queues.filter((q) => q.role.startsWith("events, no consumer"))).to.deep.equal([]);
        expect(summary.queues.filter((q) => q.role.startsWith("on-failure")).map((q) => q.depth)).to.deep.equal([0]);
        expect(summary.unmatched).to.deep.equal({ curationRules: [], batchTables: [] });
        expect(summary.ok).to.equal(true);
    });

    it("sends each processor one message per object it promotes, none for quarantine output", () => {
        // EventBridge rules leave out quarantine/ (copies, error reports, Firehose errors): no skipped runs.
        const objects = (name: string) => Object.values(zone(name).datasets).reduce((n, d) => n + d.objects, 0);
        const delivered = (hop: string) => {
            const p = Object.values(summary.processors).find((x) => x.function.endsWith(hop))!;
            return p.messages - p.failedMessages;
        };
        expect(summary.quarantined.length).to.be.greaterThan(0);
        expect(delivered("drop-to-raw")).to.equal(objects("drop"));
        expect(delivered("raw-start-curation")).to.equal(objects("raw"));
    });

    it("starts curate runs for the raw arrivals, and the job consumes every raw object once", () => {
        expect(summary.curation.runsStarted).to.be.greaterThan(0);
        expect(summary.curation.failure).to.equal(undefined);
        expect(summary.curation.datasets).to.have.members(Object.keys(zone("raw").datasets));
        expect(summary.curation.unconsumed).to.deep.equal([]);
        expect(summary.curation.outcomes.every((o) => o.status === "merged")).to.equal(true);
        expect(summary.curation.zone).to.equal("curated");
    });

    it("brings every sample dataset into its curated Iceberg table with its row count, orders deduplicated per Pulumi.dev.yaml", async () => {
        const expected: Record<string, number> = {};
        for (const [key, rows] of Object.entries(summary.input.sample.objects)) expected[datasetOf(key)] = rows;
        expect(Object.keys(expected)).to.include.members(["orders", "order_items", "customers", "sellers", "products", "order_reviews", "closed_deals"]);
        expect(expected.orders).to.equal(ORDERS + RESENT);
        expect(summary.input.sample.distinctOrders).to.equal(ORDERS);

        const raw = zone("raw").datasets;
        const curated = zone("curated").datasets;
        for (const [dataset, rows] of Object.entries(expected)) {
            expect(raw[dataset]?.rows, `raw ${dataset}`).to.equal(rows);
            expect(curated[dataset]?.rows, `curated ${dataset}`).to.equal(dataset === "orders" ? ORDERS : rows);
        }
        // The dev curation rule: dedupe on order_id, cast order_purchase_timestamp, drop order_approved_at.
        expect(raw.orders.columns).to.have.property("order_approved_at");
        expect(curated.orders.columns).to.not.have.property("order_approved_at");
        // Iceberg types (the table's current schema), with the job's lineage columns.
        expect(curated.orders.columns!.order_purchase_timestamp).to.match(/^timestamp/);
        expect(curated.orders.columns).to.include.keys("etl_source_object", "etl_ingested_at");
        for (const t of Object.values(summary.curation.tables)) expect(t.snapshots).to.equal(1);
    });

    it("deploys through the engine: IAM, Lambda, API Gateway, Athena and Glue created in the emulator, the rest recorded with a reason, all destroyed", () => {
        for (const type of [
            "aws:iam/role:Role",
            "aws:lambda/function:Function",
            "aws:apigateway/restApi:RestApi",
            "aws:athena/workgroup:Workgroup",
            "aws:glue/job:Job",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ]) {
            expect(summary.provisioned[type], type).to.be.greaterThan(0);
        }
        for (const type of Object.keys(summary.notProvisioned)) expect(summary.recordedOnlyReasons[type], type).to.be.a("string");
        expect(summary.engine.deletedFromEmulator).to.equal(Object.values(summary.provisioned).reduce((n, c) => n + c, 0));
    });

    it("sends the API traffic over HTTP to the deployed routes, with the API key, every call answered 200", () => {
        expect(summary.api.routes).to.include.members(["POST /impressions", "POST /clicks", "POST /track"]);
        expect(summary.api.calls.length).to.be.greaterThan(0);
        expect(summary.api.calls.filter((c) => c.status !== 200)).to.deep.equal([]);
    });

    it("runs the click-through named query on the streamed beacons and prints its first rows", () => {
        const ctr = summary.queries.find((q) => q.name === "click_through_rate")!;
        expect(ctr.status, ctr.message).to.equal("ok");
        expect(ctr.columns).to.deep.equal(["ad_id", "day", "impressions", "clicks", "click_through_rate"]);
        expect(ctr.rows!.length).to.be.within(1, 5);
        expect(summary.queries.filter((q) => q.status === "rejected" || q.status === "failed")).to.deep.equal([]);
    });

    it("streams the API's beacons and track events through Firehose into raw, every event once", () => {
        const api = summary.input.api;
        expect(api["/impressions"].events).to.equal(IMPRESSIONS);
        expect(api["/clicks"].events).to.be.within(IMPRESSIONS * 0.2, IMPRESSIONS * 0.4);
        const raw = zone("raw").datasets;
        expect(raw.impressions.rows).to.equal(api["/impressions"].events);
        expect(raw.clicks.rows).to.equal(api["/clicks"].events);
        expect(raw.events.rows).to.equal(api["/track"].events);
        expect(raw.impressions.columns).to.include.keys("ad_id", "impression_id", "user_id", "received_at", "request_id");
        expect(zone("curated").datasets.impressions.rows).to.equal(IMPRESSIONS);
    });

    it("runs the Glue jobs in the workflow's order: the curate runs the starter started, then the views job the schedule starts", () => {
        expect(summary.jobs.map((j) => [j.job.replace(/^datalake_dev_/, ""), j.startedBy.replace(/^datalake_dev_/, ""), j.state])).to.deep.equal([
            ["curate_tables", "curation starter", "SUCCEEDED"],
            ["raw_to_curated", "etl_schedule", "SUCCEEDED"],
        ]);
        expect(summary.jobs[1].startedAt).to.be.greaterThan(summary.jobs[0].startedAt);
        for (const j of summary.jobs) expect(j.seconds).to.be.greaterThan(0);
    });

    it("builds every curated view from the Iceberg tables, the telemetry's activity included", () => {
        expect(summary.curation.tables.telemetry.rows).to.equal(TELEMETRY);
        expect(summary.views.activity.rows).to.equal(TELEMETRY);
        expect(summary.views.advertising.rows).to.be.greaterThan(0);
        // One row per seller known to any input.
        expect(summary.views.seller_performance.rows).to.be.at.least(summary.curation.tables.sellers.rows);
    });

    it("runs every named query over the curated tables and views, none left unrun", () => {
        expect(summary.queries.map((q) => [q.name, q.status, q.message])).to.deep.equal(summary.queries.map((q) => [q.name, "ok", undefined]));
        const activity = summary.queries.find((q) => q.name === "activity_counts")!;
        expect(activity.rows!.reduce((n, r) => n + Number(r[1]), 0)).to.equal(TELEMETRY);
    });

    it("parses the warehouse's load batches as Redshift SQL (Redshift off in dev: nothing deployed to check sources against)", () => {
        expect(summary.warehouse.source).to.equal("not deployed");
        expect(Object.keys(summary.warehouse.views)).to.have.members(["seller_performance", "advertising"]);
        for (const v of Object.values(summary.warehouse.views)) {
            expect(v.errors).to.deep.equal([]);
            expect(v.statements).to.be.greaterThan(10);
        }
    });

    it("runs least privilege: moto enforced IAM and every function used its own role's credentials", () => {
        expect(summary.iam.ownRoles).to.equal(true);
        // Every role the deploy created was assumed; the run passed, so no function was refused a call it makes.
        expect(summary.iam.rolesAssumed).to.equal(summary.provisioned["aws:iam/role:Role"]);
        expect(summary.ok).to.equal(true);
    });

    it("counts every beacon once on its Kinesis stream (real-time function), and Firehose copies each stream to the drop zone", () => {
        const api = summary.input.api;
        const mappings = Object.values(summary.streams.mappings);
        expect(mappings.map((m) => m.stream).sort()).to.deep.equal(["datalake-dev-clicks", "datalake-dev-impressions"]);
        for (const m of mappings) expect(m).to.include({ retries: 0, skippedBatches: 0 });
        expect(summary.streams.metrics).to.deep.include({ Impressions: api["/impressions"].events, Clicks: api["/clicks"].events, MalformedRecords: 0 });
        expect(summary.streams.countMismatches).to.deep.equal([]);
        expect(summary.streams.firehose).to.deep.equal({
            "datalake-dev-impressions": api["/impressions"].events,
            "datalake-dev-clicks": api["/clicks"].events,
        });
    });

    it("quarantines the bad file in the drop zone with its reason, and only that", () => {
        expect(summary.quarantined).to.have.length(1);
        const [q] = summary.quarantined;
        expect(q).to.include({ zone: "drop", source: BAD_FILE_KEY, reason: "malformed-csv" });
        expect(q.key.startsWith("quarantine/orders/")).to.equal(true);
        expect(q.message).to.match(/line/i);
    });
});

describe("local lake: the prod stack in moto (serving on), its curation, Glue-owned datasets and traffic API", function () {
    // Local Spark (the curate job) starts in ~8 s and MERGEs each dataset in a few seconds.
    this.timeout(600_000);
    const moto = useMoto();
    let summary: Summary;
    const zone = (name: string) => summary.zones.find((z) => z.name === name)!;

    before(async function () {
        // The stack is deployed by the engine: scripts/setup-pulumi.sh builds the CLI (needs Go).
        if (!fs.existsSync(path.join(LOCAL_ENGINE_DIR, "bin", "pulumi"))) this.skip();
        const admin = await moto().enforceIam();
        summary = await runLocalLake({
            stack: "prod",
            emulator: { endpoint: moto().endpoint, credentials: admin, assumeRoles: moto().assumeRoles },
            config: { "datalake:serving": JSON.stringify({ enabled: true }) },
            seed: 11,
            orders: 60,
            resentOrders: 3,
            impressions: 100,
            trackUsers: 10,
            apiBatch: 100,
        });
    });

    it("every curation rule of Pulumi.prod.yaml matches a dataset and every etl.tables dataset has input", () => {
        // Least privilege here too: prod's roles granted every call its functions made, with moto enforcing IAM.
        expect(summary.iam).to.deep.equal({ ownRoles: true, rolesAssumed: summary.provisioned["aws:iam/role:Role"] });
        expect(summary.curation.failure).to.equal(undefined);
        expect(summary.unmatched).to.deep.equal({ curationRules: [], batchTables: [] });
        expect(summary.ok).to.equal(true);
    });

    it("curates order_reviews as Pulumi.prod.yaml says: comment renamed, title dropped", () => {
        const raw = zone("raw").datasets.order_reviews.columns!;
        const curated = zone("curated").datasets.order_reviews.columns!;
        expect(raw).to.include.keys("review_comment_message", "review_comment_title");
        expect(curated).to.include.keys("comment");
        expect(curated).to.not.have.any.keys("review_comment_message", "review_comment_title");
    });

    it("runs the drop -> raw jobs of the Glue-owned datasets (etl.tables), which consume their drop objects", () => {
        expect(summary.leftForBatch).to.deep.equal([]);
        const consumed = new Set(summary.consumedByJob.map((l) => datasetOf(l.key)));
        expect([...consumed].sort()).to.deep.equal(["closed_deals", "order_items", "orders"]);
        for (const dataset of consumed) expect(zone("curated").datasets[dataset].rows, dataset).to.be.greaterThan(0);
    });

    it("runs the workflow in order: schedule -> drop -> raw jobs, after_raw's curate run of their datasets, then after_curate's views", () => {
        const short = (name: string) => name.replace(/^datalake_prod_/, "");
        expect(summary.jobs.map((j) => [short(j.job), short(j.startedBy), j.state])).to.deep.equal([
            ["curate_tables", "curation starter", "SUCCEEDED"],
            // In the order of Pulumi.prod.yaml etl.tables (the trigger's actions).
            ...["orders", "order_items", "closed_deals"].map((t) => [`drop_to_raw_${t}`, "etl_schedule", "SUCCEEDED"]),
            ["curate_tables", "etl_after_raw", "SUCCEEDED"],
            ["raw_to_curated", "etl_after_curate", "SUCCEEDED"],
            // The starter's runs for the drop -> raw output, deferred on AWS while the workflow's run went.
            ["curate_tables", "curation starter", "SUCCEEDED"],
        ]);
        expect(summary.curation.workflowRuns).to.equal(1);
        // The workflow's run curates what the drop -> raw jobs wrote, before the views; the starter's later run finds it consumed.
        const glueOwned = summary.curation.outcomes.filter((o) => ["orders", "order_items", "closed_deals"].includes(o.dataset));
        expect(glueOwned.map((o) => o.status)).to.deep.equal(["merged", "merged", "merged", "up to date", "up to date", "up to date"]);
    });

    it("serving on: the traffic job fills DynamoDB from the advertising view and GET /traffic/{adId} answers its counts over HTTP", () => {
        const traffic = summary.traffic!;
        expect(traffic.loads.length).to.be.greaterThan(0);
        expect(traffic.loads.every((l) => l.status === "loaded" && l.written > 0)).to.equal(true);
        expect(traffic.checks).to.have.length(3);
        for (const c of traffic.checks) {
            expect(c.status).to.equal(200);
            expect(c.answered).to.deep.equal(c.view);
        }
        expect(summary.api.calls.filter((c) => c.path.includes("/traffic/")).map((c) => c.status)).to.deep.equal([200, 200, 200]);
    });
});
