/**
 * EMR's documents: the role its Spark jobs run as (serverless job runtime role, or the cluster's
 * EC2 instance profile), the cluster's service role additions and the EMR key's policy. The job
 * role is scoped to the zones: read raw, write the curated views' prefixes, read its code in the
 * artifacts bucket, read the zones' Glue tables (and create `default`, as the Glue jobs may). Pure.
 */
import type { AccountScope } from "../../lib/account-scope";
import {
    CATALOG_READ,
    KEY_READ_WRITE,
    PolicyDocument,
    Statement,
    catalogArns,
    catalogKeyUse,
    doc,
    keyAdministration,
    objectsArn,
    useKeys,
} from "../../lib/iam";
import { createDefaultDatabase, listablePrefixes } from "../etl/policies";

export interface EmrZone {
    bucketArn: string;
    keyArn: string;
    database: string;
}

export interface EmrJobAccess {
    scope: AccountScope;
    raw: EmrZone;
    curated: EmrZone;
    /** Curated prefixes the job writes (`<view>/`). */
    curatedPrefixes: string[];
    artifactsBucketArn: string;
    /** Artifacts prefixes the job reads (entry script, package). */
    codePrefixes: string[];
    /** Key of the artifacts bucket. */
    analyticsKeyArn: string;
    /** Extra statements of the mode (log group, log bucket, local-disk key). */
    extra?: Statement[];
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`). Default none. */
    catalogKeyArns?: string[];
}

/** What a Spark job on EMR may do: the raw -> curated views and nothing else. */
export function emrJobPolicy(a: EmrJobAccess): PolicyDocument {
    const curatedObjects = a.curatedPrefixes.map((p) => objectsArn(a.curated.bucketArn, p));
    return doc(
        { Sid: "ReadRaw", Effect: "Allow", Action: "s3:GetObject", Resource: objectsArn(a.raw.bucketArn) },
        { Sid: "ListRaw", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: a.raw.bucketArn },
        { Sid: "WriteCuratedViews", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: curatedObjects },
        {
            Sid: "ListCuratedViews",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: a.curated.bucketArn,
            Condition: { StringLike: { "s3:prefix": a.curatedPrefixes.flatMap(listablePrefixes) } },
        },
        useKeys("DecryptRaw", [a.raw.keyArn]),
        useKeys("UseCuratedKey", [a.curated.keyArn], KEY_READ_WRITE),
        { Sid: "ReadCode", Effect: "Allow", Action: "s3:GetObject", Resource: a.codePrefixes.map((p) => objectsArn(a.artifactsBucketArn, p)) },
        useKeys("DecryptCode", [a.analyticsKeyArn]),
        { Sid: "ReadCatalog", Effect: "Allow", Action: CATALOG_READ, Resource: catalogArns(a.scope, [a.raw.database, a.curated.database, "default"]) },
        ...catalogKeyUse(a.catalogKeyArns ?? []),
        // Both modes run Spark with the Glue Data Catalog as its metastore (settings.ts).
        createDefaultDatabase(a.scope),
        ...(a.extra ?? []),
    );
}

/** Writes to one log group (EMR Serverless job logs), and the logs key it is encrypted with. */
export function logGroupWrite(logGroupArn: string, logsKeyArn: string): Statement[] {
    return [
        {
            Sid: "WriteJobLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        // DescribeLogGroups lists groups: it authorizes only on "*" (scoped, it is never granted).
        { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        useKeys("UseLogsKey", [logsKeyArn], ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]),
    ];
}

/** Cluster logs (EMR log pushes) under one prefix of the logs bucket. */
export function logBucketWrite(bucketArn: string, prefix: string): Statement {
    return { Sid: "WriteClusterLogs", Effect: "Allow", Action: "s3:PutObject", Resource: objectsArn(bucketArn, prefix) };
}

/**
 * The service role's additions to AmazonEMRServicePolicy_v2: pass the instance profile role to
 * EC2, and the EMR key for the nodes' KMS-encrypted EBS and local disks, as EMR documents for
 * its service role (ManagementGuide/emr-encryption-enable.html, "Enabling EBS encryption"): the
 * key's use without condition (EBS and EC2 call GenerateDataKeyWithoutPlaintext, Decrypt,
 * ReEncrypt* and DescribeKey on the role's behalf; `kms:GrantIsForAWSResource` is only in grant
 * requests, so gating these on it denies them all), and grants only for AWS resources.
 * `ReEncrypt*` and `GenerateDataKey*` are spelled out: ReEncryptFrom/To and the two data-key
 * calls a symmetric volume key serves.
 */
export function emrServiceRolePolicy(instanceRoleArn: string, emrKeyArn: string): PolicyDocument {
    return doc(
        {
            Sid: "PassInstanceRole",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: instanceRoleArn,
            Condition: { StringLike: { "iam:PassedToService": "ec2.amazonaws.com*" } },
        },
        {
            Sid: "UseEmrKeyForVolumes",
            Effect: "Allow",
            Action: [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncryptFrom",
                "kms:ReEncryptTo",
                "kms:GenerateDataKey",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:DescribeKey",
            ],
            Resource: emrKeyArn,
        },
        {
            Sid: "EmrKeyGrantsForAwsResources",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: emrKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
    );
}

/** The EMR key: the account administers it, so the roles and EBS (through grants) use it by IAM policy. */
export function emrKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(keyAdministration(s.partition, s.accountId));
}
