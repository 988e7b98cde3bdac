/**
 * IAM statement primitives several areas share: the document shape, key administration, object
 * ARNs, TLS-only denies, trust policies, account scopes and the Glue statements both the catalog's
 * crawlers and the ETL jobs are built from. Pure (no Pulumi invokes): components resolve their
 * inputs with `pulumi.all`, each area builds its own documents (components/<area>/policies.ts)
 * from these, and the unit tests assert on the documents directly.
 */

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
    Action: string | string[];
    /** Absent only in trust policies, where IAM rejects it. */
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** A policy document of `statements`. */
export function doc(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** `arn:<partition>:iam::<account>:root`: the account itself, for key administration. */
export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * Key-policy statement: the account administers the key, so IAM policies (roles in this
 * account) can grant its use.
 */
export function keyAdministration(partition: string, accountId: string): Statement {
    return {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
    };
}

/** Bucket ARN -> ARN pattern of every object in it (or of those under `prefix`). */
export function objectsArn(bucketArn: string, prefix = ""): string {
    return `${bucketArn}/${prefix}*`;
}

/** Denies every request to the bucket (and its objects) that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsArn(bucketArn)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Trust policy: only the Lambda service may assume the role. */
export function lambdaAssumeRolePolicy(): PolicyDocument {
    return doc({
        Sid: "LambdaAssumeRole",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
    });
}

/** Trust policy for a service role, limited to calls made on behalf of this account. */
export function serviceAssumeRolePolicy(service: string, accountId: string): PolicyDocument {
    return doc({
        Sid: "ServiceAssumeRole",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

/** Where the ARNs of one account and region start. */
export interface AccountScope {
    partition: string;
    region: string;
    accountId: string;
}

/** Glue writes crawler and job logs under this log-group prefix. */
export const GLUE_LOG_GROUP_PREFIX = "/aws-glue/";

/** `arn:...:log-group:/aws-glue/*`: every Glue log group of the account and region. */
export function glueLogGroupsArn(s: AccountScope): string {
    return `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${GLUE_LOG_GROUP_PREFIX}*`;
}

/** Catalog, database and table ARNs of `databases` (what a catalog action is checked against). */
export function catalogArns(s: AccountScope, databases: string[]): string[] {
    const base = `arn:${s.partition}:glue:${s.region}:${s.accountId}`;
    return [
        `${base}:catalog`,
        ...databases.flatMap((db) => [`${base}:database/${db}`, `${base}:table/${db}/*`, `${base}:userDefinedFunction/${db}/*`]),
    ];
}

/** Trust policy: only the Glue service may assume the role. */
export function glueAssumeRolePolicy(): PolicyDocument {
    return doc({ Sid: "GlueAssumeRole", Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" });
}

export const CATALOG_READ = [
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:GetUserDefinedFunctions",
];
export const CATALOG_WRITE = [
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
];
/** What a crawler needs beyond writing: removing tables and partitions (deleteBehavior). */
export const CATALOG_DELETE = ["glue:DeleteTable", "glue:DeletePartition", "glue:BatchDeletePartition"];

/** Glue's log groups, with the analytics key associated (security configuration). */
export function glueLogs(s: AccountScope): Statement {
    const groups = glueLogGroupsArn(s);
    return {
        Sid: "WriteGlueLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [groups, `${groups}:*`],
    };
}

export function useKeys(sid: string, keyArns: string[], actions = ["kms:Decrypt"]): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: [...new Set(keyArns)] };
}

export const KEY_READ_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];
