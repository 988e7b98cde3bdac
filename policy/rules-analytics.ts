/**
 * The lake's rules for its catalog, query and ETL resources (Glue, Athena), as @pulumi/policy
 * resource policies. Pure, like rules.ts: no PolicyPack is built here; the pack's entry lists
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
} as const;

/** Athena's smallest per-query scan limit (10 MB); a workgroup without one scans without bound. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

/** Security configurations encrypt S3 (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS), each with a key. */
export function glueSecurityConfigurationEncrypted(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "glue-security-configuration-kms",
            description: "Glue security configurations use KMS keys for S3 (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS).",
        },
        [AnalyticsTypes.glueSecurityConfiguration],
        (props, _args, report) => {
            const e = props.encryptionConfiguration ?? {};
            const parts: [string, Props | undefined, string, string][] = [
                ["s3Encryption", e.s3Encryption, "s3EncryptionMode", "SSE-KMS"],
                ["cloudwatchEncryption", e.cloudwatchEncryption, "cloudwatchEncryptionMode", "SSE-KMS"],
                ["jobBookmarksEncryption", e.jobBookmarksEncryption, "jobBookmarksEncryptionMode", "CSE-KMS"],
            ];
            for (const [block, value, modeKey, mode] of parts) {
                // A key ARN still unknown in preview is set from a key the program creates.
                const keyed = isSet(value, "kmsKeyArn");
                if (value?.[modeKey] !== mode || !keyed) {
                    report(
                        `${block} is ${value?.[modeKey] ?? "not set"}${keyed ? "" : " without a key"}: ` +
                            `set ${block}.${modeKey} "${mode}" with kmsKeyArn = a customer managed key`,
                    );
                }
            }
        },
    );
}

function requiresSecurityConfiguration(name: string, type: string, what: string): ResourceValidationPolicy {
    return resourceRule(
        { name, description: `Glue ${what} run with a security configuration (encrypted logs, bookmarks and S3 output).` },
        [type],
        (props, _args, report) => {
            if (typeof props.securityConfiguration !== "string" || props.securityConfiguration === "") {
                report(`Glue ${what.replace(/s$/, "")} has no securityConfiguration: its logs${what === "jobs" ? ", bookmarks and S3 output" : ""} would not be encrypted with a CMK`);
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
                "Athena workgroups enforce their configuration, encrypt query results with KMS (SSE_KMS or CSE_KMS and a key) and set a bytes-scanned limit per query.",
        },
        [AnalyticsTypes.athenaWorkgroup],
        (props, _args, report) => {
            const c = props.configuration ?? {};
            if (c.enforceWorkgroupConfiguration !== true) {
                report("workgroup settings are not enforced: set configuration.enforceWorkgroupConfiguration true, or clients may override encryption and output location");
            }
            const enc = c.resultConfiguration?.encryptionConfiguration;
            const keyed = isSet(enc, "kmsKeyArn");
            if (!["SSE_KMS", "CSE_KMS"].includes(enc?.encryptionOption) || !keyed) {
                report(
                    `query results are encrypted with ${enc?.encryptionOption ?? "nothing"}${keyed ? "" : " and no key"}: ` +
                        `set resultConfiguration.encryptionConfiguration {encryptionOption: "SSE_KMS", kmsKeyArn}`,
                );
            }
            const cutoff = Number(c.bytesScannedCutoffPerQuery);
            if (!(cutoff >= MIN_BYTES_SCANNED_CUTOFF)) {
                report(`no per-query scan limit (bytesScannedCutoffPerQuery ${c.bytesScannedCutoffPerQuery ?? "unset"}): set it, at least ${MIN_BYTES_SCANNED_CUTOFF} bytes`);
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
];
