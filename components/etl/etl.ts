/**
 * Batch ETL on Glue: the entry scripts (etl/jobs) and the transforms package (etl/lakeetl, as a
 * zip on --extra-py-files) in an encrypted artifacts bucket; with a curated zone, the curated
 * Iceberg tables with their optimizers (curated-tables.ts) and the curate job that MERGEs raw into
 * them (started per batch of raw arrivals by components/processing CurationStarter); a Spark job
 * per Glue-owned drop -> raw table (`tables`, none by default: the drop -> raw Lambda promotes
 * every other dataset) and one raw -> curated views job (over the tables), in a workflow whose scheduled trigger starts every drop ->
 * raw job, whose conditional triggers then start the curate job for their datasets once all of
 * them SUCCEEDED and raw -> curated once that run SUCCEEDED, or, with no table, whose scheduled
 * trigger starts raw -> curated; the optional Python-shell API
 * ingest job on its own schedule; and the big-object job (etl/jobs/convert_object.py), which the
 * drop -> raw function starts once per object past its limits (`bigObjects`). Every job has its own least-privilege role
 * scoped to the zones (and prefixes) it touches, and a security configuration whose S3 key is the
 * key of the zone it writes (zone bucket policies deny any other key).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "node:crypto";
import { curatedPiiColumns } from "../../lib/dataset-contract";
import {
    CURATED_TABLES_PREFIX,
    CURATED_VIEW_NAMES,
    type CurationRule,
    QUALITY_METRICS_NAMESPACE,
    QUARANTINE_PREFIX,
    type QualityRule,
} from "../../lib/contract";
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
    curateTablesArguments,
    dropToRawArguments,
    bigObjectArguments,
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
import { roleWithPolicy } from "../../lib/service-role";
import { allOf, jsonOf } from "../../lib/outputs";
import { type ZoneAccess, jobPolicy } from "./policies";
import { assertUniqueNames, glueName } from "../../lib/names";
import { dqdlRuleset } from "../../lib/quality-dqdl";
import { AnalyticsBucket } from "../storage";
import { CuratedTables } from "./curated-tables";
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
    /**
     * The database's resource, when the program creates it (Catalog `databases`): the curated
     * tables wait for it, as they name it only by `database`.
     * @default none (the database exists already)
     */
    databaseResource?: aws.glue.CatalogDatabase;
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
    /**
     * Curated zone: the curate job writes its Iceberg tables, the views job its views. Default:
     * none (no tables, no curate or views job, no conditional trigger).
     */
    curated?: EtlZone;
    /**
     * Datasets with a curated Iceberg table (created with its optimizers; the curate job creates
     * tables for datasets found in raw later). Default: the keys of `curationRules` and `qualityRules`.
     */
    datasets?: string[];
    /**
     * Curation per dataset (the curate job's `--curation_rules`).
     * @default {} (every dataset appended as it is)
     */
    curationRules?: Record<string, CurationRule>;
    /**
     * Data quality rules per dataset: a DQDL ruleset on its table, evaluated by the curate job
     * (`--quality_rules`) on each batch before it is committed, scores published as metrics.
     * @default {} (no rules)
     */
    qualityRules?: Record<string, QualityRule>;
    /**
     * Expected columns per dataset, dataset -> column -> type (lib/contract CONTRACT_COLUMN_TYPES;
     * lib/dataset-contract.ts contractColumns): the big-object job
     * records an object's contract breaks as the drop -> raw function does.
     * @default {} (nothing checked)
     */
    contractColumns?: Record<string, Record<string, string>>;
    /**
     * Pii columns per dataset (lib/dataset-contract.ts piiColumns): the curate job masks them
     * (HMAC-SHA256 keyed by the masking key, a Secrets Manager secret this component creates).
     * @default {} (nothing masked, no masking key)
     */
    piiColumns?: Record<string, string[]>;
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
    /** Read given object versions (the big-object job). Default false. */
    readsVersions?: boolean;
    /** CloudWatch namespaces it publishes metrics to besides `Glue`. Default: none. */
    metricNamespaces?: string[];
    /** Secrets it reads (the curate job: the masking key). Default none. */
    secretArns?: pulumi.Input<string>[];
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
    /** Runs at once. Default 1 (scheduled jobs). */
    maxConcurrentRuns?: number;
    /**
     * Glue job run queuing: a run past `maxConcurrentRuns` waits (WAITING) instead of failing,
     * unless its StartJobRun says otherwise. Default false.
     */
    queueRuns?: boolean;
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

export class Etl extends pulumi.ComponentResource {
    readonly artifacts: AnalyticsBucket;
    /** drop -> raw job name per table (empty without Glue-owned tables). */
    readonly dropToRawJobNames: Record<string, pulumi.Output<string>>;
    readonly rawToCuratedJobName?: pulumi.Output<string>;
    /** The curate job (raw -> the curated Iceberg tables); absent without a curated zone. */
    readonly curateJobName?: pulumi.Output<string>;
    /** The secret holding the pii masking key (HMAC-SHA256); absent when no dataset has pii columns or there is no curated zone. */
    readonly maskingKey?: aws.secretsmanager.Secret;
    /** The curated Iceberg tables and their optimizers; absent without a curated zone. */
    readonly curatedTables?: CuratedTables;
    readonly apiIngestJobName?: pulumi.Output<string>;
    /** The big-object job the drop -> raw function starts (`bigObjects.enabled`); its name and ARN. */
    readonly bigObjectJob?: { name: pulumi.Output<string>; arn: pulumi.Output<string> };
    /** The workflow of the drop -> raw and raw -> curated jobs; absent when there is neither. */
    readonly workflowName?: pulumi.Output<string>;
    /** S3 URIs of the uploaded scripts by file name, and of the package zip. */
    readonly scriptUris: Record<string, pulumi.Output<string>>;
    readonly packageUri: pulumi.Output<string>;
    /** The Spark jobs' roles and the zone each writes through the catalog (Lake Formation grants them that). */
    readonly catalogWriters: { name: string; roleArn: pulumi.Output<string>; zone: string }[] = [];

    /** The settings and the context, defaults applied. */
    private readonly etl: ResolvedEtlSettings;
    private readonly context: ResolvedLakeContext;
    private readonly names: { dropToRaw: Record<string, string>; rawToCurated: string; curateTables: string; apiIngest: string; convertObject: string };
    /** One per zone written: S3 SSE-KMS with that zone's key. */
    private readonly securityConfigurations: Record<string, aws.glue.SecurityConfiguration> = {};

    constructor(
        private readonly name: string,
        private readonly args: EtlArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:etl:Etl", name, {}, ownedBy("etl", opts));
        this.etl = etlWithDefaults(args);
        this.context = lakeContext(args.context);
        this.names = Etl.jobNames(this.etl.tables);

        this.artifacts = this.artifactsBucket();
        const etlDir = args.etlDir ?? path.resolve(__dirname, "../../etl");
        this.scriptUris = this.uploadScripts(etlDir);
        this.packageUri = this.uploadPackage(etlDir);

        const dropToRaw = this.dropToRawJobs();
        this.dropToRawJobNames = Object.fromEntries(Object.entries(dropToRaw).map(([t, job]) => [t, job.name]));
        const rawToCurated = args.curated && this.rawToCuratedJob(args.curated);
        this.rawToCuratedJobName = rawToCurated?.name;
        this.curatedTables = args.curated && this.tablesIn(args.curated);
        this.maskingKey = args.curated && Object.keys(args.piiColumns ?? {}).length > 0 ? this.maskingKeySecret() : undefined;
        const curate = args.curated && this.curateTablesJob(args.curated);
        this.curateJobName = curate?.name;
        this.workflowName = this.workflow(dropToRaw, curate, rawToCurated);
        this.apiIngestJobName = this.etl.apiIngest && this.apiIngestJob(this.etl.apiIngest);
        const bigObject = this.etl.bigObjects.enabled ? this.bigObjectJobOf() : undefined;
        this.bigObjectJob = bigObject && { name: bigObject.name, arn: bigObject.arn };

        this.registerOutputs({
            artifactsBucket: this.artifacts.bucketName,
            dropToRawJobNames: this.dropToRawJobNames,
            rawToCuratedJobName: this.rawToCuratedJobName,
            curateJobName: this.curateJobName,
            maskingKeyArn: this.maskingKey?.arn,
            apiIngestJobName: this.apiIngestJobName,
            bigObjectJobName: this.bigObjectJob?.name,
            workflowName: this.workflowName,
            scriptUris: this.scriptUris,
            packageUri: this.packageUri,
        });
    }

    /** Physical job names, checked unique (two tables may not map to one name). */
    private static jobNames(tables: string[]): Etl["names"] {
        const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
        const names = {
            dropToRaw: Object.fromEntries(tables.map((t) => [t, jobNames.dropToRaw(project, stack, t)])),
            rawToCurated: jobNames.rawToCurated(project, stack),
            curateTables: jobNames.curateTables(project, stack),
            apiIngest: jobNames.apiIngest(project, stack),
            convertObject: jobNames.convertObject(project, stack),
        };
        assertUniqueNames([...Object.values(names.dropToRaw), names.rawToCurated, names.curateTables, names.apiIngest, names.convertObject], "Glue job");
        return names;
    }

    private glueName(...parts: string[]): string {
        return glueName(pulumi.getProject(), pulumi.getStack(), ...parts);
    }

    /** Scripts, the package and Spark scratch space, encrypted with the analytics key. */
    private artifactsBucket(): AnalyticsBucket {
        const { args } = this;
        return new AnalyticsBucket(
            `${this.name}-artifacts`,
            {
                keyArn: args.analyticsKeyArn,
                retainData: this.context.retainData,
                noncurrentExpireDays: 30,
                accessLogsBucket: args.accessLogsBucket,
                logPrefix: "etl-artifacts",
            },
            { parent: this },
        );
    }

    private upload(resource: string, key: string, source: pulumi.asset.Asset | pulumi.asset.Archive): aws.s3.BucketObjectv2 {
        return new aws.s3.BucketObjectv2(
            `${this.name}-${resource}`,
            { bucket: this.artifacts.bucketName, key, source, serverSideEncryption: "aws:kms", kmsKeyId: this.args.analyticsKeyArn },
            { parent: this },
        );
    }

    /** The entry script of every job this configuration has; S3 URIs by file name. */
    private uploadScripts(etlDir: string): Record<string, pulumi.Output<string>> {
        const { etl } = this;
        const { curated } = this.args;
        const scripts = [
            ...(etl.tables.length > 0 ? [SCRIPTS.dropToRaw] : []),
            ...(curated ? [SCRIPTS.rawToCurated, SCRIPTS.curateTables] : []),
            ...(etl.apiIngest ? [SCRIPTS.apiIngest] : []),
            ...(etl.bigObjects.enabled ? [SCRIPTS.convertObject] : []),
        ];
        const uris: Record<string, pulumi.Output<string>> = {};
        for (const script of scripts) {
            const object = this.upload(
                `script-${script.replace(/\.py$/, "").replace(/_/g, "-")}`,
                scriptKey(script),
                new pulumi.asset.FileAsset(requireFile(path.join(etlDir, "jobs", script), "entry script")),
            );
            uris[script] = pulumi.interpolate`s3://${object.bucket}/${object.key}`;
        }
        return uris;
    }

    /** etl/lakeetl as a zip, for the Spark jobs' --extra-py-files. */
    private uploadPackage(etlDir: string): pulumi.Output<string> {
        const packageDir = requireFile(path.join(etlDir, PACKAGE_DIR), "package directory");
        const pkg = this.upload("package", packageKey(), new pulumi.asset.AssetArchive(pythonFiles(etlDir, packageDir)));
        return pulumi.interpolate`s3://${pkg.bucket}/${pkg.key}`;
    }

    private securityConfigurationFor(zone: EtlZone): aws.glue.SecurityConfiguration {
        const analyticsKeyArn = this.args.analyticsKeyArn;
        return (this.securityConfigurations[zone.name] ??= new aws.glue.SecurityConfiguration(
            `${this.name}-${zone.name}-writer`,
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
        return allOf<ZoneAccess>({ bucketArn: z.bucketArn, keyArn: z.keyArn, database: z.database, prefixes });
    }

    /** A job's own role, scoped to what `spec` names. */
    private jobRole(resource: string, spec: JobRoleSpec): JobRole {
        const { args } = this;
        const { role, policy } = roleWithPolicy(
            `${this.name}-${resource}`,
            {
                role: { service: "glue.amazonaws.com", description: spec.description },
                policy: (r) =>
                    jsonOf(
                        {
                            scope: this.context.scope,
                            reads: pulumi.all(spec.reads),
                            writes: pulumi.all(spec.writes),
                            artifactsBucketArn: this.artifacts.bucketArn,
                            analyticsKeyArn: args.analyticsKeyArn,
                            logGroups: spec.logGroups(r.name),
                            catalogKeyArns: pulumi.all(args.catalogKeyArns ?? []),
                            secretArns: pulumi.all(spec.secretArns ?? []),
                        },
                        (resolved) =>
                            jobPolicy({
                                ...resolved,
                                scriptsPrefix: ARTIFACT_PREFIX,
                                tempPrefix: spec.tempPrefix,
                                // Spark jobs (the ones with a scratch prefix) use the Data Catalog as metastore.
                                sparkMetastore: spec.tempPrefix !== undefined,
                                tagsReadObjects: spec.tagsReadObjects,
                                readsVersions: spec.readsVersions,
                                metricNamespaces: spec.metricNamespaces,
                            }),
                    ),
            },
            this,
        );
        return { arn: role.arn, policy, logGroups: pulumi.output(spec.logGroups(role.name)) };
    }

    private sparkJob(resource: string, spec: SparkJobSpec): aws.glue.Job {
        const { etl } = this;
        const tempPrefix = `${TEMP_PREFIX}${spec.jobName}/`;
        this.catalogWriters.push({ name: resource, roleArn: spec.role.arn, zone: spec.writes.name });
        return new aws.glue.Job(
            `${this.name}-${resource}`,
            {
                name: spec.jobName,
                description: spec.description,
                roleArn: spec.role.arn,
                glueVersion: SPARK_GLUE_VERSION,
                command: { name: "glueetl", pythonVersion: "3", scriptLocation: this.scriptUris[spec.script] },
                workerType: batchWorkerType(etl.workerType),
                numberOfWorkers: etl.numberOfWorkers,
                timeout: etl.timeoutMinutes,
                executionProperty: { maxConcurrentRuns: spec.maxConcurrentRuns ?? 1 },
                ...(spec.queueRuns && { jobRunQueuingEnabled: true }),
                securityConfiguration: this.securityConfigurationFor(spec.writes).name,
                defaultArguments: pulumi.all([this.artifacts.bucketName, this.packageUri, spec.arguments]).apply(([bucket, packageUri, extra]) => ({
                    ...sparkJobArguments(s3Uri(bucket, tempPrefix), packageUri, sparkJobLogGroupPrefix(spec.jobName), { bookmarks: spec.bookmarks }),
                    ...extra,
                })),
            },
            { parent: this, dependsOn: [spec.role.policy, ...this.jobLogGroups(resource, spec.role.logGroups)] },
        );
    }

    /**
     * A job's own log groups (`.../output` and `.../error`), declared so they have a retention and
     * the analytics key (the one its security configuration names) rather than Glue's defaults.
     */
    private jobLogGroups(resource: string, groups: pulumi.Output<string[]>): aws.cloudwatch.LogGroup[] {
        return ["error", "output"].map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${this.name}-${resource}-${kind}-logs`,
                    {
                        name: groups.apply((names) => names.find((n) => n.endsWith(`/${kind}`))!),
                        retentionInDays: this.context.logRetentionDays,
                        kmsKeyId: this.args.analyticsKeyArn,
                    },
                    { parent: this },
                ),
        );
    }

    /** A Spark job per Glue-owned table: its drop prefix -> its raw prefix (and raw quarantine), by table. */
    private dropToRawJobs(): Record<string, aws.glue.Job> {
        const { drop, raw } = this.args;
        return Object.fromEntries(
            this.etl.tables.map((table) => {
                const jobName = this.names.dropToRaw[table];
                const resource = `drop-to-raw-${table.replace(/_/g, "-")}`;
                const role = this.jobRole(resource, {
                    description: `Glue drop -> raw job of table ${table}`,
                    reads: [Etl.access(drop, [tablePrefix(table)])],
                    writes: [Etl.access(raw, [tablePrefix(table), tableQuarantinePrefix(table)])],
                    tempPrefix: `${TEMP_PREFIX}${jobName}/`,
                    logGroups: () => sparkJobLogGroups(jobName),
                    tagsReadObjects: true,
                });
                const jobArguments = allOf({
                    table,
                    landingBucket: drop.bucketName,
                    rawBucket: raw.bucketName,
                    landingDatabase: drop.database,
                    rawDatabase: raw.database,
                }).apply(dropToRawArguments);
                const description = `Drop -> raw: table ${table} to partitioned Parquet`;
                // drop_to_raw.py reads with transformation_ctx "source": each run takes only new objects.
                return [
                    table,
                    this.sparkJob(resource, { jobName, description, script: SCRIPTS.dropToRaw, arguments: jobArguments, writes: raw, role, bookmarks: true }),
                ];
            }),
        );
    }

    /**
     * The big-object job: reads (given versions of) any landing object and tags it, writes the raw
     * zone and the landing zone's quarantine/ (bad input stays in its zone, as the function keeps it).
     * Started per object by the drop -> raw function, so no trigger; its failures alarm like every job's.
     */
    private bigObjectJobOf(): aws.glue.Job {
        const { drop, raw } = this.args;
        const jobName = this.names.convertObject;
        const role = this.jobRole("convert-object", {
            description: "Glue big-object job: one dropped object -> raw",
            reads: [Etl.access(drop)],
            writes: [Etl.access(raw), Etl.access(drop, [QUARANTINE_PREFIX])],
            tempPrefix: `${TEMP_PREFIX}${jobName}/`,
            logGroups: () => sparkJobLogGroups(jobName),
            tagsReadObjects: true,
            readsVersions: true,
        });
        const jobArguments = pulumi
            .all([raw.bucketName, raw.keyArn, drop.keyArn])
            .apply(([rawBucket, rawKeyArn, landingKeyArn]) =>
                bigObjectArguments({ rawBucket, rawKeyArn, landingKeyArn, contractColumns: this.args.contractColumns }),
            );
        return this.sparkJob("convert-object", {
            jobName,
            description: "Converts one dropped object past the drop -> raw function's limits to raw (started by the function)",
            script: SCRIPTS.convertObject,
            arguments: jobArguments,
            writes: raw,
            role,
            bookmarks: false,
            maxConcurrentRuns: this.etl.bigObjects.maxConcurrentRuns,
        });
    }

    /** The raw -> curated Spark job: reads the raw zone, writes the curated views' prefixes. */
    private rawToCuratedJob(curated: EtlZone): aws.glue.Job {
        const { raw } = this.args;
        const jobName = this.names.rawToCurated;
        const role = this.jobRole("raw-to-curated", {
            description: "Glue views job (the curated tables -> the views)",
            // raw for the datasets without a table yet; the Iceberg tables' files under tables/.
            reads: [Etl.access(raw), Etl.access(curated, [CURATED_TABLES_PREFIX])],
            writes: [Etl.access(curated, CURATED_VIEW_NAMES.map(tablePrefix))],
            tempPrefix: `${TEMP_PREFIX}${jobName}/`,
            logGroups: () => sparkJobLogGroups(jobName),
        });
        const jobArguments = allOf({
            rawBucket: raw.bucketName,
            curatedBucket: curated.bucketName,
            rawDatabase: raw.database,
            curatedDatabase: curated.database,
            views: CURATED_VIEW_NAMES,
        }).apply(rawToCuratedArguments);
        const description = "Raw -> curated: seller performance, advertising, activity views";
        // The views are recomputed in full from raw (plain Spark reads): a bookmark would have nothing to track.
        return this.sparkJob("raw-to-curated", {
            jobName,
            description,
            script: SCRIPTS.rawToCurated,
            arguments: jobArguments,
            writes: curated,
            role,
            bookmarks: false,
        });
    }

    /** The curated datasets' Iceberg tables, with their optimizers. */
    private tablesIn(curated: EtlZone): CuratedTables {
        const { args } = this;
        return new CuratedTables(
            `${this.name}-tables`,
            {
                scope: this.context.scope,
                curated,
                datasets: args.datasets ?? [...new Set([...Object.keys(args.curationRules ?? {}), ...Object.keys(args.qualityRules ?? {})])],
                maintenance: this.etl.maintenance,
                catalogKeyArns: args.catalogKeyArns,
                qualityRulesets: Object.fromEntries(Object.entries(args.qualityRules ?? {}).map(([d, q]) => [d, dqdlRuleset(q)])),
                piiColumns: curatedPiiColumns(args.piiColumns ?? {}, args.curationRules ?? {}),
            },
            { parent: this },
        );
    }

    /**
     * The curate job (etl/jobs/curate_tables.py): MERGEs the raw objects not yet consumed into the
     * curated Iceberg tables. It reads all of raw (`--datasets` may name any dataset), writes only
     * the tables' files (`tables/`) and schema reports (`quarantine/`) with the curated key, and
     * maintains only the curated database's tables. One run at a time (two runs on one dataset
     * could commit an unkeyed object twice: etl/README.md "Dataset ownership"). Runs are queued, so
     * the workflow's run waits for a starter's run instead of failing; the starter asks for no
     * queuing and defers its batch while a run goes. No bookmark: the job keeps its own ledger.
     */
    private curateTablesJob(curated: EtlZone): aws.glue.Job {
        const { raw } = this.args;
        const jobName = this.names.curateTables;
        const role = this.jobRole("curate-tables", {
            description: "Glue curate job (raw -> the curated Iceberg tables)",
            reads: [Etl.access(raw)],
            writes: [Etl.access(curated, [CURATED_TABLES_PREFIX, QUARANTINE_PREFIX])],
            tempPrefix: `${TEMP_PREFIX}${jobName}/`,
            logGroups: () => sparkJobLogGroups(jobName),
            metricNamespaces: [QUALITY_METRICS_NAMESPACE],
            secretArns: this.maskingKey ? [this.maskingKey.arn] : [],
        });
        const curationRules = this.args.curationRules ?? {};
        const qualityRules = this.args.qualityRules ?? {};
        const piiColumns = this.args.piiColumns;
        const jobArguments = pulumi.all([raw.bucketName, curated.bucketName, this.maskingKey?.arn]).apply(([rawBucket, curatedBucket, maskingSecretArn]) =>
            curateTablesArguments({
                rawBucket,
                curatedBucket,
                curatedDatabase: curated.database,
                curationRules,
                qualityRules,
                piiColumns,
                maskingSecretArn,
            }),
        );
        return this.sparkJob("curate-tables", {
            jobName,
            description: "Raw -> curated: MERGE each dataset's new raw objects into its Iceberg table",
            script: SCRIPTS.curateTables,
            arguments: jobArguments,
            writes: curated,
            role,
            bookmarks: false,
            queueRuns: true,
        });
    }

    /**
     * The pii masking key: 32 random bytes (base64) in a Secrets Manager secret encrypted with the
     * analytics key, read by the curate job's role only. Generated here once: `ignoreChanges` keeps
     * the first value, since a new key would stop masked values joining with those already curated
     * (the @pulumi/random provider is not a dependency; the value is a Pulumi secret in the state).
     * Retained and protected with the data (prod), else deleted without a recovery window, so a
     * dev stack can be made again under the same name.
     */
    private maskingKeySecret(): aws.secretsmanager.Secret {
        const retain = this.context.retainData;
        const secret = new aws.secretsmanager.Secret(
            `${this.name}-masking-key`,
            {
                name: `${pulumi.getProject()}/${pulumi.getStack()}/pii-masking-key`,
                description: "HMAC-SHA256 key the curate job masks pii columns with (config contracts.<dataset>.piiColumns)",
                kmsKeyId: this.args.analyticsKeyArn,
                recoveryWindowInDays: retain ? 30 : 0,
            },
            { parent: this, protect: retain, retainOnDelete: retain },
        );
        new aws.secretsmanager.SecretVersion(
            `${this.name}-masking-key-value`,
            { secretId: secret.id, secretString: pulumi.secret(randomBytes(32).toString("base64")) },
            { parent: this, ignoreChanges: ["secretString"], protect: retain, retainOnDelete: retain },
        );
        return secret;
    }

    /**
     * The workflow (job-settings.ts workflowPlan): its scheduled trigger starts every drop -> raw
     * job (or the views job when there is none); conditional triggers then start the curate job
     * for their datasets once all of them SUCCEEDED, and the views job once that curate run
     * SUCCEEDED. Triggers name the jobs by their outputs, so each is created after the jobs it
     * starts. None without jobs.
     */
    private workflow(dropToRaw: Record<string, aws.glue.Job>, curate?: aws.glue.Job, views?: aws.glue.Job): pulumi.Output<string> | undefined {
        const { tables } = this.etl;
        const jobsByName: Record<string, aws.glue.Job> = Object.fromEntries(tables.map((t) => [this.names.dropToRaw[t], dropToRaw[t]]));
        if (curate) jobsByName[this.names.curateTables] = curate;
        if (views) jobsByName[this.names.rawToCurated] = views;
        const jobOutputs = (jobs: string[]) => jobs.map((j) => jobsByName[j].name);
        const plan = workflowPlan({
            dropToRaw: this.names.dropToRaw,
            curate: curate && this.names.curateTables,
            views: views && this.names.rawToCurated,
        });
        if (plan.scheduled.length === 0) return undefined;

        const workflow = new aws.glue.Workflow(
            `${this.name}-workflow`,
            {
                name: this.glueName("etl"),
                description:
                    plan.steps.length > 0
                        ? "drop -> raw for every Glue-owned table, then the curate job for their datasets, then raw -> curated, each when the previous SUCCEEDED"
                        : tables.length > 0
                          ? "drop -> raw for every Glue-owned table"
                          : "raw -> curated (every dataset reaches raw through the drop -> raw Lambda)",
                maxConcurrentRuns: 1,
            },
            { parent: this },
        );
        new aws.glue.Trigger(
            `${this.name}-schedule`,
            {
                name: this.glueName("etl", "schedule"),
                description: tables.length > 0 ? "Starts every drop -> raw job" : "Starts raw -> curated",
                type: "SCHEDULED",
                schedule: this.etl.schedule,
                startOnCreation: true,
                workflowName: workflow.name,
                actions: jobOutputs(plan.scheduled).map((jobName) => ({ jobName })),
            },
            { parent: this },
        );
        for (const step of plan.steps) {
            new aws.glue.Trigger(
                `${this.name}-${step.name.replace(/_/g, "-")}`,
                {
                    name: this.glueName("etl", step.name),
                    description: step.description,
                    type: "CONDITIONAL",
                    startOnCreation: true,
                    workflowName: workflow.name,
                    predicate: pulumi.all(jobOutputs(step.waitFor)).apply(allSucceeded),
                    actions: jobOutputs([step.start]).map((jobName) => ({ jobName, ...(step.arguments && { arguments: step.arguments }) })),
                },
                { parent: this },
            );
        }
        return workflow.name;
    }

    /** The Python-shell API ingest job, writing the landing zone, on its own schedule. */
    private apiIngestJob(api: NonNullable<ResolvedEtlSettings["apiIngest"]>): pulumi.Output<string> {
        const { drop } = this.args;
        const { etl } = this;
        const securityConfiguration = this.securityConfigurationFor(drop);
        const role = this.jobRole("api-ingest", {
            description: "Glue Python-shell API ingest job",
            reads: [],
            writes: [Etl.access(drop, [tablePrefix(API_INGEST_DATASET)])],
            logGroups: (roleName) => pulumi.all([securityConfiguration.name, roleName]).apply(([config, r]) => shellJobLogGroups(config, r)),
        });
        const job = new aws.glue.Job(
            `${this.name}-api-ingest`,
            {
                name: this.names.apiIngest,
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
            { parent: this, dependsOn: [role.policy, ...this.jobLogGroups("api-ingest", role.logGroups)] },
        );
        new aws.glue.Trigger(
            `${this.name}-api-ingest-schedule`,
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
