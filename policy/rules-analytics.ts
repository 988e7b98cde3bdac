/**
 * The lake's rules for its catalog, query and ETL resources (Glue, Athena), as @pulumi/policy
 * resource policies. Pure, like ./rules/: no PolicyPack is built here; the pack's entry lists
 * `analyticsPolicies` next to `policies`.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule } from "./define";
import { isSet } from "./resources";

export const AnalyticsTypes = {
    glueSecurityConfiguration: "aws:glue/securityConfiguration:SecurityConfiguration",
    glueJob: "aws:glue/job:Job",
    glueCrawler: "aws:glue/crawler:Crawler",
    athenaWorkgroup: "aws:athena/workgroup:Workgroup",
    catalogEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
} as const;

/** Athena's smallest per-query scan limit (10 MB); a workgroup without one scans without bound. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

/** Security configurations encrypt S3 (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS), each with a key. */
export function glueSecurityConfigurationEncrypted(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "glue-security-configuration-kms",
            description: "Glue security configurations use KMS keys for S3 (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS).",
            conditions: {
                "s3-mode": "s3Encryption is SSE-KMS",
                "s3-key": "s3Encryption names a key",
                "cloudwatch-mode": "cloudwatchEncryption is SSE-KMS",
                "cloudwatch-key": "cloudwatchEncryption names a key",
                "bookmarks-mode": "jobBookmarksEncryption is CSE-KMS",
                "bookmarks-key": "jobBookmarksEncryption names a key",
            },
        },
        [AnalyticsTypes.glueSecurityConfiguration],
        (props, _args, flag) => {
            const e = props.encryptionConfiguration ?? {};
            const parts: [string, string, Props | undefined, string, string][] = [
                ["s3", "s3Encryption", e.s3Encryption, "s3EncryptionMode", "SSE-KMS"],
                ["cloudwatch", "cloudwatchEncryption", e.cloudwatchEncryption, "cloudwatchEncryptionMode", "SSE-KMS"],
                ["bookmarks", "jobBookmarksEncryption", e.jobBookmarksEncryption, "jobBookmarksEncryptionMode", "CSE-KMS"],
            ];
            for (const [id, block, value, modeKey, mode] of parts) {
                if (value?.[modeKey] !== mode) flag(`${id}-mode`, `${block} is ${value?.[modeKey] ?? "not set"}: set ${block}.${modeKey} "${mode}"`);
                if (!isSet(value, "kmsKeyArn")) flag(`${id}-key`, `${block} has no kmsKeyArn: set it to a customer managed key`);
            }
        },
    );
}

function requiresSecurityConfiguration(name: string, type: string, what: string): ResourceValidationPolicy {
    return resourceRule(
        {
            name,
            description: `Glue ${what} run with a security configuration (encrypted logs, bookmarks and S3 output).`,
            conditions: { missing: "securityConfiguration names a security configuration" },
        },
        [type],
        (props, _args, flag) => {
            if (typeof props.securityConfiguration !== "string" || props.securityConfiguration === "") {
                flag(
                    "missing",
                    `Glue ${what.replace(/s$/, "")} has no securityConfiguration: its logs${what === "jobs" ? ", bookmarks and S3 output" : ""} would not be encrypted with a CMK`,
                );
            }
        },
    );
}

export function glueJobSecurityConfiguration(): ResourceValidationPolicy {
    return requiresSecurityConfiguration("glue-job-security-configuration", AnalyticsTypes.glueJob, "jobs");
}

export function glueCrawlerSecurityConfiguration(): ResourceValidationPolicy {
    return requiresSecurityConfiguration("glue-crawler-security-configuration", AnalyticsTypes.glueCrawler, "crawlers");
}

/** Workgroups enforce their configuration, encrypt results with a KMS key and limit bytes scanned per query. */
export function athenaWorkgroupEnforced(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "athena-workgroup-enforced",
            description:
                "Athena workgroups enforce their configuration, encrypt query results with KMS (SSE_KMS or CSE_KMS and a key), set a bytes-scanned limit per query and publish CloudWatch metrics.",
            conditions: {
                "not-enforced": "enforceWorkgroupConfiguration is true",
                "results-not-kms": "results are SSE_KMS or CSE_KMS",
                "results-no-key": "results name a KMS key",
                "scan-limit": `bytesScannedCutoffPerQuery is set, at least ${MIN_BYTES_SCANNED_CUTOFF} bytes (Athena's minimum)`,
                "metrics-off": "publishCloudwatchMetricsEnabled is true",
            },
        },
        [AnalyticsTypes.athenaWorkgroup],
        (props, _args, flag) => {
            const c = props.configuration ?? {};
            if (c.enforceWorkgroupConfiguration !== true) {
                flag(
                    "not-enforced",
                    "workgroup settings are not enforced: set configuration.enforceWorkgroupConfiguration true, or clients may override encryption and output location",
                );
            }
            const enc = c.resultConfiguration?.encryptionConfiguration;
            if (!["SSE_KMS", "CSE_KMS"].includes(enc?.encryptionOption)) {
                flag(
                    "results-not-kms",
                    `query results are encrypted with ${enc?.encryptionOption ?? "nothing"}: set resultConfiguration.encryptionConfiguration.encryptionOption "SSE_KMS"`,
                );
            }
            if (!isSet(enc, "kmsKeyArn")) flag("results-no-key", "query results name no KMS key: set resultConfiguration.encryptionConfiguration.kmsKeyArn");
            const cutoff = Number(c.bytesScannedCutoffPerQuery);
            if (!(cutoff >= MIN_BYTES_SCANNED_CUTOFF)) {
                flag(
                    "scan-limit",
                    `per-query scan limit bytesScannedCutoffPerQuery ${c.bytesScannedCutoffPerQuery ?? "unset"}: set it, at least ${MIN_BYTES_SCANNED_CUTOFF} bytes`,
                );
            }
            if (c.publishCloudwatchMetricsEnabled !== true)
                flag("metrics-off", "workgroup publishes no CloudWatch metrics: set configuration.publishCloudwatchMetricsEnabled true");
        },
    );
}

/**
 * The account's Data Catalog encryption, when a stack manages it (an opt-in, account-level
 * resource): metadata at rest with a KMS key, connection passwords encrypted with a key.
 */
export function glueCatalogEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "glue-catalog-encryption",
            description: "A managed Glue Data Catalog encryption setting encrypts metadata (SSE-KMS with a key) and connection passwords (with a key).",
            conditions: {
                "at-rest": "encryptionAtRest is SSE-KMS with sseAwsKmsKeyId",
                "connection-passwords": "connectionPasswordEncryption returns passwords encrypted, with awsKmsKeyId",
            },
        },
        [AnalyticsTypes.catalogEncryption],
        (props, _args, flag) => {
            const settings = props.dataCatalogEncryptionSettings ?? {};
            const atRest = settings.encryptionAtRest ?? {};
            if (atRest.catalogEncryptionMode !== "SSE-KMS" || !isSet(atRest, "sseAwsKmsKeyId")) {
                flag(
                    "at-rest",
                    `catalog metadata encryption is ${atRest.catalogEncryptionMode ?? "unset"}${isSet(atRest, "sseAwsKmsKeyId") ? "" : " without a key"}: set SSE-KMS with sseAwsKmsKeyId`,
                );
            }
            const passwords = settings.connectionPasswordEncryption ?? {};
            if (passwords.returnConnectionPasswordEncrypted !== true || !isSet(passwords, "awsKmsKeyId")) {
                flag("connection-passwords", "connection passwords are not encrypted with a key: set returnConnectionPasswordEncrypted true and awsKmsKeyId");
            }
        },
    );
}

/** Every analytics rule, in the order they are reported. */
export const analyticsPolicies: ResourceValidationPolicy[] = [
    glueSecurityConfigurationEncrypted(),
    glueJobSecurityConfiguration(),
    glueCrawlerSecurityConfiguration(),
    athenaWorkgroupEnforced(),
    glueCatalogEncryption(),
];
