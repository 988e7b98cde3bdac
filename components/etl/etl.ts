/**
 * Batch ETL on Glue: the entry scripts (etl/jobs) and the transforms package (etl/lakeetl, as a
 * zip on --extra-py-files) in an encrypted artifacts bucket; a Spark job per Glue-owned drop ->
 * raw table (`tables`, none by default: the drop -> raw Lambda promotes every other
 * dataset) and one raw -> curated job, in a workflow whose scheduled trigger starts every drop ->
 * raw job and whose conditional trigger starts raw -> curated only when all of them SUCCEEDED, or,
 * with no table, whose scheduled trigger starts raw -> curated; the optional Python-shell API
 * ingest job on its own schedule. Every job has its own least-privilege role
 * scoped to the zones (and prefixes) it touches, and a security configuration whose S3 key is the
 * key of the zone it writes (zone bucket policies deny any other key).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CURATED_VIEW_NAMES } from "../../lib/contract";
import {
    ARTIFACT_PREFIX,
    PACKAGE_DIR,
    SCRIPTS,
    SHELL_GLUE_VERSION,
    SHELL_MAX_CAPACITY,
    SHELL_PYTHON_VERSION,
    SPARK_GLUE_VERSION,
    TEMP_PREFIX,
    API_INGEST_DATASET,
    allSucceeded,
    workflowPlan,
    apiIngestArguments,
    batchWorkerType,
    dropToRawArguments,
    jobNames,
    packageKey,
    rawToCuratedArguments,
    s3Uri,
    shellJobLogGroups,
    scriptKey,
    sparkJobArguments,
    sparkJobLogGroupPrefix,
    sparkJobLogGroups,
    tablePrefix,
    tableQuarantinePrefix,
} from "./job-settings";
import { type EtlSettings, type ResolvedEtlSettings, etlWithDefaults } from "./args";
import { type LakeContext, type ResolvedLakeContext, lakeContext } from "../../lib/lake-context";
import { serviceRole } from "../../lib/service-role";
import { type ZoneAccess, jobPolicy } from "./policies";
import { assertUniqueNames, glueName } from "../../lib/names";
import { AnalyticsBucket } from "../storage";
import { ownedBy } from "../../lib/ownership";

/** A zone as the ETL sees it. */
export interface EtlZone {
    /** Zone name (its security configuration is named after it). */
    name: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** The zone's Glue database (Catalog `databaseNames`). */
    database: string;
}

export interface EtlArgs extends EtlSettings {
    /**
     * The program's context: the account scope, `retainData` (the artifacts bucket is kept and
     * protected) and `logRetentionDays` (the jobs' log groups). Its `logsKeyArn` is not used: the
     * jobs' log groups are encrypted with the analytics key their security configurations name.
     */
    context: LakeContext;
    /** Landing zone: drop -> raw jobs read it, the API ingest job writes it. Required. */
    drop: EtlZone;
    /** Raw zone: drop -> raw jobs write it, raw -> curated reads it. Required. */
    raw: EtlZone;
    /** Curated zone: raw -> curated writes it. Default: none (no raw -> curated job, no conditional trigger). */
    curated?: EtlZone;
    /** Analytics key ARN: artifacts, job bookmarks, log encryption. Required. */
    analyticsKeyArn: pulumi.Input<string>;
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`): every job may use them. Default: none. */
    catalogKeyArns?: pulumi.Input<string>[];
    /** Server access logs bucket for the artifacts bucket. Default: no access logs. */
    accessLogsBucket?: pulumi.Input<string>;
    /** Directory with `jobs/` and `lakeetl/`. Default: the repository's `etl/`. */
    etlDir?: string;
}

/** A job's role, and its policy (the job depends on it, so it never runs without its permissions). */
interface JobRole {
    arn: pulumi.Output<string>;
    policy: aws.iam.RolePolicy;
    /** The log groups the job writes (`JobRoleSpec.logGroups` of the role's name). */
    logGroups: pulumi.Output<string[]>;
}

/** What a job's role may touch: zones read and written, and its own Spark scratch prefix. */
interface JobRoleSpec {
    description: string;
    reads: pulumi.Output<ZoneAccess>[];
    writes: pulumi.Output<ZoneAccess>[];
    /** Spark jobs: `glue-temp/<job>/` of the artifacts bucket. Default: none (Python shell). */
    tempPrefix?: string;
    /** The log groups the job may write, given its role's name. Required. */
    logGroups: (roleName: pulumi.Output<string>) => pulumi.Input<string[]>;
    /** Tag the objects it read as consumed (drop -> raw). Default false. */
    tagsReadObjects?: boolean;
}

/** A Spark job: its script, extra arguments and the zone it writes. */
interface SparkJobSpec {
    jobName: string;
    description: string;
    script: string;
    arguments: pulumi.Input<Record<string, string>>;
    writes: EtlZone;
    role: JobRole;
    /** Job bookmarks (job-settings.ts SparkJobOptions): only for reads with a transformation_ctx. */
    bookmarks: boolean;
}

/** `name -> FileAsset` of every .py file under `dir`, keyed by its path below `root` (for a zip). */
function pythonFiles(root: string, dir: string): Record<string, pulumi.asset.FileAsset> {
    const out: Record<string, pulumi.asset.FileAsset> = {};
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "__pycache__") Object.assign(out, pythonFiles(root, full));
        else if (entry.isFile() && entry.name.endsWith(".py")) out[path.relative(root, full).split(path.sep).join("/")] = new pulumi.asset.FileAsset(full);
    }
    return out;
}

function requireFile(file: string, what: string): string {
    if (!fs.existsSync(file)) throw new Error(`Etl: ${what} ${file} does not exist`);
    return file;
}

/** Physical Glue job names. */
interface JobNames {
    dropToRaw: Record<string, string>;
    rawToCurated: string;
    apiIngest: string;
}

/** What Etl's private methods build from: its name, its args and their defaults. */
interface EtlBuild {
    name: string;
    args: EtlArgs;
    /** The settings and the context, defaults applied. */
    etl: ResolvedEtlSettings;
    context: ResolvedLakeContext;
    names: JobNames;
    /** One per zone written: S3 SSE-KMS with that zone's key. */
    securityConfigurations: Record<string, aws.glue.SecurityConfiguration>;
}

export class Etl extends pulumi.ComponentResource {
    /** The artifacts bucket (an `AnalyticsBucket`: scripts, the package, Spark scratch space): its name and ARN. */
    readonly artifactsBucketName: pulumi.Output<string>;
    readonly artifactsBucketArn: pulumi.Output<string>;
    /** drop -> raw job name per table (empty without Glue-owned tables). */
    readonly dropToRawJobNames: Record<string, pulumi.Output<string>>;
    readonly rawToCuratedJobName?: pulumi.Output<string>;
    readonly apiIngestJobName?: pulumi.Output<string>;
    /** The workflow of the drop -> raw and raw -> curated jobs; absent when there is neither. */
    readonly workflowName?: pulumi.Output<string>;
    /** S3 URIs of the uploaded scripts by file name, and of the package zip. */
    readonly scriptUris: Record<string, pulumi.Output<string>>;
    readonly packageUri: pulumi.Output<string>;

    constructor(name: string, args: EtlArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:etl:Etl", name, {}, ownedBy("etl", opts));
        // Locals, not fields: every field is an output to the package's schema analyzer (components/plugin.ts).
        const etl = etlWithDefaults(args);
        const c: EtlBuild = { name, args, etl, context: lakeContext(args.context), names: Etl.jobNames(etl.tables), securityConfigurations: {} };

        const artifacts = this.artifactsBucket(c);
        this.artifactsBucketName = artifacts.bucketName;
        this.artifactsBucketArn = artifacts.bucketArn;
        const etlDir = args.etlDir ?? path.resolve(__dirname, "../../etl");
        this.scriptUris = this.uploadScripts(c, etlDir);
        this.packageUri = this.uploadPackage(c, etlDir);

        const dropToRaw = this.dropToRawJobs(c);
        this.dropToRawJobNames = Object.fromEntries(Object.entries(dropToRaw).map(([t, job]) => [t, job.name]));
        const rawToCurated = args.curated && this.rawToCuratedJob(c, args.curated);
        this.rawToCuratedJobName = rawToCurated?.name;
        this.workflowName = this.workflow(c, dropToRaw, rawToCurated);
        this.apiIngestJobName = c.etl.apiIngest && this.apiIngestJob(c, c.etl.apiIngest);

        this.registerOutputs({
            artifactsBucket: this.artifactsBucketName,
            dropToRawJobNames: this.dropToRawJobNames,
            rawToCuratedJobName: this.rawToCuratedJobName,
            apiIngestJobName: this.apiIngestJobName,
            workflowName: this.workflowName,
            scriptUris: this.scriptUris,
            packageUri: this.packageUri,
        });
    }

    /** Physical job names, checked unique (two tables may not map to one name). */
    private static jobNames(tables: string[]): JobNames {
        const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
        const names = {
            dropToRaw: Object.fromEntries(tables.map((t) => [t, jobNames.dropToRaw(project, stack, t)])),
            rawToCurated: jobNames.rawToCurated(project, stack),
            apiIngest: jobNames.apiIngest(project, stack),
        };
        assertUniqueNames([...Object.values(names.dropToRaw), names.rawToCurated, names.apiIngest], "Glue job");
        return names;
    }

    private glueName(...parts: string[]): string {
        return glueName(pulumi.getProject(), pulumi.getStack(), ...parts);
    }

    /** Scripts, the package and Spark scratch space, encrypted with the analytics key. */
    private artifactsBucket(c: EtlBuild): AnalyticsBucket {
        const { args } = c;
        return new AnalyticsBucket(
            `${c.name}-artifacts`,
            {
                keyArn: args.analyticsKeyArn,
                retainData: c.context.retainData,
                noncurrentExpireDays: 30,
                accessLogsBucket: args.accessLogsBucket,
                logPrefix: "etl-artifacts",
            },
            { parent: this },
        );
    }

    private upload(c: EtlBuild, resource: string, key: string, source: pulumi.asset.Asset | pulumi.asset.Archive): aws.s3.BucketObjectv2 {
        return new aws.s3.BucketObjectv2(
            `${c.name}-${resource}`,
            { bucket: this.artifactsBucketName, key, source, serverSideEncryption: "aws:kms", kmsKeyId: c.args.analyticsKeyArn },
            { parent: this },
        );
    }

    /** The entry script of every job this configuration has; S3 URIs by file name. */
    private uploadScripts(c: EtlBuild, etlDir: string): Record<string, pulumi.Output<string>> {
        const { etl } = c;
        const { curated } = c.args;
        const scripts = [
            ...(etl.tables.length > 0 ? [SCRIPTS.dropToRaw] : []),
            ...(curated ? [SCRIPTS.rawToCurated] : []),
            ...(etl.apiIngest ? [SCRIPTS.apiIngest] : []),
        ];
        const uris: Record<string, pulumi.Output<string>> = {};
        for (const script of scripts) {
            const object = this.upload(
                c,
                `script-${script.replace(/\.py$/, "").replace(/_/g, "-")}`,
                scriptKey(script),
                new pulumi.asset.FileAsset(requireFile(path.join(etlDir, "jobs", script), "entry script")),
            );
            uris[script] = pulumi.interpolate`s3://${object.bucket}/${object.key}`;
        }
        return uris;
    }

    /** etl/lakeetl as a zip, for the Spark jobs' --extra-py-files. */
    private uploadPackage(c: EtlBuild, etlDir: string): pulumi.Output<string> {
        const packageDir = requireFile(path.join(etlDir, PACKAGE_DIR), "package directory");
        const pkg = this.upload(c, "package", packageKey(), new pulumi.asset.AssetArchive(pythonFiles(etlDir, packageDir)));
        return pulumi.interpolate`s3://${pkg.bucket}/${pkg.key}`;
    }

    private securityConfigurationFor(c: EtlBuild, zone: EtlZone): aws.glue.SecurityConfiguration {
        const analyticsKeyArn = c.args.analyticsKeyArn;
        return (c.securityConfigurations[zone.name] ??= new aws.glue.SecurityConfiguration(
            `${c.name}-${zone.name}-writer`,
            {
                name: this.glueName("etl", zone.name, "writer"),
                encryptionConfiguration: {
                    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: zone.keyArn },
                    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: analyticsKeyArn },
                    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: analyticsKeyArn },
                },
            },
            { parent: this },
        ));
    }

    /** A zone as a job's policy sees it, optionally only under `prefixes`. */
    private static access(z: EtlZone, prefixes?: string[]): pulumi.Output<ZoneAccess> {
        return pulumi.all([z.bucketArn, z.keyArn]).apply(([bucketArn, keyArn]): ZoneAccess => ({ bucketArn, keyArn, database: z.database, prefixes }));
    }

    /** A job's own role, scoped to what `spec` names. */
    private jobRole(c: EtlBuild, resource: string, spec: JobRoleSpec): JobRole {
        const { args } = c;
        const role = serviceRole(`${c.name}-${resource}-role`, { service: "glue.amazonaws.com", description: spec.description }, this);
        const logGroups = pulumi.output(spec.logGroups(role.name));
        const policy = new aws.iam.RolePolicy(
            `${c.name}-${resource}-policy`,
            {
                role: role.id,
                policy: pulumi
                    .all([
                        c.context.scope,
                        pulumi.all(spec.reads),
                        pulumi.all(spec.writes),
                        this.artifactsBucketArn,
                        args.analyticsKeyArn,
                        logGroups,
                        pulumi.all(args.catalogKeyArns ?? []),
                    ])
                    .apply(([scope, reads, writes, artifactsBucketArn, analyticsKeyArn, groups, catalogKeyArns]) =>
                        JSON.stringify(
                            jobPolicy({
                                scope,
                                reads,
                                writes,
                                artifactsBucketArn,
                                scriptsPrefix: ARTIFACT_PREFIX,
                                tempPrefix: spec.tempPrefix,
                                analyticsKeyArn,
                                logGroups: groups,
                                catalogKeyArns,
                                // Spark jobs (the ones with a scratch prefix) use the Data Catalog as metastore.
                                sparkMetastore: spec.tempPrefix !== undefined,
                                tagsReadObjects: spec.tagsReadObjects,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
        return { arn: role.arn, policy, logGroups };
    }

    private sparkJob(c: EtlBuild, resource: string, spec: SparkJobSpec): aws.glue.Job {
        const { etl } = c;
        const tempPrefix = `${TEMP_PREFIX}${spec.jobName}/`;
        return new aws.glue.Job(
            `${c.name}-${resource}`,
            {
                name: spec.jobName,
                description: spec.description,
                roleArn: spec.role.arn,
                glueVersion: SPARK_GLUE_VERSION,
                command: { name: "glueetl", pythonVersion: "3", scriptLocation: this.scriptUris[spec.script] },
                workerType: batchWorkerType(etl.workerType),
                numberOfWorkers: etl.numberOfWorkers,
                timeout: etl.timeoutMinutes,
                executionProperty: { maxConcurrentRuns: 1 },
                securityConfiguration: this.securityConfigurationFor(c, spec.writes).name,
                defaultArguments: pulumi.all([this.artifactsBucketName, this.packageUri, spec.arguments]).apply(([bucket, packageUri, extra]) => ({
                    ...sparkJobArguments(s3Uri(bucket, tempPrefix), packageUri, sparkJobLogGroupPrefix(spec.jobName), { bookmarks: spec.bookmarks }),
                    ...extra,
                })),
            },
            { parent: this, dependsOn: [spec.role.policy, ...this.jobLogGroups(c, resource, spec.role.logGroups)] },
        );
    }

    /**
     * A job's own log groups (`.../output` and `.../error`), declared so they have a retention and
     * the analytics key (the one its security configuration names) rather than Glue's defaults.
     */
    private jobLogGroups(c: EtlBuild, resource: string, groups: pulumi.Output<string[]>): aws.cloudwatch.LogGroup[] {
        return ["error", "output"].map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${c.name}-${resource}-${kind}-logs`,
                    {
                        name: groups.apply((names) => names.find((n) => n.endsWith(`/${kind}`))!),
                        retentionInDays: c.context.logRetentionDays,
                        kmsKeyId: c.args.analyticsKeyArn,
                    },
                    { parent: this },
                ),
        );
    }

    /** A Spark job per Glue-owned table: its drop prefix -> its raw prefix (and raw quarantine), by table. */
    private dropToRawJobs(c: EtlBuild): Record<string, aws.glue.Job> {
        const { drop, raw } = c.args;
        return Object.fromEntries(
            c.etl.tables.map((table) => {
                const jobName = c.names.dropToRaw[table];
                const resource = `drop-to-raw-${table.replace(/_/g, "-")}`;
                const role = this.jobRole(c, resource, {
                    description: `Glue drop -> raw job of table ${table}`,
                    reads: [Etl.access(drop, [tablePrefix(table)])],
                    writes: [Etl.access(raw, [tablePrefix(table), tableQuarantinePrefix(table)])],
                    tempPrefix: `${TEMP_PREFIX}${jobName}/`,
                    logGroups: () => sparkJobLogGroups(jobName),
                    tagsReadObjects: true,
                });
                const jobArguments = pulumi
                    .all([drop.bucketName, raw.bucketName])
                    .apply(([landingBucket, rawBucket]) =>
                        dropToRawArguments({ table, landingBucket, rawBucket, landingDatabase: drop.database, rawDatabase: raw.database }),
                    );
                const description = `Drop -> raw: table ${table} to partitioned Parquet`;
                // drop_to_raw.py reads with transformation_ctx "source": each run takes only new objects.
                return [
                    table,
                    this.sparkJob(c, resource, {
                        jobName,
                        description,
                        script: SCRIPTS.dropToRaw,
                        arguments: jobArguments,
                        writes: raw,
                        role,
                        bookmarks: true,
                    }),
                ];
            }),
        );
    }

    /** The raw -> curated Spark job: reads the raw zone, writes the curated views' prefixes. */
    private rawToCuratedJob(c: EtlBuild, curated: EtlZone): aws.glue.Job {
        const { raw } = c.args;
        const jobName = c.names.rawToCurated;
        const role = this.jobRole(c, "raw-to-curated", {
            description: "Glue raw -> curated job",
            reads: [Etl.access(raw)],
            writes: [Etl.access(curated, CURATED_VIEW_NAMES.map(tablePrefix))],
            tempPrefix: `${TEMP_PREFIX}${jobName}/`,
            logGroups: () => sparkJobLogGroups(jobName),
        });
        const jobArguments = pulumi
            .all([raw.bucketName, curated.bucketName])
            .apply(([rawBucket, curatedBucket]) =>
                rawToCuratedArguments({ rawBucket, curatedBucket, rawDatabase: raw.database, curatedDatabase: curated.database, views: CURATED_VIEW_NAMES }),
            );
        const description = "Raw -> curated: seller performance, advertising, activity views";
        // The views are recomputed in full from raw (plain Spark reads): a bookmark would have nothing to track.
        return this.sparkJob(c, "raw-to-curated", {
            jobName,
            description,
            script: SCRIPTS.rawToCurated,
            arguments: jobArguments,
            writes: curated,
            role,
            bookmarks: false,
        });
    }

    /**
     * The workflow: its scheduled trigger starts every drop -> raw job (or raw -> curated when there
     * is none) and its conditional trigger raw -> curated once all of them SUCCEEDED. Triggers name
     * the jobs by their outputs, so each is created after the jobs it starts. None without jobs.
     */
    private workflow(c: EtlBuild, dropToRaw: Record<string, aws.glue.Job>, rawToCurated?: aws.glue.Job): pulumi.Output<string> | undefined {
        const { tables } = c.etl;
        const jobsByName: Record<string, aws.glue.Job> = Object.fromEntries(tables.map((t) => [c.names.dropToRaw[t], dropToRaw[t]]));
        if (rawToCurated) jobsByName[c.names.rawToCurated] = rawToCurated;
        const jobOutputs = (jobs: string[]) => jobs.map((j) => jobsByName[j].name);
        const plan = workflowPlan(
            tables.map((t) => c.names.dropToRaw[t]),
            rawToCurated && c.names.rawToCurated,
        );
        if (plan.scheduled.length === 0) return undefined;

        const workflow = new aws.glue.Workflow(
            `${c.name}-workflow`,
            {
                name: this.glueName("etl"),
                description: plan.afterRaw
                    ? "drop -> raw for every Glue-owned table, then raw -> curated when all succeeded"
                    : tables.length > 0
                      ? "drop -> raw for every Glue-owned table"
                      : "raw -> curated (every dataset reaches raw through the drop -> raw Lambda)",
                maxConcurrentRuns: 1,
            },
            { parent: this },
        );
        new aws.glue.Trigger(
            `${c.name}-schedule`,
            {
                name: this.glueName("etl", "schedule"),
                description: tables.length > 0 ? "Starts every drop -> raw job" : "Starts raw -> curated",
                type: "SCHEDULED",
                schedule: c.etl.schedule,
                startOnCreation: true,
                workflowName: workflow.name,
                actions: jobOutputs(plan.scheduled).map((jobName) => ({ jobName })),
            },
            { parent: this },
        );
        if (plan.afterRaw) {
            new aws.glue.Trigger(
                `${c.name}-after-raw`,
                {
                    name: this.glueName("etl", "after_raw"),
                    description: "Starts raw -> curated when every drop -> raw job of the run SUCCEEDED",
                    type: "CONDITIONAL",
                    startOnCreation: true,
                    workflowName: workflow.name,
                    predicate: pulumi.all(jobOutputs(plan.afterRaw.waitFor)).apply(allSucceeded),
                    actions: jobOutputs([plan.afterRaw.start]).map((jobName) => ({ jobName })),
                },
                { parent: this },
            );
        }
        return workflow.name;
    }

    /** The Python-shell API ingest job, writing the landing zone, on its own schedule. */
    private apiIngestJob(c: EtlBuild, api: NonNullable<ResolvedEtlSettings["apiIngest"]>): pulumi.Output<string> {
        const { drop } = c.args;
        const { etl } = c;
        const securityConfiguration = this.securityConfigurationFor(c, drop);
        const role = this.jobRole(c, "api-ingest", {
            description: "Glue Python-shell API ingest job",
            reads: [],
            writes: [Etl.access(drop, [tablePrefix(API_INGEST_DATASET)])],
            logGroups: (roleName) => pulumi.all([securityConfiguration.name, roleName]).apply(([config, r]) => shellJobLogGroups(config, r)),
        });
        const job = new aws.glue.Job(
            `${c.name}-api-ingest`,
            {
                name: c.names.apiIngest,
                description: `Fetches repository stats from ${api.baseUrl} into the landing zone as NDJSON`,
                roleArn: role.arn,
                glueVersion: SHELL_GLUE_VERSION,
                command: { name: "pythonshell", pythonVersion: SHELL_PYTHON_VERSION, scriptLocation: this.scriptUris[SCRIPTS.apiIngest] },
                maxCapacity: SHELL_MAX_CAPACITY,
                timeout: etl.timeoutMinutes,
                executionProperty: { maxConcurrentRuns: 1 },
                securityConfiguration: securityConfiguration.name,
                defaultArguments: pulumi.all([drop.bucketName, drop.keyArn]).apply(([landingBucket, landingKeyArn]) => ({
                    "--job-language": "python",
                    "--enable-metrics": "true",
                    ...apiIngestArguments({ baseUrl: api.baseUrl, repos: api.repos, landingBucket, landingKeyArn }),
                })),
            },
            { parent: this, dependsOn: [role.policy, ...this.jobLogGroups(c, "api-ingest", role.logGroups)] },
        );
        new aws.glue.Trigger(
            `${c.name}-api-ingest-schedule`,
            {
                name: this.glueName("api_ingest", "schedule"),
                description: "Starts the API ingest job",
                type: "SCHEDULED",
                schedule: api.schedule,
                startOnCreation: true,
                actions: [{ jobName: job.name }],
            },
            { parent: this },
        );
        return job.name;
    }
}
