/**
 * What both EMR modes share: the zones and artifacts they are given, the entry script upload,
 * the EMR key, and the job role's policy built from them.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonOf } from "../../lib/outputs";
import type { AccountScope } from "../../lib/account-scope";
import { CURATED_VIEWS } from "../../lib/contract";
import { Statement } from "../../lib/iam";
import { lakeKey, sharedKeyAlias } from "../security";
import { tablePrefix } from "../etl/job-settings";
import { emrJobPolicy, emrKeyPolicy } from "./policies";
import { EMR_PREFIX, EMR_SCRIPT, emrScriptKey } from "./settings";

/** A zone as EMR sees it. */
export interface EmrZoneInput {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** Its Glue database. */
    database: pulumi.Input<string>;
}

/** The ETL artifacts bucket (the Etl component's): EMR's entry script goes next to Glue's. */
export interface EmrArtifacts {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** Its key (the analytics key). */
    keyArn: pulumi.Input<string>;
    /** S3 URI of the lakeetl zip the Glue jobs use. */
    packageUri: pulumi.Input<string>;
    /** Prefix of that zip in the bucket (the job role may read it). */
    packagePrefix: string;
}

export interface EmrCommonArgs {
    network: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string[]> };
    raw: EmrZoneInput;
    curated: EmrZoneInput;
    artifacts: EmrArtifacts;
    /** Account, partition and region (DataLake looks them up once). Required. */
    scope: pulumi.Input<AccountScope>;
    /** Log retention (days, a CloudWatch value). Required. */
    logRetentionDays: number;
    /** The logs CMK of the EMR Serverless log group. Required. */
    logsKeyArn: pulumi.Input<string>;
    /** prod: the EMR key is protected and retained. Required. */
    retainData: boolean;
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`): the jobs read the catalog with them. Default: none. */
    catalogKeyArns?: pulumi.Input<string>[];
}

/** The views EMR writes (the curated tables raw_to_curated builds). */
export const EMR_VIEWS: string[] = Object.values(CURATED_VIEWS);

/** The EMR key (`<prefix>-cmk-key`, alias `...-emr`): EMRFS default, local disks and EBS, cluster logs. */
export function emrKey(prefix: string, a: EmrCommonArgs, parent: pulumi.Resource): aws.kms.Key {
    const key = lakeKey(
        `${prefix}-cmk-key`,
        {
            description: "Data lake EMR: EMRFS default, local disks and EBS, cluster logs",
            policy: pulumi.output(a.scope).apply((s) => JSON.stringify(emrKeyPolicy(s))),
            retainData: a.retainData,
        },
        parent,
    );
    sharedKeyAlias(`${prefix}-cmk-alias`, "emr", key, parent);
    return key;
}

/** Uploads etl/jobs/emr_raw_to_curated.py under `emr/` of the artifacts bucket; returns its S3 URI. */
export function uploadEntryScript(prefix: string, a: EmrCommonArgs, parent: pulumi.Resource): pulumi.Output<string> {
    const object = new aws.s3.BucketObjectv2(
        `${prefix}-script`,
        {
            bucket: a.artifacts.bucketName,
            key: emrScriptKey(),
            source: new pulumi.asset.FileAsset(path.resolve(__dirname, "../../etl/jobs", EMR_SCRIPT)),
            serverSideEncryption: "aws:kms",
            kmsKeyId: a.artifacts.keyArn,
        },
        { parent },
    );
    return pulumi.interpolate`s3://${object.bucket}/${object.key}`;
}

/** The job role's policy: raw -> curated views, EMR's code, plus the mode's `extra` statements. */
export function jobRolePolicy(a: EmrCommonArgs, extra: pulumi.Input<Statement[]>): pulumi.Output<string> {
    return jsonOf(
        {
            scope: a.scope,
            raw: pulumi.output(a.raw),
            curated: pulumi.output(a.curated),
            artifactsBucketArn: a.artifacts.bucketArn,
            analyticsKeyArn: a.artifacts.keyArn,
            extra,
            catalogKeyArns: pulumi.all(a.catalogKeyArns ?? []),
        },
        (resolved) => emrJobPolicy({ ...resolved, curatedPrefixes: EMR_VIEWS.map(tablePrefix), codePrefixes: [EMR_PREFIX, a.artifacts.packagePrefix] }),
    );
}
