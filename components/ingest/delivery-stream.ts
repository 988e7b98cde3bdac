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
import { withStreamDefaults, type Stream, type StreamProps } from "./defaults";
import { deliveryRolePolicy, streamKeyPolicy } from "./policies";
import { lakeContext, requireLogsKey, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import { roleWithPolicy } from "../../lib/service-role";
import { allOf, jsonOf } from "../../lib/outputs";
import { lakeKey } from "../keys";
import {
    DELIVERY_LOG_STREAM,
    deliveryLogGroupName,
    deliveryStreamName,
    kinesisStreamName,
    streamBasePrefix,
    streamErrorBasePrefix,
    streamErrorPrefix,
    streamFileExtension,
    streamPrefix,
} from "./stream-layout";
import { ownedBy } from "../../lib/ownership";

export interface DeliveryStreamArgs {
    /** The stream: name, source, shards, retention, buffering, compression (defaults: `withStreamDefaults`). Required. */
    stream: StreamProps;
    /** ARN of the drop zone bucket the stream delivers into. Required. */
    bucketArn: pulumi.Input<string>;
    /** ARN of the drop zone CMK: SSE-KMS of delivered objects and, for Direct PUT, Firehose's buffer. Required. */
    keyArn: pulumi.Input<string>;
    /**
     * Scope; `logsKeyArn` (required) and `logRetentionDays` for the delivery error log group;
     * `retainData` keeps the Kinesis stream and its key on stack removal.
     */
    context: LakeContext;
}

/** A Kinesis source: the stream and its own key. */
interface KinesisSource {
    stream: aws.kinesis.Stream;
    key: aws.kms.Key;
}

/** Where Firehose reports delivery errors. */
interface DeliveryLog {
    group: aws.cloudwatch.LogGroup;
    stream: aws.cloudwatch.LogStream;
}

/** What DeliveryStream's private methods build from: its name, its args and their defaults. */
interface DeliveryBuild {
    name: string;
    args: DeliveryStreamArgs;
    /** The stream with its defaults applied. */
    stream: Stream;
    context: ResolvedLakeContext;
    logsKeyArn: pulumi.Input<string>;
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
        super("datalake:ingest:DeliveryStream", name, {}, ownedBy("ingest", opts));
        // Locals, not fields: every field is an output to the package's schema analyzer (components/plugin.ts).
        const c: DeliveryBuild = {
            name,
            args,
            stream: withStreamDefaults(args.stream),
            context: lakeContext(args.context),
            logsKeyArn: requireLogsKey(args.context, `DeliveryStream ${name}`),
        };

        const source = c.stream.source === "kinesis" ? this.kinesisSource(c) : undefined;
        const log = this.deliveryLog(c);
        const { role, policy } = this.deliveryRole(c, log, source);
        const firehose = this.firehose(c, role, policy, log, source);

        this.deliveryStreamName = firehose.name;
        this.deliveryStreamArn = firehose.arn;
        this.kinesisStreamName = source?.stream.name;
        this.kinesisStreamArn = source?.stream.arn;
        this.kinesisKeyArn = source?.key.arn;
        this.roleArn = role.arn;
        this.logGroupName = log.group.name;
        this.registerOutputs({
            deliveryStreamName: this.deliveryStreamName,
            deliveryStreamArn: this.deliveryStreamArn,
            kinesisStreamName: this.kinesisStreamName,
            kinesisStreamArn: this.kinesisStreamArn,
            roleArn: this.roleArn,
        });
    }

    /** The Kinesis Data Stream feeding Firehose, with a CMK of its own; retained with the data in prod. */
    private kinesisSource(c: DeliveryBuild): KinesisSource {
        const { stream } = c;
        const retain = c.context.retainData;
        const key = lakeKey(
            `${c.name}-source-key`,
            {
                description: `Kinesis stream ${stream.name} (SSE)`,
                policy: pulumi.output(c.context.scope).apply((s) => JSON.stringify(streamKeyPolicy(s.partition, s.accountId))),
                retainData: retain,
            },
            this,
        );
        const kinesis = new aws.kinesis.Stream(
            `${c.name}-source`,
            {
                name: kinesisStreamName(pulumi.getProject(), pulumi.getStack(), stream.name),
                streamModeDetails: { streamMode: stream.shards !== undefined ? "PROVISIONED" : "ON_DEMAND" },
                shardCount: stream.shards,
                retentionPeriod: stream.retentionHours,
                encryptionType: "KMS",
                kmsKeyId: key.arn,
            },
            { parent: this, protect: retain, retainOnDelete: retain },
        );
        return { stream: kinesis, key };
    }

    private deliveryLog(c: DeliveryBuild): DeliveryLog {
        const group = new aws.cloudwatch.LogGroup(
            `${c.name}-log`,
            {
                name: deliveryLogGroupName(pulumi.getProject(), pulumi.getStack(), c.stream.name),
                retentionInDays: c.context.logRetentionDays,
                kmsKeyId: c.logsKeyArn,
            },
            { parent: this },
        );
        const stream = new aws.cloudwatch.LogStream(`${c.name}-log-delivery`, { logGroupName: group.name, name: DELIVERY_LOG_STREAM }, { parent: this });
        return { group, stream };
    }

    /** Firehose's role: its own prefixes of the drop bucket, the drop key through S3, its log stream, its source. */
    private deliveryRole(c: DeliveryBuild, log: DeliveryLog, source?: KinesisSource): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
        const { stream } = c;
        const { bucketArn, keyArn } = c.args;
        const scope = pulumi.output(c.context.scope);
        return roleWithPolicy(
            c.name,
            {
                role: {
                    service: "firehose.amazonaws.com",
                    description: `Firehose delivery of stream ${stream.name} into the drop zone`,
                    accountId: scope.accountId,
                },
                policy: jsonOf(
                    {
                        region: scope.region,
                        bucketArn,
                        keyArn,
                        prefixes: [streamBasePrefix(stream.name), streamErrorBasePrefix(stream.name)],
                        logStreamArn: pulumi.interpolate`${log.group.arn}:log-stream:${log.stream.name}`,
                        source: source && allOf({ streamArn: source.stream.arn, keyArn: source.key.arn }),
                    },
                    deliveryRolePolicy,
                ),
                policyName: `${c.name}-role-policy`,
            },
            this,
        );
    }

    private firehose(
        c: DeliveryBuild,
        role: aws.iam.Role,
        policy: aws.iam.RolePolicy,
        log: DeliveryLog,
        source?: KinesisSource,
    ): aws.kinesis.FirehoseDeliveryStream {
        const { stream } = c;
        const { bucketArn, keyArn } = c.args;
        return new aws.kinesis.FirehoseDeliveryStream(
            `${c.name}-firehose`,
            {
                name: deliveryStreamName(pulumi.getProject(), pulumi.getStack(), stream.name),
                destination: "extended_s3",
                kinesisSourceConfiguration: source && { kinesisStreamArn: source.stream.arn, roleArn: role.arn },
                serverSideEncryption: source ? undefined : { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn },
                extendedS3Configuration: {
                    bucketArn,
                    roleArn: role.arn,
                    prefix: streamPrefix(stream.name),
                    errorOutputPrefix: streamErrorPrefix(stream.name),
                    fileExtension: streamFileExtension(stream.compression),
                    compressionFormat: stream.compression,
                    bufferingSize: stream.bufferSizeMb,
                    bufferingInterval: stream.bufferIntervalSeconds,
                    kmsKeyArn: keyArn,
                    cloudwatchLoggingOptions: { enabled: true, logGroupName: log.group.name, logStreamName: log.stream.name },
                },
            },
            // The role must be able to write before Firehose checks the destination.
            { parent: this, dependsOn: [policy] },
        );
    }
}
