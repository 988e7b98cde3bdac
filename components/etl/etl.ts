/**
 * Batch ETL on Glue: the entry scripts (etl/jobs) and the transforms package (etl/lakeetl, as a
 * zip on --extra-py-files) in an encrypted artifacts bucket; a Spark job per Glue-owned drop ->
 * raw table (config `etl.tables`, none by default: the drop -> raw Lambda promotes every other
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
import type { EtlConfig } from "../../lib/config";
import { ARTIFACT_PREFIX, CURATED_VIEW_NAMES, PACKAGE_DIR, SCRIPTS, SHELL_GLUE_VERSION, SHELL_MAX_CAPACITY, SHELL_PYTHON_VERSION, SPARK_GLUE_VERSION, TEMP_PREFIX, API_INGEST_DATASET, allSucceeded, workflowPlan, apiIngestArguments, batchWorkerType, dropToRawArguments, jobNames, packageKey, rawToCuratedArguments, s3Uri, scriptKey, sparkJobArguments, tablePrefix, tableQuarantinePrefix } from "./job-settings";
import { AccountScope, glueAssumeRolePolicy } from "../../lib/iam";
import { ZoneAccess, jobPolicy } from "./policies";
import { assertUniqueNames, glueName } from "../../lib/names";
import { AnalyticsBucket } from "../storage";

/** A zone as the ETL sees it. */
export interface EtlZone {
    /** Zone name from config. */
    name: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** The zone's Glue database (Catalog `databaseNames`). */
    database: string;
}

export interface EtlArgs {
    /** Job settings (lib/config `etl`, defaults applied). Required. */
    etl: EtlConfig;
    /** Landing zone: drop -> raw jobs read it, the API ingest job writes it. Required. */
    drop: EtlZone;
    /** Raw zone: drop -> raw jobs write it, raw -> curated reads it. Required. */
    raw: EtlZone;
    /** Curated zone: raw -> curated writes it. Default: none (no raw -> curated job, no conditional trigger). */
    curated?: EtlZone;
    /** Analytics key ARN: artifacts, job bookmarks, log encryption. Required. */
    analyticsKeyArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** prod: artifacts bucket retained; dev: destroyable. Required. */
    retainData: boolean;
    /** Server access logs bucket for the artifacts bucket. Default: no access logs. */
    accessLogsBucket?: pulumi.Input<string>;
    /** Directory with `jobs/` and `lakeetl/`. Default: the repository's `etl/`. */
    etlDir?: string;
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
    readonly apiIngestJobName?: pulumi.Output<string>;
    /** The workflow of the drop -> raw and raw -> curated jobs; absent when there is neither. */
    readonly workflowName?: pulumi.Output<string>;
    /** S3 URIs of the uploaded scripts by file name, and of the package zip. */
    readonly scriptUris: Record<string, pulumi.Output<string>>;
    readonly packageUri: pulumi.Output<string>;

    constructor(name: string, args: EtlArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:etl:Etl", name, {}, opts);
        const child = { parent: this };
        const project = pulumi.getProject();
        const stack = pulumi.getStack();
        const { etl, drop, raw, curated } = args;
        const etlDir = args.etlDir ?? path.resolve(__dirname, "../../etl");
        const tables = etl.tables;
        const names = {
            dropToRaw: Object.fromEntries(tables.map((t) => [t, jobNames.dropToRaw(project, stack, t)])),
            rawToCurated: jobNames.rawToCurated(project, stack),
            apiIngest: jobNames.apiIngest(project, stack),
        };
        assertUniqueNames([...Object.values(names.dropToRaw), names.rawToCurated, names.apiIngest], "Glue job");

        this.artifacts = new AnalyticsBucket(
            `${name}-artifacts`,
            {
                keyArn: args.analyticsKeyArn,
                retainData: args.retainData,
                noncurrentExpireDays: 30,
                accessLogsBucket: args.accessLogsBucket,
                logPrefix: "etl-artifacts",
            },
            child,
        );
        const bucket = this.artifacts.bucketName;
        const upload = (resource: string, key: string, source: pulumi.asset.Asset | pulumi.asset.Archive) =>
            new aws.s3.BucketObjectv2(
                `${name}-${resource}`,
                { bucket, key, source, serverSideEncryption: "aws:kms", kmsKeyId: args.analyticsKeyArn },
                child,
            );

        const scripts = [
            ...(tables.length > 0 ? [SCRIPTS.dropToRaw] : []),
            ...(curated ? [SCRIPTS.rawToCurated] : []),
            ...(etl.apiIngest ? [SCRIPTS.apiIngest] : []),
        ];
        this.scriptUris = {};
        for (const script of scripts) {
            const object = upload(
                `script-${script.replace(/\.py$/, "").replace(/_/g, "-")}`,
                scriptKey(script),
                new pulumi.asset.FileAsset(requireFile(path.join(etlDir, "jobs", script), "entry script")),
            );
            this.scriptUris[script] = pulumi.interpolate`s3://${object.bucket}/${object.key}`;
        }
        const packageDir = requireFile(path.join(etlDir, PACKAGE_DIR), "package directory");
        const pkg = upload("package", packageKey(), new pulumi.asset.AssetArchive(pythonFiles(etlDir, packageDir)));
        this.packageUri = pulumi.interpolate`s3://${pkg.bucket}/${pkg.key}`;

        const scope: pulumi.Output<AccountScope> = pulumi
            .all([args.partition, args.region, args.accountId])
            .apply(([partition, region, accountId]) => ({ partition, region, accountId }));
        const resolved = (z: EtlZone, prefixes?: string[]) =>
            pulumi.all([z.bucketArn, z.keyArn]).apply(([bucketArn, keyArn]): ZoneAccess => ({ bucketArn, keyArn, database: z.database, prefixes }));

        // One security configuration per zone written: S3 SSE-KMS with that zone's key.
        const securityConfigurations: Record<string, aws.glue.SecurityConfiguration> = {};
        const securityConfigurationFor = (zone: EtlZone) =>
            (securityConfigurations[zone.name] ??= new aws.glue.SecurityConfiguration(
                `${name}-${zone.name}-writer`,
                {
                    name: glueName(project, stack, "etl", zone.name, "writer"),
                    encryptionConfiguration: {
                        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: zone.keyArn },
                        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.analyticsKeyArn },
                        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.analyticsKeyArn },
                    },
                },
                child,
            ));

        const role = (resource: string, description: string, reads: pulumi.Output<ZoneAccess>[], writes: pulumi.Output<ZoneAccess>[], jobName: string, spark: boolean) => {
            const r = new aws.iam.Role(
                `${name}-${resource}-role`,
                { description, assumeRolePolicy: JSON.stringify(glueAssumeRolePolicy()) },
                child,
            );
            const policy = new aws.iam.RolePolicy(
                `${name}-${resource}-policy`,
                {
                    role: r.id,
                    policy: pulumi
                        .all([scope, pulumi.all(reads), pulumi.all(writes), this.artifacts.bucketArn, args.analyticsKeyArn])
                        .apply(([s, readZones, writeZones, artifactsBucketArn, analyticsKeyArn]) =>
                            JSON.stringify(
                                jobPolicy({
                                    scope: s,
                                    reads: readZones,
                                    writes: writeZones,
                                    artifactsBucketArn,
                                    scriptsPrefix: ARTIFACT_PREFIX,
                                    tempPrefix: spark ? `${TEMP_PREFIX}${jobName}/` : undefined,
                                    analyticsKeyArn,
                                }),
                            ),
                        ),
                },
                child,
            );
            return { arn: r.arn, policy };
        };

        const spark = (resource: string, jobName: string, script: string, extra: pulumi.Input<Record<string, string>>, writes: EtlZone, r: { arn: pulumi.Output<string>; policy: aws.iam.RolePolicy }, description: string) =>
            new aws.glue.Job(
                `${name}-${resource}`,
                {
                    name: jobName,
                    description,
                    roleArn: r.arn,
                    glueVersion: SPARK_GLUE_VERSION,
                    command: { name: "glueetl", pythonVersion: "3", scriptLocation: this.scriptUris[script] },
                    workerType: batchWorkerType(etl.workerType),
                    numberOfWorkers: etl.numberOfWorkers,
                    timeout: etl.timeoutMinutes,
                    executionProperty: { maxConcurrentRuns: 1 },
                    securityConfiguration: securityConfigurationFor(writes).name,
                    defaultArguments: pulumi
                        .all([bucket, this.packageUri, extra])
                        .apply(([b, packageUri, e]) => ({ ...sparkJobArguments(s3Uri(b, `${TEMP_PREFIX}${jobName}/`), packageUri), ...e })),
                },
                { ...child, dependsOn: [r.policy] },
            );

        const dropToRaw = tables.map((table) => {
            const jobName = names.dropToRaw[table];
            const resource = `drop-to-raw-${table.replace(/_/g, "-")}`;
            const r = role(
                resource,
                `Glue drop -> raw job of table ${table}`,
                [resolved(drop, [tablePrefix(table)])],
                [resolved(raw, [tablePrefix(table), tableQuarantinePrefix(table)])],
                jobName,
                true,
            );
            const extra = pulumi
                .all([drop.bucketName, raw.bucketName])
                .apply(([dropBucket, rawBucket]) =>
                    dropToRawArguments({ table, dropBucket, rawBucket, dropDatabase: drop.database, rawDatabase: raw.database }),
                );
            return spark(resource, jobName, SCRIPTS.dropToRaw, extra, raw, r, `Drop -> raw: table ${table} to partitioned Parquet`);
        });
        this.dropToRawJobNames = Object.fromEntries(tables.map((t, i) => [t, dropToRaw[i].name]));

        let rawToCurated: aws.glue.Job | undefined;
        if (curated) {
            const jobName = names.rawToCurated;
            const r = role(
                "raw-to-curated",
                "Glue raw -> curated job",
                [resolved(raw)],
                [resolved(curated, CURATED_VIEW_NAMES.map(tablePrefix))],
                jobName,
                true,
            );
            const extra = pulumi
                .all([raw.bucketName, curated.bucketName])
                .apply(([rawBucket, curatedBucket]) =>
                    rawToCuratedArguments({ rawBucket, curatedBucket, rawDatabase: raw.database, curatedDatabase: curated.database, views: CURATED_VIEW_NAMES }),
                );
            rawToCurated = spark("raw-to-curated", jobName, SCRIPTS.rawToCurated, extra, curated, r, "Raw -> curated: seller performance, advertising, activity views");
            this.rawToCuratedJobName = rawToCurated.name;
        }

        // Triggers name the jobs by their outputs, so each is created after the jobs it starts.
        const jobsByName: Record<string, aws.glue.Job> = Object.fromEntries(tables.map((t, i) => [names.dropToRaw[t], dropToRaw[i]]));
        if (rawToCurated) jobsByName[names.rawToCurated] = rawToCurated;
        const jobOutputs = (jobs: string[]) => jobs.map((j) => jobsByName[j].name);
        const plan = workflowPlan(tables.map((t) => names.dropToRaw[t]), rawToCurated && names.rawToCurated);
        if (plan.scheduled.length > 0) {
            const workflow = new aws.glue.Workflow(
                `${name}-workflow`,
                {
                    name: glueName(project, stack, "etl"),
                    description: plan.afterRaw
                        ? "drop -> raw for every Glue-owned table, then raw -> curated when all succeeded"
                        : tables.length > 0
                          ? "drop -> raw for every Glue-owned table"
                          : "raw -> curated (every dataset reaches raw through the drop -> raw Lambda)",
                    maxConcurrentRuns: 1,
                },
                child,
            );
            this.workflowName = workflow.name;
            new aws.glue.Trigger(
                `${name}-schedule`,
                {
                    name: glueName(project, stack, "etl", "schedule"),
                    description: tables.length > 0 ? "Starts every drop -> raw job" : "Starts raw -> curated",
                    type: "SCHEDULED",
                    schedule: etl.schedule,
                    startOnCreation: true,
                    workflowName: workflow.name,
                    actions: jobOutputs(plan.scheduled).map((jobName) => ({ jobName })),
                },
                child,
            );
            if (plan.afterRaw) {
                new aws.glue.Trigger(
                    `${name}-after-raw`,
                    {
                        name: glueName(project, stack, "etl", "after_raw"),
                        description: "Starts raw -> curated when every drop -> raw job of the run SUCCEEDED",
                        type: "CONDITIONAL",
                        startOnCreation: true,
                        workflowName: workflow.name,
                        predicate: pulumi.all(jobOutputs(plan.afterRaw.waitFor)).apply(allSucceeded),
                        actions: jobOutputs([plan.afterRaw.start]).map((jobName) => ({ jobName })),
                    },
                    child,
                );
            }
        }

        if (etl.apiIngest) {
            const api = etl.apiIngest;
            const jobName = names.apiIngest;
            const r = role("api-ingest", "Glue Python-shell API ingest job", [], [resolved(drop, [tablePrefix(API_INGEST_DATASET)])], jobName, false);
            const job = new aws.glue.Job(
                `${name}-api-ingest`,
                {
                    name: jobName,
                    description: `Fetches repository stats from ${api.baseUrl} into the landing zone as NDJSON`,
                    roleArn: r.arn,
                    glueVersion: SHELL_GLUE_VERSION,
                    command: { name: "pythonshell", pythonVersion: SHELL_PYTHON_VERSION, scriptLocation: this.scriptUris[SCRIPTS.apiIngest] },
                    maxCapacity: SHELL_MAX_CAPACITY,
                    timeout: etl.timeoutMinutes,
                    executionProperty: { maxConcurrentRuns: 1 },
                    securityConfiguration: securityConfigurationFor(drop).name,
                    defaultArguments: pulumi
                        .all([drop.bucketName, drop.keyArn])
                        .apply(([dropBucket, dropKeyArn]) => ({
                            "--job-language": "python",
                            "--enable-metrics": "true",
                            ...apiIngestArguments({ baseUrl: api.baseUrl, repos: api.repos, dropBucket, dropKeyArn }),
                        })),
                },
                { ...child, dependsOn: [r.policy] },
            );
            this.apiIngestJobName = job.name;
            new aws.glue.Trigger(
                `${name}-api-ingest-schedule`,
                {
                    name: glueName(project, stack, "api_ingest", "schedule"),
                    description: "Starts the API ingest job",
                    type: "SCHEDULED",
                    schedule: api.schedule,
                    startOnCreation: true,
                    actions: [{ jobName: job.name }],
                },
                child,
            );
        }

        this.registerOutputs({
            artifactsBucket: bucket,
            dropToRawJobNames: this.dropToRawJobNames,
            rawToCuratedJobName: this.rawToCuratedJobName,
            apiIngestJobName: this.apiIngestJobName,
            workflowName: this.workflowName,
            scriptUris: this.scriptUris,
            packageUri: this.packageUri,
        });
    }
}
