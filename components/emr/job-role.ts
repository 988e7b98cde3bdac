/**
 * What both EMR modes share: the zones and artifacts they are given, the entry script upload,
 * the EMR key, and the job role's policy built from them.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonOf } from "../../lib/outputs";
import { CURATED_VIEWS } from "../../lib/contract";
import { Statement } from "../../lib/iam";
import { lakeKey, sharedKeyAlias } from "../keys";
import { tablePrefix } from "../etl/job-settings";
import { emrJobPolicy, emrKeyPolicy } from "./policies";
import { EMR_PREFIX, EMR_SCRIPT, emrScriptKey } from "./settings";
import type { ResolvedEmrCommonArgs } from "./args";

/** The views EMR writes (the curated tables raw_to_curated builds). */
export const EMR_VIEWS: string[] = Object.values(CURATED_VIEWS);

/** The EMR key (`<prefix>-cmk-key`, alias `...-emr`): EMRFS default, local disks and EBS, cluster logs. */
export function emrKey(prefix: string, a: ResolvedEmrCommonArgs, parent: pulumi.Resource): aws.kms.Key {
    const key = lakeKey(
        `${prefix}-cmk-key`,
        {
            description: "Data lake EMR: EMRFS default, local disks and EBS, cluster logs",
            policy: pulumi.output(a.context.scope).apply((s) => JSON.stringify(emrKeyPolicy(s))),
            retainData: a.context.retainData,
        },
        parent,
    );
    sharedKeyAlias(`${prefix}-cmk-alias`, "emr", key, parent);
    return key;
}

/** Uploads etl/jobs/emr_raw_to_curated.py under `emr/` of the artifacts bucket; returns its S3 URI. */
export function uploadEntryScript(prefix: string, a: ResolvedEmrCommonArgs, parent: pulumi.Resource): pulumi.Output<string> {
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
export function jobRolePolicy(a: ResolvedEmrCommonArgs, extra: pulumi.Input<Statement[]>): pulumi.Output<string> {
    return jsonOf(
        {
            scope: a.context.scope,
            raw: pulumi.output(a.raw),
            curated: pulumi.output(a.curated),
            artifactsBucketArn: a.artifacts.bucketArn,
            analyticsKeyArn: a.artifacts.keyArn,
            extra,
            catalogKeyArns: pulumi.all(a.catalogKeyArns),
        },
        (resolved) => emrJobPolicy({ ...resolved, curatedPrefixes: EMR_VIEWS.map(tablePrefix), codePrefixes: [EMR_PREFIX, a.artifacts.packagePrefix] }),
    );
}
