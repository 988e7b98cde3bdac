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
