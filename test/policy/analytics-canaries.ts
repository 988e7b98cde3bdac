/**
 * Canaries of the analytics rules (Glue, Athena): good single resources, and one bad variant per
 * condition of each rule. analytics-rules.test.ts runs them; pack.test.ts counts their conditions.
 */
import { ruleCases } from "./canaries";
import { Recorded } from "./harness";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/analytics";

export function resource(type: string, props: Record<string, any>): Recorded {
    return { type, name: "canary", urn: `urn:pulumi:dev::datalake::${type}::canary`, props };
}

export const goodSecurityConfiguration = () =>
    resource("aws:glue/securityConfiguration:SecurityConfiguration", {
        encryptionConfiguration: {
            s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
            cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
            jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
        },
    });
export const goodJob = () => resource("aws:glue/job:Job", { securityConfiguration: "datalake_dev_etl_raw_writer", command: { name: "glueetl" } });
export const goodCrawler = () => resource("aws:glue/crawler:Crawler", { securityConfiguration: "datalake_dev_crawlers" });
export const goodWorkgroup = () =>
    resource("aws:athena/workgroup:Workgroup", {
        configuration: {
            enforceWorkgroupConfiguration: true,
            bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
            publishCloudwatchMetricsEnabled: true,
            resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } },
        },
    });

/** A curated Iceberg table with its three optimizers (each names the table by its name). */
export const goodIcebergTable = (): Recorded[] => [
    resource("aws:glue/catalogTable:CatalogTable", {
        name: "orders",
        databaseName: "datalake_dev_curated",
        openTableFormatInput: { icebergInput: { metadataOperation: "CREATE", version: "2" } },
    }),
    ...["compaction", "retention", "orphan_file_deletion"].map((type) => ({
        ...resource("aws:glue/catalogTableOptimizer:CatalogTableOptimizer", { tableName: "orders", databaseName: "datalake_dev_curated", type }),
        name: `orders-${type}`,
        urn: `urn:pulumi:dev::datalake::aws:glue/catalogTableOptimizer:CatalogTableOptimizer::orders-${type}`,
    })),
];
/** A job writing the curated Iceberg tables. */
export const goodIcebergJob = () =>
    resource("aws:glue/job:Job", {
        securityConfiguration: "datalake_dev_etl_curated_writer",
        command: { name: "glueetl" },
        defaultArguments: { "--datalake-formats": "iceberg", "--warehouse_path": "s3://curated/tables/", "--catalog_type": "glue" },
    });

export interface AnalyticsCanary {
    rule: string;
    /** The one condition of the rule that must fire. */
    condition: string;
    case: string;
    /** A resource, or the resources a stack rule needs together. */
    make: () => Recorded | Recorded[];
}

/** The Iceberg table without its optimizer of `type`. */
const withoutOptimizer = (type: string) => () => goodIcebergTable().filter((r) => r.props.type !== type);

const changed = (make: () => Recorded, fn: (props: Record<string, any>) => void) => () => {
    const r = make();
    fn(r.props);
    return r;
};
const sc = (fn: (e: Record<string, any>) => void) => changed(goodSecurityConfiguration, (p) => fn(p.encryptionConfiguration));
const wg = (fn: (c: Record<string, any>) => void) => changed(goodWorkgroup, (p) => fn(p.configuration));

export const analyticsCanaries: AnalyticsCanary[] = [
    ...ruleCases<AnalyticsCanary>("glue-security-configuration-kms", [
        { condition: "s3-mode", case: "S3 SSE-S3 (key still named)", make: sc((e) => (e.s3Encryption.s3EncryptionMode = "SSE-S3")) },
        { condition: "s3-key", case: "S3 SSE-KMS without a key", make: sc((e) => delete e.s3Encryption.kmsKeyArn) },
        {
            condition: "cloudwatch-mode",
            case: "CloudWatch logs DISABLED (key still named)",
            make: sc((e) => (e.cloudwatchEncryption.cloudwatchEncryptionMode = "DISABLED")),
        },
        { condition: "cloudwatch-key", case: "CloudWatch SSE-KMS without a key", make: sc((e) => delete e.cloudwatchEncryption.kmsKeyArn) },
        {
            condition: "bookmarks-mode",
            case: "bookmarks DISABLED (key still named)",
            make: sc((e) => (e.jobBookmarksEncryption.jobBookmarksEncryptionMode = "DISABLED")),
        },
        { condition: "bookmarks-key", case: "bookmarks CSE-KMS without a key", make: sc((e) => delete e.jobBookmarksEncryption.kmsKeyArn) },
    ]),
    {
        rule: "glue-job-security-configuration",
        condition: "missing",
        case: "job without a security configuration",
        make: changed(goodJob, (p) => delete p.securityConfiguration),
    },
    {
        rule: "glue-crawler-security-configuration",
        condition: "missing",
        case: "crawler with an empty security configuration",
        make: changed(goodCrawler, (p) => (p.securityConfiguration = "")),
    },
    ...ruleCases<AnalyticsCanary>("athena-workgroup-enforced", [
        { condition: "not-enforced", case: "configuration not enforced", make: wg((c) => (c.enforceWorkgroupConfiguration = false)) },
        {
            condition: "results-not-kms",
            case: "results SSE_S3 with a key present",
            make: wg((c) => (c.resultConfiguration.encryptionConfiguration.encryptionOption = "SSE_S3")),
        },
        { condition: "results-no-key", case: "results SSE_KMS without a key", make: wg((c) => delete c.resultConfiguration.encryptionConfiguration.kmsKeyArn) },
        { condition: "scan-limit", case: "no bytes-scanned limit", make: wg((c) => delete c.bytesScannedCutoffPerQuery) },
        { condition: "scan-limit", case: "scan limit below 10 MB", make: wg((c) => (c.bytesScannedCutoffPerQuery = 10 * 1024 * 1024 - 1)) },
        { condition: "metrics-off", case: "no CloudWatch metrics", make: wg((c) => delete c.publishCloudwatchMetricsEnabled) },
    ]),
    ...ruleCases<AnalyticsCanary>("glue-iceberg-table-optimizers", [
        { condition: "compaction", case: "Iceberg table without compaction", make: withoutOptimizer("compaction") },
        { condition: "retention", case: "Iceberg table without snapshot retention", make: withoutOptimizer("retention") },
        { condition: "orphan-file-deletion", case: "Iceberg table without orphan file deletion", make: withoutOptimizer("orphan_file_deletion") },
    ]),
    ...ruleCases<AnalyticsCanary>("glue-iceberg-job-formats", [
        {
            condition: "datalake-formats",
            case: "job with an Iceberg warehouse and no --datalake-formats",
            make: changed(goodIcebergJob, (p) => delete p.defaultArguments["--datalake-formats"]),
        },
        {
            condition: "datalake-formats",
            case: "job with the Iceberg extensions in --conf and --datalake-formats hudi",
            make: changed(goodJob, (p) => {
                p.defaultArguments = {
                    "--conf": "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
                    "--datalake-formats": "hudi",
                };
            }),
        },
    ]),
];
