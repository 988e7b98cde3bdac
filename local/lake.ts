/**
 * The local lake, end to end: deploys the stack with the real engine into the emulator
 * (deploy.ts), loads the functions in-process (runtime.ts), serves the deployed API on a local
 * HTTP port (http.ts), pushes the sample data set, a bad file and seeded API traffic in (data.ts),
 * drains every event queue (drop -> raw by the zone processor; raw arrivals to the curation
 * starter, which starts curate job runs in the emulator's Glue), runs those runs with local
 * PySpark into Iceberg tables (curation.ts), runs the named queries, and checks the result: every
 * object of a zone is promoted to the next one or quarantined with a report, none twice, every raw
 * object consumed by the curate job, every DLQ empty. Used by `npm run local` (local/run.ts) and by
 * test/e2e/local-lake.test.ts.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { GetApiKeyCommand } from "@aws-sdk/client-api-gateway";
import {
    CURATED_VIEW_NAMES,
    ERROR_REPORT_SUFFIX,
    ObjectMeta,
    PROCESSED_TAG,
    ProcessorEnv,
    StartCurationEnv,
    datasetOf,
    isBatchOwned,
    isProcessorInput,
    isQuarantined,
} from "../lib/contract";
import { stringListEnv } from "../functions/shared/env";
import { stackConfig, type RecordedResource } from "../harness/program";
import { BAD_FILE_KEY, sendTraffic, type ApiPost, uploadBadFile, uploadSampleData, uploadTelemetry, type TrafficResult, type UploadedSample } from "./data";
import { emulatorClients, emulatorConfig, type Clients } from "../harness/aws-double/emulator";
import { deployLocalStack, type Deployment, type Provisioned } from "./deploy";
import { startApi, type HttpCall, type LocalApi } from "./http";
import { namedQueriesOf, runNamedQueries, type DatabaseData, type QueryResult } from "./queries";
import { unmatchedConfig, type Unmatched } from "./config-check";
import { localTables, runCurateJob, workflowCurateRun, type CurateRunResult, type TableFigures } from "./curation";
import { checkWarehouse, type WarehouseCheck } from "./warehouse";
import { deployedJobs, LocalGlue, predicateHolds, sparkJars, workflowTriggers, type GlueJobRun } from "./glue";
import { drainQueues, lambdaContext, loadFunctions, queueDepth, queueMappings, type MappingStats, type QueueMapping } from "./runtime";
import { deliverFirehoseSources, drainStreams, firehoseSources, openStreams, streamMappings, streamsSummary, type StreamsSummary } from "./streams";
import { REALTIME_EVENT_TYPES, RealtimeMetrics } from "../lib/contract";

export interface LocalLakeOptions {
    /** Stack whose config and graph are used. Default "dev". */
    stack?: "dev" | "prod";
    /**
     * The emulator (moto server on loopback). Its region should be the stack's `aws:region`.
     * `credentials` make the deploy, the seeding and the reading (default the emulator's test
     * ones). With `assumeRoles` (harness/moto.ts, after `enforceIam()`), least privilege is run:
     * each function and its event source mapping use its own execution role's credentials.
     */
    emulator: {
        endpoint: string;
        credentials?: { accessKeyId: string; secretAccessKey: string };
        assumeRoles?: (
            roleArns: string[],
            sessionName: string,
        ) => Promise<Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken?: string }>>;
    };
    /** Stack config overrides for this run, by full key (`datalake:serving`): value text. Default none. */
    config?: Record<string, string>;
    /** Seed of every generator. Default 42. */
    seed?: number;
    /** Orders in the sample set. Default 500. */
    orders?: number;
    /** Orders rows sent twice (deduplicated by the curation rule). Default 5% of orders. */
    resentOrders?: number;
    /** Device telemetry readings dropped as one JSON-lines file (the curated activity view's input). Default 500. */
    telemetry?: number;
    /** Impressions through the ingest API. Default 1000. */
    impressions?: number;
    /** Users sending /track events. Default 100. */
    trackUsers?: number;
    /** Events per API request. Default 250. */
    apiBatch?: number;
    /** Functions' Powertools log level. Default SILENT. */
    logLevel?: string;
    /** Longest the queues may take to drain. Default 120 s. */
    drainTimeoutMs?: number;
    /** Step lines (`step(text)` when a phase starts) and the engine's own output. Default silent. */
    progress?: { step(text: string): void; engine(text: string): void };
    /**
     * Called with the summary while the stack is still up (the API answers, the emulator holds the
     * data), before the end of the run destroys it: `--serve` waits here. Default none.
     */
    whileUp?: (summary: Summary, api: LocalApi) => Promise<void>;
    /** Folder of the local curate run (staged raw objects, the Iceberg warehouse). Default: a temp folder, removed after the run. */
    workDir?: string;
}

export interface DatasetFigures {
    objects: number;
    bytes: number;
    /** Rows read back from the Parquet objects (raw and later zones). */
    rows?: number;
    /** Columns and DuckDB types of the Parquet objects, by name (raw and later zones). */
    columns?: Record<string, string>;
}

export interface QuarantineEntry {
    zone: string;
    key: string;
    source: string;
    reason: string;
    message: string;
}

export interface Summary {
    stack: string;
    seconds: number;
    /** Resources the engine's `up` created in the emulator, by type. */
    provisioned: Record<string, number>;
    /** Resources the engine recorded without the emulator, by type, and why (harness/aws-double/emulator.ts). */
    notProvisioned: Record<string, number>;
    recordedOnlyReasons: Record<string, string>;
    /** The engine's `up` and `destroy` (the latter filled in once the run destroyed the stack). */
    engine: { upSeconds: number; resources: number; destroySeconds?: number; deletedFromEmulator?: number };
    /** The deployed API on a local port: its URL, routes and every call made to it, with the answer. */
    api: { url: string; routes: string[]; calls: HttpCall[] };
    /** Seconds per phase. */
    timings: Record<string, number>;
    /** Each deployed Athena named query: parsed (Trino dialect), run with DuckDB, its first rows. */
    queries: QueryResult[];
    /** Recorded functions run in this process, with their code folder. */
    inProcess: { function: string; code: string }[];
    /** Least privilege: whether each function ran with its own role's credentials, and how many roles were assumed. */
    iam: { ownRoles: boolean; rolesAssumed: number };
    /**
     * The Kinesis streams (real-time on): the Kinesis event source mappings played in-process, the
     * Kinesis-fed delivery streams, the metrics the real-time function published, and each event
     * type whose published count differs from the events the API accepted for it (fails the run).
     */
    streams: StreamsSummary & { countMismatches: { type: string; sent: number; counted: number }[] };
    zones: { name: string; bucket: string; datasets: Record<string, DatasetFigures> }[];
    quarantined: QuarantineEntry[];
    input: { sample: UploadedSample; badFile: string; api: TrafficResult["routes"] };
    processors: Record<string, MappingStats & { function: string }>;
    queues: { name: string; role: string; depth: number }[];
    /** Source objects neither promoted nor quarantined, per hop. */
    lost: { hop: string; key: string }[];
    /**
     * Source objects the hop's processor leaves to a Glue job (BATCH_DATASETS, config `etl.tables`)
     * that no job consumed (not tagged `datalake:processed=promoted` by a committed drop -> raw run).
     */
    leftForBatch: { hop: string; key: string }[];
    /** Source objects a Glue job consumed (the processor left them to it; the job's committed run tagged them promoted). */
    consumedByJob: { hop: string; key: string }[];
    /** Source objects promoted more than once. */
    duplicated: { hop: string; key: string; copies: number }[];
    /** Config the run shows to be inert (config-check.ts): any entry fails the run. */
    unmatched: Unmatched;
    /**
     * The curate job: the runs the starter started, run locally once over their datasets
     * (curation.ts), and its Iceberg tables by name; `unconsumed` lists the datasets whose raw
     * objects the job did not all consume (any entry fails the run).
     */
    curation: CurateRunResult & { zone: string; tables: Record<string, TableFigures>; unconsumed: { dataset: string; raw: number; consumed: number }[] };
    /**
     * The Glue jobs run here (glue.ts), in order: the workflow's triggers and the curate runs the
     * starter started; each with its trigger, state, start (s from the first) and duration.
     */
    jobs: GlueJobRun[];
    /**
     * Serving (config `serving.enabled`): the traffic job's runs (one per day of the advertising
     * view) and, per checked ad, the view's counts and what `GET /traffic/{adId}` answered over
     * HTTP; absent when serving is off.
     */
    traffic?: {
        loads: { date: string; status: string; written: number; deleted: number }[];
        checks: {
            adId: string;
            date: string;
            view: { impressions: number; clicks: number };
            answered?: { impressions: number; clicks: number };
            status: number;
        }[];
    };
    /** The warehouse load's SQL parsed as Redshift (warehouse.ts); with Redshift on, its sources checked. */
    warehouse: WarehouseCheck;
    /** The curated views the views job wrote: rows each, or why there is none. */
    views: Record<string, { rows?: number; outcome: string }>;
    ok: boolean;
}

interface Hop {
    name: string;
    sourceZone: string;
    targetZone: string;
    sourceBucket: string;
    targetBucket: string;
    mapping: QueueMapping;
}

/**
 * The bucket whose object events reach a queue: through a queue rule of its notification (S3's
 * format), or through an EventBridge rule (bucket name in its pattern) targeting the queue.
 */
function sourceBucketOf(resources: RecordedResource[], prov: Provisioned, queueArn: string): string | undefined {
    const emulated = (type: string) => resources.filter((r) => r.type === type && prov.physical.has(r.urn)).map((r) => ({ r, p: r.props }));
    const notified = emulated("aws:s3/bucketNotification:BucketNotification").find(({ p }) =>
        (p.queues ?? []).some((q: { queueArn: string }) => q.queueArn === queueArn),
    );
    if (notified) return notified.p.bucket;
    const target = emulated("aws:cloudwatch/eventTarget:EventTarget").find(({ p }) => p.arn === queueArn);
    const rule = target && emulated("aws:cloudwatch/eventRule:EventRule").find(({ r }) => prov.physical.get(r.urn) === target.p.rule);
    return rule && JSON.parse(rule.p.eventPattern)?.detail?.bucket?.name?.[0];
}

/** Zone hops from the graph: a zone processor's queue -> the bucket whose events reach it; its function's target bucket. */
function hops(resources: RecordedResource[], prov: Provisioned, mappings: QueueMapping[]): Hop[] {
    const found = mappings
        .filter((m) => m.fn.env[ProcessorEnv.sourceZone] !== undefined)
        .map((m) => {
            const sourceBucket = sourceBucketOf(resources, prov, m.queueArn);
            if (!sourceBucket) throw new Error(`${m.name}: no bucket's events reach its queue`);
            const env = m.fn.env;
            return {
                name: m.fn.name,
                sourceZone: env[ProcessorEnv.sourceZone],
                targetZone: env[ProcessorEnv.targetZone],
                sourceBucket,
                targetBucket: env[ProcessorEnv.targetBucket],
                mapping: m,
            };
        });
    // Promotion order: start at the zone nothing promotes into.
    const ordered: Hop[] = [];
    let next = found.find((h) => !found.some((x) => x.targetBucket === h.sourceBucket));
    while (next) {
        ordered.push(next);
        next = found.find((h) => h.sourceBucket === next!.targetBucket);
    }
    if (ordered.length !== found.length) throw new Error("the zone processors do not form one chain");
    return ordered;
}

async function listAll(clients: Clients, bucket: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
        const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const o of page.Contents ?? []) out.push({ key: o.Key!, size: o.Size ?? 0 });
        token = page.NextContinuationToken;
    } while (token);
    return out;
}

async function download(clients: Clients, bucket: string, key: string): Promise<Buffer> {
    const got = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await got.Body!.transformToByteArray());
}

/** Objects, bytes and (for Parquet zones) rows and columns per dataset, read back with DuckDB. */
async function zoneFigures(clients: Clients, bucket: string, parquet: boolean, duckdb: DuckDBInstance): Promise<Record<string, DatasetFigures>> {
    const objects = (await listAll(clients, bucket)).filter((o) => !isQuarantined(o.key) && !o.key.endsWith("/"));
    const byDataset = new Map<string, { key: string; size: number }[]>();
    for (const o of objects) byDataset.set(datasetOf(o.key), [...(byDataset.get(datasetOf(o.key)) ?? []), o]);
    const figures: Record<string, DatasetFigures> = {};
    const dir = await mkdtemp(path.join(tmpdir(), "local-lake-read-"));
    const conn = await duckdb.connect();
    try {
        for (const [dataset, list] of [...byDataset].sort(([a], [b]) => a.localeCompare(b))) {
            const f: DatasetFigures = { objects: list.length, bytes: list.reduce((n, o) => n + o.size, 0) };
            if (parquet) {
                const files = await Promise.all(
                    list.map(async (o, i) => {
                        const file = path.join(dir, `${dataset}-${i}.parquet`);
                        await writeFile(file, await download(clients, bucket, o.key));
                        return file;
                    }),
                );
                const source = `read_parquet([${files.map((x) => `'${x}'`).join(", ")}], union_by_name = true)`;
                f.rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0][0]);
                const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows();
                f.columns = Object.fromEntries(described.map((row) => [String(row[0]), String(row[1])]));
            }
            figures[dataset] = f;
        }
    } finally {
        conn.closeSync();
        await rm(dir, { recursive: true, force: true });
    }
    return figures;
}

async function quarantineReports(clients: Clients, zone: string, bucket: string): Promise<QuarantineEntry[]> {
    const reports = (await listAll(clients, bucket)).filter((o) => isQuarantined(o.key) && o.key.endsWith(ERROR_REPORT_SUFFIX));
    return Promise.all(
        reports.map(async (o) => {
            const report = JSON.parse((await download(clients, bucket, o.key)).toString("utf8"));
            return { zone, key: o.key.slice(0, -ERROR_REPORT_SUFFIX.length), source: report.source?.key, reason: report.reason, message: report.message };
        }),
    );
}

/** Source objects of a hop not accounted for (promoted: target key or its source-key metadata; or quarantined). */
async function reconcile(
    clients: Clients,
    hop: Hop,
    quarantined: QuarantineEntry[],
): Promise<{ lost: string[]; duplicated: [string, number][]; leftForBatch: string[]; consumedByJob: string[] }> {
    const batchDatasets = new Set(stringListEnv(ProcessorEnv.batchDatasets, hop.mapping.fn.env));
    const sources = (await listAll(clients, hop.sourceBucket)).filter((o) => !isQuarantined(o.key) && !o.key.endsWith("/")).map((o) => o.key);
    const targets = (await listAll(clients, hop.targetBucket)).filter((o) => !isQuarantined(o.key));
    const promotedFrom = new Map<string, number>();
    const sourceSet = new Set(sources);
    for (const t of targets) {
        const head = await clients.s3.send(new HeadObjectCommand({ Bucket: hop.targetBucket, Key: t.key }));
        const meta = head.Metadata?.[ObjectMeta.sourceKey];
        // A copy keeps its metadata (the original drop key); a rewritten object names this hop's source.
        const from = sourceSet.has(t.key) ? t.key : meta !== undefined ? decodeURI(meta) : undefined;
        if (from !== undefined) promotedFrom.set(from, (promotedFrom.get(from) ?? 0) + 1);
    }
    const quarantinedSources = new Set(quarantined.filter((q) => q.zone === hop.sourceZone).map((q) => q.source));
    const unaccounted = sources.filter((k) => !promotedFrom.has(k) && !quarantinedSources.has(k));
    const forBatch = unaccounted.filter((k) => isBatchOwned(k, batchDatasets));
    // A Glue drop -> raw run tags each file it read `promoted` once it committed (lakeetl/consumed.py).
    const consumed = new Set<string>();
    for (const key of forBatch) {
        const tags = (await clients.s3.send(new GetObjectTaggingCommand({ Bucket: hop.sourceBucket, Key: key }))).TagSet ?? [];
        if (tags.some((t) => t.Key === PROCESSED_TAG.key && t.Value === PROCESSED_TAG.promoted)) consumed.add(key);
    }
    return {
        lost: unaccounted.filter((k) => !isBatchOwned(k, batchDatasets)),
        leftForBatch: forBatch.filter((k) => !consumed.has(k)),
        consumedByJob: [...consumed],
        duplicated: [...promotedFrom].filter(([k, n]) => n > 1 && sourceSet.has(k)),
    };
}

/** The emulator's clients, the stack the engine deployed into it and its functions loaded in this process. */
interface Lake {
    stack: string;
    region: string;
    clients: Clients;
    resources: RecordedResource[];
    prov: Provisioned;
    runtime: Awaited<ReturnType<typeof loadFunctions>>;
    deployment: Deployment;
    /** Least privilege: clients with a role's credentials (the roles the deploy made, assumed). */
    clientsFor?: (roleArn: string) => Clients;
    rolesAssumed: number;
}

type ZoneSummary = Summary["zones"][number];

/** Runs the whole local lake against an emulator that is already up; see the module comment. */
export async function runLocalLake(opts: LocalLakeOptions): Promise<Summary> {
    const started = Date.now();
    const timings: Record<string, number> = {};
    const step = opts.progress?.step ?? (() => undefined);
    let phaseStart = Date.now();
    const phase = (name: string, text: string) => {
        timings[name] = Math.round((Date.now() - phaseStart) / 100) / 10;
        phaseStart = Date.now();
        step(text);
    };
    step("deploy: pulumi up of the stack into the emulator (the engine's own output follows)");
    const lake = await provisionLake(opts);
    let api: LocalApi | undefined;
    let glue: LocalGlue | undefined;
    const workDir = opts.workDir ?? (await mkdtemp(path.join(tmpdir(), "local-lake-glue-")));
    const duckdb = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
    try {
        api = await startApi(lake.resources, lake.runtime.functions, { region: lake.region, apiKey: await deployedApiKey(lake) });
        // Spark starts while the data goes in.
        glue = await startGlue(lake, opts, workDir);
        phase("deploy", `serve: the API's ${api.routes.length} routes on ${api.url}`);
        const mappings = queueMappings(lake.resources, lake.runtime.functions);
        const chain = hops(lake.resources, lake.prov, mappings);
        if (chain.length === 0) throw new Error("the graph has no zone processors");
        // Opened at LATEST before any record is put, as the deployed mappings and Firehose sources start.
        const open = await openStreams(streamMappings(lake.resources, lake.runtime.functions), firehoseSources(lake.resources), lake.clients, lake.clientsFor);
        phase("serve", "seed: sample files and a bad file into the drop zone, API traffic over HTTP");
        const input = await seedInput(lake, chain[0], api, opts);
        phase("seed", `drain: ${mappings.map((m) => m.fn.name).join(", ")} on their queues`);
        const delivered = await deliverFirehoseSources(open, lake.clients);
        const stats = await drainQueues(mappings, lake.clients, { region: lake.region, timeoutMs: opts.drainTimeoutMs });
        const streams = streamsSummary(open, await drainStreams(open, { region: lake.region }), delivered);
        phase("drain", "glue: the curate runs the starter started, then the workflow's triggers and their jobs (local PySpark)");
        const curateRuns = await runGlue(lake, glue, mappings, chain, stats, opts);
        phase("glue", "read: every zone's objects and rows, quarantine reports, reconciliation");
        const { zones, quarantined } = await readZones(lake.clients, chain, duckdb);
        const curation = await curatedZone(lake, glue, chain, zones, curateRuns);
        const views = await viewFigures(glue, curation.curatedPath, duckdb);
        const traffic = await serveTraffic(lake, api, glue, curation.curatedPath, duckdb);
        const accounted = await accountHops(lake.clients, chain, quarantined);
        const queues = await queueRoles(lake.resources, lake.prov, mappings, lake.clients);
        const unmatched = inertConfig(lake.resources, chain, zones);
        const dlqNotEmpty = queues.some((q) => (q.role.startsWith("DLQ") || q.role.startsWith("on-failure")) && q.depth > 0);
        const countMismatches = realtimeMismatches(streams, input.api);
        phase("read", "query: the Athena named queries, parsed as Trino SQL, run with DuckDB");
        const databases = catalogData(lake.resources, chain);
        databases[curation.database] = curatedReader(glue, curation.database, glue.folder(new URL(curation.curatedPath).host), path.join(workDir, "export"));
        const queries = await runNamedQueries(namedQueriesOf(lake.resources), databases, lake.clients, duckdb);
        const warehouse = await checkWarehouse(lake.resources, lake.clients, {
            bucket: new URL(curation.curatedPath).host,
            database: curation.database,
            region: lake.region,
        });
        phase("query", "summary");
        const { curatedPath: _curatedPath, database: _database, ...curationSummary } = curation;
        const summary: Summary = {
            stack: lake.stack,
            seconds: Math.round((Date.now() - started) / 100) / 10,
            provisioned: lake.prov.provisioned,
            notProvisioned: lake.prov.skipped,
            recordedOnlyReasons: lake.prov.reasons,
            engine: { upSeconds: Math.round(lake.deployment.upSeconds * 10) / 10, resources: lake.resources.length },
            api: { url: api.url, routes: api.routes.map((r) => `${r.method} ${r.resource}`), calls: api.calls },
            timings,
            queries,
            inProcess: [...lake.runtime.functions.values()].map((f) => ({ function: f.name, code: f.code })),
            iam: { ownRoles: lake.clientsFor !== undefined, rolesAssumed: lake.rolesAssumed },
            streams: { ...streams, countMismatches },
            zones,
            quarantined,
            input,
            processors: Object.fromEntries(mappings.map((m) => [m.name, { function: m.fn.name, ...stats[m.name] }])),
            queues,
            ...accounted,
            unmatched,
            curation: curationSummary,
            jobs: glue.runs.map(({ output: _output, ...run }) => run),
            views,
            ...(traffic && { traffic }),
            warehouse,
            ok:
                curation.failure === undefined &&
                curation.unconsumed.length === 0 &&
                !glue.runs.some((r) => r.state !== "SUCCEEDED") &&
                accounted.lost.length === 0 &&
                accounted.leftForBatch.length === 0 &&
                accounted.duplicated.length === 0 &&
                !dlqNotEmpty &&
                warehouse.ok &&
                (traffic?.loads ?? []).every((l) => !l.status.startsWith("failed")) &&
                (traffic?.checks ?? []).every(
                    (c) => c.status === 200 && c.answered?.impressions === c.view.impressions && c.answered?.clicks === c.view.clicks,
                ) &&
                countMismatches.length === 0 &&
                unmatched.curationRules.length === 0 &&
                unmatched.batchTables.length === 0 &&
                !queries.some((q) => q.status === "rejected" || q.status === "failed"),
        };
        await opts.whileUp?.(summary, api);
        step("destroy: pulumi destroy of the stack (the engine's own output follows)");
        const destroyed = await lake.deployment.destroy();
        summary.engine.destroySeconds = Math.round(destroyed.seconds * 10) / 10;
        summary.engine.deletedFromEmulator = destroyed.deleted;
        timings.destroy = summary.engine.destroySeconds;
        summary.seconds = Math.round((Date.now() - started) / 100) / 10;
        return summary;
    } catch (e) {
        // A failed run still removes what it deployed (best effort: the emulator stops anyway).
        await lake.deployment.destroy().catch(() => undefined);
        throw e;
    } finally {
        await api?.close();
        await glue?.close();
        duckdb.closeSync();
        if (!opts.workDir) await rm(workDir, { recursive: true, force: true });
    }
}

/** Provision: `pulumi up` of the stack into the emulator through the engine, its functions loaded in this process. */
async function provisionLake(opts: LocalLakeOptions): Promise<Lake> {
    const stack = opts.stack ?? "dev";
    const region = stackConfig(stack)["aws:region"] ?? "eu-west-1";
    const config = emulatorConfig(opts.emulator.endpoint, region);
    const clients = emulatorClients({ ...config, credentials: opts.emulator.credentials ?? config.credentials });
    const deployment = await deployLocalStack({
        stack,
        endpoint: opts.emulator.endpoint,
        credentials: opts.emulator.credentials,
        config: opts.config,
        onOutput: opts.progress?.engine ?? (() => undefined),
    });
    try {
        const clientsFor = opts.emulator.assumeRoles && (await roleClients(deployment, config, opts.emulator.assumeRoles));
        const runtime = await loadFunctions(deployment.resources, clients, { logLevel: opts.logLevel, clientsFor: clientsFor?.get });
        return {
            stack,
            region,
            clients,
            resources: deployment.resources,
            prov: deployment.prov,
            runtime,
            deployment,
            clientsFor: clientsFor?.get,
            rolesAssumed: clientsFor?.count ?? 0,
        };
    } catch (e) {
        await deployment.destroy().catch(() => undefined);
        throw e;
    }
}

/** Clients for each role the deploy created in the emulator, with credentials from sts:AssumeRole of it. */
async function roleClients(
    deployment: Deployment,
    config: ReturnType<typeof emulatorConfig>,
    assumeRoles: NonNullable<LocalLakeOptions["emulator"]["assumeRoles"]>,
): Promise<{ get: (roleArn: string) => Clients; count: number }> {
    const arns = deployment.resources.filter((r) => r.type === "aws:iam/role:Role" && deployment.prov.physical.has(r.urn)).map((r) => r.outputs.arn as string);
    const credentials = await assumeRoles(arns, "local-lake");
    const clients = new Map([...credentials].map(([arn, c]) => [arn, emulatorClients({ ...config, credentials: c })]));
    return {
        get: (roleArn) => {
            const c = clients.get(roleArn);
            if (!c) throw new Error(`no credentials for role ${roleArn}: it was not created in the emulator`);
            return c;
        },
        count: clients.size,
    };
}

/** Real-time event types whose published count differs from the events the API accepted for them (at least once: more is a duplicate too). */
function realtimeMismatches(streams: StreamsSummary, api: Summary["input"]["api"]): Summary["streams"]["countMismatches"] {
    if (Object.keys(streams.mappings).length === 0) return [];
    return REALTIME_EVENT_TYPES.map((type) => ({
        type,
        sent: api[`/${type}`]?.events ?? 0,
        counted: streams.metrics[RealtimeMetrics.counts[type]] ?? 0,
    })).filter((c) => c.sent !== c.counted);
}

/** Each Glue database's data: its zone bucket (locationUri); the landing zone's tables are the streams, later zones' the datasets. */
function catalogData(resources: RecordedResource[], chain: Hop[]): Record<string, DatabaseData> {
    const out: Record<string, DatabaseData> = {};
    for (const db of resources.filter((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase")) {
        const bucket = /^s3:\/\/([^/]+)/.exec(db.props.locationUri ?? "")?.[1];
        if (bucket) out[db.props.name] = { bucket, kind: bucket === chain[0].sourceBucket ? "streams" : "datasets" };
    }
    return out;
}

/** The deployed API key's value, read from the emulator (the engine keeps it as a secret). */
async function deployedApiKey(lake: Lake): Promise<string | undefined> {
    const key = lake.resources.find((r) => r.type === "aws:apigateway/apiKey:ApiKey" && lake.prov.physical.has(r.urn));
    if (!key) return undefined;
    return (await lake.clients.apigateway.send(new GetApiKeyCommand({ apiKey: lake.prov.physical.get(key.urn), includeValue: true }))).value;
}

/** A producer's POST to the deployed API on its local port, with the API key. */
function postTo(api: LocalApi): ApiPost {
    return async (route, body) => {
        const res = await fetch(`${api.url}${route}`, {
            method: "POST",
            headers: { "content-type": "application/json", ...(api.apiKey && { "x-api-key": api.apiKey }) },
            body,
        });
        return { statusCode: res.status, body: await res.text() };
    };
}

/** Seed: the sample data set and the bad file into the first hop's source (drop) bucket, API traffic over HTTP through the deployed API. */
async function seedInput(lake: Lake, first: Hop, api: LocalApi, opts: LocalLakeOptions): Promise<Summary["input"]> {
    const seed = opts.seed ?? 42;
    const orders = opts.orders ?? 500;
    const drop = { bucket: first.sourceBucket, keyArn: first.mapping.fn.env[ProcessorEnv.sourceKeyArn] };
    const sample = await uploadSampleData(
        drop,
        { endpoint: opts.emulator.endpoint, region: lake.region, credentials: opts.emulator.credentials },
        {
            seed,
            orders,
            resentOrders: opts.resentOrders ?? Math.ceil(orders / 20),
        },
    );
    Object.assign(sample.objects, await uploadTelemetry(lake.clients, drop, { seed, records: opts.telemetry ?? 500, now: new Date() }));
    const badFile = await uploadBadFile(lake.clients, drop);
    const ingest = api.routes.some((r) => r.fn.code === "ingest-api");
    const traffic = ingest
        ? await sendTraffic(postTo(api), {
              seed,
              impressions: opts.impressions ?? 1000,
              trackUsers: opts.trackUsers ?? 100,
              batch: opts.apiBatch ?? 250,
              now: new Date(),
          })
        : { routes: {} };
    return { sample, badFile, api: traffic.routes };
}

/** Report: every zone's figures per dataset and its quarantine reports, first zone to last. */
async function readZones(clients: Clients, chain: Hop[], duckdb: DuckDBInstance): Promise<{ zones: ZoneSummary[]; quarantined: QuarantineEntry[] }> {
    const zones = [
        { name: chain[0].sourceZone, bucket: chain[0].sourceBucket, parquet: false },
        ...chain.map((h) => ({ name: h.targetZone, bucket: h.targetBucket, parquet: true })),
    ];
    const summaries: ZoneSummary[] = [];
    const quarantined: QuarantineEntry[] = [];
    for (const z of zones) {
        summaries.push({ name: z.name, bucket: z.bucket, datasets: await zoneFigures(clients, z.bucket, z.parquet, duckdb) });
        quarantined.push(...(await quarantineReports(clients, z.name, z.bucket)));
    }
    return { zones: summaries, quarantined };
}

/** The local Glue for the deployed jobs, the artifacts (scripts, lakeetl zip) staged; its warehouse is the curate job's. */
async function startGlue(lake: Lake, opts: LocalLakeOptions, workDir: string): Promise<LocalGlue> {
    const jobs = deployedJobs(lake.resources, lake.prov.physical);
    const curateJob = [...jobs.values()].find((j) => j.name === curateJobName(lake));
    if (!curateJob) throw new Error("the graph has no curate job");
    const credentials = opts.emulator.credentials ?? { accessKeyId: "testing", secretAccessKey: "testing" };
    const glue = await LocalGlue.start(lake.clients, jobs, {
        workDir,
        warehouse: curateJob.arguments["--warehouse_path"],
        jars: await sparkJars(),
        endpoint: opts.emulator.endpoint,
        region: lake.region,
        credentials,
    });
    await glue.stage(new URL(curateJob.script).host);
    return glue;
}

/** The curate job's name: the curation starter's JOB_NAME. */
function curateJobName(lake: Lake): string {
    const starter = [...lake.runtime.functions.values()].find((f) => f.env[StartCurationEnv.jobName] !== undefined);
    if (!starter) throw new Error("the graph has no curation starter on the raw zone's queue");
    return starter.env[StartCurationEnv.jobName];
}

/**
 * The Glue jobs, in the order AWS would run them here: the curate runs the starter started for
 * the Lambda's raw arrivals; then the workflow's triggers (local/glue.ts workflowTriggers), each
 * job with its action's arguments, each trigger's output put into raw and the queues drained;
 * a conditional trigger whose predicate does not hold over the runs so far gets a NOT STARTED
 * entry with the predicate. With Glue-owned tables the workflow curates their datasets itself
 * (after_raw: the curate job with `--datasets`) and the views wait for that run (after_curate);
 * the starter's runs for the drop -> raw output go last, as on AWS they are deferred (the curate
 * job runs one at a time) until the workflow's run ended, and find those objects consumed. The
 * curate runs' results are merged (each run takes only the raw objects no earlier run consumed).
 */
async function runGlue(
    lake: Lake,
    glue: LocalGlue,
    mappings: QueueMapping[],
    chain: Hop[],
    stats: Record<string, MappingStats>,
    opts: LocalLakeOptions,
): Promise<CurateRunResult> {
    const jobName = curateJobName(lake);
    const rawBucket = chain[chain.length - 1].targetBucket;
    const results: CurateRunResult[] = [];
    const curatePending = async () => {
        const done = results.reduce((n, r) => n + r.runsStarted, 0);
        const r = await runCurateJob(glue, lake.clients, jobName, rawBucket, done);
        if (r.runsStarted > 0) results.push(r);
    };
    await curatePending();
    for (const trigger of workflowTriggers(lake.resources)) {
        if (trigger.predicate && !predicateHolds(trigger.predicate, glue.runs)) {
            const wanted = trigger.predicate.conditions.map((c) => `${c.job} ${c.state}`).join(` ${trigger.predicate.logical} `);
            for (const job of trigger.jobs) glue.notStarted(job, trigger.name, `predicate not met: ${wanted}`);
            continue;
        }
        for (const job of trigger.jobs) {
            const staged: Record<string, number> = {};
            // The curate job's raw as the starter's runs stage it (processor inputs only); every other bucket whole.
            const keep = (bucket: string) => (job === jobName && bucket === rawBucket ? isProcessorInput : undefined);
            for (const bucket of bucketsToStage(glue, job)) staged[bucket] = await glue.stage(bucket, keep(bucket));
            const run = await glue.run(job, trigger.name, trigger.arguments[job]);
            if (job === jobName) results.push(workflowCurateRun(run, trigger.arguments[job] ?? {}, staged[rawBucket] ?? 0));
        }
        const more = await drainQueues(mappings, lake.clients, { region: lake.region, timeoutMs: opts.drainTimeoutMs });
        for (const [name, m] of Object.entries(more)) {
            const into = stats[name];
            into.invocations += m.invocations;
            into.messages += m.messages;
            into.failedMessages += m.failedMessages;
            into.handlerErrors += m.handlerErrors;
        }
    }
    await curatePending();
    return {
        runsStarted: results.reduce((n, r) => n + r.runsStarted, 0),
        workflowRuns: results.reduce((n, r) => n + r.workflowRuns, 0),
        datasets: [...new Set(results.flatMap((r) => r.datasets))].sort(),
        staged: results.reduce((n, r) => n + r.staged, 0),
        seconds: Math.round(results.reduce((n, r) => n + r.seconds, 0) * 10) / 10,
        outcomes: results.flatMap((r) => r.outcomes),
        ...(results.some((r) => r.failure) && {
            failure: results
                .map((r) => r.failure)
                .filter(Boolean)
                .join("\n"),
        }),
    };
}

/** The buckets a job's arguments name, but the one its script is in (staged once, at the start). */
function bucketsToStage(glue: LocalGlue, job: string): string[] {
    const deployed = glue.jobs.get(job)!;
    const artifacts = new URL(deployed.script).host;
    return [...new Set([...Object.values(deployed.arguments), deployed.script].join(" ").match(/s3:\/\/[a-z0-9.-]+/g) ?? [])]
        .map((u) => u.slice("s3://".length))
        .filter((b) => b !== artifacts);
}

/**
 * The curated zone: the curate job's tables (figures from their metadata in the staged
 * warehouse), added to `zones`, and the raw datasets the job did not consume in full.
 */
async function curatedZone(
    lake: Lake,
    glue: LocalGlue,
    chain: Hop[],
    zones: ZoneSummary[],
    result: CurateRunResult,
): Promise<Summary["curation"] & { database: string; curatedPath: string }> {
    const args = glue.jobs.get(curateJobName(lake))!.arguments;
    const warehouse = new URL(args["--warehouse_path"]);
    const tables = await localTables(path.join(glue.folder(warehouse.host), warehouse.pathname), args["--catalog_database"]);
    const zone = zoneOfBucket(lake, warehouse.host);
    zones.push({
        name: zone,
        bucket: warehouse.host,
        datasets: Object.fromEntries(Object.entries(tables).map(([t, f]) => [t, { objects: f.objects, bytes: f.bytes, rows: f.rows, columns: f.columns }])),
    });
    const rawZone = zones.find((z) => z.name === chain[chain.length - 1].targetZone)!;
    const consumed = new Map<string, number>();
    for (const o of result.outcomes) consumed.set(o.dataset, (consumed.get(o.dataset) ?? 0) + o.objects);
    const unconsumed = Object.entries(rawZone.datasets)
        .map(([dataset, f]) => ({ dataset, raw: f.objects, consumed: consumed.get(dataset) ?? 0 }))
        .filter((d) => d.consumed !== d.raw);
    const viewsJob = [...glue.jobs.values()].find((j) => j.arguments["--views"] !== undefined);
    const curatedPath = viewsJob?.arguments["--curated_path"] ?? `s3://${warehouse.host}/`;
    return { ...result, zone, tables, unconsumed, database: args["--catalog_database"], curatedPath };
}

/** Ads checked over HTTP after the traffic job: the busiest of the view. */
const TRAFFIC_CHECKS = 3;

/**
 * Serving, when the graph has the traffic job: it runs (in this process) for each day of the
 * advertising view the views job put into the curated bucket, as an operator re-running days
 * would (`{"date": day}`; its schedule loads the previous UTC day, and the seeded beacons are of
 * today); then `GET /traffic/{adId}` is asked over HTTP for the busiest ads, to compare with the view.
 */
async function serveTraffic(lake: Lake, api: LocalApi, glue: LocalGlue, curatedPath: string, duckdb: DuckDBInstance): Promise<Summary["traffic"]> {
    const job = [...lake.runtime.functions.values()].find((f) => f.code === "traffic-job");
    if (!job) return undefined;
    const files = await parquetFiles(path.join(glue.folder(new URL(curatedPath).host), "advertising"));
    const conn = await duckdb.connect();
    let busiest: { adId: string; date: string; impressions: number; clicks: number }[] = [];
    let days: string[] = [];
    try {
        if (files.length) {
            const source = parquetSource(files);
            days = (await conn.runAndReadAll(`SELECT DISTINCT CAST(event_date AS VARCHAR) FROM ${source} ORDER BY 1`)).getRows().map((r) => String(r[0]));
            busiest = (
                await conn.runAndReadAll(
                    `SELECT ad_id, CAST(event_date AS VARCHAR), impressions, clicks FROM ${source} ORDER BY impressions DESC, ad_id LIMIT ${TRAFFIC_CHECKS}`,
                )
            )
                .getRows()
                .map((r) => ({ adId: String(r[0]), date: String(r[1]), impressions: Number(r[2]), clicks: Number(r[3]) }));
        }
    } finally {
        conn.closeSync();
    }
    const loads: NonNullable<Summary["traffic"]>["loads"] = [];
    for (const date of days) {
        try {
            const r = await job.handler({ date }, lambdaContext(job, lake.region));
            loads.push({ date: r.date, status: r.status, written: r.written, deleted: r.deleted });
        } catch (e) {
            loads.push({ date, status: `failed: ${(e as Error).message}`, written: 0, deleted: 0 });
        }
    }
    const checks: NonNullable<Summary["traffic"]>["checks"] = [];
    for (const b of busiest) {
        const res = await fetch(`${api.url}/traffic/${encodeURIComponent(b.adId)}?start=${b.date}&end=${b.date}`, {
            headers: api.apiKey ? { "x-api-key": api.apiKey } : {},
        });
        const body = (await res.json().catch(() => undefined)) as { traffic?: { date: string; impressions: number; clicks: number }[] } | undefined;
        const day = body?.traffic?.find((t) => t.date === b.date);
        checks.push({
            adId: b.adId,
            date: b.date,
            view: { impressions: b.impressions, clicks: b.clicks },
            ...(day && { answered: { impressions: day.impressions, clicks: day.clicks } }),
            status: res.status,
        });
    }
    return { loads, checks };
}

/** Each curated view's rows, read from what the views job wrote under `<curatedPath><view>/`, or why there is none. */
async function viewFigures(glue: LocalGlue, curatedPath: string, duckdb: DuckDBInstance): Promise<Summary["views"]> {
    const viewsRun = [...glue.runs].reverse().find((r) => r.state !== "NOT STARTED" && /^\w+: (written|skipped)/m.test(r.output ?? ""));
    const outcomes = new Map([...(viewsRun?.output ?? "").matchAll(/^(\w+): ((?:written|skipped).*)$/gm)].map((m) => [m[1], m[2]]));
    const folder = glue.folder(new URL(curatedPath).host);
    const out: Summary["views"] = {};
    const conn = await duckdb.connect();
    try {
        for (const view of CURATED_VIEW_NAMES) {
            const outcome = outcomes.get(view) ?? "not built: the views job did not run";
            const files = await parquetFiles(path.join(folder, view));
            out[view] = files.length
                ? { outcome, rows: Number((await conn.runAndReadAll(`SELECT count(*) FROM ${parquetSource(files)}`)).getRows()[0][0]) }
                : { outcome };
        }
    } finally {
        conn.closeSync();
    }
    return out;
}

async function parquetFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    return entries.filter((e) => e.isFile() && e.name.endsWith(".parquet")).map((e) => path.join(e.parentPath, e.name));
}

/** DuckDB's reader of Parquet files written by Spark: partition folders (`k=v`) as columns. */
function parquetSource(files: string[]): string {
    return `read_parquet([${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(", ")}], hive_partitioning = true, union_by_name = true)`;
}

/**
 * The curated database's tables for DuckDB, as a query names them: a view as the views job wrote
 * it, an Iceberg table as its current rows (exported by the local Glue when first asked for).
 */
function curatedReader(glue: LocalGlue, database: string, curatedFolder: string, exportFolder: string): DatabaseData {
    return {
        kind: "local",
        async reader(table) {
            if (CURATED_VIEW_NAMES.includes(table)) {
                const written = await parquetFiles(path.join(curatedFolder, table));
                return written.length ? parquetSource(written) : undefined;
            }
            if (!(await glue.exportTable(database, table, exportFolder))) return undefined;
            const files = await parquetFiles(path.join(exportFolder, table));
            return files.length ? parquetSource(files) : undefined;
        },
    };
}

/** The zone (its component's name without the lake's prefix) whose bucket is `bucket` in the emulator. */
function zoneOfBucket(lake: Lake, bucket: string): string {
    const b = lake.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && lake.prov.physical.get(r.urn) === bucket);
    const zone = b && lake.resources.find((r) => r.urn === b.parent && r.type === "datalake:storage:Zone");
    if (!zone) throw new Error(`no zone's bucket is ${bucket}`);
    return zone.name.replace(/^[^-]+-/, "");
}

/** Each hop's source objects lost, left to a Glue job or promoted twice (reconcile). */
async function accountHops(
    clients: Clients,
    chain: Hop[],
    quarantined: QuarantineEntry[],
): Promise<Pick<Summary, "lost" | "leftForBatch" | "consumedByJob" | "duplicated">> {
    const lost: Summary["lost"] = [];
    const duplicated: Summary["duplicated"] = [];
    const leftForBatch: Summary["leftForBatch"] = [];
    const consumedByJob: Summary["consumedByJob"] = [];
    for (const h of chain) {
        const r = await reconcile(clients, h, quarantined);
        lost.push(...r.lost.map((key) => ({ hop: `${h.sourceZone} -> ${h.targetZone}`, key })));
        leftForBatch.push(...r.leftForBatch.map((key) => ({ hop: `${h.sourceZone} -> ${h.targetZone}`, key })));
        consumedByJob.push(...r.consumedByJob.map((key) => ({ hop: `${h.sourceZone} -> ${h.targetZone}`, key })));
        duplicated.push(...r.duplicated.map(([key, copies]) => ({ hop: `${h.sourceZone} -> ${h.targetZone}`, key, copies })));
    }
    return { lost, leftForBatch, consumedByJob, duplicated };
}

/** Config the run shows to be inert (config-check.ts): curation rules and batch tables no dataset matches. */
function inertConfig(resources: RecordedResource[], chain: Hop[], zones: ZoneSummary[]): Unmatched {
    // The curate job's rules (its --curation_rules) apply to what reached raw, the landing hop's target.
    const curateJob = resources.find((r) => r.type === "aws:glue/job:Job" && r.props.defaultArguments?.["--curation_rules"] !== undefined);
    return unmatchedConfig({
        curation: curateJob
            ? [{ sourceZone: chain[0].targetZone, ruleDatasets: Object.keys(JSON.parse(curateJob.props.defaultArguments["--curation_rules"])) }]
            : [],
        batchTables: stringListEnv(ProcessorEnv.batchDatasets, chain[0].mapping.fn.env),
        landingZone: chain[0].sourceZone,
        datasetsByZone: Object.fromEntries(zones.map((z) => [z.name, Object.keys(z.datasets)])),
    });
}

/** Every provisioned queue with what it is for and its depth. */
async function queueRoles(resources: RecordedResource[], prov: Provisioned, mappings: QueueMapping[], clients: Clients) {
    const queues = resources.filter((r) => r.type === "aws:sqs/queue:Queue" && prov.physical.has(r.urn));
    const dlqOf = new Map<string, string>();
    for (const q of queues) {
        const redrive = q.props.redrivePolicy && JSON.parse(q.props.redrivePolicy);
        if (redrive?.deadLetterTargetArn) dlqOf.set(redrive.deadLetterTargetArn, q.name);
    }
    return Promise.all(
        queues.map(async (q) => {
            const url = prov.physical.get(q.urn)!;
            const consumer = mappings.find((m) => m.queueUrl === url);
            const source = dlqOf.get(q.outputs.arn);
            const onFailureOf = resources
                .filter(
                    (r) =>
                        r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && r.props.destinationConfig?.onFailure?.destinationArn === q.outputs.arn,
                )
                .map((r) => r.name);
            const role = source
                ? `DLQ of ${source}`
                : consumer
                  ? `events -> ${consumer.fn.name}`
                  : onFailureOf.length
                    ? `on-failure destination of ${onFailureOf.join(", ")}`
                    : "events, no consumer in this stack";
            return { name: url.split("/").pop()!, role, depth: await queueDepth(clients, url) };
        }),
    );
}

export { BAD_FILE_KEY };
