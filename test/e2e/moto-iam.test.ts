/**
 * What moto (through harness/moto_server.py) enforces of IAM, measured for each call the lake's
 * functions and event source mappings make (local/README.md's table comes from this run). For each
 * call a role is made with the statement under test (plus what else the call needs) and assumed:
 * the call must pass; without that statement it must be refused (the action is checked); with the
 * statement on another resource it must be refused (the resource is checked). Rows where moto
 * checks less say so in `enforced`, and the test holds moto to exactly that, so an upgrade that
 * changes it fails here.
 */
import { expect } from "chai";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
    CopyObjectCommand,
    CreateBucketCommand,
    CreateMultipartUploadCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    GetObjectTaggingCommand,
    HeadObjectCommand,
    ListObjectsV2Command,
    PutObjectCommand,
    PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import {
    ChangeMessageVisibilityBatchCommand,
    CreateQueueCommand,
    DeleteMessageBatchCommand,
    GetQueueAttributesCommand,
    ReceiveMessageCommand,
    SendMessageBatchCommand,
    SendMessageCommand,
} from "@aws-sdk/client-sqs";
import {
    CreateStreamCommand,
    DescribeStreamSummaryCommand,
    GetRecordsCommand,
    GetShardIteratorCommand,
    ListShardsCommand,
    PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { CreateTableCommand, QueryCommand, BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateJobCommand, StartJobRunCommand } from "@aws-sdk/client-glue";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { emulatorClients, emulatorConfig, type Clients } from "../../harness/aws-double/emulator";
import { useMoto } from "../../harness/moto";

type Statement = { Effect: "Allow"; Action: string | string[]; Resource: string | string[]; Condition?: object };
const allow = (Action: string | string[], Resource: string | string[], Condition?: object): Statement => ({
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition && { Condition }),
});

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

interface World {
    bucket: string;
    other: string;
    queueUrl: string;
    queueArn: string;
    otherQueueArn: string;
    stream: string;
    keyArn: string;
}

interface Row {
    call: string;
    /** The statement under test. */
    statement: (w: World) => Statement;
    /** Its Resource swapped for another resource of the same kind; undefined where the action has no resource. */
    elsewhere?: (w: World) => string;
    /** Other statements the call needs. */
    also?: (w: World) => Statement[];
    run: (c: Clients, w: World) => Promise<unknown>;
    /** What moto checks of this statement (the test holds it to exactly this). */
    enforced: { action: boolean; resource: boolean };
}

const W = { bucket: "iam-probe-data", other: "iam-probe-other", stream: "iam-probe-stream" };
const obj = (b: string, k = "*") => `arn:aws:s3:::${b}/${k}`;

const ROWS: Row[] = [
    {
        call: "S3 PutObject",
        statement: (w) => allow("s3:PutObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new PutObjectCommand({ Bucket: w.bucket, Key: "k/new.csv", Body: "a" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 GetObject",
        statement: (w) => allow("s3:GetObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new GetObjectCommand({ Bucket: w.bucket, Key: "k/seed.csv" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 HeadObject (s3:GetObject)",
        statement: (w) => allow("s3:GetObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new HeadObjectCommand({ Bucket: w.bucket, Key: "k/seed.csv" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 CopyObject: write to the target (s3:PutObject)",
        statement: (w) => allow("s3:PutObject", obj(w.other)),
        elsewhere: (w) => obj(w.bucket),
        also: (w) => [allow("s3:GetObject", obj(w.bucket))],
        run: (c, w) => c.s3.send(new CopyObjectCommand({ Bucket: w.other, Key: "copied.csv", CopySource: `${w.bucket}/k/seed.csv` })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 CopyObject: read of the source (s3:GetObject)",
        statement: (w) => allow("s3:GetObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        also: (w) => [allow("s3:PutObject", obj(w.other))],
        run: (c, w) => c.s3.send(new CopyObjectCommand({ Bucket: w.other, Key: "copied.csv", CopySource: `${w.bucket}/k/seed.csv` })),
        enforced: { action: false, resource: false },
    },
    {
        call: "S3 CreateMultipartUpload (s3:PutObject)",
        statement: (w) => allow("s3:PutObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new CreateMultipartUploadCommand({ Bucket: w.bucket, Key: "k/big.parquet" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 DeleteObject",
        statement: (w) => allow("s3:DeleteObject", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new DeleteObjectCommand({ Bucket: w.bucket, Key: "k/gone.csv" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 GetObjectTagging",
        statement: (w) => allow("s3:GetObjectTagging", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new GetObjectTaggingCommand({ Bucket: w.bucket, Key: "k/seed.csv" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 PutObjectTagging",
        statement: (w) => allow("s3:PutObjectTagging", obj(w.bucket)),
        elsewhere: (w) => obj(w.other),
        run: (c, w) => c.s3.send(new PutObjectTaggingCommand({ Bucket: w.bucket, Key: "k/seed.csv", Tagging: { TagSet: [{ Key: "a", Value: "b" }] } })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 ListObjectsV2 (s3:ListBucket)",
        statement: (w) => allow("s3:ListBucket", `arn:aws:s3:::${w.bucket}`),
        elsewhere: (w) => `arn:aws:s3:::${w.other}`,
        run: (c, w) => c.s3.send(new ListObjectsV2Command({ Bucket: w.bucket })),
        enforced: { action: true, resource: true },
    },
    {
        call: "S3 PutObject with SSE-KMS (kms:GenerateDataKey on the key)",
        statement: (w) => allow("kms:GenerateDataKey", w.keyArn),
        elsewhere: () => arn("kms", "key/00000000-0000-0000-0000-000000000000"),
        also: (w) => [allow("s3:PutObject", obj(w.bucket))],
        run: (c, w) =>
            c.s3.send(new PutObjectCommand({ Bucket: w.bucket, Key: "k/enc.csv", Body: "a", ServerSideEncryption: "aws:kms", SSEKMSKeyId: w.keyArn })),
        enforced: { action: false, resource: false },
    },
    {
        call: "SQS SendMessage",
        statement: (w) => allow("sqs:SendMessage", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) => c.sqs.send(new SendMessageCommand({ QueueUrl: w.queueUrl, MessageBody: "m" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "SQS SendMessageBatch (sqs:SendMessage)",
        statement: (w) => allow("sqs:SendMessage", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) => c.sqs.send(new SendMessageBatchCommand({ QueueUrl: w.queueUrl, Entries: [{ Id: "1", MessageBody: "m" }] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "SQS ReceiveMessage",
        statement: (w) => allow("sqs:ReceiveMessage", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) => c.sqs.send(new ReceiveMessageCommand({ QueueUrl: w.queueUrl, MaxNumberOfMessages: 1 })),
        enforced: { action: true, resource: true },
    },
    {
        call: "SQS DeleteMessageBatch (sqs:DeleteMessage)",
        statement: (w) => allow("sqs:DeleteMessage", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) => c.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: w.queueUrl, Entries: [{ Id: "1", ReceiptHandle: "none" }] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "SQS ChangeMessageVisibilityBatch (sqs:ChangeMessageVisibility)",
        statement: (w) => allow("sqs:ChangeMessageVisibility", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) =>
            c.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: w.queueUrl, Entries: [{ Id: "1", ReceiptHandle: "none", VisibilityTimeout: 0 }] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "SQS GetQueueAttributes",
        statement: (w) => allow("sqs:GetQueueAttributes", w.queueArn),
        elsewhere: (w) => w.otherQueueArn,
        run: (c, w) => c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: w.queueUrl, AttributeNames: ["All"] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Kinesis PutRecords",
        statement: (w) => allow("kinesis:PutRecords", arn("kinesis", `stream/${w.stream}`)),
        elsewhere: () => arn("kinesis", "stream/elsewhere"),
        run: (c, w) => c.kinesis.send(new PutRecordsCommand({ StreamName: w.stream, Records: [{ Data: Buffer.from("{}"), PartitionKey: "p" }] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Kinesis DescribeStreamSummary",
        statement: (w) => allow("kinesis:DescribeStreamSummary", arn("kinesis", `stream/${w.stream}`)),
        elsewhere: () => arn("kinesis", "stream/elsewhere"),
        run: (c, w) => c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: w.stream })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Kinesis ListShards",
        statement: (w) => allow("kinesis:ListShards", arn("kinesis", `stream/${w.stream}`)),
        elsewhere: () => arn("kinesis", "stream/elsewhere"),
        run: (c, w) => c.kinesis.send(new ListShardsCommand({ StreamName: w.stream })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Kinesis GetShardIterator",
        statement: (w) => allow("kinesis:GetShardIterator", arn("kinesis", `stream/${w.stream}`)),
        elsewhere: () => arn("kinesis", "stream/elsewhere"),
        run: (c, w) =>
            c.kinesis.send(new GetShardIteratorCommand({ StreamName: w.stream, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Kinesis GetRecords (stream from the iterator)",
        statement: (w) => allow("kinesis:GetRecords", arn("kinesis", `stream/${w.stream}`)),
        elsewhere: () => arn("kinesis", "stream/elsewhere"),
        also: (w) => [allow("kinesis:GetShardIterator", arn("kinesis", `stream/${w.stream}`))],
        run: async (c, w) => {
            const { ShardIterator } = await c.kinesis.send(
                new GetShardIteratorCommand({ StreamName: w.stream, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
            );
            return c.kinesis.send(new GetRecordsCommand({ ShardIterator }));
        },
        enforced: { action: true, resource: true },
    },
    {
        call: "Firehose PutRecordBatch",
        statement: () => allow("firehose:PutRecordBatch", arn("firehose", "deliverystream/iam-probe-delivery")),
        elsewhere: () => arn("firehose", "deliverystream/elsewhere"),
        run: (c) => c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: "iam-probe-delivery", Records: [{ Data: Buffer.from("{}\n") }] })),
        enforced: { action: true, resource: true },
    },
    {
        call: "DynamoDB Query",
        statement: () => allow("dynamodb:Query", arn("dynamodb", "table/iam-probe-table")),
        elsewhere: () => arn("dynamodb", "table/elsewhere"),
        run: (c) =>
            c.dynamodb.send(
                new QueryCommand({ TableName: "iam-probe-table", KeyConditionExpression: "pk = :k", ExpressionAttributeValues: { ":k": { S: "a" } } }),
            ),
        enforced: { action: true, resource: true },
    },
    {
        call: "DynamoDB BatchWriteItem",
        statement: () => allow("dynamodb:BatchWriteItem", arn("dynamodb", "table/iam-probe-table")),
        elsewhere: () => arn("dynamodb", "table/elsewhere"),
        run: (c) =>
            c.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { "iam-probe-table": [{ PutRequest: { Item: { pk: { S: "a" }, sk: { S: "b" } } } }] } })),
        enforced: { action: true, resource: true },
    },
    {
        call: "Glue StartJobRun",
        statement: () => allow("glue:StartJobRun", arn("glue", "job/iam-probe-job")),
        elsewhere: () => arn("glue", "job/elsewhere"),
        run: (c) => c.glue.send(new StartJobRunCommand({ JobName: "iam-probe-job" })),
        enforced: { action: true, resource: true },
    },
    {
        call: "CloudWatch PutMetricData (no resource in AWS)",
        statement: () => allow("cloudwatch:PutMetricData", "*"),
        run: (c) => c.cloudwatch.send(new PutMetricDataCommand({ Namespace: "Probe", MetricData: [{ MetricName: "m", Value: 1 }] })),
        enforced: { action: true, resource: false },
    },
];

/**
 * "allowed", or moto's HTTP status and the SDK's error name. moto answers a refusal of a JSON
 * service in IAM's XML, which the SDK cannot parse (a SyntaxError with status 403), and a
 * refused HEAD has no body: the status is what tells.
 */
async function outcome(run: () => Promise<unknown>): Promise<string> {
    try {
        await run();
        return "allowed";
    } catch (e) {
        return `${(e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode} ${(e as Error).name}`;
    }
}

const refused = (o: string) => o.startsWith("403 ");

describe("moto's IAM enforcement, measured for the calls the lake's functions make", function () {
    this.timeout(120_000);
    const moto = useMoto();
    let admin: Clients;
    let world: World;
    let roleCount = 0;

    /** Clients with the credentials of a fresh role holding `statements`. */
    async function asRole(statements: Statement[]): Promise<Clients> {
        const name = `probe-${++roleCount}`;
        const role = await admin.iam.send(
            new CreateRoleCommand({
                RoleName: name,
                AssumeRolePolicyDocument: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            }),
        );
        // A role with no statement at all: an unrelated one, so "without" differs only by the statement under test.
        const document = { Version: "2012-10-17", Statement: statements.length ? statements : [allow("sns:Publish", "*")] };
        await admin.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "p", PolicyDocument: JSON.stringify(document) }));
        const creds = (await moto().assumeRoles([role.Role!.Arn!], name)).get(role.Role!.Arn!)!;
        return emulatorClients({ ...emulatorConfig(moto().endpoint, REGION), credentials: creds as { accessKeyId: string; secretAccessKey: string } });
    }

    before(async () => {
        const key = await moto().enforceIam();
        admin = emulatorClients({ ...emulatorConfig(moto().endpoint, REGION), credentials: key });
        for (const b of [W.bucket, W.other]) {
            await admin.s3.send(new CreateBucketCommand({ Bucket: b, CreateBucketConfiguration: { LocationConstraint: REGION } }));
        }
        await admin.s3.send(new PutObjectCommand({ Bucket: W.bucket, Key: "k/seed.csv", Body: "a,b\n1,2\n" }));
        const queueUrl = (await admin.sqs.send(new CreateQueueCommand({ QueueName: "iam-probe-queue" }))).QueueUrl!;
        const otherUrl = (await admin.sqs.send(new CreateQueueCommand({ QueueName: "iam-probe-other" }))).QueueUrl!;
        const queueArn = async (url: string) =>
            (await admin.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
        await admin.kinesis.send(new CreateStreamCommand({ StreamName: W.stream, ShardCount: 1 }));
        await admin.firehose.send(
            new CreateDeliveryStreamCommand({
                DeliveryStreamName: "iam-probe-delivery",
                ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${W.bucket}`, RoleARN: arn("iam", "role/none").replace(`:${REGION}`, "") },
            }),
        );
        await admin.dynamodb.send(
            new CreateTableCommand({
                TableName: "iam-probe-table",
                BillingMode: "PAY_PER_REQUEST",
                AttributeDefinitions: [
                    { AttributeName: "pk", AttributeType: "S" },
                    { AttributeName: "sk", AttributeType: "S" },
                ],
                KeySchema: [
                    { AttributeName: "pk", KeyType: "HASH" },
                    { AttributeName: "sk", KeyType: "RANGE" },
                ],
            }),
        );
        await admin.glue.send(
            new CreateJobCommand({ Name: "iam-probe-job", Role: "r", Command: { Name: "glueetl", ScriptLocation: `s3://${W.bucket}/job.py` } }),
        );
        const keyArn = (await admin.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
        world = { ...W, queueUrl, queueArn: await queueArn(queueUrl), otherQueueArn: await queueArn(otherUrl), keyArn };
    });

    it("refuses the emulator's test credentials once enforced (signature and key are checked)", async () => {
        const anonymous = emulatorClients(emulatorConfig(moto().endpoint, REGION));
        expect(await outcome(() => anonymous.s3.send(new ListObjectsV2Command({ Bucket: W.bucket })))).to.equal("403 InvalidAccessKeyId");
    });

    for (const row of ROWS) {
        it(`${row.call}: action ${row.enforced.action ? "checked" : "NOT checked"}, resource ${row.enforced.resource ? "checked" : "NOT checked"}`, async () => {
            const also = row.also?.(world) ?? [];
            const granted = await outcome(async () => row.run(await asRole([row.statement(world), ...also]), world));
            expect(granted, "with the statement").to.equal("allowed");
            const without = await outcome(async () => row.run(await asRole(also), world));
            expect(refused(without), `without the statement: ${without}`).to.equal(row.enforced.action);
            if (row.elsewhere) {
                const moved = await outcome(async () => row.run(await asRole([{ ...row.statement(world), Resource: row.elsewhere!(world) }, ...also]), world));
                expect(refused(moved), `statement on another resource: ${moved}`).to.equal(row.enforced.resource);
            }
        });
    }

    it("does not evaluate identity-policy conditions: an Allow whose condition cannot hold still allows", async () => {
        const impossible = { StringEquals: { "kms:ViaService": "nowhere.amazonaws.com", "aws:SourceVpc": "vpc-none" } };
        const c = await asRole([allow("s3:GetObject", obj(world.bucket), impossible)]);
        expect(await outcome(() => c.s3.send(new GetObjectCommand({ Bucket: world.bucket, Key: "k/seed.csv" })))).to.equal("allowed");
    });
});
