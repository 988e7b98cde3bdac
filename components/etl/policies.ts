/** The ETL area's documents: a Glue job's least-privilege role policy. Pure. */
import type { AccountScope } from "../../lib/account-scope";
import {
    CATALOG_READ,
    CATALOG_WRITE,
    KEY_READ_WRITE,
    PolicyDocument,
    Statement,
    catalogArns,
    catalogKeyUse,
    doc,
    glueLogs,
    objectsArn,
    useKeys,
} from "../../lib/iam";

/** One zone a job reads or writes, optionally only under `prefixes` (each ending in `/`). */
export interface ZoneAccess {
    bucketArn: string;
    keyArn: string;
    database: string;
    /** Key prefixes the job may touch; default the whole bucket. */
    prefixes?: string[];
}

export interface JobPolicyArgs {
    scope: AccountScope;
    /** Zones read (objects and their tables). */
    reads: ZoneAccess[];
    /** Zones written (objects, tables and partitions). */
    writes: ZoneAccess[];
    /** Artifacts bucket: scripts and packages read under `scriptsPrefix`, Spark scratch under `tempPrefix`. */
    artifactsBucketArn: string;
    scriptsPrefix: string;
    tempPrefix?: string;
    /** Analytics key: artifacts, job bookmarks and log encryption. */
    analyticsKeyArn: string;
    /** The log groups the job writes (job-settings `sparkJobLogGroups`, `shellJobLogGroups`). */
    logGroups: string[];
    /** A Spark job with the Data Catalog as its metastore (it may create `default`). Default false. */
    sparkMetastore?: boolean;
    /** Tag the objects it read (drop -> raw: consumed, lib/contract PROCESSED_TAG). Default false. */
    tagsReadObjects?: boolean;
    /** Read given versions of its sources (the big-object job reads the version it was started for). Default false. */
    readsVersions?: boolean;
    /** CloudWatch namespaces the job publishes metrics to besides `Glue`. Default: none. */
    metricNamespaces?: string[];
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`). Default none. */
    catalogKeyArns?: string[];
    /** Secrets it reads (the curate job: the masking key, encrypted with the analytics key). Default none. */
    secretArns?: string[];
}

function objectArns(z: ZoneAccess): string[] {
    return (z.prefixes ?? [""]).map((p) => objectsArn(z.bucketArn, p));
}

/**
 * `s3:prefix` values a job may list under `prefix` (`orders/`): the "directory" itself with and
 * without its slash (Hadoop's S3 filesystems probe both) and everything below it.
 */
export function listablePrefixes(prefix: string): string[] {
    return [prefix.replace(/\/$/, ""), prefix, `${prefix}*`];
}

/**
 * With the Data Catalog as metastore (Glue's --enable-glue-datacatalog, EMR's Glue metastore
 * client), Spark creates the `default` database at start-up when it does not exist, and the job
 * fails without this grant
 * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-data-catalog-hive.html).
 * Granted rather than declared: `default` is one per account and region, often already made by
 * Athena or another stack, so a CatalogDatabase "default" would fail with AlreadyExists there and,
 * here, would tie an account-wide database to this stack's lifetime.
 */
export function createDefaultDatabase(scope: AccountScope): Statement {
    return { Sid: "CreateDefaultDatabase", Effect: "Allow", Action: "glue:CreateDatabase", Resource: catalogArns(scope, ["default"]).slice(0, 2) };
}

/** ListBucket, limited to the prefixes when there are any. */
function list(sid: string, zones: ZoneAccess[]): Statement[] {
    return zones.map((z, i) => ({
        Sid: `${sid}${i}`,
        Effect: "Allow" as const,
        Action: "s3:ListBucket",
        Resource: z.bucketArn,
        ...(z.prefixes ? { Condition: { StringLike: { "s3:prefix": z.prefixes.flatMap(listablePrefixes) } } } : {}),
    }));
}

/**
 * A Glue job: read its source zones, read and write its target zones (Spark's committer lists,
 * reads back and deletes its own temporary objects), only under the given prefixes; use exactly
 * those zones' keys and the analytics key; read its scripts; read its source tables and maintain
 * its target tables (plus `default`, which Spark's catalog client opens, and creates when the
 * account has none); write its own log groups and Glue metrics.
 */
export function jobPolicy(a: JobPolicyArgs): PolicyDocument {
    const statements: Statement[] = [];
    if (a.reads.length) {
        statements.push(
            {
                Sid: "ReadSourceObjects",
                Effect: "Allow",
                Action: a.readsVersions ? ["s3:GetObject", "s3:GetObjectVersion"] : "s3:GetObject",
                Resource: a.reads.flatMap(objectArns),
            },
            ...list("ListSource", a.reads),
            useKeys(
                "DecryptSources",
                a.reads.map((z) => z.keyArn),
            ),
        );
        if (a.tagsReadObjects) {
            statements.push({
                Sid: "TagConsumedSources",
                Effect: "Allow",
                // The current version of each file read, by its version id (lakeetl/consumed.py): the landing zone expires only those.
                Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
                Resource: a.reads.flatMap(objectArns),
            });
        }
    }
    if (a.writes.length) {
        statements.push(
            {
                Sid: "WriteTargetObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: a.writes.flatMap(objectArns),
            },
            ...list("ListTarget", a.writes),
            useKeys(
                "UseTargetKeys",
                a.writes.map((z) => z.keyArn),
                KEY_READ_WRITE,
            ),
        );
    }
    const artifacts = [objectsArn(a.artifactsBucketArn, a.scriptsPrefix)];
    statements.push({ Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: artifacts });
    if (a.tempPrefix) {
        statements.push(
            {
                Sid: "UseTempDir",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: objectsArn(a.artifactsBucketArn, a.tempPrefix),
            },
            {
                Sid: "ListTempDir",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: a.artifactsBucketArn,
                Condition: { StringLike: { "s3:prefix": listablePrefixes(a.tempPrefix) } },
            },
        );
    }
    statements.push(useKeys("UseAnalyticsKey", [a.analyticsKeyArn], KEY_READ_WRITE));
    if (a.secretArns?.length) statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: a.secretArns });
    const readDbs = [...new Set([...a.reads, ...a.writes].map((z) => z.database))];
    const writeDbs = [...new Set(a.writes.map((z) => z.database))];
    statements.push({
        Sid: "ReadCatalog",
        Effect: "Allow",
        Action: CATALOG_READ,
        Resource: catalogArns(a.scope, [...readDbs, "default"]),
    });
    if (writeDbs.length) {
        statements.push({ Sid: "WriteCatalog", Effect: "Allow", Action: CATALOG_WRITE, Resource: catalogArns(a.scope, writeDbs) });
    }
    statements.push(...catalogKeyUse(a.catalogKeyArns ?? []));
    if (a.sparkMetastore) statements.push(createDefaultDatabase(a.scope));
    statements.push(glueLogs(a.scope, a.logGroups), {
        Sid: "PutGlueMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": a.metricNamespaces?.length ? ["Glue", ...a.metricNamespaces] : "Glue" } },
    });
    return doc(...statements);
}

/** The log groups the Glue table optimizers write, one per kind (the AWS Glue table optimization prerequisites). */
export const OPTIMIZER_LOG_GROUPS = ["/aws-glue/iceberg-compaction/logs", "/aws-glue/iceberg-retention/logs", "/aws-glue/iceberg-orphan-file-deletion/logs"];

export interface OptimizerPolicyArgs {
    scope: AccountScope;
    /** The curated zone's bucket and key. */
    bucketArn: string;
    keyArn: string;
    database: string;
    /** The Iceberg tables maintained (Glue names) and the prefix of their files (`tables/`). */
    tables: string[];
    tablesPrefix: string;
    /** Keys the account's Data Catalog is encrypted with. Default none. */
    catalogKeyArns?: string[];
}

/**
 * The table optimizers' role (https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html):
 * read, write and delete the tables' files under `tables/` only (compaction rewrites data files,
 * retention and orphan file deletion delete them), with the curated key; read and update those
 * tables only (a new metadata_location per maintenance commit); write the optimizers' log groups.
 */
export function optimizerPolicy(a: OptimizerPolicyArgs): PolicyDocument {
    const tableArns = a.tables.map((t) => `arn:${a.scope.partition}:glue:${a.scope.region}:${a.scope.accountId}:table/${a.database}/${t}`);
    const [catalog, database] = catalogArns(a.scope, [a.database]);
    return doc(
        {
            Sid: "MaintainTableFiles",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: objectsArn(a.bucketArn, a.tablesPrefix),
        },
        {
            Sid: "ListTableFiles",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: a.bucketArn,
            Condition: { StringLike: { "s3:prefix": listablePrefixes(a.tablesPrefix) } },
        },
        useKeys("UseCuratedKey", [a.keyArn], KEY_READ_WRITE),
        { Sid: "UpdateTables", Effect: "Allow", Action: ["glue:GetTable", "glue:UpdateTable"], Resource: [catalog, database, ...tableArns] },
        ...catalogKeyUse(a.catalogKeyArns ?? []),
        {
            Sid: "WriteOptimizerLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: OPTIMIZER_LOG_GROUPS.map((g) => `arn:${a.scope.partition}:logs:${a.scope.region}:${a.scope.accountId}:log-group:${g}:*`),
        },
    );
}
