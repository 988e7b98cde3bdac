/**
 * A private bucket the analytics parts own (Athena query results, ETL scripts and scratch space):
 * SSE-KMS with the analytics key and bucket keys, versioning, block public access, owner-enforced
 * object ownership, TLS-only policy, lifecycle, server access logs. Not a zone: no events, no
 * processor.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../../lib/renamed";
import { tlsOnlyBucketPolicy } from "./policies";
import { bucketLifecycleRules } from "./lifecycle";
import { privateBucket } from "./private-bucket";

export interface AnalyticsBucketArgs {
    /** KMS key ARN of the default encryption (the analytics key). Required. */
    keyArn: pulumi.Input<string>;
    /** prod: protected and retained on stack removal; dev: force-destroyable. Required. */
    retainData: boolean;
    /** Current objects expire after this many days. Default: never. */
    expireDays?: number;
    /** Noncurrent versions expire after this many days. Default 7. */
    noncurrentExpireDays?: number;
    /** Server access logs bucket; with it, access is logged under `s3/<logPrefix>/`. Default: no logging. */
    accessLogsBucket?: pulumi.Input<string>;
    /** Prefix name in the access logs bucket. Default: the component name. */
    logPrefix?: string;
}

export class AnalyticsBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: AnalyticsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:storage:AnalyticsBucket", name, {}, renamedFrom("datalake:storage:AnalyticsBucket", opts));
        this.bucket = privateBucket(
            name,
            {
                retainData: args.retainData,
                kmsKeyArn: args.keyArn,
                policy: (bucketArn) => bucketArn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))),
                lifecycleRules: bucketLifecycleRules({
                    expireDays: args.expireDays,
                    noncurrentExpireDays: args.noncurrentExpireDays ?? 7,
                    abortMultipartDays: 1,
                }),
                accessLogs: args.accessLogsBucket ? { bucket: args.accessLogsBucket, prefix: `s3/${args.logPrefix ?? name}/` } : undefined,
            },
            this,
        ).bucket;
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
