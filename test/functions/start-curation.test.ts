/**
 * The curation starter (functions/start-curation) against moto's Glue: one curate run per batch
 * with the batch's datasets, a batch put back while a run is going, malformed messages failed alone.
 */
import { expect } from "chai";
import { CreateJobCommand, GetJobRunsCommand, GlueClient } from "@aws-sdk/client-glue";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSEvent } from "aws-lambda";
import { AnnouncedObject, CURATE_DATASETS_ARGUMENT, StartCurationEnv, StartCurationMetric, objectCreatedEvent } from "../../lib/contract";
import { batchDatasets, makeHandler, readStarterSettings } from "../../functions/start-curation/starter";
import { useMoto } from "../../harness/moto";

const JOB = "datalake_dev_curate_tables";
const BUCKET = "raw-zone";

function message(id: string, key: string): SQSEvent["Records"][number] {
    const o: AnnouncedObject = { bucket: BUCKET, key, size: 10, lastModified: new Date("2026-12-07T08:00:00Z") };
    return {
        messageId: id,
        receiptHandle: `r-${id}`,
        body: JSON.stringify(objectCreatedEvent(o, { account: "123456789012", region: "eu-west-1", id, reason: "PutObject" })),
        attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "events", ApproximateFirstReceiveTimestamp: "0" },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:raw-events",
        awsRegion: "eu-west-1",
    };
}

const batch = (...records: SQSEvent["Records"]): SQSEvent => ({ Records: records });

describe("start-curation: the batch's datasets", () => {
    it("takes each key's dataset once, sorted, skipping quarantine output; a body that is no S3 event is reported", () => {
        const bad = { ...message("m4", "x"), body: "not json" };
        const out = batchDatasets(
            batch(
                message("m1", "orders/ingest_date=2026-12-07/a-v1.parquet"),
                message("m2", "clicks/ingest_date=2026-12-07/b-v1.parquet"),
                message("m3", "orders/ingest_date=2026-12-07/c-v1.parquet"),
                message("m5", "quarantine/orders/ingest_date=2026-12-07/d-v1"),
                bad,
            ),
        );
        expect(out).to.deep.equal({ datasets: ["clicks", "orders"], malformed: ["m4"] });
    });

    it("fails init without the job's name", () => {
        expect(() => readStarterSettings({})).to.throw(new RegExp(StartCurationEnv.jobName));
        expect(readStarterSettings({ [StartCurationEnv.jobName]: JOB })).to.deep.equal({ jobName: JOB });
    });
});

describe("start-curation: the run it asks for", () => {
    it("asks Glue for no job run queuing (the job queues the workflow's runs): a batch waits in the queue while a run goes", async () => {
        const sent: unknown[] = [];
        const glue = { send: async (command: { input: unknown }) => (sent.push(command.input), { JobRunId: "jr_1" }) } as unknown as GlueClient;
        class Unpublished extends Metrics {
            override publishStoredMetrics(): this {
                return this;
            }
        }
        const metrics = new Unpublished({ namespace: "test" });
        const handler = makeHandler({ jobName: JOB }, { glue, logger: new Logger({ logLevel: "SILENT" }), metrics });
        expect((await handler(batch(message("m1", "orders/ingest_date=2026-12-07/a.parquet")))).batchItemFailures).to.deep.equal([]);
        expect(sent).to.deep.equal([{ JobName: JOB, Arguments: { [CURATE_DATASETS_ARGUMENT]: "orders" }, JobRunQueuingEnabled: false }]);
    });
});

describe("start-curation against moto's Glue", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let glue: GlueClient;
    let handler: ReturnType<typeof makeHandler>;
    let metricsDisabled: string | undefined;

    before(() => {
        glue = new GlueClient(moto().clientConfig);
        metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
        process.env.POWERTOOLS_METRICS_DISABLED = "true";
        handler = makeHandler({ jobName: JOB }, { glue, logger: new Logger({ logLevel: "SILENT" }), metrics: new Metrics({ namespace: "test" }) });
    });
    after(() => {
        if (metricsDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
        else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
    });
    beforeEach(async () => {
        await moto().reset();
        await glue.send(
            new CreateJobCommand({
                Name: JOB,
                Role: "arn:aws:iam::123456789012:role/curate",
                Command: { Name: "glueetl", ScriptLocation: "s3://artifacts/glue/jobs/curate_tables.py" },
                DefaultArguments: { [CURATE_DATASETS_ARGUMENT]: "", "--datalake-formats": "iceberg" },
                ExecutionProperty: { MaxConcurrentRuns: 1 },
            }),
        );
    });

    const stateManager = (action: string, body: unknown) =>
        fetch(`${moto().endpoint}/moto-api/state-manager/${action}`, { method: "POST", body: JSON.stringify(body) }).then((r) =>
            expect(r.status).to.equal(201),
        );
    const runs = async () => (await glue.send(new GetJobRunsCommand({ JobName: JOB }))).JobRuns ?? [];

    it("starts one run per batch with the batch's datasets, over the job's default arguments", async () => {
        const res = await handler(batch(message("m1", "orders/ingest_date=2026-12-07/a.parquet"), message("m2", "clicks/ingest_date=2026-12-07/b.parquet")));
        expect(res.batchItemFailures).to.deep.equal([]);
        const all = await runs();
        expect(all).to.have.length(1);
        expect(all[0].Arguments).to.include({ [CURATE_DATASETS_ARGUMENT]: "clicks,orders", "--datalake-formats": "iceberg" });
    });

    it("puts the whole batch back while a run is going (ConcurrentRunsExceededException), and starts once it ended", async () => {
        const first = batch(message("m1", "orders/ingest_date=2026-12-07/a.parquet"));
        const second = batch(message("m2", "orders/ingest_date=2026-12-07/b.parquet"), message("m3", "clicks/ingest_date=2026-12-07/c.parquet"));
        // Runs stay STARTING (moto's state manager, manual progression) until the transition is unset.
        await stateManager("set-transition", { model_name: "glue::job_run", transition: { progression: "manual", times: 1000 } });
        try {
            expect((await handler(first)).batchItemFailures).to.deep.equal([]);
            expect((await handler(second)).batchItemFailures).to.deep.equal([{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }]);
            expect(await runs()).to.have.length(1);
        } finally {
            await stateManager("unset-transition", { model_name: "glue::job_run" });
        }
        expect((await handler(second)).batchItemFailures).to.deep.equal([]);
        expect((await runs()).map((r) => r.Arguments?.[CURATE_DATASETS_ARGUMENT]).sort()).to.deep.equal(["clicks,orders", "orders"]);
    });

    it("fails only the malformed message when the rest start a run; starts nothing for quarantine output alone", async () => {
        const bad = { ...message("m9", "x"), body: "{}" };
        expect((await handler(batch(message("m1", "orders/ingest_date=2026-12-07/a.parquet"), bad))).batchItemFailures).to.deep.equal([
            { itemIdentifier: "m9" },
        ]);
        await moto().reset();
        expect((await handler(batch(message("m2", "quarantine/orders/x")))).batchItemFailures).to.deep.equal([]);
    });

    it("publishes CurationRunsStarted and CurationRunsDeferred on every invocation, 0 included", async () => {
        const calls: [string, number][] = [];
        class Recording extends Metrics {
            override addMetric(name: string, unit: Parameters<Metrics["addMetric"]>[1], value: number): this {
                calls.push([name, value]);
                return super.addMetric(name, unit, value);
            }
        }
        const counted = makeHandler({ jobName: JOB }, { glue, logger: new Logger({ logLevel: "SILENT" }), metrics: new Recording({ namespace: "test" }) });
        await stateManager("set-transition", { model_name: "glue::job_run", transition: { progression: "manual", times: 1000 } });
        try {
            await counted(batch(message("m1", "quarantine/orders/x")));
            await counted(batch(message("m2", "orders/ingest_date=2026-12-07/a.parquet")));
            await counted(batch(message("m3", "orders/ingest_date=2026-12-07/b.parquet")));
        } finally {
            await stateManager("unset-transition", { model_name: "glue::job_run" });
        }
        expect(calls).to.deep.equal([
            [StartCurationMetric.runsStarted, 0],
            [StartCurationMetric.runsDeferred, 0],
            [StartCurationMetric.runsStarted, 1],
            [StartCurationMetric.runsDeferred, 0],
            [StartCurationMetric.runsStarted, 0],
            [StartCurationMetric.runsDeferred, 1],
        ]);
    });

    it("puts the batch back when the job cannot be started (no such job), for the DLQ after its receives", async () => {
        await moto().reset();
        const res = await handler(batch(message("m1", "orders/ingest_date=2026-12-07/a.parquet")));
        expect(res.batchItemFailures).to.deep.equal([{ itemIdentifier: "m1" }]);
    });
});
