/**
 * The local Glue's reading of the deployed graph (local/glue.ts): the workflow's triggers in the
 * order Glue fires them, a conditional trigger's predicate over the runs so far, the buckets a
 * job's arguments name, and Glue's `--conf` argument as Spark settings.
 */
import { expect } from "chai";
import { bucketsOf, deployedJobs, predicateHolds, sparkConfs, workflowTriggers, type GlueJobRun } from "../../local/glue";
import type { RecordedResource } from "../../harness/program";

const resource = (type: string, name: string, props: Record<string, unknown>): RecordedResource =>
    ({ type, name, urn: `urn:${name}`, props, outputs: {}, custom: true, protect: false, retainOnDelete: false, dependencies: [] }) as RecordedResource;

const run = (job: string, state: GlueJobRun["state"]): GlueJobRun => ({ job, startedBy: "t", state, startedAt: 0, seconds: 1 });

describe("local lake: the Glue workflow as deployed", () => {
    const graph = [
        resource("aws:glue/trigger:Trigger", "after", {
            name: "p_etl_after_raw",
            type: "CONDITIONAL",
            workflowName: "p_etl",
            actions: [{ jobName: "views" }],
            predicate: {
                logical: "AND",
                conditions: [
                    { jobName: "d2r_orders", state: "SUCCEEDED", logicalOperator: "EQUALS" },
                    { jobName: "d2r_items", state: "SUCCEEDED", logicalOperator: "EQUALS" },
                ],
            },
        }),
        resource("aws:glue/trigger:Trigger", "api", { name: "p_api_ingest_schedule", type: "SCHEDULED", actions: [{ jobName: "api" }] }),
        resource("aws:glue/trigger:Trigger", "schedule", {
            name: "p_etl_schedule",
            type: "SCHEDULED",
            workflowName: "p_etl",
            actions: [{ jobName: "d2r_orders" }, { jobName: "d2r_items" }],
        }),
    ];

    it("fires the workflow's scheduled trigger first, then its conditional ones; triggers outside the workflow are not its", () => {
        const triggers = workflowTriggers(graph);
        expect(triggers.map((t) => [t.name, t.jobs])).to.deep.equal([
            ["p_etl_schedule", ["d2r_orders", "d2r_items"]],
            ["p_etl_after_raw", ["views"]],
        ]);
        expect(triggers[1].predicate).to.deep.equal({
            logical: "AND",
            conditions: [
                { job: "d2r_orders", state: "SUCCEEDED" },
                { job: "d2r_items", state: "SUCCEEDED" },
            ],
        });
    });

    it("fires a conditional trigger after the triggers starting the jobs it waits for, each job with its action's arguments", () => {
        // Resource order puts the views' trigger first; the predicates chain after_raw -> after_curate.
        const chained = [
            resource("aws:glue/trigger:Trigger", "curated", {
                name: "p_etl_after_curate",
                type: "CONDITIONAL",
                workflowName: "p_etl",
                actions: [{ jobName: "views" }],
                predicate: { logical: "AND", conditions: [{ jobName: "curate", state: "SUCCEEDED", logicalOperator: "EQUALS" }] },
            }),
            { ...graph[0], props: { ...graph[0].props, actions: [{ jobName: "curate", arguments: { "--datasets": "orders,items" } }] } },
            graph[2],
        ];
        const triggers = workflowTriggers(chained);
        expect(triggers.map((t) => [t.name, t.jobs])).to.deep.equal([
            ["p_etl_schedule", ["d2r_orders", "d2r_items"]],
            ["p_etl_after_raw", ["curate"]],
            ["p_etl_after_curate", ["views"]],
        ]);
        expect(triggers.map((t) => t.arguments)).to.deep.equal([{}, { curate: { "--datasets": "orders,items" } }, {}]);
    });

    it("holds an AND predicate only when every job's latest run is in its state; ANY when one is", () => {
        const predicate = workflowTriggers(graph)[1].predicate!;
        expect(predicateHolds(predicate, [run("d2r_orders", "SUCCEEDED"), run("d2r_items", "SUCCEEDED")])).to.equal(true);
        expect(predicateHolds(predicate, [run("d2r_orders", "SUCCEEDED"), run("d2r_items", "FAILED")])).to.equal(false);
        expect(predicateHolds(predicate, [run("d2r_orders", "SUCCEEDED")])).to.equal(false);
        // The latest run counts: a failed run retried successfully satisfies it.
        expect(predicateHolds(predicate, [run("d2r_items", "FAILED"), run("d2r_orders", "SUCCEEDED"), run("d2r_items", "SUCCEEDED")])).to.equal(true);
        expect(predicateHolds({ ...predicate, logical: "ANY" }, [run("d2r_orders", "FAILED"), run("d2r_items", "SUCCEEDED")])).to.equal(true);
    });

    it("reads each job's script, DefaultArguments and write key by its physical name, and the buckets they name", () => {
        const config = resource("aws:glue/securityConfiguration:SecurityConfiguration", "sc", {
            name: "p_etl_curated_writer",
            encryptionConfiguration: { s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/curated" } },
        });
        const job = resource("aws:glue/job:Job", "j", {
            name: "p_curate",
            securityConfiguration: "p_etl_curated_writer",
            command: { scriptLocation: "s3://artifacts-1/glue/scripts/curate_tables.py" },
            defaultArguments: { "--raw_path": "s3://raw-1/", "--warehouse_path": "s3://curated-1/tables/", "--TempDir": "s3://artifacts-1/glue-temp/p/" },
        });
        const jobs = deployedJobs([config, job], new Map([["urn:j", "p_curate"]]));
        expect(jobs.get("p_curate")!.script).to.equal("s3://artifacts-1/glue/scripts/curate_tables.py");
        // What it writes goes back to the emulator with the key its security configuration names.
        expect(jobs.get("p_curate")!.writeKeyArn).to.equal("arn:aws:kms:eu-west-1:1:key/curated");
        expect(bucketsOf(jobs.get("p_curate")!)).to.deep.equal(["artifacts-1", "curated-1", "raw-1"]);
    });

    it("turns Glue's --conf argument (k=v, more joined by ' --conf ') into Spark settings", () => {
        expect(sparkConfs("spark.hadoop.a=false")).to.deep.equal({ "spark.hadoop.a": "false" });
        expect(sparkConfs("spark.a=1 --conf spark.b=x=y")).to.deep.equal({ "spark.a": "1", "spark.b": "x=y" });
        expect(sparkConfs(undefined)).to.deep.equal({});
    });
});
