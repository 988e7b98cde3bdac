/** Glue rules: security configurations that encrypt, named by every job and crawler; the Data Catalog encrypted. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule } from "../define";
import { AnalyticsTypes, isSet } from "../resources";

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
