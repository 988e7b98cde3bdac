import { expect } from "chai";
import {
    allSucceeded,
    batchWorkerType,
    dropToRawArguments,
    jobNames,
    sparkJobArguments,
    sparkJobLogGroups,
    workflowPlan,
    jobPolicy,
} from "../../../components/etl";
import { CATALOG_READ_ACTIONS, CATALOG_WRITE_ACTIONS } from "../../lib/expected-iam";
import { CURATE_DATASETS_ARGUMENT, EXPIRING_OUTCOMES } from "../../../lib/contract";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

describe("Glue ETL contract", () => {
    it("names jobs from project, stack and table", () => {
        expect(jobNames.dropToRaw("datalake", "dev", "orders")).to.equal("datalake_dev_drop_to_raw_orders");
    });

    it("turns metrics on for Spark jobs, into the job's own log groups; bookmarks only when asked; no Glue 4.0-era continuous-log switch", () => {
        expect(sparkJobArguments("s3://a/tmp/", "s3://a/p.zip", "/aws-glue/jobs/j", { bookmarks: false })["--job-bookmark-option"]).to.equal(
            "job-bookmark-disable",
        );
        expect(sparkJobArguments("s3://a/tmp/", "s3://a/p.zip", "/aws-glue/jobs/j", { bookmarks: true })).to.not.have.property(
            "--enable-continuous-cloudwatch-log",
        );
        expect(sparkJobLogGroups("datalake_dev_raw_to_curated")).to.deep.equal([
            "/aws-glue/jobs/datalake_dev_raw_to_curated/error",
            "/aws-glue/jobs/datalake_dev_raw_to_curated/output",
        ]);
        expect(sparkJobArguments("s3://a/tmp/", "s3://a/p.zip", "/aws-glue/jobs/j", { bookmarks: true })).to.include({
            "--custom-logGroup-prefix": "/aws-glue/jobs/j",
            "--job-bookmark-option": "job-bookmark-enable",
            "--enable-metrics": "true",
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
        const a = dropToRawArguments({ table: "orders", landingBucket: "d", rawBucket: "r", landingDatabase: "x_drop", rawDatabase: "x_raw" });
        expect(a["--quarantine_path"]).to.equal("s3://r/quarantine/orders/");
    });

    it("has a drop -> raw job tag what it read with the contract's promoted, which the landing zone expires", () => {
        const a = dropToRawArguments({ table: "orders", landingBucket: "d", rawBucket: "r", landingDatabase: "x_drop", rawDatabase: "x_raw" });
        expect(a["--consumed_tag"]).to.equal("datalake:processed=promoted");
        expect(EXPIRING_OUTCOMES).to.include(a["--consumed_tag"].split("=")[1]);
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

    it("schedules the drop -> raw jobs, then the curate job for their datasets, then raw -> curated", () => {
        const plan = workflowPlan({ dropToRaw: { orders: "d1", order_items: "d2" }, curate: "k", views: "c" });
        expect(plan.scheduled).to.deep.equal(["d1", "d2"]);
        expect(plan.steps.map(({ description: _d, ...s }) => s)).to.deep.equal([
            { name: "after_raw", waitFor: ["d1", "d2"], start: "k", arguments: { [CURATE_DATASETS_ARGUMENT]: "orders,order_items" } },
            { name: "after_curate", waitFor: ["k"], start: "c" },
        ]);
        // Every step waits for a job an earlier trigger starts, never for the job it starts (Glue refuses
        // "Job cannot be a Predicate and Action for Conditional Trigger").
        const started = new Set(plan.scheduled);
        for (const step of plan.steps) {
            expect(step.waitFor).not.to.include(step.start);
            for (const job of step.waitFor) expect(started.has(job), `${step.name} waits for ${job}`).to.equal(true);
            started.add(step.start);
        }
        expect(workflowPlan({ dropToRaw: { orders: "d1" } })).to.deep.equal({ scheduled: ["d1"], steps: [] });
    });

    it("refuses more drop -> raw jobs than Glue starts from one trigger (50)", () => {
        const jobs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, `d${i}`]));
        expect(workflowPlan({ dropToRaw: jobs(50) }).scheduled).to.have.length(50);
        expect(() => workflowPlan({ dropToRaw: jobs(51) })).to.throw(/at most 50 per trigger/);
    });

    it("without drop -> raw jobs (no Glue-owned table) schedules raw -> curated itself", () => {
        expect(workflowPlan({ dropToRaw: {}, curate: "k", views: "c" })).to.deep.equal({ scheduled: ["c"], steps: [] });
        expect(workflowPlan({ dropToRaw: {} })).to.deep.equal({ scheduled: [], steps: [] });
    });
});

describe("Glue job role document", () => {
    /** A Spark job reading drop's orders/ and writing raw's. */
    const ordersJob = {
        scope,
        reads: [{ bucketArn: "arn:aws:s3:::drop", keyArn: "k-drop", database: "d_drop", prefixes: ["orders/"] }],
        writes: [{ bucketArn: "arn:aws:s3:::raw", keyArn: "k-raw", database: "d_raw", prefixes: ["orders/"] }],
        artifactsBucketArn: "arn:aws:s3:::art",
        scriptsPrefix: "glue/",
        tempPrefix: "glue-temp/job/",
        analyticsKeyArn: "k-a",
        logGroups: sparkJobLogGroups("job"),
    };

    it("limits a job's listing to its prefixes and its catalog writes to its target databases", () => {
        const doc = jobPolicy(ordersJob);
        const sid = (id: string) => doc.Statement.find((s) => s.Sid === id)!;
        expect(sid("ListSource0").Condition).to.deep.equal({ StringLike: { "s3:prefix": ["orders", "orders/", "orders/*"] } });
        expect(sid("ReadScripts").Resource).to.deep.equal(["arn:aws:s3:::art/glue/*"]);
        expect(JSON.stringify(sid("WriteCatalog").Resource))
            .to.contain("database/d_raw")
            .and.not.contain("d_drop");
        expect(JSON.stringify(sid("ReadCatalog").Resource))
            .to.contain("database/d_drop")
            .and.contain("database/default");
    });

    it("may create only the `default` database (Spark with the Data Catalog as metastore creates it when absent)", () => {
        const args = { scope, reads: [], writes: [], artifactsBucketArn: "arn:aws:s3:::art", scriptsPrefix: "glue/", analyticsKeyArn: "k-a", logGroups: [] };
        const creates = (doc: ReturnType<typeof jobPolicy>) => doc.Statement.filter((s) => [s.Action].flat().includes("glue:CreateDatabase"));
        const base = `arn:${scope.partition}:glue:${scope.region}:${scope.accountId}`;
        expect(creates(jobPolicy({ ...args, sparkMetastore: true })).map((s) => [s.Sid, s.Action, s.Resource])).to.deep.equal([
            ["CreateDefaultDatabase", "glue:CreateDatabase", [`${base}:catalog`, `${base}:database/default`]],
        ]);
        // A Python-shell job has no Spark metastore.
        expect(creates(jobPolicy(args))).to.deep.equal([]);
    });

    it("is exactly these statements: its prefixes, its keys, its catalog, its own log groups (not every /aws-glue/* group), Glue metrics", () => {
        const doc = jobPolicy(ordersJob);
        const glue = "arn:aws:glue:eu-west-1:123456789012";
        const db = (d: string) => [`${glue}:database/${d}`, `${glue}:table/${d}/*`, `${glue}:userDefinedFunction/${d}/*`];
        const group = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/jobs/job";
        const listable = (p: string) => ({ StringLike: { "s3:prefix": [p, `${p}/`, `${p}/*`] } });
        expect(doc).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadSourceObjects", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::drop/orders/*"] },
                { Sid: "ListSource0", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::drop", Condition: listable("orders") },
                { Sid: "DecryptSources", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["k-drop"] },
                {
                    Sid: "WriteTargetObjects",
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    Resource: ["arn:aws:s3:::raw/orders/*"],
                },
                { Sid: "ListTarget0", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::raw", Condition: listable("orders") },
                { Sid: "UseTargetKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: ["k-raw"] },
                { Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::art/glue/*"] },
                {
                    Sid: "UseTempDir",
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    Resource: "arn:aws:s3:::art/glue-temp/job/*",
                },
                { Sid: "ListTempDir", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::art", Condition: listable("glue-temp/job") },
                { Sid: "UseAnalyticsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: ["k-a"] },
                {
                    Sid: "ReadCatalog",
                    Effect: "Allow",
                    Action: [...CATALOG_READ_ACTIONS],
                    Resource: [`${glue}:catalog`, ...db("d_drop"), ...db("d_raw"), ...db("default")],
                },
                {
                    Sid: "WriteCatalog",
                    Effect: "Allow",
                    Action: [...CATALOG_WRITE_ACTIONS],
                    Resource: [`${glue}:catalog`, ...db("d_raw")],
                },
                {
                    Sid: "WriteGlueLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
                    Resource: [`${group}/error`, `${group}/output`, `${group}/error:log-stream:*`, `${group}/output:log-stream:*`],
                },
                {
                    Sid: "PutGlueMetrics",
                    Effect: "Allow",
                    Action: "cloudwatch:PutMetricData",
                    Resource: "*",
                    Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
                },
            ],
        });
    });
});
