/**
 * Emulator mode of the provider double: with `DATALAKE_AWS_DOUBLE_EMULATOR=<endpoint>` (a moto
 * server on loopback), `create` makes each resource in the emulator when the emulator has it, and
 * answers with the emulator's ids, names and ARNs on top of the mocks' state; `delete` removes it
 * again. Every other resource is recorded only, with the reason. This is where the local lake's
 * provisioners live (`npm run local`, local/README.md): the engine resolves every reference, so a
 * provisioner gets real emulator values as inputs and nothing is rewritten.
 *
 * Recorded only, on purpose (RECORDED_ONLY's reasons): S3 bucket policies (moto evaluates their
 * conditions without the request's context, so the zones' TLS-only and key-pinning denies would
 * refuse every upload to a plain-HTTP emulator); scheduled EventBridge rules and their targets
 * (with one on the default bus moto 5.2.5 stopped delivering the zones' S3 events); Kinesis event
 * source mappings (moto invokes the function in Docker on every put, even a disabled mapping's: the
 * local runtime plays them, local/streams.ts). SQS event source mappings are created disabled (an
 * enabled one would have moto run the function in Docker and consume the queue; the local runtime
 * plays them, local/runtime.ts).
 */
import { randomBytes } from "node:crypto";
import { CreateSecretCommand, DeleteSecretCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
    AddPermissionCommand,
    CreateAliasCommand as CreateFunctionAliasCommand,
    CreateEventSourceMappingCommand,
    CreateFunctionCommand,
    DeleteAliasCommand as DeleteFunctionAliasCommand,
    DeleteEventSourceMappingCommand,
    DeleteFunctionCommand,
    DeleteLayerVersionCommand,
    LambdaClient,
    PublishLayerVersionCommand,
    type Architecture,
    type Runtime,
} from "@aws-sdk/client-lambda";
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateDeploymentCommand,
    CreateResourceCommand,
    CreateRestApiCommand,
    CreateStageCommand,
    CreateUsagePlanCommand,
    CreateUsagePlanKeyCommand,
    DeleteRestApiCommand,
    PutIntegrationCommand,
    PutMethodCommand,
    UpdateAccountCommand,
    UpdateStageCommand,
    type EndpointType,
} from "@aws-sdk/client-api-gateway";
import { CreateTopicCommand, DeleteTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { CloudWatchClient, DeleteAlarmsCommand, DeleteDashboardsCommand, PutDashboardCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
    CloudWatchLogsClient,
    CreateLogGroupCommand,
    CreateLogStreamCommand,
    DeleteLogGroupCommand,
    PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { AthenaClient, CreateNamedQueryCommand, CreateWorkGroupCommand, DeleteWorkGroupCommand } from "@aws-sdk/client-athena";
import { CloudTrailClient, CreateTrailCommand, DeleteTrailCommand } from "@aws-sdk/client-cloudtrail";
import {
    CreateBucketCommand,
    DeleteBucketCommand,
    DeleteObjectsCommand,
    ListObjectVersionsCommand,
    PutBucketEncryptionCommand,
    PutBucketLifecycleConfigurationCommand,
    PutBucketLoggingCommand,
    PutBucketNotificationConfigurationCommand,
    PutBucketOwnershipControlsCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    PutPublicAccessBlockCommand,
    S3Client,
    type BucketLocationConstraint,
    type LifecycleRule,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, FirehoseClient, type CreateDeliveryStreamInput } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamSummaryCommand, KinesisClient, StartStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, EnableKeyRotationCommand, KMSClient, ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import {
    CreateCrawlerCommand,
    CreateDatabaseCommand,
    CreateJobCommand,
    CreateSecurityConfigurationCommand,
    CreateTableCommand,
    CreateTriggerCommand,
    CreateWorkflowCommand,
    DeleteCrawlerCommand,
    DeleteDatabaseCommand,
    DeleteJobCommand,
    DeleteSecurityConfigurationCommand,
    DeleteTableCommand,
    DeleteTriggerCommand,
    DeleteWorkflowCommand,
    GlueClient,
    type Column,
} from "@aws-sdk/client-glue";
import { DeleteRuleCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateTableCommand as CreateDynamoTableCommand, DeleteTableCommand as DeleteDynamoTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { archiveFiles, assetBytes, assetKind, zip } from "./archive";

/** Env var with the emulator's endpoint (e.g. `http://127.0.0.1:5000`): the double creates there. */
export const EMULATOR_ENV = "DATALAKE_AWS_DOUBLE_EMULATOR";

/**
 * Env var with the access key the double creates with (JSON `{"accessKeyId","secretAccessKey"}`),
 * for an emulator that enforces IAM (harness/moto.ts `enforceIam()`). Default the emulator's test
 * credentials, which an emulator that does not enforce IAM takes.
 */
export const EMULATOR_CREDENTIALS_ENV = "DATALAKE_AWS_DOUBLE_EMULATOR_CREDENTIALS";

export interface EmulatorConfig {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
    requestChecksumCalculation: "WHEN_REQUIRED";
    responseChecksumValidation: "WHEN_REQUIRED";
}

/** SDK v3 client config for an emulator on `endpoint` (moto takes any credentials). */
export function emulatorConfig(endpoint: string, region: string): EmulatorConfig {
    return {
        endpoint,
        region,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        forcePathStyle: true,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
    };
}

export function emulatorClients(config: EmulatorConfig) {
    return {
        s3: new S3Client(config),
        sqs: new SQSClient(config),
        firehose: new FirehoseClient(config),
        // HTTP/1.1: the SDK's default HTTP/2 for Kinesis fails against local HTTP servers.
        kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
        kms: new KMSClient(config),
        glue: new GlueClient(config),
        events: new EventBridgeClient(config),
        iam: new IAMClient(config),
        lambda: new LambdaClient(config),
        apigateway: new APIGatewayClient(config),
        sns: new SNSClient(config),
        cloudwatch: new CloudWatchClient(config),
        logs: new CloudWatchLogsClient(config),
        athena: new AthenaClient(config),
        cloudtrail: new CloudTrailClient(config),
        dynamodb: new DynamoDBClient(config),
        secretsManager: new SecretsManagerClient(config),
    };
}
export type Clients = ReturnType<typeof emulatorClients>;

interface Ctx {
    clients: Clients;
    region: string;
    account: string;
}

/** What a provisioner made: the emulator's main identifier, and the outputs it changes. */
export interface Made {
    /** Bucket name, queue URL, key id, function name, API id, ...: what the local lake looks resources up by. */
    physical: string;
    /** Provider id; default `physical`. */
    id?: string;
    outs?: Record<string, any>;
}

type Inputs = Record<string, any>;
interface Handler {
    create(ctx: Ctx, name: string, p: Inputs): Promise<Made>;
    /** Removes it (default: nothing to remove, e.g. a setting that goes with its bucket). */
    delete?(ctx: Ctx, id: string, state: Inputs): Promise<void>;
}

/** Pulumi's auto-name: the logical name and 7 random hex digits. */
export function autoName(logical: string, explicit?: string): string {
    return explicit ?? `${logical}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

const tagMap = (tags?: Record<string, string>) => tags;

const column = (c: any): Column => ({ Name: c.name, Type: c.type, Comment: c.comment });

/** Every object version and delete marker of a bucket, deleted (a forceDestroy bucket's delete). */
async function emptyBucket(s3: S3Client, bucket: string): Promise<void> {
    for (;;) {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
        const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
        if (objects.length === 0) return;
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    }
}

/** A table's global secondary index in CreateTable's shape: `keySchemas` (v7) or the older `hashKey`/`rangeKey`. */
function globalSecondaryIndex(g: any) {
    const keys: { attributeName: string; keyType: "HASH" | "RANGE" }[] = g.keySchemas ?? [
        { attributeName: g.hashKey, keyType: "HASH" },
        ...(g.rangeKey ? [{ attributeName: g.rangeKey, keyType: "RANGE" as const }] : []),
    ];
    return {
        IndexName: g.name,
        KeySchema: keys.map((k) => ({ AttributeName: k.attributeName, KeyType: k.keyType })),
        Projection: { ProjectionType: g.projectionType, NonKeyAttributes: g.nonKeyAttributes?.length ? g.nonKeyAttributes : undefined },
        ProvisionedThroughput: g.readCapacity ? { ReadCapacityUnits: g.readCapacity, WriteCapacityUnits: g.writeCapacity } : undefined,
    };
}

const HANDLERS: Record<string, Handler> = {
    // The pii masking key (components/etl): the local curate run reads it with boto3, as on Glue.
    "aws:secretsmanager/secret:Secret": {
        async create(ctx, name, p) {
            const made = await ctx.clients.secretsManager.send(
                new CreateSecretCommand({ Name: autoName(name, p.name), Description: p.description, KmsKeyId: p.kmsKeyId }),
            );
            return { physical: made.ARN!, outs: { arn: made.ARN, name: made.Name } };
        },
        async delete({ clients }, id) {
            await clients.secretsManager.send(new DeleteSecretCommand({ SecretId: id, ForceDeleteWithoutRecovery: true }));
        },
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        async create({ clients }, _n, p) {
            const made = await clients.secretsManager.send(new PutSecretValueCommand({ SecretId: p.secretId, SecretString: p.secretString }));
            // The provider's id: `<secret ARN>|<version id>`; the version goes with its secret.
            return { physical: `${made.ARN}|${made.VersionId}`, outs: { arn: made.ARN, versionId: made.VersionId } };
        },
    },
    "aws:kms/key:Key": {
        async create({ clients }, _n, p) {
            const { KeyMetadata } = await clients.kms.send(
                new CreateKeyCommand({ Description: p.description, Policy: p.policy, KeyUsage: p.keyUsage, KeySpec: p.customerMasterKeySpec }),
            );
            const keyId = KeyMetadata!.KeyId!;
            if (p.enableKeyRotation) await clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
            return { physical: keyId, outs: { keyId, arn: KeyMetadata!.Arn! } };
        },
        async delete({ clients }, id, s) {
            await clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: s.deletionWindowInDays ?? 30 }));
        },
    },
    "aws:kms/alias:Alias": {
        async create({ clients, region, account }, _n, p) {
            await clients.kms.send(new CreateAliasCommand({ AliasName: p.name, TargetKeyId: p.targetKeyId }));
            return { physical: p.name, outs: { arn: `arn:aws:kms:${region}:${account}:${p.name}` } };
        },
        async delete({ clients }, id) {
            await clients.kms.send(new DeleteAliasCommand({ AliasName: id }));
        },
    },
    "aws:s3/bucket:Bucket": {
        async create({ clients, region }, name, p) {
            const bucket = autoName(name, p.bucket);
            await clients.s3.send(
                new CreateBucketCommand({
                    Bucket: bucket,
                    CreateBucketConfiguration: region === "us-east-1" ? undefined : { LocationConstraint: region as BucketLocationConstraint },
                }),
            );
            return { physical: bucket, outs: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com` } };
        },
        async delete({ clients }, id, s) {
            // As the provider does: forceDestroy empties the bucket first, else S3 refuses a non-empty one.
            if (s.forceDestroy) await emptyBucket(clients.s3, id);
            await clients.s3.send(new DeleteBucketCommand({ Bucket: id }));
        },
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        async create({ clients }, _n, p) {
            const c = p.versioningConfiguration ?? {};
            await clients.s3.send(new PutBucketVersioningCommand({ Bucket: p.bucket, VersioningConfiguration: { Status: c.status, MFADelete: c.mfaDelete } }));
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        async create({ clients }, _n, p) {
            await clients.s3.send(
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
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        async create({ clients }, _n, p) {
            await clients.s3.send(
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
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        async create({ clients }, _n, p) {
            await clients.s3.send(
                new PutBucketOwnershipControlsCommand({ Bucket: p.bucket, OwnershipControls: { Rules: [{ ObjectOwnership: p.rule.objectOwnership }] } }),
            );
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        async create({ clients }, _n, p) {
            const rules: LifecycleRule[] = (p.rules ?? []).map((r: any) => ({
                ID: r.id,
                Status: r.status,
                Filter: r.filter?.prefix !== undefined ? { Prefix: r.filter.prefix } : {},
                Expiration: r.expiration && { Days: r.expiration.days },
                NoncurrentVersionExpiration: r.noncurrentVersionExpiration && { NoncurrentDays: r.noncurrentVersionExpiration.noncurrentDays },
                AbortIncompleteMultipartUpload: r.abortIncompleteMultipartUpload && {
                    DaysAfterInitiation: r.abortIncompleteMultipartUpload.daysAfterInitiation,
                },
                Transitions: r.transitions?.map((t: any) => ({ Days: t.days, StorageClass: t.storageClass })),
                NoncurrentVersionTransitions: r.noncurrentVersionTransitions?.map((t: any) => ({
                    NoncurrentDays: t.noncurrentDays,
                    StorageClass: t.storageClass,
                })),
            }));
            await clients.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: p.bucket, LifecycleConfiguration: { Rules: rules } }));
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketLogging:BucketLogging": {
        async create({ clients }, _n, p) {
            await clients.s3.send(
                new PutBucketLoggingCommand({
                    Bucket: p.bucket,
                    BucketLoggingStatus: { LoggingEnabled: { TargetBucket: p.targetBucket, TargetPrefix: p.targetPrefix } },
                }),
            );
            return { physical: p.bucket };
        },
    },
    "aws:s3/bucketObjectv2:BucketObjectv2": {
        async create({ clients }, _n, p) {
            // An archive source is uploaded as a .zip, as the provider does.
            const body = !p.source
                ? Buffer.from(p.content ?? "", "utf8")
                : assetKind(p.source) === "archive"
                  ? zip(archiveFiles(p.source))
                  : assetBytes(p.source);
            const put = await clients.s3.send(
                new PutObjectCommand({
                    Bucket: p.bucket,
                    Key: p.key,
                    Body: body,
                    ContentType: p.contentType,
                    ServerSideEncryption: p.serverSideEncryption,
                    SSEKMSKeyId: p.kmsKeyId,
                }),
            );
            return { physical: `${p.bucket}/${p.key}`, id: p.key, outs: { etag: put.ETag?.replace(/"/g, ""), versionId: put.VersionId } };
        },
    },
    "aws:s3/bucketNotification:BucketNotification": {
        async create({ clients }, name, p) {
            if (p.lambdaFunctions?.length || p.topics?.length) {
                throw new Error(`${name}: only queue and EventBridge notifications are emulated (Lambda runs in-process)`);
            }
            const filter = (q: any) => {
                const rules = [
                    ...(q.filterPrefix ? [{ Name: "prefix" as const, Value: q.filterPrefix }] : []),
                    ...(q.filterSuffix ? [{ Name: "suffix" as const, Value: q.filterSuffix }] : []),
                ];
                return rules.length ? { Key: { FilterRules: rules } } : undefined;
            };
            await clients.s3.send(
                new PutBucketNotificationConfigurationCommand({
                    Bucket: p.bucket,
                    NotificationConfiguration: {
                        QueueConfigurations: (p.queues ?? []).map((q: any) => ({ Id: q.id, QueueArn: q.queueArn, Events: q.events, Filter: filter(q) })),
                        EventBridgeConfiguration: p.eventbridge ? {} : undefined,
                    },
                }),
            );
            return { physical: p.bucket };
        },
    },
    "aws:sqs/queue:Queue": {
        async create({ clients }, name, p) {
            const queueName = autoName(name, p.name);
            const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: queueAttributes(p) }));
            const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
            return { physical: QueueUrl!, outs: { name: queueName, url: QueueUrl!, arn: Attributes!.QueueArn! } };
        },
        async delete({ clients }, id) {
            await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: id }));
        },
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        async create({ clients }, _n, p) {
            await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: p.queueUrl, Attributes: { Policy: p.policy } }));
            return { physical: p.queueUrl };
        },
    },
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": {
        async create({ clients }, _n, p) {
            await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: p.queueUrl, Attributes: { RedriveAllowPolicy: p.redriveAllowPolicy } }));
            return { physical: p.queueUrl };
        },
    },
    "aws:cloudwatch/eventRule:EventRule": {
        async create({ clients }, name, p) {
            if (p.eventBusName && p.eventBusName !== "default") throw new Error(`${name}: only rules on the default bus are emulated`);
            const rule = autoName(name, p.name);
            const { RuleArn } = await clients.events.send(
                new PutRuleCommand({
                    Name: rule,
                    EventPattern: p.eventPattern,
                    ScheduleExpression: p.scheduleExpression,
                    Description: p.description,
                    State: p.state ?? "ENABLED",
                }),
            );
            return { physical: rule, outs: { name: rule, arn: RuleArn! } };
        },
        async delete({ clients }, id) {
            await clients.events.send(new DeleteRuleCommand({ Name: id }));
        },
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        async create({ clients }, name, p) {
            const targetId = autoName(name, p.targetId);
            const out = await clients.events.send(
                new PutTargetsCommand({
                    Rule: p.rule,
                    Targets: [{ Id: targetId, Arn: p.arn, DeadLetterConfig: p.deadLetterConfig && { Arn: p.deadLetterConfig.arn } }],
                }),
            );
            if (out.FailedEntryCount) throw new Error(`${name}: ${JSON.stringify(out.FailedEntries)}`);
            return { physical: `${p.rule}/${targetId}`, outs: { targetId } };
        },
        async delete({ clients }, id) {
            const [rule, target] = id.split("/");
            await clients.events.send(new RemoveTargetsCommand({ Rule: rule, Ids: [target] }));
        },
    },
    "aws:kinesis/stream:Stream": {
        async create({ clients }, name, p) {
            const stream = autoName(name, p.name);
            const mode = p.streamModeDetails?.streamMode ?? (p.shardCount ? "PROVISIONED" : "ON_DEMAND");
            await clients.kinesis.send(
                new CreateStreamCommand({
                    StreamName: stream,
                    ShardCount: mode === "PROVISIONED" ? p.shardCount : undefined,
                    StreamModeDetails: { StreamMode: mode },
                }),
            );
            if (p.encryptionType === "KMS" && p.kmsKeyId) {
                await clients.kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: "KMS", KeyId: p.kmsKeyId }));
            }
            const { StreamDescriptionSummary } = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
            const arn = StreamDescriptionSummary!.StreamARN!;
            return { physical: stream, id: arn, outs: { name: stream, arn } };
        },
        async delete({ clients }, _id, s) {
            await clients.kinesis.send(new DeleteStreamCommand({ StreamName: s.name, EnforceConsumerDeletion: true }));
        },
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
        async create({ clients }, name, p) {
            if (p.destination !== "extended_s3") throw new Error(`${name}: only extended_s3 destinations are emulated, not ${p.destination}`);
            const s3 = p.extendedS3Configuration;
            const source = p.kinesisSourceConfiguration;
            const stream = autoName(name, p.name);
            const input: CreateDeliveryStreamInput = {
                DeliveryStreamName: stream,
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
            const { DeliveryStreamARN } = await clients.firehose.send(new CreateDeliveryStreamCommand(input));
            return { physical: stream, id: DeliveryStreamARN!, outs: { name: stream, arn: DeliveryStreamARN! } };
        },
        async delete({ clients }, _id, s) {
            await clients.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: s.name }));
        },
    },
    "aws:glue/catalogDatabase:CatalogDatabase": {
        async create({ clients }, _n, p) {
            await clients.glue.send(
                new CreateDatabaseCommand({
                    DatabaseInput: { Name: p.name, Description: p.description, LocationUri: p.locationUri, Parameters: p.parameters },
                }),
            );
            return { physical: p.name, id: `${p.catalogId ?? "123456789012"}:${p.name}` };
        },
        async delete({ clients }, _id, s) {
            await clients.glue.send(new DeleteDatabaseCommand({ Name: s.name }));
        },
    },
    "aws:glue/catalogTable:CatalogTable": {
        async create({ clients }, _n, p) {
            const sd = p.storageDescriptor;
            await clients.glue.send(
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
            return { physical: `${p.databaseName}.${p.name}` };
        },
        async delete({ clients }, _id, s) {
            await clients.glue.send(new DeleteTableCommand({ DatabaseName: s.databaseName, Name: s.name }));
        },
    },
    "aws:glue/securityConfiguration:SecurityConfiguration": {
        async create({ clients }, _n, p) {
            const e = p.encryptionConfiguration;
            await clients.glue.send(
                new CreateSecurityConfigurationCommand({
                    Name: p.name,
                    EncryptionConfiguration: {
                        S3Encryption: [{ S3EncryptionMode: e.s3Encryption?.s3EncryptionMode, KmsKeyArn: e.s3Encryption?.kmsKeyArn }],
                        CloudWatchEncryption: {
                            CloudWatchEncryptionMode: e.cloudwatchEncryption?.cloudwatchEncryptionMode,
                            KmsKeyArn: e.cloudwatchEncryption?.kmsKeyArn,
                        },
                        JobBookmarksEncryption: {
                            JobBookmarksEncryptionMode: e.jobBookmarksEncryption?.jobBookmarksEncryptionMode,
                            KmsKeyArn: e.jobBookmarksEncryption?.kmsKeyArn,
                        },
                    },
                }),
            );
            return { physical: p.name };
        },
        async delete({ clients }, id) {
            await clients.glue.send(new DeleteSecurityConfigurationCommand({ Name: id }));
        },
    },
    "aws:glue/job:Job": {
        async create({ clients }, _n, p) {
            await clients.glue.send(
                new CreateJobCommand({
                    Name: p.name,
                    Description: p.description,
                    Role: p.roleArn,
                    Command: { Name: p.command.name, ScriptLocation: p.command.scriptLocation, PythonVersion: p.command.pythonVersion },
                    DefaultArguments: p.defaultArguments,
                    GlueVersion: p.glueVersion,
                    WorkerType: p.workerType,
                    NumberOfWorkers: p.numberOfWorkers,
                    MaxCapacity: p.maxCapacity,
                    Timeout: p.timeout,
                    MaxRetries: p.maxRetries,
                    SecurityConfiguration: p.securityConfiguration,
                    ExecutionProperty: p.executionProperty && { MaxConcurrentRuns: p.executionProperty.maxConcurrentRuns },
                    Tags: tagMap(p.tags),
                }),
            );
            return { physical: p.name };
        },
        async delete({ clients }, id) {
            await clients.glue.send(new DeleteJobCommand({ JobName: id }));
        },
    },
    "aws:glue/crawler:Crawler": {
        async create({ clients }, _n, p) {
            await clients.glue.send(
                new CreateCrawlerCommand({
                    Name: p.name,
                    Role: p.role,
                    DatabaseName: p.databaseName,
                    Description: p.description,
                    Targets: { S3Targets: (p.s3Targets ?? []).map((t: any) => ({ Path: t.path, Exclusions: t.exclusions })) },
                    Schedule: p.schedule,
                    Configuration: p.configuration,
                    CrawlerSecurityConfiguration: p.securityConfiguration,
                    RecrawlPolicy: p.recrawlPolicy && { RecrawlBehavior: p.recrawlPolicy.recrawlBehavior },
                    SchemaChangePolicy: p.schemaChangePolicy && {
                        UpdateBehavior: p.schemaChangePolicy.updateBehavior,
                        DeleteBehavior: p.schemaChangePolicy.deleteBehavior,
                    },
                    Tags: tagMap(p.tags),
                }),
            );
            return { physical: p.name };
        },
        async delete({ clients }, id) {
            await clients.glue.send(new DeleteCrawlerCommand({ Name: id }));
        },
    },
    "aws:glue/workflow:Workflow": {
        async create({ clients }, name, p) {
            const workflow = autoName(name, p.name);
            await clients.glue.send(
                new CreateWorkflowCommand({ Name: workflow, Description: p.description, MaxConcurrentRuns: p.maxConcurrentRuns, Tags: tagMap(p.tags) }),
            );
            return { physical: workflow, outs: { name: workflow } };
        },
        async delete({ clients }, id) {
            await clients.glue.send(new DeleteWorkflowCommand({ Name: id }));
        },
    },
    "aws:glue/trigger:Trigger": {
        async create({ clients }, name, p) {
            const trigger = autoName(name, p.name);
            await clients.glue.send(
                new CreateTriggerCommand({
                    Name: trigger,
                    Type: p.type,
                    Description: p.description,
                    Schedule: p.schedule,
                    WorkflowName: p.workflowName,
                    StartOnCreation: p.startOnCreation,
                    Actions: (p.actions ?? []).map((a: any) => ({ JobName: a.jobName, CrawlerName: a.crawlerName, Arguments: a.arguments })),
                    Predicate: p.predicate && {
                        Logical: p.predicate.logical,
                        Conditions: (p.predicate.conditions ?? []).map((c: any) => ({
                            JobName: c.jobName,
                            CrawlerName: c.crawlerName,
                            State: c.state,
                            CrawlState: c.crawlState,
                            LogicalOperator: c.logicalOperator,
                        })),
                    },
                    Tags: tagMap(p.tags),
                }),
            );
            return { physical: trigger, outs: { name: trigger } };
        },
        async delete({ clients }, id) {
            await clients.glue.send(new DeleteTriggerCommand({ Name: id }));
        },
    },
    "aws:iam/role:Role": {
        async create({ clients }, name, p) {
            const roleName = autoName(name, p.name);
            const { Role } = await clients.iam.send(
                new CreateRoleCommand({
                    RoleName: roleName,
                    AssumeRolePolicyDocument: p.assumeRolePolicy,
                    Description: p.description,
                    Path: p.path,
                    MaxSessionDuration: p.maxSessionDuration,
                    PermissionsBoundary: p.permissionsBoundary,
                    Tags: Object.entries(p.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
                }),
            );
            return { physical: roleName, outs: { name: roleName, arn: Role!.Arn!, uniqueId: Role!.RoleId } };
        },
        async delete({ clients }, id) {
            await clients.iam.send(new DeleteRoleCommand({ RoleName: id }));
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        async create({ clients }, name, p) {
            const policyName = autoName(name, p.name);
            await clients.iam.send(new PutRolePolicyCommand({ RoleName: p.role, PolicyName: policyName, PolicyDocument: p.policy }));
            return { physical: `${p.role}:${policyName}`, outs: { name: policyName } };
        },
        async delete({ clients }, id) {
            const [role, policy] = id.split(":");
            await clients.iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: policy }));
        },
    },
    "aws:lambda/function:Function": {
        async create({ clients, region }, name, p) {
            const fn = autoName(name, p.name);
            const out = await clients.lambda.send(
                new CreateFunctionCommand({
                    FunctionName: fn,
                    Role: p.role,
                    Runtime: p.runtime as Runtime,
                    Handler: p.handler,
                    Code: { ZipFile: zip(archiveFiles(p.code)) },
                    Description: p.description,
                    Timeout: p.timeout,
                    MemorySize: p.memorySize,
                    Architectures: p.architectures as Architecture[],
                    Environment: p.environment && { Variables: p.environment.variables },
                    Layers: p.layers,
                    TracingConfig: p.tracingConfig && { Mode: p.tracingConfig.mode },
                    LoggingConfig: p.loggingConfig && { LogFormat: p.loggingConfig.logFormat, LogGroup: p.loggingConfig.logGroup },
                    Tags: p.tags,
                    // A published function's version 1 (what its `live` alias serves).
                    Publish: p.publish,
                }),
            );
            const arn = out.FunctionArn!;
            return {
                physical: fn,
                outs: {
                    name: fn,
                    arn,
                    qualifiedArn: `${arn}:${out.Version}`,
                    version: out.Version,
                    invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                },
            };
        },
        async delete({ clients }, id) {
            await clients.lambda.send(new DeleteFunctionCommand({ FunctionName: id }));
        },
    },
    "aws:lambda/alias:Alias": {
        async create({ clients, region }, _n, p) {
            const out = await clients.lambda.send(
                new CreateFunctionAliasCommand({
                    FunctionName: p.functionName,
                    Name: p.name,
                    FunctionVersion: p.functionVersion,
                    Description: p.description,
                    RoutingConfig: p.routingConfig && { AdditionalVersionWeights: p.routingConfig.additionalVersionWeights },
                }),
            );
            const arn = out.AliasArn!;
            return {
                physical: arn,
                outs: { arn, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations` },
            };
        },
        async delete({ clients }, _id, s) {
            await clients.lambda.send(new DeleteFunctionAliasCommand({ FunctionName: s.functionName, Name: s.name }));
        },
    },
    "aws:lambda/layerVersion:LayerVersion": {
        async create({ clients }, _n, p) {
            const out = await clients.lambda.send(
                new PublishLayerVersionCommand({
                    LayerName: p.layerName,
                    Description: p.description,
                    Content: { ZipFile: zip(archiveFiles(p.code)) },
                    CompatibleRuntimes: p.compatibleRuntimes,
                    CompatibleArchitectures: p.compatibleArchitectures,
                    LicenseInfo: p.licenseInfo,
                }),
            );
            const arn = out.LayerVersionArn!;
            return { physical: arn, outs: { arn, layerArn: out.LayerArn, version: String(out.Version) } };
        },
        async delete({ clients }, _id, s) {
            await clients.lambda.send(new DeleteLayerVersionCommand({ LayerName: s.layerName, VersionNumber: Number(s.version) }));
        },
    },
    "aws:lambda/permission:Permission": {
        async create({ clients }, name, p) {
            const statementId = autoName(name, p.statementId);
            await clients.lambda.send(
                new AddPermissionCommand({
                    FunctionName: p.function,
                    Qualifier: p.qualifier,
                    StatementId: statementId,
                    Action: p.action,
                    Principal: p.principal,
                    SourceArn: p.sourceArn,
                    SourceAccount: p.sourceAccount,
                }),
            );
            return { physical: `${p.function}/${statementId}`, id: statementId, outs: { statementId } };
        },
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        async create({ clients, region, account }, name, p) {
            const group = autoName(name, p.name);
            await clients.logs.send(new CreateLogGroupCommand({ logGroupName: group, kmsKeyId: p.kmsKeyId, tags: p.tags }));
            if (p.retentionInDays) await clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: p.retentionInDays }));
            return { physical: group, outs: { name: group, arn: `arn:aws:logs:${region}:${account}:log-group:${group}` } };
        },
        async delete({ clients }, id) {
            await clients.logs.send(new DeleteLogGroupCommand({ logGroupName: id }));
        },
    },
    "aws:cloudwatch/logStream:LogStream": {
        async create({ clients }, _n, p) {
            await clients.logs.send(new CreateLogStreamCommand({ logGroupName: p.logGroupName, logStreamName: p.name }));
            return { physical: `${p.logGroupName}:${p.name}`, id: p.name };
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        async create({ clients, region, account }, name, p) {
            const alarm = autoName(name, p.name);
            await clients.cloudwatch.send(
                new PutMetricAlarmCommand({
                    AlarmName: alarm,
                    AlarmDescription: p.alarmDescription,
                    ComparisonOperator: p.comparisonOperator,
                    EvaluationPeriods: p.evaluationPeriods,
                    DatapointsToAlarm: p.datapointsToAlarm,
                    MetricName: p.metricName,
                    Namespace: p.namespace,
                    Period: p.period,
                    Statistic: p.statistic,
                    ExtendedStatistic: p.extendedStatistic,
                    Threshold: p.threshold,
                    TreatMissingData: p.treatMissingData,
                    Dimensions: Object.entries(p.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) })),
                    AlarmActions: p.alarmActions,
                    OKActions: p.okActions,
                    InsufficientDataActions: p.insufficientDataActions,
                    Metrics: p.metricQueries?.map((q: any) => ({
                        Id: q.id,
                        Expression: q.expression,
                        Label: q.label,
                        ReturnData: q.returnData,
                        MetricStat: q.metric && {
                            Metric: {
                                MetricName: q.metric.metricName,
                                Namespace: q.metric.namespace,
                                Dimensions: Object.entries(q.metric.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) })),
                            },
                            Period: q.metric.period,
                            Stat: q.metric.stat,
                            Unit: q.metric.unit,
                        },
                    })),
                    Tags: Object.entries(p.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
                }),
            );
            return { physical: alarm, outs: { name: alarm, arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${alarm}` } };
        },
        async delete({ clients }, id) {
            await clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [id] }));
        },
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        async create({ clients, account }, _n, p) {
            await clients.cloudwatch.send(new PutDashboardCommand({ DashboardName: p.dashboardName, DashboardBody: p.dashboardBody }));
            return { physical: p.dashboardName, outs: { dashboardArn: `arn:aws:cloudwatch::${account}:dashboard/${p.dashboardName}` } };
        },
        async delete({ clients }, id) {
            await clients.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: [id] }));
        },
    },
    "aws:sns/topic:Topic": {
        async create({ clients }, name, p) {
            const topic = autoName(name, p.name);
            const attributes: Record<string, string> = {};
            if (p.kmsMasterKeyId) attributes.KmsMasterKeyId = p.kmsMasterKeyId;
            if (p.policy) attributes.Policy = p.policy;
            const { TopicArn } = await clients.sns.send(
                new CreateTopicCommand({
                    Name: topic,
                    Attributes: attributes,
                    Tags: Object.entries(p.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
                }),
            );
            return { physical: TopicArn!, outs: { name: topic, arn: TopicArn! } };
        },
        async delete({ clients }, id) {
            await clients.sns.send(new DeleteTopicCommand({ TopicArn: id }));
        },
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        async create({ clients }, _n, p) {
            const { SubscriptionArn } = await clients.sns.send(
                new SubscribeCommand({ TopicArn: p.topic, Protocol: p.protocol, Endpoint: p.endpoint, ReturnSubscriptionArn: true }),
            );
            return { physical: SubscriptionArn!, outs: { arn: SubscriptionArn } };
        },
        async delete({ clients }, id) {
            await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: id }));
        },
    },
    "aws:lambda/eventSourceMapping:EventSourceMapping": {
        // SQS mappings only (RECORDED_ONLY keeps the rest), created disabled: moto runs an enabled
        // SQS mapping's function in Docker on every message; the local runtime plays it instead.
        async create({ clients }, _n, p) {
            const out = await clients.lambda.send(
                new CreateEventSourceMappingCommand({
                    EventSourceArn: p.eventSourceArn,
                    FunctionName: p.functionName,
                    Enabled: false,
                    BatchSize: p.batchSize,
                    MaximumBatchingWindowInSeconds: p.maximumBatchingWindowInSeconds,
                    FunctionResponseTypes: p.functionResponseTypes,
                    ScalingConfig: p.scalingConfig && { MaximumConcurrency: p.scalingConfig.maximumConcurrency },
                }),
            );
            return { physical: out.UUID!, outs: { uuid: out.UUID, arn: out.EventSourceMappingArn, functionArn: out.FunctionArn, state: out.State } };
        },
        async delete({ clients }, id) {
            await clients.lambda.send(new DeleteEventSourceMappingCommand({ UUID: id }));
        },
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        async create({ clients }, _n, p) {
            await clients.sns.send(new SetTopicAttributesCommand({ TopicArn: p.arn, AttributeName: "Policy", AttributeValue: p.policy }));
            return { physical: p.arn };
        },
    },
    "aws:dynamodb/table:Table": {
        async create({ clients }, name, p) {
            const table = autoName(name, p.name);
            const keys = [
                { AttributeName: p.hashKey, KeyType: "HASH" as const },
                ...(p.rangeKey ? [{ AttributeName: p.rangeKey, KeyType: "RANGE" as const }] : []),
            ];
            const out = await clients.dynamodb.send(
                new CreateDynamoTableCommand({
                    TableName: table,
                    BillingMode: p.billingMode,
                    AttributeDefinitions: (p.attributes ?? []).map((a: any) => ({ AttributeName: a.name, AttributeType: a.type })),
                    KeySchema: keys,
                    ProvisionedThroughput:
                        p.billingMode === "PROVISIONED" ? { ReadCapacityUnits: p.readCapacity, WriteCapacityUnits: p.writeCapacity } : undefined,
                    SSESpecification: p.serverSideEncryption?.enabled
                        ? { Enabled: true, SSEType: "KMS", KMSMasterKeyId: p.serverSideEncryption.kmsKeyArn }
                        : undefined,
                    GlobalSecondaryIndexes: p.globalSecondaryIndexes?.length ? p.globalSecondaryIndexes.map(globalSecondaryIndex) : undefined,
                }),
            );
            return { physical: table, outs: { name: table, arn: out.TableDescription!.TableArn! } };
        },
        async delete({ clients }, id) {
            await clients.dynamodb.send(new DeleteDynamoTableCommand({ TableName: id }));
        },
    },
    "aws:athena/workgroup:Workgroup": {
        async create({ clients, region, account }, _n, p) {
            const c = p.configuration ?? {};
            const r = c.resultConfiguration;
            await clients.athena.send(
                new CreateWorkGroupCommand({
                    Name: p.name,
                    Description: p.description,
                    Configuration: {
                        BytesScannedCutoffPerQuery: c.bytesScannedCutoffPerQuery,
                        EnforceWorkGroupConfiguration: c.enforceWorkgroupConfiguration,
                        PublishCloudWatchMetricsEnabled: c.publishCloudwatchMetricsEnabled,
                        RequesterPaysEnabled: c.requesterPaysEnabled,
                        EngineVersion: c.engineVersion && { SelectedEngineVersion: c.engineVersion.selectedEngineVersion },
                        ResultConfiguration: r && {
                            OutputLocation: r.outputLocation,
                            EncryptionConfiguration: r.encryptionConfiguration && {
                                EncryptionOption: r.encryptionConfiguration.encryptionOption,
                                KmsKey: r.encryptionConfiguration.kmsKeyArn,
                            },
                        },
                    },
                    Tags: Object.entries(p.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
                }),
            );
            return { physical: p.name, outs: { arn: `arn:aws:athena:${region}:${account}:workgroup/${p.name}` } };
        },
        async delete({ clients }, id) {
            await clients.athena.send(new DeleteWorkGroupCommand({ WorkGroup: id, RecursiveDeleteOption: true }));
        },
    },
    "aws:athena/namedQuery:NamedQuery": {
        async create({ clients }, _n, p) {
            const { NamedQueryId } = await clients.athena.send(
                new CreateNamedQueryCommand({ Name: p.name, Description: p.description, Database: p.database, QueryString: p.query, WorkGroup: p.workgroup }),
            );
            return { physical: NamedQueryId! };
        },
        // No delete: moto 5.2.5 has no DeleteNamedQuery (it answers 404); the workgroup's
        // recursive delete removes its named queries, as in AWS.
    },
    "aws:cloudtrail/trail:Trail": {
        async create({ clients }, _n, p) {
            const out = await clients.cloudtrail.send(
                new CreateTrailCommand({
                    Name: p.name,
                    S3BucketName: p.s3BucketName,
                    S3KeyPrefix: p.s3KeyPrefix,
                    IncludeGlobalServiceEvents: p.includeGlobalServiceEvents,
                    IsMultiRegionTrail: p.isMultiRegionTrail,
                    EnableLogFileValidation: p.enableLogFileValidation,
                    CloudWatchLogsLogGroupArn: p.cloudWatchLogsGroupArn,
                    CloudWatchLogsRoleArn: p.cloudWatchLogsRoleArn,
                    KmsKeyId: p.kmsKeyId,
                    TagsList: Object.entries(p.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
                }),
            );
            return { physical: p.name, id: out.TrailARN ?? p.name, outs: { arn: out.TrailARN } };
        },
        async delete({ clients }, _id, s) {
            await clients.cloudtrail.send(new DeleteTrailCommand({ Name: s.name }));
        },
    },
    "aws:apigateway/restApi:RestApi": {
        async create({ clients, region, account }, name, p) {
            const apiName = autoName(name, p.name);
            const api = await clients.apigateway.send(
                new CreateRestApiCommand({
                    name: apiName,
                    description: p.description,
                    apiKeySource: p.apiKeySource,
                    endpointConfiguration: p.endpointConfiguration && { types: [].concat(p.endpointConfiguration.types) as EndpointType[] },
                    tags: p.tags,
                }),
            );
            const id = api.id!;
            return {
                physical: id,
                outs: {
                    name: apiName,
                    rootResourceId: api.rootResourceId,
                    executionArn: `arn:aws:execute-api:${region}:${account}:${id}`,
                    arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
                },
            };
        },
        async delete({ clients }, id) {
            await clients.apigateway.send(new DeleteRestApiCommand({ restApiId: id }));
        },
    },
    "aws:apigateway/resource:Resource": {
        async create({ clients }, _n, p) {
            const r = await clients.apigateway.send(new CreateResourceCommand({ restApiId: p.restApi, parentId: p.parentId, pathPart: p.pathPart }));
            return { physical: r.id!, outs: { path: r.path } };
        },
    },
    "aws:apigateway/method:Method": {
        async create({ clients }, _n, p) {
            await clients.apigateway.send(
                new PutMethodCommand({
                    restApiId: p.restApi,
                    resourceId: p.resourceId,
                    httpMethod: p.httpMethod,
                    authorizationType: p.authorization,
                    apiKeyRequired: p.apiKeyRequired,
                    requestParameters: p.requestParameters,
                }),
            );
            return { physical: `${p.restApi}/${p.resourceId}/${p.httpMethod}` };
        },
    },
    "aws:apigateway/integration:Integration": {
        async create({ clients }, _n, p) {
            await clients.apigateway.send(
                new PutIntegrationCommand({
                    restApiId: p.restApi,
                    resourceId: p.resourceId,
                    httpMethod: p.httpMethod,
                    type: p.type,
                    integrationHttpMethod: p.integrationHttpMethod,
                    uri: p.uri,
                    requestParameters: p.requestParameters,
                }),
            );
            return { physical: `${p.restApi}/${p.resourceId}/${p.httpMethod}/integration` };
        },
    },
    "aws:apigateway/deployment:Deployment": {
        async create({ clients }, _n, p) {
            const d = await clients.apigateway.send(new CreateDeploymentCommand({ restApiId: p.restApi, description: p.description }));
            return { physical: d.id! };
        },
    },
    "aws:apigateway/stage:Stage": {
        async create({ clients, region }, _n, p) {
            await clients.apigateway.send(
                new CreateStageCommand({
                    restApiId: p.restApi,
                    stageName: p.stageName,
                    deploymentId: p.deployment,
                    tracingEnabled: p.xrayTracingEnabled,
                    tags: p.tags,
                }),
            );
            if (p.accessLogSettings) {
                await clients.apigateway.send(
                    new UpdateStageCommand({
                        restApiId: p.restApi,
                        stageName: p.stageName,
                        patchOperations: [
                            { op: "replace", path: "/accessLogSettings/destinationArn", value: p.accessLogSettings.destinationArn },
                            { op: "replace", path: "/accessLogSettings/format", value: p.accessLogSettings.format },
                        ],
                    }),
                );
            }
            return {
                physical: `${p.restApi}/${p.stageName}`,
                id: `ags-${p.restApi}-${p.stageName}`,
                outs: { invokeUrl: `https://${p.restApi}.execute-api.${region}.amazonaws.com/${p.stageName}` },
            };
        },
    },
    "aws:apigateway/methodSettings:MethodSettings": {
        async create({ clients }, _n, p) {
            const s = p.settings ?? {};
            const names: Record<string, string> = {
                metricsEnabled: "metrics/enabled",
                loggingLevel: "logging/loglevel",
                dataTraceEnabled: "logging/dataTrace",
                throttlingBurstLimit: "throttling/burstLimit",
                throttlingRateLimit: "throttling/rateLimit",
            };
            const patchOperations = Object.entries(names)
                .filter(([k]) => s[k] !== undefined)
                .map(([k, path]) => ({ op: "replace" as const, path: `/${p.methodPath}/${path}`, value: String(s[k]) }));
            await clients.apigateway.send(new UpdateStageCommand({ restApiId: p.restApi, stageName: p.stageName, patchOperations }));
            return { physical: `${p.restApi}/${p.stageName}/${p.methodPath}` };
        },
    },
    "aws:apigateway/account:Account": {
        async create({ clients }, _n, p) {
            await clients.apigateway.send(
                new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: p.cloudwatchRoleArn }] }),
            );
            return { physical: "api-gateway-account" };
        },
    },
    "aws:apigateway/apiKey:ApiKey": {
        async create({ clients }, name, p) {
            const key = await clients.apigateway.send(
                new CreateApiKeyCommand({ name: autoName(name, p.name), description: p.description, enabled: p.enabled, value: p.value, tags: p.tags }),
            );
            return { physical: key.id!, outs: { name: key.name, value: key.value } };
        },
    },
    "aws:apigateway/usagePlan:UsagePlan": {
        async create({ clients }, name, p) {
            const plan = await clients.apigateway.send(
                new CreateUsagePlanCommand({
                    name: autoName(name, p.name),
                    description: p.description,
                    apiStages: (p.apiStages ?? []).map((s: any) => ({ apiId: s.apiId, stage: s.stage })),
                    throttle: p.throttleSettings && { burstLimit: p.throttleSettings.burstLimit, rateLimit: p.throttleSettings.rateLimit },
                    tags: p.tags,
                }),
            );
            return { physical: plan.id!, outs: { name: plan.name } };
        },
    },
    "aws:apigateway/usagePlanKey:UsagePlanKey": {
        async create({ clients }, _n, p) {
            const k = await clients.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: p.usagePlanId, keyId: p.keyId, keyType: p.keyType }));
            return { physical: `${p.usagePlanId}/${k.id}`, id: k.id! };
        },
    },
};

/** Pulumi `aws.sqs.Queue` inputs -> SQS CreateQueue attributes (only those set). */
export function queueAttributes(props: Inputs): Record<string, string> {
    const names: Record<string, string> = {
        delaySeconds: "DelaySeconds",
        maxMessageSize: "MaximumMessageSize",
        messageRetentionSeconds: "MessageRetentionPeriod",
        receiveWaitTimeSeconds: "ReceiveMessageWaitTimeSeconds",
        visibilityTimeoutSeconds: "VisibilityTimeout",
        redrivePolicy: "RedrivePolicy",
        redriveAllowPolicy: "RedriveAllowPolicy",
        kmsMasterKeyId: "KmsMasterKeyId",
        kmsDataKeyReusePeriodSeconds: "KmsDataKeyReusePeriodSeconds",
        sqsManagedSseEnabled: "SqsManagedSseEnabled",
        fifoQueue: "FifoQueue",
        contentBasedDeduplication: "ContentBasedDeduplication",
        policy: "Policy",
    };
    const out: Record<string, string> = {};
    for (const [prop, attribute] of Object.entries(names)) {
        const v = props[prop];
        if (v !== undefined && v !== null && v !== "") out[attribute] = String(v);
    }
    return out;
}

/** Why a resource of an emulated type is recorded only (see the module comment), or undefined. */
const RECORDED_ONLY: Record<string, (p: Inputs, recordedRules: Set<string>) => string | undefined> = {
    "aws:s3/bucketPolicy:BucketPolicy": () => "moto evaluates bucket policy conditions without the request's context (TLS, SSE headers)",
    "aws:s3/bucketLogging:BucketLogging": () =>
        "moto looks for the logging service's grant in the target's bucket policy, and bucket policies are recorded only",
    "aws:cloudwatch/eventRule:EventRule": (p) =>
        p.scheduleExpression !== undefined ? "scheduled rule: with one on the default bus moto 5.2.5 stops delivering S3 events" : undefined,
    "aws:cloudwatch/eventTarget:EventTarget": (p, recorded) => (recorded.has(p.rule) ? "target of a recorded-only rule" : undefined),
    "aws:lambda/eventSourceMapping:EventSourceMapping": (p) =>
        String(p.eventSourceArn).startsWith("arn:aws:sqs:")
            ? undefined
            : "moto 5.2.5 invokes a Kinesis mapping's function in Docker on every put, Enabled or not; the local runtime plays the mapping",
};

/** The emulator side of the double: creates, deletes, and says why a resource is recorded only. */
export class Emulator {
    private readonly ctx: Ctx;
    /** Names of rules recorded only in this run (their targets follow them). */
    private readonly recordedRules = new Set<string>();

    constructor(endpoint: string, region: string, account: string, credentials?: EmulatorConfig["credentials"]) {
        const config = emulatorConfig(endpoint, region);
        this.ctx = { clients: emulatorClients({ ...config, credentials: credentials ?? config.credentials }), region, account };
    }

    /** Why `type` is not created in the emulator (no handler, or a recorded-only case), else undefined. */
    recordedOnly(type: string, inputs: Inputs): string | undefined {
        const reason = RECORDED_ONLY[type]?.(inputs, this.recordedRules);
        if (reason) return reason;
        return HANDLERS[type] ? undefined : "the emulator has no such resource (or the double no provisioner for it)";
    }

    /** Creates it, or returns the reason it is recorded only. Errors are the emulator's refusals. */
    async create(type: string, name: string, inputs: Inputs, mockName: string | undefined): Promise<Made | { reason: string }> {
        const reason = this.recordedOnly(type, inputs);
        if (reason) {
            if (type === "aws:cloudwatch/eventRule:EventRule" && mockName) this.recordedRules.add(mockName);
            return { reason };
        }
        return HANDLERS[type].create(this.ctx, name, inputs);
    }

    /** Deletes what `create` made; false for a resource that was recorded only. */
    async delete(type: string, id: string, state: Inputs): Promise<boolean> {
        if (type === "aws:cloudwatch/eventTarget:EventTarget" && !id.includes("/")) return false; // its rule was recorded only
        if (this.recordedOnly(type, state)) return false;
        await HANDLERS[type].delete?.(this.ctx, id, state);
        return true;
    }
}
