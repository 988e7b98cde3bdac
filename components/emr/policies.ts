/**
 * EMR's documents: the role its Spark jobs run as (serverless job runtime role, or the cluster's
 * EC2 instance profile), the cluster's service role additions and the EMR key's policy. The job
 * role is scoped to the zones: read raw, write the curated views' prefixes, read its code in the
 * artifacts bucket, read the zones' Glue tables. Pure.
 */
import { AccountScope, CATALOG_READ, KEY_READ_WRITE, PolicyDocument, Statement, catalogArns, doc, keyAdministration, objectsArn, serviceAssumeRolePolicy, useKeys } from "../../lib/iam";
import { listablePrefixes } from "../etl/policies";

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
        ...(a.extra ?? []),
    );
}

/** Writes to one log group (EMR Serverless job logs), encrypted with `keyArn`. */
export function logGroupWrite(logGroupArn: string): Statement {
    return {
        Sid: "WriteJobLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    };
}

/** Cluster logs (EMR log pushes) under one prefix of the logs bucket. */
export function logBucketWrite(bucketArn: string, prefix: string): Statement {
    return { Sid: "WriteClusterLogs", Effect: "Allow", Action: "s3:PutObject", Resource: objectsArn(bucketArn, prefix) };
}

/** Trust policy of the serverless job runtime role. */
export function emrServerlessAssumeRolePolicy(accountId: string): PolicyDocument {
    return serviceAssumeRolePolicy("emr-serverless.amazonaws.com", accountId);
}

/** Trust policy of the cluster's service role. */
export function emrServiceAssumeRolePolicy(accountId: string): PolicyDocument {
    return serviceAssumeRolePolicy("elasticmapreduce.amazonaws.com", accountId);
}

/** Trust policy of the cluster nodes' instance profile role (EC2 passes no source account). */
export function ec2AssumeRolePolicy(): PolicyDocument {
    return doc({ Sid: "Ec2AssumeRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
}

/**
 * The service role's additions to AmazonEMRServicePolicy_v2: pass the instance profile role to
 * EC2, and let EBS use the EMR key for the nodes' encrypted volumes (grants for AWS resources only).
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
            Sid: "EbsVolumeKeyGrants",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"],
            Resource: emrKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
    );
}

/** The EMR key: the account administers it; CloudWatch Logs may use it for the EMR Serverless log group only (if any). */
export function emrKeyPolicy(s: AccountScope, logGroupName?: string): PolicyDocument {
    if (!logGroupName) return doc(keyAdministration(s.partition, s.accountId));
    return doc(keyAdministration(s.partition, s.accountId), {
        Sid: "AllowEmrLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${s.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${logGroupName}` } },
    });
}
