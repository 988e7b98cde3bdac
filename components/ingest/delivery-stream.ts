/**
 * One configured stream: a Kinesis Data Firehose delivery stream into the drop zone, fed by Direct
 * PUT or by its own Kinesis Data Stream.
 *
 * Encryption: delivered objects are SSE-KMS with the drop zone key (the bucket policy denies any
 * other key). A Direct PUT stream also encrypts its buffer at rest with that key
 * (CUSTOMER_MANAGED_CMK): the records are the same data that lands under it, so one key governs
 * them and revoking it stops both. A Kinesis-fed stream cannot use Firehose SSE (Firehose reads
 * the already-encrypted source); the Kinesis stream gets a CMK of its own rather than the drop
 * key, because its producers need kms:GenerateDataKey on it and that right should not extend to
 * the zone's objects.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { StreamConfig } from "../../lib/config";
import { deliveryRolePolicy, streamKeyPolicy } from "./policies";
import { serviceAssumeRolePolicy } from "../../lib/iam";
import { DELIVERY_LOG_STREAM, deliveryLogGroupName, deliveryStreamName, kinesisStreamName, streamBasePrefix, streamErrorBasePrefix, streamErrorPrefix, streamFileExtension, streamPrefix } from "./stream-layout";

export interface DeliveryStreamArgs {
    /** The stream's validated config: name, source, shards, retention, buffering, compression (defaults applied by lib/config). */
    stream: StreamConfig;
    /** ARN of the drop zone bucket the stream delivers into. Required. */
    bucketArn: pulumi.Input<string>;
    /** ARN of the drop zone CMK: SSE-KMS of delivered objects and, for Direct PUT, Firehose's buffer. Required. */
    keyArn: pulumi.Input<string>;
    /** Retention (days) of the delivery error log group. Required (lib/config `logRetentionDays`). */
    logRetentionDays: number;
    /** Keep the Kinesis stream and its key on stack removal (prod). Default false. */
    retainData?: boolean;
}

export class DeliveryStream extends pulumi.ComponentResource {
    /** Delivery stream name (what producers and the ingest function put records into). */
    public readonly deliveryStreamName: pulumi.Output<string>;
    public readonly deliveryStreamArn: pulumi.Output<string>;
    /** The Kinesis source, when `source` is `kinesis`. */
    public readonly kinesisStreamName?: pulumi.Output<string>;
    public readonly kinesisStreamArn?: pulumi.Output<string>;
    public readonly kinesisKeyArn?: pulumi.Output<string>;
    /** Firehose's delivery role. */
    public readonly roleArn: pulumi.Output<string>;
    /** Log group of delivery errors. */
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: DeliveryStreamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:ingest:DeliveryStream", name, {}, opts);
        const { stream } = args;
        const child = { parent: this };
        const [project, stack] = [pulumi.getProject(), pulumi.getStack()];

        const account = aws.getCallerIdentityOutput({}, child);
        const partition = aws.getPartitionOutput({}, child);
        const region = aws.getRegionOutput({}, child);

        let source: { stream: aws.kinesis.Stream; key: aws.kms.Key } | undefined;
        if (stream.source === "kinesis") {
            const retain = args.retainData ?? false;
            const retained = { ...child, protect: retain, retainOnDelete: retain };
            const key = new aws.kms.Key(
                `${name}-source-key`,
                {
                    description: `Kinesis stream ${stream.name} (SSE)`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: pulumi
                        .all([partition.partition, account.accountId])
                        .apply(([p, a]) => JSON.stringify(streamKeyPolicy(p, a))),
                },
                retained,
            );
            const provisioned = stream.shards !== undefined;
            const kinesis = new aws.kinesis.Stream(
                `${name}-source`,
                {
                    name: kinesisStreamName(project, stack, stream.name),
                    streamModeDetails: { streamMode: provisioned ? "PROVISIONED" : "ON_DEMAND" },
                    shardCount: stream.shards,
                    retentionPeriod: stream.retentionHours,
                    encryptionType: "KMS",
                    kmsKeyId: key.arn,
                },
                retained,
            );
            source = { stream: kinesis, key };
        }

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-log`,
            {
                name: deliveryLogGroupName(project, stack, stream.name),
                retentionInDays: args.logRetentionDays,
            },
            child,
        );
        const logStream = new aws.cloudwatch.LogStream(
            `${name}-log-delivery`,
            { logGroupName: logGroup.name, name: DELIVERY_LOG_STREAM },
            child,
        );

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Firehose delivery of stream ${stream.name} into the drop zone`,
                assumeRolePolicy: account.accountId.apply((a) =>
                    JSON.stringify(serviceAssumeRolePolicy("firehose.amazonaws.com", a)),
                ),
            },
            child,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: role.id,
                policy: pulumi
                    .all([
                        region.region,
                        args.bucketArn,
                        args.keyArn,
                        logGroup.arn,
                        logStream.name,
                        source?.stream.arn,
                        source?.key.arn,
                    ])
                    .apply(([r, bucketArn, keyArn, groupArn, streamName, sourceArn, sourceKeyArn]) =>
                        JSON.stringify(
                            deliveryRolePolicy({
                                region: r,
                                bucketArn,
                                keyArn,
                                prefixes: [streamBasePrefix(stream.name), streamErrorBasePrefix(stream.name)],
                                logStreamArn: `${groupArn}:log-stream:${streamName}`,
                                source: sourceArn && sourceKeyArn ? { streamArn: sourceArn, keyArn: sourceKeyArn } : undefined,
                            }),
                        ),
                    ),
            },
            child,
        );

        const firehose = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-firehose`,
            {
                name: deliveryStreamName(project, stack, stream.name),
                destination: "extended_s3",
                kinesisSourceConfiguration: source && {
                    kinesisStreamArn: source.stream.arn,
                    roleArn: role.arn,
                },
                serverSideEncryption: source
                    ? undefined
                    : { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.keyArn },
                extendedS3Configuration: {
                    bucketArn: args.bucketArn,
                    roleArn: role.arn,
                    prefix: streamPrefix(stream.name),
                    errorOutputPrefix: streamErrorPrefix(stream.name),
                    fileExtension: streamFileExtension(stream.compression),
                    compressionFormat: stream.compression,
                    bufferingSize: stream.bufferSizeMb,
                    bufferingInterval: stream.bufferIntervalSeconds,
                    kmsKeyArn: args.keyArn,
                    cloudwatchLoggingOptions: {
                        enabled: true,
                        logGroupName: logGroup.name,
                        logStreamName: logStream.name,
                    },
                },
            },
            // The role must be able to write before Firehose checks the destination.
            { parent: this, dependsOn: [policy] },
        );

        this.deliveryStreamName = firehose.name;
        this.deliveryStreamArn = firehose.arn;
        this.kinesisStreamName = source?.stream.name;
        this.kinesisStreamArn = source?.stream.arn;
        this.kinesisKeyArn = source?.key.arn;
        this.roleArn = role.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({
            deliveryStreamName: this.deliveryStreamName,
            deliveryStreamArn: this.deliveryStreamArn,
            kinesisStreamName: this.kinesisStreamName,
            kinesisStreamArn: this.kinesisStreamArn,
            roleArn: this.roleArn,
        });
    }
}
