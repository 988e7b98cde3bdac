/**
 * What both EMR modes share: the zones and artifacts they are given, the entry script upload,
 * the EMR key, and the job role's policy built from them.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope, Statement } from "../../lib/iam";
import { customerKey } from "../security";
import { CURATED_VIEW_NAMES, tablePrefix } from "../etl/job-settings";
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
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** Log retention (days, a CloudWatch value). Required. */
    logRetentionDays: number;
    /** prod: the EMR key is protected and retained. Required. */
    retainData: boolean;
}

export function accountScope(a: EmrCommonArgs): pulumi.Output<AccountScope> {
    return pulumi.all([a.partition, a.region, a.accountId]).apply(([partition, region, accountId]) => ({ partition, region, accountId }));
}

/** The EMR key (`<prefix>-cmk-key`), usable by CloudWatch Logs for `logGroupName` when there is one. */
export function emrKey(prefix: string, a: EmrCommonArgs, logGroupName: string | undefined, parent: pulumi.Resource): aws.kms.Key {
    return customerKey(
        `${prefix}-cmk`,
        { description: "Data lake EMR: local disks, logs, EMRFS default", alias: "emr", policy: accountScope(a).apply((s) => emrKeyPolicy(s, logGroupName)), retainData: a.retainData },
        parent,
    );
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
    return pulumi
        .all([accountScope(a), a.raw, a.curated, a.artifacts.bucketArn, a.artifacts.keyArn, extra])
        .apply(([scope, raw, curated, artifactsBucketArn, analyticsKeyArn, statements]) =>
            JSON.stringify(
                emrJobPolicy({
                    scope,
                    raw,
                    curated,
                    curatedPrefixes: CURATED_VIEW_NAMES.map(tablePrefix),
                    artifactsBucketArn,
                    codePrefixes: [EMR_PREFIX, a.artifacts.packagePrefix],
                    analyticsKeyArn,
                    extra: statements,
                }),
            ),
        );
}
