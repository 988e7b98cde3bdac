/**
 * Provisions a recorded program (harness/program.ts `runProgram`) into the emulator: every
 * resource of a type in PROVISIONERS is created with its recorded props, in dependency order, with
 * mocked references rewritten to what the emulator created. Buckets and queues the program leaves
 * unnamed get Pulumi-style auto-names (`<logical name>-<7 hex>`), so nothing works by coincidence
 * of names. Types without a provisioner are counted and reported, not silently dropped.
 *
 * Scheduled EventBridge rules (the reconcilers') and their targets are recorded, not created: the
 * local lake runs on demand, and with a scheduled rule on the default bus moto (5.2.5) stopped
 * delivering the zones' S3 events to their queues.
 *
 * Bucket policies are recorded but not applied: moto evaluates a bucket policy's conditions
 * without the request's context (aws:SecureTransport, the SSE headers), so the zones' TLS-only
 * and key-pinning Deny statements would refuse every upload to a plain-HTTP loopback emulator.
 */
import {
    CreateBucketCommand,
    PutBucketEncryptionCommand,
    PutBucketNotificationConfigurationCommand,
    PutBucketOwnershipControlsCommand,
    PutBucketVersioningCommand,
    PutPublicAccessBlockCommand,
    S3Client,
    type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateDeliveryStreamCommand, FirehoseClient, type CreateDeliveryStreamInput } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, StartStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateDatabaseCommand, CreateJobCommand, CreateTableCommand, GlueClient, type Column } from "@aws-sdk/client-glue";
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { RecordedResource } from "../harness/program";
import { autoNameSuffix, dependencyOrder, queueAttributes, ValueMap } from "./graph";

/** SDK v3 client config for the emulator (the shape of harness/moto.ts `clientConfig`). */
export interface EmulatorConfig {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
    requestChecksumCalculation: "WHEN_REQUIRED";
    responseChecksumValidation: "WHEN_REQUIRED";
}

export interface Clients {
    s3: S3Client;
    sqs: SQSClient;
    firehose: FirehoseClient;
    kinesis: KinesisClient;
    kms: KMSClient;
    glue: GlueClient;
    events: EventBridgeClient;
}

export function emulatorClients(config: EmulatorConfig): Clients {
    return {
        s3: new S3Client(config),
        sqs: new SQSClient(config),
        firehose: new FirehoseClient(config),
        // HTTP/1.1: the SDK's default HTTP/2 for Kinesis fails against local HTTP servers.
        kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
        kms: new KMSClient(config),
        glue: new GlueClient(config),
        events: new EventBridgeClient(config),
    };
}

/** What provisioning produced: the value map, and emulator names by recorded resource. */
export interface Provisioned {
    values: ValueMap;
    /** Recorded resource URN -> its main emulator identifier (bucket name, queue URL, key id, stream name, ...). */
    physical: Map<string, string>;
    /** Resources created (or configured) in the emulator, by type. */
    provisioned: Record<string, number>;
    /** Recorded custom resources left out (no emulator counterpart here), by type. */
    skipped: Record<string, number>;
}

interface Context {
    clients: Clients;
    region: string;
    values: ValueMap;
    physical: Map<string, string>;
    random: () => number;
    /** URNs of the resources recorded but not created. */
    recordedOnly: Set<string>;
}

type Provisioner = (r: RecordedResource, props: Record<string, any>, ctx: Context) => Promise<void>;

/** Resources of a provisioned type left out of the emulator on purpose (see the module comment). */
const RECORDED_ONLY: Record<string, (r: RecordedResource, ctx: Context) => boolean> = {
    "aws:cloudwatch/eventRule:EventRule": (r) => r.props.scheduleExpression !== undefined,
    "aws:cloudwatch/eventTarget:EventTarget": (r, ctx) => r.dependencies.some((u) => ctx.recordedOnly.has(u)),
};

/** The physical name a recorded resource gets: its explicit name, or an auto-name. */
function autoName(r: RecordedResource, explicit: string | undefined, ctx: Context): string {
    return explicit ?? `${r.name}-${autoNameSuffix(ctx.random)}`;
}

/** Every custom resource type the local lake creates, with how. */
const PROVISIONERS: Record<string, Provisioner> = {
    "aws:kms/key:Key": async (r, p, ctx) => {
        const { KeyMetadata } = await ctx.clients.kms.send(
            new CreateKeyCommand({ Description: p.description, Policy: p.policy, KeyUsage: p.keyUsage, KeySpec: p.customerMasterKeySpec }),
        );
        const keyId = KeyMetadata!.KeyId!;
        if (p.enableKeyRotation) await ctx.clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
        ctx.values.add(r, r.outputs.keyId, keyId);
        ctx.values.add(r, r.id, keyId);
        ctx.values.add(r, r.outputs.arn, KeyMetadata!.Arn!);
        ctx.physical.set(r.urn, keyId);
    },
    "aws:kms/alias:Alias": async (r, p, ctx) => {
        await ctx.clients.kms.send(new CreateAliasCommand({ AliasName: p.name, TargetKeyId: p.targetKeyId }));
        ctx.physical.set(r.urn, p.name);
    },
    "aws:s3/bucket:Bucket": async (r, p, ctx) => {
        const bucket = autoName(r, p.bucket, ctx);
        await ctx.clients.s3.send(
            new CreateBucketCommand({
                Bucket: bucket,
                CreateBucketConfiguration: ctx.region === "us-east-1" ? undefined : { LocationConstraint: ctx.region as BucketLocationConstraint },
            }),
        );
        ctx.values.add(r, r.id, bucket);
        ctx.values.add(r, r.outputs.arn, `arn:aws:s3:::${bucket}`);
        ctx.physical.set(r.urn, bucket);
    },
    "aws:s3/bucketVersioning:BucketVersioning": async (_r, p, ctx) => {
        const c = p.versioningConfiguration ?? {};
        await ctx.clients.s3.send(new PutBucketVersioningCommand({ Bucket: p.bucket, VersioningConfiguration: { Status: c.status, MFADelete: c.mfaDelete } }));
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": async (_r, p, ctx) => {
        await ctx.clients.s3.send(
            new PutBucketEncryptionCommand({
                Bucket: p.bucket,
                ServerSideEncryptionConfiguration: {
                    Rules: (p.rules ?? []).map((rule: any) => ({
                        ApplyServerSideEncryptionByDefault: rule.applyServerSideEncryptionByDefault && {
                            SSEAlgorithm: rule.applyServerSideEncryptionByDefault.sseAlgorithm,
                            KMSMasterKeyID: rule.applyServerSideEncryptionByDefault.kmsMasterKeyId,
                        },
                        BucketKeyEnabled: rule.bucketKeyEnabled,
                    })),
                },
            }),
        );
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": async (_r, p, ctx) => {
        await ctx.clients.s3.send(
            new PutPublicAccessBlockCommand({
                Bucket: p.bucket,
                PublicAccessBlockConfiguration: {
                    BlockPublicAcls: p.blockPublicAcls,
                    BlockPublicPolicy: p.blockPublicPolicy,
                    IgnorePublicAcls: p.ignorePublicAcls,
                    RestrictPublicBuckets: p.restrictPublicBuckets,
                },
            }),
        );
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": async (_r, p, ctx) => {
        await ctx.clients.s3.send(
            new PutBucketOwnershipControlsCommand({ Bucket: p.bucket, OwnershipControls: { Rules: [{ ObjectOwnership: p.rule.objectOwnership }] } }),
        );
    },
    "aws:sqs/queue:Queue": async (r, p, ctx) => {
        const name = autoName(r, p.name, ctx);
        const { QueueUrl } = await ctx.clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: queueAttributes(p) }));
        const { Attributes } = await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
        ctx.values.add(r, r.id, QueueUrl!);
        ctx.values.add(r, r.outputs.url, QueueUrl!);
        ctx.values.add(r, r.outputs.arn, Attributes!.QueueArn!);
        ctx.values.add(r, r.outputs.name, name);
        ctx.physical.set(r.urn, QueueUrl!);
    },
    "aws:sqs/queuePolicy:QueuePolicy": async (_r, p, ctx) => {
        await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: p.queueUrl, Attributes: { Policy: p.policy } }));
    },
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": async (_r, p, ctx) => {
        await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: p.queueUrl, Attributes: { RedriveAllowPolicy: p.redriveAllowPolicy } }));
    },
    "aws:s3/bucketNotification:BucketNotification": async (r, p, ctx) => {
        if (p.lambdaFunctions?.length || p.topics?.length) {
            throw new Error(`${r.name}: only queue and EventBridge notifications can be emulated here (Lambda runs in-process, no SNS)`);
        }
        const filter = (q: any) => {
            const rules = [
                ...(q.filterPrefix ? [{ Name: "prefix" as const, Value: q.filterPrefix }] : []),
                ...(q.filterSuffix ? [{ Name: "suffix" as const, Value: q.filterSuffix }] : []),
            ];
            return rules.length ? { Key: { FilterRules: rules } } : undefined;
        };
        await ctx.clients.s3.send(
            new PutBucketNotificationConfigurationCommand({
                Bucket: p.bucket,
                NotificationConfiguration: {
                    QueueConfigurations: (p.queues ?? []).map((q: any) => ({ Id: q.id, QueueArn: q.queueArn, Events: q.events, Filter: filter(q) })),
                    EventBridgeConfiguration: p.eventbridge ? {} : undefined,
                },
            }),
        );
    },
    "aws:cloudwatch/eventRule:EventRule": async (r, p, ctx) => {
        if (p.eventBusName && p.eventBusName !== "default") {
            throw new Error(`${r.name}: only rules on the default bus are emulated`);
        }
        const name = autoName(r, p.name, ctx);
        const { RuleArn } = await ctx.clients.events.send(
            new PutRuleCommand({ Name: name, EventPattern: p.eventPattern, Description: p.description, State: p.state ?? "ENABLED" }),
        );
        ctx.values.add(r, r.id, name);
        ctx.values.add(r, r.outputs.name, name);
        ctx.values.add(r, r.outputs.arn, RuleArn!);
        ctx.physical.set(r.urn, name);
    },
    "aws:cloudwatch/eventTarget:EventTarget": async (r, p, ctx) => {
        const id = p.targetId ?? `${r.name}-${autoNameSuffix(ctx.random)}`;
        const out = await ctx.clients.events.send(
            new PutTargetsCommand({
                Rule: p.rule,
                Targets: [{ Id: id, Arn: p.arn, DeadLetterConfig: p.deadLetterConfig && { Arn: p.deadLetterConfig.arn } }],
            }),
        );
        if (out.FailedEntryCount) throw new Error(`${r.name}: ${JSON.stringify(out.FailedEntries)}`);
        ctx.physical.set(r.urn, `${p.rule}/${id}`);
    },
    "aws:kinesis/stream:Stream": async (r, p, ctx) => {
        const name = autoName(r, p.name, ctx);
        const mode = p.streamModeDetails?.streamMode ?? (p.shardCount ? "PROVISIONED" : "ON_DEMAND");
        await ctx.clients.kinesis.send(
            new CreateStreamCommand({
                StreamName: name,
                ShardCount: mode === "PROVISIONED" ? p.shardCount : undefined,
                StreamModeDetails: { StreamMode: mode },
            }),
        );
        if (p.encryptionType === "KMS" && p.kmsKeyId) {
            await ctx.clients.kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: "KMS", KeyId: p.kmsKeyId }));
        }
        const { StreamDescriptionSummary } = await ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        ctx.values.add(r, r.outputs.arn, StreamDescriptionSummary!.StreamARN!);
        ctx.values.add(r, r.id, StreamDescriptionSummary!.StreamARN!);
        ctx.physical.set(r.urn, name);
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": async (r, p, ctx) => {
        if (p.destination !== "extended_s3") throw new Error(`${r.name}: only extended_s3 destinations are emulated, not ${p.destination}`);
        const s3 = p.extendedS3Configuration;
        const source = p.kinesisSourceConfiguration;
        const input: CreateDeliveryStreamInput = {
            DeliveryStreamName: p.name,
            DeliveryStreamType: source ? "KinesisStreamAsSource" : "DirectPut",
            KinesisStreamSourceConfiguration: source && { KinesisStreamARN: source.kinesisStreamArn, RoleARN: source.roleArn },
            DeliveryStreamEncryptionConfigurationInput: p.serverSideEncryption?.enabled
                ? { KeyType: p.serverSideEncryption.keyType, KeyARN: p.serverSideEncryption.keyArn }
                : undefined,
            ExtendedS3DestinationConfiguration: {
                BucketARN: s3.bucketArn,
                RoleARN: s3.roleArn,
                Prefix: s3.prefix,
                ErrorOutputPrefix: s3.errorOutputPrefix,
                FileExtension: s3.fileExtension,
                CompressionFormat: s3.compressionFormat,
                BufferingHints: { SizeInMBs: s3.bufferingSize, IntervalInSeconds: s3.bufferingInterval },
                EncryptionConfiguration: s3.kmsKeyArn ? { KMSEncryptionConfig: { AWSKMSKeyARN: s3.kmsKeyArn } } : { NoEncryptionConfig: "NoEncryption" },
                CloudWatchLoggingOptions: s3.cloudwatchLoggingOptions && {
                    Enabled: s3.cloudwatchLoggingOptions.enabled,
                    LogGroupName: s3.cloudwatchLoggingOptions.logGroupName,
                    LogStreamName: s3.cloudwatchLoggingOptions.logStreamName,
                },
            },
        };
        const { DeliveryStreamARN } = await ctx.clients.firehose.send(new CreateDeliveryStreamCommand(input));
        ctx.values.add(r, r.outputs.arn, DeliveryStreamARN!);
        ctx.values.add(r, r.id, DeliveryStreamARN!);
        ctx.physical.set(r.urn, p.name);
    },
    "aws:glue/catalogDatabase:CatalogDatabase": async (r, p, ctx) => {
        await ctx.clients.glue.send(
            new CreateDatabaseCommand({
                DatabaseInput: { Name: p.name, Description: p.description, LocationUri: p.locationUri, Parameters: p.parameters },
            }),
        );
        ctx.physical.set(r.urn, p.name);
    },
    // The jobs exist so that the curation starter's StartJobRun works (runs are then executed locally: local/curation.ts).
    "aws:glue/job:Job": async (r, p, ctx) => {
        await ctx.clients.glue.send(
            new CreateJobCommand({
                Name: p.name,
                Role: p.roleArn,
                Command: { Name: p.command.name, ScriptLocation: p.command.scriptLocation, PythonVersion: p.command.pythonVersion },
                DefaultArguments: p.defaultArguments,
                GlueVersion: p.glueVersion,
                ExecutionProperty: p.executionProperty && { MaxConcurrentRuns: p.executionProperty.maxConcurrentRuns },
            }),
        );
        ctx.physical.set(r.urn, p.name);
    },
    "aws:glue/catalogTable:CatalogTable": async (r, p, ctx) => {
        const sd = p.storageDescriptor;
        const column = (c: any): Column => ({ Name: c.name, Type: c.type, Comment: c.comment });
        await ctx.clients.glue.send(
            new CreateTableCommand({
                DatabaseName: p.databaseName,
                TableInput: {
                    Name: p.name,
                    Description: p.description,
                    TableType: p.tableType,
                    Parameters: p.parameters,
                    PartitionKeys: (p.partitionKeys ?? []).map(column),
                    StorageDescriptor: sd && {
                        Columns: (sd.columns ?? []).map(column),
                        Location: sd.location,
                        InputFormat: sd.inputFormat,
                        OutputFormat: sd.outputFormat,
                        Compressed: sd.compressed,
                        SerdeInfo: sd.serDeInfo && {
                            Name: sd.serDeInfo.name,
                            SerializationLibrary: sd.serDeInfo.serializationLibrary,
                            Parameters: sd.serDeInfo.parameters,
                        },
                    },
                },
            }),
        );
        ctx.physical.set(r.urn, `${p.databaseName}.${p.name}`);
    },
};

/** Creates every provisionable recorded resource in the emulator; see the module comment. */
export async function provision(resources: RecordedResource[], clients: Clients, opts: { region: string; random?: () => number }): Promise<Provisioned> {
    const ctx: Context = {
        clients,
        region: opts.region,
        values: new ValueMap(),
        physical: new Map(),
        random: opts.random ?? Math.random,
        recordedOnly: new Set(),
    };
    const provisioned: Record<string, number> = {};
    const skipped: Record<string, number> = {};
    for (const r of dependencyOrder(resources)) {
        if (!r.custom) continue;
        const create = PROVISIONERS[r.type];
        if (!create || RECORDED_ONLY[r.type]?.(r, ctx)) {
            ctx.recordedOnly.add(r.urn);
            skipped[r.type] = (skipped[r.type] ?? 0) + 1;
            continue;
        }
        try {
            await create(r, ctx.values.rewrite(r, r.props), ctx);
        } catch (e) {
            throw new Error(`provisioning ${r.type} ${r.name}: ${(e as Error).message}`, { cause: e });
        }
        provisioned[r.type] = (provisioned[r.type] ?? 0) + 1;
    }
    return { values: ctx.values, physical: ctx.physical, provisioned, skipped };
}
