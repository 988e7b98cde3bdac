/**
 * The ETL area's defaults (components/etl/args.ts): applied inside Etl, equal to what the stack
 * config resolves (it takes them from here), left to any field a caller sets; and an Etl built
 * alone, without the lake or its config.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { API_INGEST_DEFAULTS, ETL_DEFAULTS, Etl, type EtlArgs, TABLE_MAINTENANCE_DEFAULTS, etlWithDefaults } from "../../../components/etl";
import { parseConfig } from "../../../lib/config";
import { ACCOUNT, REGION, ofType, record, zone } from "../catalog/harness";

const scope = { accountId: ACCOUNT, partition: "aws", region: REGION };

describe("etl defaults", () => {
    it("completes empty settings: G.1X x 2 workers, 60 minutes, daily at 04:00 UTC, no Glue-owned table, no API ingest, the big-object job on", () => {
        expect(etlWithDefaults({})).to.deep.equal({
            workerType: "G.1X",
            numberOfWorkers: 2,
            timeoutMinutes: 60,
            schedule: "cron(0 4 * * ? *)",
            tables: [],
            maintenance: { snapshotRetentionDays: 7, snapshotsToRetain: 10, orphanFileRetentionDays: 3 },
            bigObjects: { enabled: true, maxConcurrentRuns: 10 },
        });
        expect(etlWithDefaults({})).to.deep.include(ETL_DEFAULTS);
        expect(etlWithDefaults({}).maintenance).to.deep.equal(TABLE_MAINTENANCE_DEFAULTS);
    });

    it("equals what the stack config resolves, with and without API ingest", () => {
        // The config's etl block also holds the curation starter's batching (components/processing, its own defaults).
        const etlOf = (raw: Record<string, unknown>) => {
            const { curateTrigger: _trigger, ...etl } = parseConfig(raw).etl;
            return etl;
        };
        expect(etlWithDefaults({})).to.deep.equal(etlOf({}));
        const apiIngest = { repos: ["pulumi/pulumi"] };
        expect(etlWithDefaults({ apiIngest })).to.deep.equal(etlOf({ etl: { apiIngest } }));
        expect(etlWithDefaults({ apiIngest }).apiIngest).to.deep.equal({ ...API_INGEST_DEFAULTS, ...apiIngest });
    });

    it("keeps every field the caller sets", () => {
        const set = {
            workerType: "G.2X",
            numberOfWorkers: 10,
            timeoutMinutes: 120,
            schedule: "cron(30 5 * * ? *)",
            tables: ["orders"],
            apiIngest: { schedule: "cron(0 1 * * ? *)", repos: ["a/b"], baseUrl: "https://example.com" },
            maintenance: { snapshotRetentionDays: 30, snapshotsToRetain: 3, orphanFileRetentionDays: 5 },
            bigObjects: { enabled: false, maxConcurrentRuns: 3 },
        } as const satisfies Parameters<typeof etlWithDefaults>[0];
        const settings = {
            ...set,
            tables: [...set.tables],
            apiIngest: { ...set.apiIngest, repos: [...set.apiIngest.repos] },
            maintenance: { ...set.maintenance },
            bigObjects: { ...set.bigObjects },
        };
        expect(etlWithDefaults(settings)).to.deep.equal(settings);
        const { curateTrigger, ...etl } = parseConfig({ etl: { ...settings, curateTrigger: { batchSize: 50, maxBatchingWindowSeconds: 60 } } }).etl;
        expect(etl).to.deep.equal(settings);
        expect(curateTrigger).to.deep.equal({ batchSize: 50, maxBatchingWindowSeconds: 60 });
    });
});

describe("Etl built alone (mocks)", function () {
    this.timeout(120_000);
    const etlZone = (name: string) => ({ ...zone(name), database: `lake_${name}` });
    let etlDir: string;
    before(() => {
        etlDir = fs.mkdtempSync(path.join(os.tmpdir(), "etl-args-"));
        fs.mkdirSync(path.join(etlDir, "jobs"));
        for (const script of ["drop_to_raw.py", "raw_to_curated.py", "curate_tables.py", "api_ingest.py", "convert_object.py"])
            fs.writeFileSync(path.join(etlDir, "jobs", script), "");
        fs.mkdirSync(path.join(etlDir, "lakeetl"));
        fs.writeFileSync(path.join(etlDir, "lakeetl", "__init__.py"), "");
    });
    after(() => fs.rmSync(etlDir, { recursive: true, force: true }));
    const args = (over: Partial<EtlArgs> = {}): EtlArgs => ({
        context: { scope },
        drop: etlZone("drop"),
        raw: etlZone("raw"),
        curated: etlZone("curated"),
        analyticsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`,
        etlDir,
        ...over,
    });

    it("applies its defaults and the context's: G.1X x 2, 60 minutes, log retention 14, destroyable artifacts", async () => {
        const all = await record(() => new Etl("e", args({ tables: ["orders"] })));
        const job = ofType(all, "aws:glue/job:Job").find((j) => j.name === "e-drop-to-raw-orders")!;
        expect(job.inputs).to.include({ workerType: "G.1X", numberOfWorkers: 2, timeout: 60 });
        const groups = ofType(all, "aws:cloudwatch/logGroup:LogGroup");
        expect(groups).to.not.be.empty;
        for (const g of groups) expect(g.inputs.retentionInDays, g.name).to.equal(14);
        const bucket = ofType(all, "aws:s3/bucket:Bucket").find((b) => b.name === "e-artifacts-bucket");
        expect(bucket?.inputs.forceDestroy).to.equal(true);
    });

    it("takes the settings and the context it is given", async () => {
        const all = await record(() => new Etl("e", args({ workerType: "G.2X", tables: ["orders"], context: { scope, logRetentionDays: 30 } })));
        expect(ofType(all, "aws:glue/job:Job").find((j) => j.name === "e-drop-to-raw-orders")!.inputs.workerType).to.equal("G.2X");
        for (const g of ofType(all, "aws:cloudwatch/logGroup:LogGroup")) expect(g.inputs.retentionInDays, g.name).to.equal(30);
    });

    it("refuses a streaming-only worker type from a caller without the config's validation", async () => {
        let error: Error | undefined;
        const workerType = "G.025X" as EtlArgs["workerType"];
        await record(() => new Etl("e", args({ workerType, tables: ["orders"] }))).catch((e: Error) => (error = e));
        expect(error?.message).to.equal(
            `Etl: workerType = "G.025X": Glue offers G.025X to streaming jobs only, and the ETL jobs are batch jobs: use G.1X or larger`,
        );
    });
});
