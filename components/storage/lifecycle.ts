/**
 * S3 lifecycle rules for a zone bucket from its validated config (lib/config.ts `Lifecycle`).
 * Pure; the shape is that of `aws.s3.BucketLifecycleConfiguration` rules.
 */
import type { Lifecycle } from "../../lib/config";

export interface LifecycleRule {
    id: string;
    status: "Enabled";
    /** Empty filter: the rule applies to every object in the bucket. */
    filter: Record<string, never>;
    expiration?: { days: number };
    transitions?: { days: number; storageClass: "STANDARD_IA" | "GLACIER" }[];
    noncurrentVersionExpiration?: { noncurrentDays: number };
    abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/** Tiering and expiry of current objects, expiry of noncurrent versions, multipart clean-up. */
export function lifecycleRules(l: Lifecycle): LifecycleRule[] {
    const transitions: NonNullable<LifecycleRule["transitions"]> = [];
    if (l.infrequentAccessDays) transitions.push({ days: l.infrequentAccessDays, storageClass: "STANDARD_IA" });
    if (l.glacierDays) transitions.push({ days: l.glacierDays, storageClass: "GLACIER" });
    const current: LifecycleRule = { id: "current-versions", status: "Enabled", filter: {} };
    if (l.expireDays) current.expiration = { days: l.expireDays };
    if (transitions.length) current.transitions = transitions;
    const rules: LifecycleRule[] = [];
    if (current.expiration || current.transitions) rules.push(current);
    rules.push(
        {
            id: "noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: l.noncurrentExpireDays },
        },
        {
            id: "incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortMultipartDays },
        },
    );
    return rules;
}
