/**
 * drop -> raw hands an object past its limits to the big-object Glue job (moto: glue create_job,
 * start_job_run, get_job_runs): the run is started with the object version's arguments, the
 * message succeeds, the source is tagged left-for-batch, nothing is quarantined or written to raw.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CreateJobCommand, GetJobRunsCommand, GlueClient } from "@aws-sdk/client-glue";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { BIG_OBJECT_RUN_ARGUMENTS, PROCESSED_TAG, ProcessorEnv, ProcessorMetric, QUARANTINE_PREFIX } from "../../lib/contract";
import { INPUT_KINDS, type ObjectLimits } from "../../lib/handover";
import { createHandler } from "../../functions/drop-to-raw";
import { useMoto } from "../../harness/moto";
import { acknowledge, createLake, getTags, listKeys, receiveEvent, type Lake } from "./support-drop/lake";
import { RecordingMetrics, dropToRawEnv } from "./support-drop/processor";

const JOB = "lake_test_convert_object";
const csv = (rows: number) => Buffer.from("id,name\n" + Array.from({ length: rows }, (_, i) => `${i},n${i}\n`).join(""));

describe("drop -> raw hands big objects to the Spark job (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();
    let lake: Lake;
    let glue: GlueClient;

    /** CSV objects above 1 KB go to Spark; everything else as the function's defaults. */
    const limits: ObjectLimits = { ...(Object.fromEntries(INPUT_KINDS.map((k) => [k, 1024 ** 2])) as ObjectLimits), csv: 1024 };

    function handler(extra: NodeJS.ProcessEnv, metrics = new RecordingMetrics()) {
        return createHandler({
            s3: lake.s3,
            glue,
            env: { ...dropToRawEnv(lake, { maxObjectBytes: 1024 ** 2, maxDecompressedBytes: 1024 ** 2 }), ...extra },
            logger: new Logger({ logLevel: "SILENT" }),
            metrics,
        });
    }

    async function deliver(extra: NodeJS.ProcessEnv, metrics?: RecordingMetrics) {
        const event = await receiveEvent(lake);
        const response = await handler(extra, metrics)(event, undefined);
        await acknowledge(lake, event, response);
        return { event, response };
    }

    before(async () => {
        lake = await createLake(moto(), "handover");
        glue = new GlueClient(moto().clientConfig);
        await glue.send(
            new CreateJobCommand({ Name: JOB, Role: "arn:aws:iam::123456789012:role/convert", Command: { Name: "glueetl", ScriptLocation: "s3://a/b.py" } }),
        );
        await receiveEvent(lake).then((e) => acknowledge(lake, e, { batchItemFailures: [] })); // S3's TestEvent
    });

    it("starts a run for an object past its kind's limit, with the object version as arguments; no quarantine, no raw", async () => {
        const body = csv(200);
        const put = await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/2026/big.csv", Body: body }));
        const metrics = new RecordingMetrics();
        const { event, response } = await deliver({ [ProcessorEnv.objectLimits]: JSON.stringify(limits), [ProcessorEnv.bigObjectJob]: JOB }, metrics);

        expect(response.batchItemFailures).to.deep.equal([]);
        // The version the event announced (moto's notifications carry none; S3's do on a versioned bucket).
        const announced = (JSON.parse(event.Records[0].body) as { Records: { s3: { object: { versionId?: string; eTag?: string } } }[] }).Records[0].s3.object;
        const runs = (await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns ?? [];
        expect(runs).to.have.length(1);
        const args = runs[0].Arguments!;
        expect(args[BIG_OBJECT_RUN_ARGUMENTS.bucket]).to.equal(lake.drop);
        expect(args[BIG_OBJECT_RUN_ARGUMENTS.key]).to.equal("orders/2026/big.csv");
        expect(args[BIG_OBJECT_RUN_ARGUMENTS.versionId]).to.equal(announced.versionId);
        expect(args[BIG_OBJECT_RUN_ARGUMENTS.etag]).to.equal(announced.eTag).and.to.be.a("string");
        expect(args[BIG_OBJECT_RUN_ARGUMENTS.size]).to.equal(String(body.length));
        expect(new Date(args[BIG_OBJECT_RUN_ARGUMENTS.eventTime]).getTime()).to.be.above(0);
        expect(await listKeys(lake.s3, lake.raw)).to.deep.equal([]);
        expect((await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(QUARANTINE_PREFIX))).to.deep.equal([]);
        expect(await getTags(lake.s3, lake.drop, "orders/2026/big.csv", put.VersionId)).to.deep.include({ [PROCESSED_TAG.key]: PROCESSED_TAG.leftForBatch });
        expect(metrics.recorded[ProcessorMetric.objectsHandedOver]).to.equal(1);
    });

    it("converts an object of another kind under its own limit itself (the limit is per kind)", async () => {
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/2026/small.ndjson", Body: '{"id":1}\n{"id":2}\n'.repeat(100) }));
        const before = (await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns?.length ?? 0;
        const { response } = await deliver({ [ProcessorEnv.objectLimits]: JSON.stringify(limits), [ProcessorEnv.bigObjectJob]: JOB });
        expect(response.batchItemFailures).to.deep.equal([]);
        expect((await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns ?? []).to.have.length(before);
        expect((await listKeys(lake.s3, lake.raw)).filter((k) => k.includes("small"))).to.have.length(1);
    });

    it("without a big-object job, quarantines the object as too-large (as before)", async () => {
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/2026/big2.csv", Body: csv(200) }));
        const { response } = await deliver({ [ProcessorEnv.objectLimits]: JSON.stringify(limits) });
        expect(response.batchItemFailures).to.deep.equal([]);
        const reports = (await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(QUARANTINE_PREFIX) && k.includes("big2"));
        expect(reports.some((k) => k.endsWith(".error.json"))).to.equal(true);
    });

    it("fails the message (retried, then the DLQ) when the job cannot be started, and quarantines nothing", async () => {
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/2026/big3.csv", Body: csv(200) }));
        const { event, response } = await deliver({ [ProcessorEnv.objectLimits]: JSON.stringify(limits), [ProcessorEnv.bigObjectJob]: "no_such_job" });
        const big3 = event.Records.filter((r) => r.body.includes("big3")).map((r) => r.messageId);
        expect(big3).to.have.length(1);
        expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(big3);
        expect((await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(QUARANTINE_PREFIX) && k.includes("big3"))).to.deep.equal([]);
    });

    it("hands over an object under its limits that ran out of memory here (resource-limit), instead of quarantining it", async () => {
        // The bench's orders, 4 MiB, on a function whose DuckDB gets 9 MB (60% of 16 MB): Out of Memory.
        const file = path.join(await mkdtemp(path.join(tmpdir(), "handover-")), "orders.csv");
        execFileSync(process.execPath, [path.join(__dirname, "../../bench/processor.data.mjs"), file, "4"]);
        await lake.s3.send(new PutObjectCommand({ Bucket: lake.drop, Key: "orders/2026/oom.csv", Body: await readFile(file) }));
        const before = (await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns?.length ?? 0;
        const { response } = await deliver({
            [ProcessorEnv.bigObjectJob]: JOB,
            [ProcessorEnv.maxObjectBytes]: String(64 * 1024 ** 2),
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "16",
        });
        expect(response.batchItemFailures).to.deep.equal([]);
        const runs = (await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns ?? [];
        expect(runs).to.have.length(before + 1);
        expect(runs.some((r) => r.Arguments?.[BIG_OBJECT_RUN_ARGUMENTS.key] === "orders/2026/oom.csv")).to.equal(true);
        expect((await listKeys(lake.s3, lake.drop)).filter((k) => k.startsWith(QUARANTINE_PREFIX) && k.includes("oom"))).to.deep.equal([]);
    });

    it("refuses an OBJECT_LIMITS that does not name every kind", () => {
        expect(() => handler({ [ProcessorEnv.objectLimits]: JSON.stringify({ csv: 1 }) })).to.throw(/OBJECT_LIMITS .*expected a JSON object of bytes/);
    });
});
