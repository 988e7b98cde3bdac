/**
 * Action lists the IAM document tests expect, written out once here rather than imported from
 * lib/iam, so a change to the source lists still fails those tests.
 */
export const CATALOG_READ_ACTIONS = [
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:GetUserDefinedFunctions",
];
export const CATALOG_WRITE_ACTIONS = [
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
];
/** Key actions the data steward is denied (they would lock the account out of a key). */
export const LOCK_OUT_KEY_ACTIONS = [
    "kms:PutKeyPolicy",
    "kms:DisableKey",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKeyRotation",
    "kms:CreateGrant",
    "kms:RevokeGrant",
];
/** Bucket-level actions the data steward is denied (they would lock the account out of a bucket, expose or destroy it). */
export const LOCK_OUT_BUCKET_ACTIONS = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:DeleteBucket",
    "s3:PutBucketOwnershipControls",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketAcl",
];
