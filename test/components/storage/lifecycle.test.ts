/**
 * Zone lifecycle rules: whole rules pinned, and the landing zone's rule set accepted by S3's
 * lifecycle API (moto) with the tag filters the processors' tags match.
 */
import { expect } from "chai";
import {
    CreateBucketCommand,
    GetBucketLifecycleConfigurationCommand,
    LifecycleRule as S3Rule,
    PutBucketLifecycleConfigurationCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { LifecycleRule, bucketLifecycleRules, lifecycleRules } from "../../../components/storage";
import { PROCESSED_TAG } from "../../../lib/contract";
import { useMoto } from "../../../harness/moto";

const base = { quarantineRetentionDays: 365, noncurrentExpireDays: 30, abortMultipartDays: 7, archiveStorageClass: "GLACIER_IR" as const };
const tail = (l: { quarantineRetentionDays: number; noncurrentExpireDays: number; abortMultipartDays: number }): LifecycleRule[] => [
    { id: "quarantine-retention", status: "Enabled", filter: { prefix: "quarantine/" }, expiration: { days: l.quarantineRetentionDays } },
    { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: l.noncurrentExpireDays } },
    { id: "incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortMultipartDays } },
];
const expire = (outcome: string, days: number): LifecycleRule => ({
    id: `expire-${outcome}`,
    status: "Enabled",
    filter: { tag: { key: "datalake:processed", value: outcome } },
    expiration: { days },
});

describe("storage lifecycle", () => {
    it("a landing zone expires only the objects that were consumed (promoted or quarantined), never the whole bucket", () => {
        expect(lifecycleRules({ ...base, expireDays: 14 })).to.deep.equal([expire("promoted", 14), expire("quarantined", 14), ...tail(base)]);
    });

    it("never expires an object left for its Glue job: no rule matches left-for-batch (the job retags what it read promoted)", () => {
        const matching = lifecycleRules({ ...base, expireDays: 14 }).filter(
            (r) => r.expiration && (r.filter.tag?.value === PROCESSED_TAG.leftForBatch || (!r.filter.tag && !r.filter.prefix)),
        );
        expect(matching).to.deep.equal([]);
    });

    it("a raw zone tiers to STANDARD_IA then its archive class and expires nothing but quarantine copies", () => {
        expect(lifecycleRules({ ...base, infrequentAccessDays: 30, glacierDays: 180 })).to.deep.equal([
            {
                id: "current-versions",
                status: "Enabled",
                filter: {},
                transitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 180, storageClass: "GLACIER_IR" },
                ],
            },
            ...tail(base),
        ]);
        expect(lifecycleRules({ ...base, glacierDays: 90 })[0].transitions).to.deep.equal([{ days: 90, storageClass: "GLACIER_IR" }]);
        // GLACIER or DEEP_ARCHIVE only when configured (lib/config refuses them for the raw zone).
        expect(lifecycleRules({ ...base, glacierDays: 365, archiveStorageClass: "DEEP_ARCHIVE" })[0].transitions).to.deep.equal([
            { days: 365, storageClass: "DEEP_ARCHIVE" },
        ]);
    });

    it("quarantine copies keep their own retention; noncurrent versions and multipart uploads are always cleaned up", () => {
        const l = { quarantineRetentionDays: 730, noncurrentExpireDays: 90, abortMultipartDays: 3, archiveStorageClass: "GLACIER_IR" as const };
        expect(lifecycleRules(l)).to.deep.equal(tail(l));
    });

    it("a bucket that is not a zone (Athena results, ETL artifacts) expires every current object", () => {
        expect(bucketLifecycleRules({ expireDays: 30, noncurrentExpireDays: 7, abortMultipartDays: 1 })).to.deep.equal([
            { id: "current-versions", status: "Enabled", filter: {}, expiration: { days: 30 } },
            ...tail({ quarantineRetentionDays: 0, noncurrentExpireDays: 7, abortMultipartDays: 1 }).slice(1),
        ]);
        expect(bucketLifecycleRules({ noncurrentExpireDays: 7, abortMultipartDays: 1 }).map((r) => r.id)).to.deep.equal([
            "noncurrent-versions",
            "incomplete-multipart-uploads",
        ]);
    });

    describe("against S3's lifecycle API (moto)", () => {
        const moto = useMoto();
        /** The Pulumi-shaped rules as the S3 API takes them. */
        const toS3 = (r: LifecycleRule): S3Rule => ({
            ID: r.id,
            Status: r.status,
            Filter: r.filter.tag ? { Tag: { Key: r.filter.tag.key, Value: r.filter.tag.value } } : { Prefix: r.filter.prefix ?? "" },
            ...(r.expiration ? { Expiration: { Days: r.expiration.days } } : {}),
            ...(r.transitions ? { Transitions: r.transitions.map((t) => ({ Days: t.days, StorageClass: t.storageClass })) } : {}),
            ...(r.noncurrentVersionExpiration ? { NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentVersionExpiration.noncurrentDays } } : {}),
            ...(r.abortIncompleteMultipartUpload
                ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortIncompleteMultipartUpload.daysAfterInitiation } }
                : {}),
        });

        it("accepts the landing and raw zones' rules, tag filters on the processors' tag included", async () => {
            const s3 = new S3Client(moto().clientConfig);
            for (const [bucket, l] of [
                ["lc-drop", { ...base, expireDays: 14 }],
                ["lc-raw", { ...base, infrequentAccessDays: 30, glacierDays: 90 }],
            ] as const) {
                await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
                const rules = lifecycleRules(l);
                await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules.map(toS3) } }));
                const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
                expect(got.Rules!.map((r) => r.ID)).to.deep.equal(rules.map((r) => r.id));
                if (bucket === "lc-drop") {
                    const tags = got.Rules!.filter((r) => r.Filter?.Tag).map((r) => [r.Filter!.Tag!.Key, r.Filter!.Tag!.Value, r.Expiration?.Days]);
                    expect(tags).to.deep.equal([PROCESSED_TAG.promoted, PROCESSED_TAG.quarantined].map((v) => [PROCESSED_TAG.key, v, 14]));
                }
            }
        });
    });
});
