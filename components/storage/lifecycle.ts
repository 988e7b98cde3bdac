/**
 * S3 lifecycle rules for a zone bucket from its lifecycle with defaults applied (args.ts `zoneLifecycle`).
 * Pure; the shape is that of `aws.s3.BucketLifecycleConfiguration` rules.
 *
 * A landing zone's expiry applies only to objects that were consumed: one rule per final outcome
 * a processor tags its source with (lib/contract EXPIRING_OUTCOMES). An untagged object, whose
 * message is still retried or sits in the DLQ, never expires before an operator has acted (see
 * `npm run redrive`), nor does one `left-for-batch` until its Glue job has read it and retagged it
 * `promoted`. Quarantine copies (written without tags) and their reports keep their own
 * retention (`quarantineRetentionDays`) in every zone.
 */
import { EXPIRING_OUTCOMES, PROCESSED_TAG, QUARANTINE_PREFIX } from "../../lib/contract";
import type { ArchiveStorageClass, ResolvedZoneLifecycle as Lifecycle } from "./args";

export interface LifecycleRule {
    id: string;
    status: "Enabled";
    /** Empty: every object in the bucket; otherwise the objects under `prefix` or carrying `tag`. */
    filter: { prefix?: string; tag?: { key: string; value: string } };
    expiration?: { days: number };
    transitions?: { days: number; storageClass: "STANDARD_IA" | ArchiveStorageClass }[];
    noncurrentVersionExpiration?: { noncurrentDays: number };
    abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/** What a bucket that is not a zone keeps: no quarantine, no archive tier. */
export type BucketLifecycle = Omit<Lifecycle, "quarantineRetentionDays" | "glacierDays" | "archiveStorageClass">;

function transitionsOf(l: BucketLifecycle & Partial<Pick<Lifecycle, "glacierDays" | "archiveStorageClass">>): NonNullable<LifecycleRule["transitions"]> {
    const transitions: NonNullable<LifecycleRule["transitions"]> = [];
    if (l.infrequentAccessDays) transitions.push({ days: l.infrequentAccessDays, storageClass: "STANDARD_IA" });
    if (l.glacierDays && l.archiveStorageClass) transitions.push({ days: l.glacierDays, storageClass: l.archiveStorageClass });
    return transitions;
}

function cleanUp(l: BucketLifecycle): LifecycleRule[] {
    return [
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
    ];
}

/** A bucket that is not a zone (Athena results, ETL artifacts): tiering and expiry of every current object. */
export function bucketLifecycleRules(l: BucketLifecycle): LifecycleRule[] {
    const current: LifecycleRule = { id: "current-versions", status: "Enabled", filter: {} };
    if (l.expireDays) current.expiration = { days: l.expireDays };
    const transitions = transitionsOf(l);
    if (transitions.length) current.transitions = transitions;
    return [...(current.expiration || current.transitions ? [current] : []), ...cleanUp(l)];
}

/** A zone: tiering of current objects, expiry of consumed ones, quarantine retention, noncurrent versions, multipart clean-up. */
export function lifecycleRules(l: Lifecycle): LifecycleRule[] {
    const rules: LifecycleRule[] = [];
    const transitions = transitionsOf(l);
    if (transitions.length) rules.push({ id: "current-versions", status: "Enabled", filter: {}, transitions });
    if (l.expireDays) {
        for (const outcome of EXPIRING_OUTCOMES) {
            rules.push({
                id: `expire-${outcome}`,
                status: "Enabled",
                filter: { tag: { key: PROCESSED_TAG.key, value: outcome } },
                expiration: { days: l.expireDays },
            });
        }
    }
    rules.push({ id: "quarantine-retention", status: "Enabled", filter: { prefix: QUARANTINE_PREFIX }, expiration: { days: l.quarantineRetentionDays } });
    return [...rules, ...cleanUp(l)];
}
