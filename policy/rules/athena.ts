/** Athena rules: workgroups enforce encrypted results and a scan limit. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { AnalyticsTypes, isSet } from "../resources";

/** Athena's smallest per-query scan limit (10 MB); a workgroup without one scans without bound. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

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
