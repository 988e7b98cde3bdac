/**
 * The shared S3 server access logs bucket every zone bucket logs into. S3 delivers access logs
 * only to buckets encrypted with SSE-S3 (AES256), not SSE-KMS, so this bucket is the one
 * exception to the lake's CMK-per-bucket rule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { accessLogsBucketPolicy } from "./policies";
import { privateBucket } from "./private-bucket";
import { ownedBy } from "../../lib/ownership";

export interface AccessLogsBucketArgs {
    /** The account whose S3 logging service may write here (`aws:SourceAccount`). Required. */
    scope: pulumi.Input<AccountScope>;
    /**
     * prod: the bucket is protected and retained when the stack is removed; dev: it is
     * force-destroyable. Required.
     */
    retainData: boolean;
    /** Days after which log objects expire. Default: 365 when retainData, else 30. */
    expireDays?: number;
}

export class AccessLogsBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: AccessLogsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:storage:AccessLogsBucket", name, {}, ownedBy("storage", opts));
        const expireDays = args.expireDays ?? (args.retainData ? 365 : 30);
        this.bucket = privateBucket(
            name,
            {
                retainData: args.retainData,
                policy: (bucketArn) =>
                    pulumi
                        .all([bucketArn, args.scope])
                        .apply(([bucketArn, scope]) => JSON.stringify(accessLogsBucketPolicy({ bucketArn, accountId: scope.accountId }))),
                lifecycleRules: [
                    { id: "expire-logs", status: "Enabled", filter: {}, expiration: { days: expireDays } },
                    { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 7 } },
                    { id: "incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                ],
            },
            this,
        );
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
