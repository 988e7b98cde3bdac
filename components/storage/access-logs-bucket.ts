/**
 * The shared S3 server access logs bucket every zone bucket logs into. S3 delivers access logs
 * only to buckets encrypted with SSE-S3 (AES256), not SSE-KMS, so this bucket is the one
 * exception to the lake's CMK-per-bucket rule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allOf, jsonOf } from "../../lib/outputs";
import { accessLogsBucketPolicy } from "./policies";
import { privateBucket } from "./private-bucket";
import { ownedBy } from "../../lib/ownership";
import { accessLogsBucketWithDefaults, type AccessLogsBucketArgs } from "./args";

export class AccessLogsBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    /** The bucket from its args; fields left out take the defaults in args.ts. */
    constructor(name: string, args: AccessLogsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:storage:AccessLogsBucket", name, {}, ownedBy("storage", opts));
        const { context, expireDays } = accessLogsBucketWithDefaults(args);
        const { bucket, policy } = privateBucket(
            name,
            {
                retainData: context.retainData,
                policy: (bucketArn) => jsonOf({ bucketArn, accountId: pulumi.output(context.scope).accountId }, accessLogsBucketPolicy),
                lifecycleRules: [
                    { id: "expire-logs", status: "Enabled", filter: {}, expiration: { days: expireDays } },
                    { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 7 } },
                    { id: "incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                ],
            },
            this,
        );
        this.bucket = bucket;
        // The name, known once the policy is in place too: S3 delivers access logs only once it
        // grants logging.s3.amazonaws.com, so every bucket that logs here is configured after it
        // (and still depends on this bucket, which a preview's policy checks resolve it by).
        this.bucketName = allOf({ name: bucket.bucket, policy: policy.id }).apply(({ name }) => name);
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
