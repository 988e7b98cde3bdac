/**
 * A private S3 bucket with the settings every bucket of the lake has: owner-enforced object
 * ownership, all four public access blocks, versioning, default encryption, a bucket policy,
 * lifecycle rules and (optionally) server access logging. Shared by Zone, AccessLogsBucket and
 * AnalyticsBucket. A function rather than a component so that the resources keep their names
 * (`<name>-bucket`, `<name>-ownership`, ...) and parent: a new component would change their URNs
 * and make `pulumi up` replace existing buckets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketArgs {
    /**
     * prod: the bucket is protected and retained when the stack is removed; dev: it is
     * force-destroyable. Required.
     */
    retainData: boolean;
    /**
     * Default encryption: SSE-KMS with this key and S3 bucket keys. Default: SSE-S3 (AES256), the
     * only default encryption S3 delivers server access logs to.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** The bucket policy (JSON), given the bucket's ARN; it must deny requests without TLS. Required. */
    policy: (bucketArn: pulumi.Output<string>) => pulumi.Input<string>;
    /** Lifecycle rules. Required. */
    lifecycleRules: aws.s3.BucketLifecycleConfigurationArgs["rules"];
    /** Server access logs go to `bucket` under `prefix`. Default: not logged. */
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
}

/** A private bucket and its policy (what a log-delivering service needs before it writes). */
export interface PrivateBucket {
    bucket: aws.s3.Bucket;
    policy: aws.s3.BucketPolicy;
}

/** Creates the bucket `<name>-bucket` and its settings as children of `parent`. */
export function privateBucket(name: string, args: PrivateBucketArgs, parent: pulumi.Resource): PrivateBucket {
    const child = { parent };
    const { retainData } = args;
    const created = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !retainData }, { ...child, protect: retainData, retainOnDelete: retainData });
    const bucket = created.bucket;

    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        child,
    );
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, child);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-sse`,
        {
            bucket,
            rules: [
                args.kmsKeyArn
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
        },
        child,
    );
    const policy = new aws.s3.BucketPolicy(`${name}-policy`, { bucket, policy: args.policy(created.arn) }, { ...child, dependsOn: [ownership, publicAccess] });
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, rules: args.lifecycleRules }, child);
    if (args.accessLogs) {
        new aws.s3.BucketLogging(`${name}-logging`, { bucket, targetBucket: args.accessLogs.bucket, targetPrefix: args.accessLogs.prefix }, child);
    }
    return { bucket: created, policy };
}
