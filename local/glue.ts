/**
 * The deployed Glue jobs, run here as Glue would run them: the workflow's triggers read from the
 * deployed graph (scheduled trigger first, then each conditional trigger whose predicate holds,
 * in the order their predicates chain them; each action's arguments over the job's defaults),
 * each job's entry script and lakeetl package read from the artifacts bucket the stack uploaded
 * them to, its DefaultArguments as deployed, in one local PySpark session (local/glue_runner.py,
 * started once and shared by every run: a Spark start costs ~8 s here).
 *
 * Staged copies, not s3a: every bucket a job's arguments name is copied from the emulator into a
 * folder (keys kept, LastModified as file time: the curate job takes a raw object's modification
 * time as its ingest time) and Hadoop resolves `s3://<bucket>/` to that folder
 * (ViewFileSystemOverloadScheme), so the scripts run with the URIs of their DefaultArguments.
 * hadoop-aws (s3a) would need its 280 MB AWS SDK bundle on the classpath and is not the S3 client
 * Glue uses either. What a run writes is then put back into the emulator's bucket, as Glue's S3
 * writes would land there (and notify the zone's queue). boto3 calls of the scripts (the drop ->
 * raw job tags the files it consumed) go to the emulator (AWS_ENDPOINT_URL).
 *
 * The one argument changed: `--catalog_type hadoop` (the Iceberg catalog is a Hadoop catalog in
 * the staged warehouse: Glue's Data Catalog client is not on local Spark's classpath).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdir, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import * as path from "node:path";
import * as readline from "node:readline";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Clients } from "../harness/aws-double/emulator";
import type { RecordedResource } from "../harness/program";

const REPO = path.resolve(__dirname, "..");
const PYTHON = path.join(REPO, ".venv/bin/python");
const RUNNER = path.join(__dirname, "glue_runner.py");

/** A deployed Glue job as the ledger has it. */
export interface DeployedJob {
    name: string;
    script: string;
    arguments: Record<string, string>;
    /** The S3 key of its security configuration (SSE-KMS): what it writes is encrypted with it. Default none. */
    writeKeyArn?: string;
}

/** One job run here: which trigger started it, its state and time, what it printed. */
export interface GlueJobRun {
    job: string;
    /** The trigger (or `curation starter`) that started it. */
    startedBy: string;
    state: "SUCCEEDED" | "FAILED" | "NOT STARTED";
    /** Seconds from the start of the first run. */
    startedAt: number;
    seconds: number;
    output?: string;
    error?: string;
    /** NOT STARTED: the predicate that did not hold. */
    why?: string;
}

/** A trigger of the deployed workflow. */
export interface WorkflowTrigger {
    name: string;
    type: "SCHEDULED" | "CONDITIONAL" | "ON_DEMAND";
    jobs: string[];
    /** The arguments an action passes its job's run (over its DefaultArguments), by job; {} for none. */
    arguments: Record<string, Record<string, string>>;
    /** CONDITIONAL: job -> state the predicate waits for, and how they combine. */
    predicate?: { logical: "AND" | "ANY"; conditions: { job: string; state: string }[] };
}

const JOB_TYPE = "aws:glue/job:Job";
const TRIGGER_TYPE = "aws:glue/trigger:Trigger";

/** Every deployed Glue job by physical name, with the S3 key its security configuration names. */
export function deployedJobs(resources: RecordedResource[], physical: Map<string, string>): Map<string, DeployedJob> {
    const writeKeys = new Map(
        resources
            .filter((r) => r.type === "aws:glue/securityConfiguration:SecurityConfiguration")
            .map((r) => [r.props.name, r.props.encryptionConfiguration?.s3Encryption?.kmsKeyArn as string | undefined]),
    );
    return new Map(
        resources
            .filter((r) => r.type === JOB_TYPE)
            .map((r) => {
                const name = physical.get(r.urn) ?? r.props.name;
                const writeKeyArn = writeKeys.get(r.props.securityConfiguration);
                return [
                    name,
                    { name, script: r.props.command.scriptLocation, arguments: { ...(r.props.defaultArguments ?? {}) }, ...(writeKeyArn && { writeKeyArn }) },
                ];
            }),
    );
}

/**
 * The workflow's triggers (`workflowName` set) in the order Glue fires them: the scheduled one
 * first, then each conditional one after the triggers that start the jobs its predicate waits for
 * (after_raw's curate run before after_curate's views); [] without a workflow.
 */
export function workflowTriggers(resources: RecordedResource[]): WorkflowTrigger[] {
    const triggers: WorkflowTrigger[] = resources
        .filter((r) => r.type === TRIGGER_TYPE && r.props.workflowName)
        .map((r) => ({
            name: r.props.name,
            type: r.props.type,
            jobs: (r.props.actions ?? []).map((a: { jobName: string }) => a.jobName),
            arguments: Object.fromEntries(
                (r.props.actions ?? [])
                    .filter((a: { arguments?: Record<string, string> }) => a.arguments)
                    .map((a: { jobName: string; arguments: Record<string, string> }) => [a.jobName, a.arguments]),
            ),
            predicate: r.props.predicate && {
                logical: r.props.predicate.logical ?? "AND",
                conditions: r.props.predicate.conditions.map((c: { jobName: string; state: string }) => ({ job: c.jobName, state: c.state })),
            },
        }));
    const ordered = triggers.filter((t) => t.type === "SCHEDULED");
    const started = new Set(ordered.flatMap((t) => t.jobs));
    let rest = triggers.filter((t) => t.type !== "SCHEDULED");
    while (rest.length > 0) {
        // Ready: every job it waits for is started by a trigger already placed (or by none of the workflow's).
        const startedLater = (job: string) => rest.some((other) => other.jobs.includes(job)) && !started.has(job);
        const ready = rest.filter((t) => !(t.predicate?.conditions ?? []).some((c) => startedLater(c.job)));
        // A cycle (Glue refuses one) is kept in resource order.
        const next = ready.length > 0 ? ready : rest;
        ordered.push(...next);
        for (const t of next) for (const job of t.jobs) started.add(job);
        rest = rest.filter((t) => !next.includes(t));
    }
    return ordered;
}

/** Whether a conditional trigger's predicate holds over the runs so far (latest run per job). */
export function predicateHolds(predicate: NonNullable<WorkflowTrigger["predicate"]>, runs: GlueJobRun[]): boolean {
    const latest = (job: string) => [...runs].reverse().find((r) => r.job === job)?.state;
    const met = predicate.conditions.map((c) => latest(c.job) === c.state);
    return predicate.logical === "ANY" ? met.some(Boolean) : met.every(Boolean);
}

/** The buckets of every `s3://` URI in a job's script location and arguments. */
export function bucketsOf(job: DeployedJob): string[] {
    const text = [job.script, ...Object.values(job.arguments)].join(" ");
    return [...new Set([...text.matchAll(/s3:\/\/([a-z0-9.-]+)/g)].map((m) => m[1]))].sort();
}

/** Glue's `--conf` DefaultArgument (`k=v`, more joined by ` --conf `) as Spark settings. */
export function sparkConfs(value: string | undefined): Record<string, string> {
    if (!value) return {};
    return Object.fromEntries(
        value
            .split(/\s+--conf\s+/)
            .map((kv) => kv.trim())
            .filter(Boolean)
            .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
}

/** The Iceberg runtime jar the tests use (etl/sparkjars.py, cached by scripts/fetch-spark-jars.sh). */
export async function sparkJars(): Promise<string[]> {
    const code = "import sys; sys.path.insert(0, 'etl'); from sparkjars import jar_paths; print(','.join(jar_paths()))";
    const child = spawn(PYTHON, ["-c", code], { cwd: REPO });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const exit = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
    if (exit !== 0) throw new Error(`the Spark jars are not cached: ${err.trim().split("\n").pop()}`);
    return out.trim().split(",");
}

async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The local Glue: staged buckets and one Spark session running the deployed jobs (see the module comment). */
export class LocalGlue {
    readonly runs: GlueJobRun[] = [];
    private readonly answers: AsyncIterator<string>;
    private readonly began = Date.now();
    private runCount = 0;
    private stderr = "";

    private constructor(
        private readonly clients: Clients,
        private readonly child: ChildProcessWithoutNullStreams,
        private readonly folders: Record<string, string>,
        readonly jobs: Map<string, DeployedJob>,
    ) {
        this.answers = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
        child.stderr.on("data", (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    }

    /**
     * Starts the runner for `jobs` (their buckets staged under `<workDir>/s3/<bucket>/` when a run
     * needs them), the Iceberg warehouse at `warehouse` (the curate job's `--warehouse_path`).
     */
    static async start(
        clients: Clients,
        jobs: Map<string, DeployedJob>,
        opts: {
            workDir: string;
            warehouse: string;
            jars: string[];
            endpoint: string;
            region: string;
            credentials: { accessKeyId: string; secretAccessKey: string };
        },
    ): Promise<LocalGlue> {
        const buckets = [...new Set([...jobs.values()].flatMap(bucketsOf))];
        const folders = Object.fromEntries(buckets.map((b) => [b, path.join(opts.workDir, "s3", b)]));
        for (const f of Object.values(folders)) await mkdir(f, { recursive: true });
        const confs = Object.assign({}, ...[...jobs.values()].map((j) => sparkConfs(j.arguments["--conf"])));
        const env = {
            ...process.env,
            AWS_ENDPOINT_URL: opts.endpoint,
            AWS_REGION: opts.region,
            AWS_DEFAULT_REGION: opts.region,
            AWS_ACCESS_KEY_ID: opts.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: opts.credentials.secretAccessKey,
            LOCAL_GLUE_BOOKMARKS: path.join(opts.workDir, "bookmarks"),
            PYSPARK_PYTHON: PYTHON,
        };
        const start = JSON.stringify({ buckets: folders, jars: opts.jars, warehouse: opts.warehouse, confs });
        const child = spawn(PYTHON, [RUNNER, start], { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
        return new LocalGlue(clients, child, folders, jobs);
    }

    private async ask(request: object): Promise<any> {
        this.child.stdin.write(`${JSON.stringify(request)}\n`);
        const next = await this.answers.next();
        if (next.done) throw new Error(`the local Glue runner stopped: ${this.stderr.trim().split("\n").slice(-5).join("\n")}`);
        const answer = JSON.parse(next.value);
        if (answer.error && !answer.job) throw new Error(`the local Glue runner: ${answer.error}`);
        return answer;
    }

    /** The staged folder of `bucket`. */
    folder(bucket: string): string {
        const f = this.folders[bucket];
        if (!f) throw new Error(`bucket ${bucket} is not staged (no job names it)`);
        return f;
    }

    /** Copies `bucket` from the emulator into its folder (what was there before removed), keys and modification times kept. */
    async stage(bucket: string, keep: (key: string) => boolean = () => true): Promise<number> {
        const dir = this.folder(bucket);
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        let staged = 0;
        let token: string | undefined;
        do {
            const page = await this.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
            for (const o of page.Contents ?? []) {
                if (o.Key!.endsWith("/") || !keep(o.Key!)) continue;
                const file = path.join(dir, ...o.Key!.split("/"));
                await mkdir(path.dirname(file), { recursive: true });
                const body = await this.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
                await writeFile(file, await body.Body!.transformToByteArray());
                if (o.LastModified) await utimes(file, o.LastModified, o.LastModified);
                staged++;
            }
            token = page.NextContinuationToken;
        } while (token);
        return staged;
    }

    /**
     * Puts the files written in `bucket`'s folder since `since` into the emulator's bucket; their
     * keys, encrypted with `keyArn` when given (the job's security configuration). Hadoop's own files (`.crc` checksums, `_SUCCESS`, `_temporary/`: names starting with
     * `.` or `_`) are local-filesystem artefacts that S3 writes do not leave, so they stay here.
     */
    async putBack(bucket: string, since: number, keyArn?: string): Promise<string[]> {
        const dir = this.folder(bucket);
        const put: string[] = [];
        for (const file of await filesUnder(dir)) {
            const key = path.relative(dir, file).split(path.sep).join("/");
            if (key.split("/").some((part) => part.startsWith(".") || part.startsWith("_")) || (await stat(file)).mtimeMs < since) continue;
            const sse = keyArn ? { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: keyArn } : {};
            await this.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file), ...sse }));
            put.push(key);
        }
        return put.sort();
    }

    /**
     * Runs `job` with its DefaultArguments (`extra` over them, `--catalog_type hadoop`); what it
     * wrote goes back to the emulator's buckets. The run is recorded.
     */
    async run(job: string, startedBy: string, extra: Record<string, string> = {}): Promise<GlueJobRun> {
        const deployed = this.jobs.get(job);
        if (!deployed) throw new Error(`no deployed Glue job ${job}`);
        const started = Date.now();
        const answer = await this.ask({
            op: "run",
            job,
            runId: `jr_local_${++this.runCount}`,
            script: deployed.script,
            arguments: { ...deployed.arguments, "--catalog_type": "hadoop", ...extra },
        });
        // The artifacts bucket (scripts, package, --TempDir scratch) is not output.
        for (const bucket of bucketsOf(deployed)) if (!deployed.script.includes(`s3://${bucket}/`)) await this.putBack(bucket, started, deployed.writeKeyArn);
        const run: GlueJobRun = {
            job,
            startedBy,
            state: answer.state,
            startedAt: Math.round((started - this.began) / 100) / 10,
            seconds: answer.seconds,
            output: answer.output,
            ...(answer.error && { error: answer.error }),
        };
        this.runs.push(run);
        return run;
    }

    /** Records a job a trigger did not start, and why. */
    notStarted(job: string, startedBy: string, why: string): void {
        this.runs.push({ job, startedBy, state: "NOT STARTED", startedAt: Math.round((Date.now() - this.began) / 100) / 10, seconds: 0, why });
    }

    /** The Iceberg table's current rows as Parquet under `<folder>/<table>/`; false when the database has no such table. */
    async exportTable(database: string, table: string, folder: string): Promise<boolean> {
        return (await this.ask({ op: "export", database, table, folder })).exported;
    }

    async close(): Promise<void> {
        if (this.child.exitCode !== null) return;
        const exited = new Promise((resolve) => this.child.on("close", resolve));
        this.child.stdin.end();
        await exited;
    }
}
