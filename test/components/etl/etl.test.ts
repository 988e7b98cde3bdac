import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Etl, EtlZone } from "../../../components/etl";
import { parseConfig } from "../../../lib/config";
import { isValidGlueName } from "../../../lib/names";
import { ACCOUNT, REGION, Recorded, ofType, record, zone } from "../catalog/harness";
import { CURATE_DATASETS_ARGUMENT } from "../../../lib/contract";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;

const fixtures: string[] = [];
after(() => fixtures.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A stand-in etl/ directory, so these tests do not depend on the real scripts' content. */
function fixtureEtlDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etl-"));
    fixtures.push(dir);
    fs.mkdirSync(path.join(dir, "jobs"));
    fs.mkdirSync(path.join(dir, "lakeetl"));
    for (const f of ["drop_to_raw.py", "raw_to_curated.py", "curate_tables.py", "api_ingest.py", "convert_object.py"])
        fs.writeFileSync(path.join(dir, "jobs", f), "# job\n");
    fs.writeFileSync(path.join(dir, "lakeetl", "__init__.py"), "");
    fs.writeFileSync(path.join(dir, "lakeetl", "tables.py"), "");
    return dir;
}

const etlZone = (name: string): EtlZone => ({ ...zone(name), database: `datalake_dev_${name}` });

function build(raw: Record<string, unknown> = {}, etlDir = fixtureEtlDir(), withCurated = true) {
    const config = parseConfig(raw);
    return () =>
        new Etl("lake-etl", {
            ...config.etl,
            context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION }, retainData: false, logRetentionDays: 14 },
            drop: etlZone("drop"),
            raw: etlZone("raw"),
            curated: withCurated ? etlZone("curated") : undefined,
            analyticsKeyArn: KEY,
            etlDir,
        });
}

const TABLES = ["orders", "order_items", "customers", "sellers", "products", "order_reviews", "closed_deals"];
const BIG_OBJECT_JOB = "datalake_dev_convert_object";
/** Jobs but the big-object one (tested on its own below). */
const scheduled = (jobs: Recorded[]) => jobs.filter((j) => j.inputs.name !== BIG_OBJECT_JOB);

describe("Etl component with Glue-owned tables (mocks)", () => {
    let all: Recorded[];
    let jobs: Recorded[];
    const byName = (n: string) => jobs.find((j) => j.inputs.name === n)!;
    before(async () => {
        all = await record(build({ etl: { tables: TABLES, apiIngest: { repos: ["pulumi/pulumi"] } } }));
        jobs = ofType(all, "aws:glue/job:Job");
    });

    it("creates a Glue 5.1 Spark job per drop -> raw table and one raw -> curated job, sized from config", () => {
        const spark = jobs.filter((j) => j.inputs.command.name === "glueetl");
        expect(spark.map((j) => j.inputs.name)).to.have.members([
            ...TABLES.map((t) => `datalake_dev_drop_to_raw_${t}`),
            "datalake_dev_raw_to_curated",
            "datalake_dev_curate_tables",
            "datalake_dev_convert_object",
        ]);
        for (const j of spark) {
            expect(isValidGlueName(j.inputs.name)).to.equal(true);
            expect(j.inputs.glueVersion).to.equal("5.1");
            expect(j.inputs.command.pythonVersion).to.equal("3");
            expect(j.inputs.workerType).to.equal("G.1X");
            expect(j.inputs.numberOfWorkers).to.equal(2);
            expect(j.inputs.timeout).to.equal(60);
            const a = j.inputs.defaultArguments;
            // Bookmarks only where the script reads with a transformation_ctx (drop -> raw); raw -> curated rebuilds from all of raw.
            expect(a["--job-bookmark-option"]).to.equal(j.inputs.name.includes("drop_to_raw") ? "job-bookmark-enable" : "job-bookmark-disable");
            expect(a["--enable-metrics"]).to.equal("true");
            expect(a).to.not.have.property("--enable-continuous-cloudwatch-log");
            expect(a["--enable-observability-metrics"]).to.equal("true");
        }
    });

    it("points every script location and the package at the uploaded objects", () => {
        const objects = ofType(all, "aws:s3/bucketObjectv2:BucketObjectv2");
        const uris = objects.map((o) => `s3://${o.inputs.bucket}/${o.inputs.key}`);
        for (const j of jobs) expect(uris).to.include(j.inputs.command.scriptLocation);
        expect(byName("datalake_dev_drop_to_raw_orders").inputs.command.scriptLocation).to.match(/\/glue\/jobs\/drop_to_raw\.py$/);
        expect(byName("datalake_dev_raw_to_curated").inputs.command.scriptLocation).to.match(/\/glue\/jobs\/raw_to_curated\.py$/);
        const pkg = objects.find((o) => o.inputs.key === "glue/packages/lakeetl.zip")!;
        expect(byName("datalake_dev_drop_to_raw_orders").inputs.defaultArguments["--extra-py-files"]).to.equal(`s3://${pkg.inputs.bucket}/${pkg.inputs.key}`);
        for (const o of objects) expect(o.inputs.kmsKeyId).to.equal(KEY);
    });

    it("passes each drop -> raw job its table, zones and databases", () => {
        const a = byName("datalake_dev_drop_to_raw_order_items").inputs.defaultArguments;
        expect(a["--table"]).to.equal("order_items");
        expect(a["--source_path"]).to.equal(`s3://${zone("drop").bucketName}/order_items/`);
        expect(a["--target_path"]).to.equal(`s3://${zone("raw").bucketName}/order_items/`);
        expect(a["--target_database"]).to.equal("datalake_dev_raw");
    });

    it("writes with the target zone's key through a security configuration on every job", () => {
        const configs = Object.fromEntries(
            ofType(all, "aws:glue/securityConfiguration:SecurityConfiguration").map((c) => [c.inputs.name, c.inputs.encryptionConfiguration]),
        );
        expect(configs.datalake_dev_etl_raw_writer.s3Encryption.kmsKeyArn).to.equal(zone("raw").keyArn);
        expect(configs.datalake_dev_etl_curated_writer.s3Encryption.kmsKeyArn).to.equal(zone("curated").keyArn);
        expect(configs.datalake_dev_etl_raw_writer.jobBookmarksEncryption).to.deep.equal({ jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY });
        expect(byName("datalake_dev_drop_to_raw_orders").inputs.securityConfiguration).to.equal("datalake_dev_etl_raw_writer");
        expect(byName("datalake_dev_raw_to_curated").inputs.securityConfiguration).to.equal("datalake_dev_etl_curated_writer");
        for (const j of jobs) expect(j.inputs.securityConfiguration).to.be.a("string");
    });

    it("runs drop -> raw on the schedule, then curates their datasets, then raw -> curated, each when the previous SUCCEEDED", () => {
        const triggers = ofType(all, "aws:glue/trigger:Trigger");
        const [workflow] = ofType(all, "aws:glue/workflow:Workflow");
        const scheduled = triggers.find((t) => t.inputs.name === "datalake_dev_etl_schedule")!;
        expect(scheduled.inputs.type).to.equal("SCHEDULED");
        expect(scheduled.inputs.schedule).to.equal("cron(0 4 * * ? *)");
        expect(scheduled.inputs.workflowName).to.equal(workflow.inputs.name);
        expect(scheduled.inputs.actions.map((a: any) => a.jobName)).to.have.members(TABLES.map((t) => `datalake_dev_drop_to_raw_${t}`));
        const conditional = triggers.filter((t) => t.inputs.type === "CONDITIONAL");
        expect(conditional.map((t) => t.inputs.name)).to.have.members(["datalake_dev_etl_after_raw", "datalake_dev_etl_after_curate"]);
        for (const t of conditional) expect(t.inputs).to.include({ workflowName: workflow.inputs.name, startOnCreation: true });
        const afterRaw = conditional.find((t) => t.inputs.name === "datalake_dev_etl_after_raw")!;
        expect(afterRaw.inputs.predicate.logical).to.equal("AND");
        expect(afterRaw.inputs.predicate.conditions).to.have.deep.members(
            TABLES.map((t) => ({ jobName: `datalake_dev_drop_to_raw_${t}`, state: "SUCCEEDED", logicalOperator: "EQUALS" })),
        );
        // The curate job for exactly the drop -> raw jobs' datasets, as the curation starter passes them.
        expect(afterRaw.inputs.actions).to.deep.equal([{ jobName: "datalake_dev_curate_tables", arguments: { [CURATE_DATASETS_ARGUMENT]: TABLES.join(",") } }]);
        const afterCurate = conditional.find((t) => t.inputs.name === "datalake_dev_etl_after_curate")!;
        expect(afterCurate.inputs.predicate).to.deep.equal({
            logical: "AND",
            conditions: [{ jobName: "datalake_dev_curate_tables", state: "SUCCEEDED", logicalOperator: "EQUALS" }],
        });
        expect(afterCurate.inputs.actions).to.deep.equal([{ jobName: "datalake_dev_raw_to_curated" }]);
    });

    it("keeps the curate job to one run at a time, queued: the workflow's run waits for a starter's run, never writes beside it", () => {
        const curate = byName("datalake_dev_curate_tables").inputs;
        expect(curate.executionProperty).to.deep.equal({ maxConcurrentRuns: 1 });
        expect(curate.jobRunQueuingEnabled).to.equal(true);
        // Only the curate job queues: a scheduled job's second run still fails at once.
        for (const j of jobs.filter((j) => j.inputs.name !== "datalake_dev_curate_tables"))
            expect(j.inputs.jobRunQueuingEnabled, j.inputs.name).to.equal(undefined);
    });

    it("runs the Python-shell API ingest job on its own schedule", () => {
        const job = byName("datalake_dev_api_ingest").inputs;
        expect(job.command).to.include({ name: "pythonshell", pythonVersion: "3.9" });
        expect(job.maxCapacity).to.equal(0.0625);
        expect(job.defaultArguments["--repos"]).to.equal("pulumi/pulumi");
        expect(job.defaultArguments["--bucket"]).to.equal(zone("drop").bucketName);
        expect(job.defaultArguments["--kms_key_id"]).to.equal(zone("drop").keyArn);
        expect(job.defaultArguments["--dataset"]).to.equal("github_stats");
        const trigger = ofType(all, "aws:glue/trigger:Trigger").find((t) => t.inputs.name === "datalake_dev_api_ingest_schedule")!;
        expect(trigger.inputs).to.include({ type: "SCHEDULED", schedule: "cron(0 2 * * ? *)" });
        expect(trigger.inputs.workflowName).to.equal(undefined);
        expect(trigger.inputs.actions).to.deep.equal([{ jobName: "datalake_dev_api_ingest" }]);
    });

    it("the Python-shell job logs to its own groups (its security configuration's and role's), declared with retention and the analytics key, and its role writes only them", () => {
        const groups = ofType(all, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name.startsWith("lake-etl-api-ingest-"));
        const config = ofType(all, "aws:glue/securityConfiguration:SecurityConfiguration").find(
            (c) => c.inputs.name === byName("datalake_dev_api_ingest").inputs.securityConfiguration,
        )!;
        expect(config.inputs.encryptionConfiguration.cloudwatchEncryption).to.deep.equal({ cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY });
        const names = groups.map((g) => g.inputs.name);
        const role = "[^/]*api-ingest-role[^/]*";
        expect(names).to.have.length(2);
        for (const [kind, name] of ["error", "output"].map((k) => [k, names.find((n: string) => n.endsWith(`/${k}`))])) {
            expect(name, kind).to.match(new RegExp(`^/aws-glue/python-jobs/${config.inputs.name}-role/${role}/${kind}$`));
        }
        for (const g of groups) expect(g.inputs).to.include({ retentionInDays: 14, kmsKeyId: KEY });
        const policy = ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("api-ingest-"))!;
        const logs = JSON.parse(policy.inputs.policy).Statement.find((x: { Sid: string }) => x.Sid === "WriteGlueLogs");
        const arn = (n: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}`;
        expect(logs.Resource).to.have.members([...names.map(arn), ...names.map((n: string) => `${arn(n)}:log-stream:*`)]);
        expect(logs.Action).to.include.members(["logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]);
    });

    it("scopes job roles to the zones and prefixes each job touches", () => {
        const policies = ofType(all, "aws:iam/rolePolicy:RolePolicy");
        const statements = (part: string) => JSON.parse(policies.find((p) => p.name.includes(part))!.inputs.policy).Statement as any[];
        const sid = (ss: any[], id: string) => ss.find((s) => s.Sid === id);
        const orders = statements("drop-to-raw-orders-");
        expect(sid(orders, "ReadSourceObjects").Resource).to.deep.equal([`${zone("drop").bucketArn}/orders/*`]);
        expect(sid(orders, "WriteTargetObjects").Resource).to.deep.equal([`${zone("raw").bucketArn}/orders/*`, `${zone("raw").bucketArn}/quarantine/orders/*`]);
        expect(sid(orders, "UseTargetKeys").Resource).to.deep.equal([zone("raw").keyArn]);
        // It tags what it read as consumed (lakeetl/consumed.py), and nothing else.
        expect(sid(orders, "TagConsumedSources")).to.deep.equal({
            Sid: "TagConsumedSources",
            Effect: "Allow",
            Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
            Resource: [`${zone("drop").bucketArn}/orders/*`],
        });
        expect(JSON.stringify(orders)).not.to.contain(zone("curated").bucketArn);
        const curated = statements("raw-to-curated-");
        // The views read raw and the curated Iceberg tables' files.
        expect(sid(curated, "ReadSourceObjects").Resource).to.deep.equal([`${zone("raw").bucketArn}/*`, `${zone("curated").bucketArn}/tables/*`]);
        expect(JSON.stringify(sid(curated, "WriteTargetObjects").Resource)).to.contain(zone("curated").bucketArn);
        expect(JSON.stringify(curated)).not.to.contain(zone("drop").bucketArn);
        const api = statements("api-ingest-");
        expect(sid(api, "ReadSourceObjects")).to.equal(undefined);
        expect(sid(api, "WriteTargetObjects").Resource).to.deep.equal([`${zone("drop").bucketArn}/github_stats/*`]);
        // Spark jobs (Data Catalog as metastore) may create `default`; the Python-shell job may not.
        for (const ss of [orders, curated]) expect(sid(ss, "CreateDefaultDatabase").Resource).to.have.length(2);
        expect(sid(api, "CreateDefaultDatabase")).to.equal(undefined);
        for (const ss of [curated, api]) expect(sid(ss, "TagConsumedSources")).to.equal(undefined);
        expect(ofType(all, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
    });

    it("has no raw -> curated job or conditional trigger without a curated zone", async () => {
        const two = await record(build({ etl: { tables: ["orders"] } }, fixtureEtlDir(), false));
        expect(scheduled(ofType(two, "aws:glue/job:Job")).map((j) => j.inputs.name)).to.deep.equal(["datalake_dev_drop_to_raw_orders"]);
        const triggers = ofType(two, "aws:glue/trigger:Trigger");
        expect(triggers.map((t) => [t.inputs.type, t.inputs.actions])).to.deep.equal([["SCHEDULED", [{ jobName: "datalake_dev_drop_to_raw_orders" }]]]);
    });

    it("fails with the missing path when an entry script is absent", async () => {
        const dir = fixtureEtlDir();
        fs.rmSync(path.join(dir, "jobs", "drop_to_raw.py"));
        let error: unknown;
        try {
            await record(build({ etl: { tables: ["orders"] } }, dir));
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.contain(path.join(dir, "jobs", "drop_to_raw.py"));
    });
});

describe("Etl component without Glue-owned tables, the default (mocks)", () => {
    let all: Recorded[];
    before(async () => {
        // drop_to_raw.py absent: without tables it is neither needed nor uploaded.
        const dir = fixtureEtlDir();
        fs.rmSync(path.join(dir, "jobs", "drop_to_raw.py"));
        all = await record(build({}, dir));
    });

    it("has no drop -> raw job, role or script: every dataset reaches raw through the Lambda", () => {
        expect(ofType(all, "aws:glue/job:Job").map((j) => j.inputs.name)).to.have.members([
            "datalake_dev_raw_to_curated",
            "datalake_dev_curate_tables",
            "datalake_dev_convert_object",
        ]);
        expect(ofType(all, "aws:iam/role:Role").map((r) => r.name)).to.have.members([
            "lake-etl-raw-to-curated-role",
            "lake-etl-curate-tables-role",
            "lake-etl-tables-optimizer-role",
            "lake-etl-convert-object-role",
        ]);
        expect(ofType(all, "aws:s3/bucketObjectv2:BucketObjectv2").map((o) => o.inputs.key)).to.have.members([
            "glue/jobs/raw_to_curated.py",
            "glue/jobs/curate_tables.py",
            "glue/jobs/convert_object.py",
            "glue/packages/lakeetl.zip",
        ]);
    });

    it("starts raw -> curated on the schedule, in the workflow, with no conditional trigger", () => {
        const [workflow] = ofType(all, "aws:glue/workflow:Workflow");
        const triggers = ofType(all, "aws:glue/trigger:Trigger");
        expect(triggers).to.have.length(1);
        expect(triggers[0].inputs).to.include({
            name: "datalake_dev_etl_schedule",
            type: "SCHEDULED",
            schedule: "cron(0 4 * * ? *)",
            workflowName: workflow.inputs.name,
        });
        expect(triggers[0].inputs.actions).to.deep.equal([{ jobName: "datalake_dev_raw_to_curated" }]);
    });

    it("takes the schedule from etl.schedule", async () => {
        const other = await record(build({ etl: { schedule: "cron(30 5 * * ? *)" } }));
        expect(ofType(other, "aws:glue/trigger:Trigger").map((t) => t.inputs.schedule)).to.deep.equal(["cron(30 5 * * ? *)"]);
    });

    it("has no workflow at all without a curated zone either", async () => {
        const two = await record(build({}, fixtureEtlDir(), false));
        expect(scheduled(ofType(two, "aws:glue/job:Job"))).to.deep.equal([]);
        expect(ofType(two, "aws:glue/workflow:Workflow")).to.deep.equal([]);
        expect(ofType(two, "aws:glue/trigger:Trigger")).to.deep.equal([]);
    });
});

describe("Etl: the curated Iceberg tables, their curate job and optimizers (mocks)", () => {
    let all: Recorded[];
    /** The options each table was registered with (the mocks do not see options). */
    const tableOptions: Record<string, pulumi.CustomResourceOptions> = {};
    const curated = etlZone("curated");
    const RULES = { orders: { keyColumns: ["order_id"], orderColumn: "updated_at" }, "order-items": { keyColumns: ["order_id", "order_item_id"] } };
    before(async () => {
        all = await record(
            () =>
                new Etl(
                    "lake-etl",
                    {
                        context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } },
                        drop: etlZone("drop"),
                        raw: etlZone("raw"),
                        curated,
                        datasets: ["order-items", "orders", "clicks"],
                        curationRules: RULES,
                        maintenance: { snapshotRetentionDays: 14 },
                        analyticsKeyArn: KEY,
                        etlDir: fixtureEtlDir(),
                    },
                    {
                        transformations: [
                            (r) => {
                                if (r.type === "aws:glue/catalogTable:CatalogTable") tableOptions[r.name] = r.opts;
                                return undefined;
                            },
                        ],
                    },
                ),
        );
    });
    const job = () => ofType(all, "aws:glue/job:Job").find((j) => j.inputs.name === "datalake_dev_curate_tables")!;
    const statements = (part: string) =>
        JSON.parse(ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes(part))!.inputs.policy).Statement as any[];
    const sid = (ss: any[], id: string) => ss.find((s) => s.Sid === id);

    it("creates one Iceberg v2 table per dataset (`-` -> `_`) under tables/<table>/, ignoring the schema and metadata location the job moves", () => {
        const tables = ofType(all, "aws:glue/catalogTable:CatalogTable");
        expect(tables.map((t) => t.inputs.name).sort()).to.deep.equal(["clicks", "order_items", "orders"]);
        for (const t of tables) {
            expect(t.inputs.databaseName).to.equal(curated.database);
            expect(t.inputs.openTableFormatInput).to.deep.equal({ icebergInput: { metadataOperation: "CREATE", version: "2" } });
            expect(t.inputs.storageDescriptor.location).to.equal(`s3://${zone("curated").bucketName}/tables/${t.inputs.name}/`);
            // Glue builds the Iceberg schema from the declared columns: the lineage columns every row has.
            expect(t.inputs.storageDescriptor.columns).to.deep.equal([
                { name: "etl_source_object", type: "string" },
                { name: "etl_ingested_at", type: "timestamp" },
            ]);
            expect(tableOptions[t.name].ignoreChanges).to.have.members(["storageDescriptor", "parameters"]);
        }
    });

    it("gives every table its three optimizers with one role, retention and orphan settings from maintenance", () => {
        const optimizers = ofType(all, "aws:glue/catalogTableOptimizer:CatalogTableOptimizer");
        expect(optimizers).to.have.length(9);
        const byTable = (t: string) => optimizers.filter((o) => o.inputs.tableName === t).map((o) => o.inputs.type);
        for (const t of ["clicks", "order_items", "orders"]) expect(byTable(t)).to.have.members(["compaction", "retention", "orphan_file_deletion"]);
        const role = ofType(all, "aws:iam/role:Role").find((r) => r.name === "lake-etl-tables-optimizer-role")!;
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "glue.amazonaws.com" });
        expect(new Set(optimizers.map((o) => o.inputs.configuration.roleArn)).size).to.equal(1);
        for (const o of optimizers) {
            expect(o.inputs.catalogId).to.equal(ACCOUNT);
            expect(o.inputs.configuration.enabled).to.equal(true);
            expect(o.inputs.configuration.roleArn).to.match(/lake-etl-tables-optimizer-role/);
        }
        const retention = optimizers.find((o) => o.inputs.type === "retention")!.inputs.configuration.retentionConfiguration.icebergConfiguration;
        expect(retention).to.deep.equal({ snapshotRetentionPeriodInDays: 14, numberOfSnapshotsToRetain: 10, cleanExpiredFiles: true });
        const orphans = optimizers.find((o) => o.inputs.type === "orphan_file_deletion" && o.inputs.tableName === "orders")!;
        expect(orphans.inputs.configuration.orphanFileDeletionConfiguration.icebergConfiguration).to.deep.equal({
            orphanFileRetentionPeriodInDays: 3,
            location: `s3://${zone("curated").bucketName}/tables/orders/`,
        });
    });

    it("scopes the optimizers' role to these tables, the tables/ prefix and the curated key", () => {
        const ss = statements("tables-optimizer-policy");
        expect(sid(ss, "MaintainTableFiles").Resource).to.equal(`${zone("curated").bucketArn}/tables/*`);
        expect(sid(ss, "ListTableFiles").Condition.StringLike["s3:prefix"]).to.deep.equal(["tables", "tables/", "tables/*"]);
        expect(sid(ss, "UseCuratedKey").Resource).to.deep.equal([zone("curated").keyArn]);
        const glue = `arn:aws:glue:${REGION}:${ACCOUNT}`;
        expect(sid(ss, "UpdateTables").Resource).to.deep.equal([
            `${glue}:catalog`,
            `${glue}:database/${curated.database}`,
            ...["clicks", "order_items", "orders"].map((t) => `${glue}:table/${curated.database}/${t}`),
        ]);
        expect(JSON.stringify(ss))
            .not.to.contain(`"${zone("curated").bucketArn}/*"`)
            .and.not.to.contain(zone("raw").bucketArn);
    });

    it("runs curate_tables.py on Glue 5.1 with Iceberg and the contract's arguments; one run at a time, no bookmark", () => {
        const j = job();
        expect(j.inputs.glueVersion).to.equal("5.1");
        expect(j.inputs.command).to.include({ name: "glueetl" });
        expect(j.inputs.command.scriptLocation).to.match(/\/glue\/jobs\/curate_tables\.py$/);
        expect(j.inputs.executionProperty).to.deep.equal({ maxConcurrentRuns: 1 });
        const a = j.inputs.defaultArguments;
        expect(a).to.include({
            "--datalake-formats": "iceberg",
            "--datasets": "",
            "--raw_path": `s3://${zone("raw").bucketName}/`,
            "--catalog_database": curated.database,
            "--warehouse_path": `s3://${zone("curated").bucketName}/tables/`,
            "--catalog_type": "glue",
            "--quarantine_path": `s3://${zone("curated").bucketName}/quarantine/`,
            "--job-bookmark-option": "job-bookmark-disable",
        });
        expect(JSON.parse(a["--curation_rules"])).to.deep.equal(RULES);
    });

    it("gives the views job the curated tables' catalog arguments and Iceberg", () => {
        const a = ofType(all, "aws:glue/job:Job").find((j) => j.inputs.name === "datalake_dev_raw_to_curated")!.inputs.defaultArguments;
        expect(a).to.include({
            "--datalake-formats": "iceberg",
            "--catalog_database": curated.database,
            "--warehouse_path": `s3://${zone("curated").bucketName}/tables/`,
            "--catalog_type": "glue",
        });
    });

    it("scopes the curate job's role: reads raw, writes only tables/ and quarantine/ of curated with its key, catalog of the curated database", () => {
        const ss = statements("curate-tables-policy");
        expect(sid(ss, "ReadSourceObjects").Resource).to.deep.equal([`${zone("raw").bucketArn}/*`]);
        expect(sid(ss, "WriteTargetObjects").Resource).to.deep.equal([`${zone("curated").bucketArn}/tables/*`, `${zone("curated").bucketArn}/quarantine/*`]);
        expect(sid(ss, "UseTargetKeys").Resource).to.deep.equal([zone("curated").keyArn]);
        const glue = `arn:aws:glue:${REGION}:${ACCOUNT}`;
        expect(sid(ss, "WriteCatalog").Resource).to.deep.equal([
            `${glue}:catalog`,
            `${glue}:database/${curated.database}`,
            `${glue}:table/${curated.database}/*`,
            `${glue}:userDefinedFunction/${curated.database}/*`,
        ]);
        expect(JSON.stringify(ss)).not.to.contain(zone("drop").bucketArn);
    });

    it("has no table, optimizer or curate job without a curated zone", async () => {
        const two = await record(build({}, fixtureEtlDir(), false));
        expect(ofType(two, "aws:glue/catalogTable:CatalogTable")).to.deep.equal([]);
        expect(ofType(two, "aws:glue/catalogTableOptimizer:CatalogTableOptimizer")).to.deep.equal([]);
        expect(ofType(two, "aws:glue/job:Job").map((j) => j.inputs.name)).to.not.include("datalake_dev_curate_tables");
    });
});

describe("Etl big-object job (mocks)", () => {
    let all: Recorded[];
    before(async () => {
        all = await record(build({ etl: { bigObjects: { maxConcurrentRuns: 4 } } }));
    });
    const job = () => ofType(all, "aws:glue/job:Job").find((j) => j.inputs.name === BIG_OBJECT_JOB)!;
    const statements = () =>
        JSON.parse(ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "lake-etl-convert-object-policy")!.inputs.policy).Statement as any[];
    const sid = (id: string) => statements().find((s) => s.Sid === id);

    it("is a Glue 5.1 Spark job running convert_object.py, as many runs at once as configured, its zones and keys as default arguments", () => {
        const j = job();
        expect(j.inputs).to.deep.include({
            glueVersion: "5.1",
            workerType: "G.1X",
            numberOfWorkers: 2,
            timeout: 60,
            executionProperty: { maxConcurrentRuns: 4 },
        });
        expect(j.inputs.command.scriptLocation).to.match(/\/glue\/jobs\/convert_object\.py$/);
        expect(j.inputs.defaultArguments).to.deep.include({
            "--target_bucket": zone("raw").bucketName,
            "--target_kms_key_arn": zone("raw").keyArn,
            "--source_kms_key_arn": zone("drop").keyArn,
            "--job-bookmark-option": "job-bookmark-disable",
        });
        // Spark's own writes (the staged Parquet) use the raw key, the one raw accepts.
        const config = ofType(all, "aws:glue/securityConfiguration:SecurityConfiguration").find((c) => c.inputs.name === j.inputs.securityConfiguration)!;
        expect(config.inputs.encryptionConfiguration.s3Encryption.kmsKeyArn).to.equal(zone("raw").keyArn);
    });

    it("no trigger starts it: the drop -> raw function does, per object", () => {
        for (const t of ofType(all, "aws:glue/trigger:Trigger")) expect(JSON.stringify(t.inputs.actions)).not.to.contain(BIG_OBJECT_JOB);
    });

    it("its role reads given versions of any landing object and tags them, writes raw and the landing zone's quarantine/ only", () => {
        expect(sid("ReadSourceObjects")).to.deep.include({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${zone("drop").bucketArn}/*`] });
        expect(sid("TagConsumedSources").Resource).to.deep.equal([`${zone("drop").bucketArn}/*`]);
        expect(sid("WriteTargetObjects").Resource).to.deep.equal([`${zone("raw").bucketArn}/*`, `${zone("drop").bucketArn}/quarantine/*`]);
        expect(sid("UseTargetKeys").Resource).to.have.members([zone("raw").keyArn, zone("drop").keyArn]);
        expect(JSON.stringify(statements())).not.to.contain(zone("curated").bucketArn);
        // Its Spark scratch prefix only, in the artifacts bucket.
        expect(sid("UseTempDir").Resource).to.match(/\/glue-temp\/datalake_dev_convert_object\/\*$/);
    });

    it("is left out when etl.bigObjects.enabled is false, with its script and role", async () => {
        const off = await record(build({ etl: { bigObjects: { enabled: false } } }));
        expect(ofType(off, "aws:glue/job:Job").map((j) => j.inputs.name)).not.to.include(BIG_OBJECT_JOB);
        expect(ofType(off, "aws:iam/role:Role").map((r) => r.name)).not.to.include("lake-etl-convert-object-role");
        expect(ofType(off, "aws:s3/bucketObjectv2:BucketObjectv2").map((o) => o.inputs.key)).not.to.include("glue/jobs/convert_object.py");
    });
});
