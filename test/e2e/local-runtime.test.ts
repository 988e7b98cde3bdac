/**
 * The local lake's building blocks: the emulated SQS event source mapping against moto (partial
 * batch responses, retries, redrive to the DLQ), and the engine deploying the stack into moto
 * through the provider double's emulator mode, then destroying it.
 */
import { expect } from "chai";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DescribeRuleCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import {
    GetBucketEncryptionCommand,
    GetBucketNotificationConfigurationCommand,
    GetBucketVersioningCommand,
    ListBucketsCommand,
    PutObjectCommand,
} from "@aws-sdk/client-s3";
import { DescribeDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListAliasesCommand } from "@aws-sdk/client-kms";
import { GetTableCommand } from "@aws-sdk/client-glue";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import * as fs from "node:fs";
import * as path from "node:path";
import { drainQueues, queueDepth, type LocalFunction } from "../../local/runtime";
import { deployLocalStack } from "../../local/deploy";
import { emulatorClients, emulatorConfig, queueAttributes, type Clients } from "../../harness/aws-double/emulator";
import { LOCAL_ENGINE_DIR } from "../../automation/engine";
import { useMoto } from "../../harness/moto";

describe("local lake: emulator provisioning helpers", () => {
    it("maps queue inputs to SQS attributes, leaving unset ones out", () => {
        expect(
            queueAttributes({ visibilityTimeoutSeconds: 1800, redrivePolicy: '{"maxReceiveCount":3}', kmsMasterKeyId: "arn:k", fifoQueue: undefined }),
        ).to.deep.equal({
            VisibilityTimeout: "1800",
            RedrivePolicy: '{"maxReceiveCount":3}',
            KmsMasterKeyId: "arn:k",
        });
    });
});

describe("local lake: emulated SQS event source mapping (moto)", function () {
    this.timeout(60_000);
    const moto = useMoto();

    it("deletes what succeeded, retries the reported failures and lets SQS move a poison message to the DLQ", async () => {
        const sqs = new SQSClient(moto().clientConfig);
        const dlq = await sqs.send(new CreateQueueCommand({ QueueName: "esm-dlq" }));
        const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
        const queue = await sqs.send(
            new CreateQueueCommand({
                QueueName: "esm-events",
                Attributes: { VisibilityTimeout: "1800", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
            }),
        );
        for (const body of ["ok-1", "poison", "ok-2", "flaky"]) await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: body }));

        const seen: string[] = [];
        let flakyFailed = false;
        const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
            seen.push(...event.Records.map((r) => r.body));
            const failures = event.Records.filter((r) => r.body === "poison" || (r.body === "flaky" && !flakyFailed));
            if (failures.some((r) => r.body === "flaky")) flakyFailed = true;
            return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
        };
        const clients = { sqs } as unknown as Clients;
        const fn: LocalFunction = { name: "fn", code: "test", env: {}, timeoutSeconds: 30, memoryMb: 128, handler, roleArn: "arn:r", clients, published: [] };
        const mapping = { name: "m", queueUrl: queue.QueueUrl!, queueArn: "arn:q", batchSize: 10, reportsBatchItemFailures: true, fn };

        const stats = await drainQueues([mapping], clients, { region: moto().region, timeoutMs: 30_000 });

        expect(seen.filter((b) => b === "ok-1")).to.have.length(1);
        expect(seen.filter((b) => b === "ok-2")).to.have.length(1);
        expect(seen.filter((b) => b === "flaky")).to.have.length(2);
        expect(seen.filter((b) => b === "poison")).to.have.length(2);
        expect(stats.m).to.include({ failedMessages: 3, handlerErrors: 0 });
        expect(await queueDepth(clients, queue.QueueUrl!)).to.equal(0);
        expect(await queueDepth(clients, dlq.QueueUrl!)).to.equal(1);
    });

    it("retries the whole batch when the handler throws", async () => {
        const sqs = new SQSClient(moto().clientConfig);
        const queue = await sqs.send(new CreateQueueCommand({ QueueName: "esm-throws" }));
        await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: "a" }));
        let calls = 0;
        const handler = async (): Promise<SQSBatchResponse> => {
            if (++calls === 1) throw new Error("cold start failed");
            return { batchItemFailures: [] };
        };
        const fn: LocalFunction = {
            name: "fn",
            code: "test",
            env: {},
            timeoutSeconds: 30,
            memoryMb: 128,
            handler,
            roleArn: "arn:r",
            clients: { sqs } as unknown as Clients,
            published: [],
        };
        const stats = await drainQueues(
            [{ name: "m", queueUrl: queue.QueueUrl!, queueArn: "arn:q", batchSize: 10, reportsBatchItemFailures: true, fn }],
            { sqs } as unknown as Clients,
            { region: moto().region, timeoutMs: 30_000 },
        );
        expect(calls).to.equal(2);
        expect(stats.m).to.include({ invocations: 2, handlerErrors: 1, failedMessages: 1 });
    });
});

describe("local lake: the engine deploys the stack into moto (provider double in emulator mode)", function () {
    this.timeout(300_000);
    const moto = useMoto();
    before(function () {
        if (!fs.existsSync(path.join(LOCAL_ENGINE_DIR, "bin", "pulumi"))) this.skip(); // scripts/setup-pulumi.sh builds the CLI (needs Go)
    });
    // dev plus a Kinesis-fed stream, so the Kinesis source path is provisioned too.
    const overrides = {
        streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "telemetry", source: "kinesis", shards: 1 }],
    };

    it("creates the wiring in the emulator with its own names, keys and ARNs, and destroy removes it", async () => {
        const deployment = await deployLocalStack({
            stack: "dev",
            endpoint: moto().endpoint,
            onOutput: () => undefined,
            config: { "datalake:streams": JSON.stringify(overrides.streams) },
        });
        const { resources: recorded, prov } = deployment;
        const clients = emulatorClients(emulatorConfig(moto().endpoint, moto().region));
        const named = (type: string, name: string) => {
            const r = recorded.find((x) => x.type === type && x.name === name);
            if (!r) throw new Error(`no ${type} ${name}`);
            return r;
        };
        const landingBucket = prov.physical.get(named("aws:s3/bucket:Bucket", "lake-drop-bucket").urn)!;
        const dropKey = named("aws:kms/key:Key", "lake-drop-key");
        const landingKeyArn = dropKey.outputs.arn;
        const queue = named("aws:sqs/queue:Queue", "lake-drop-queue");
        const dlq = named("aws:sqs/queue:Queue", "lake-drop-dlq");
        // Auto-named by the double as Pulumi does, not the mocks' fixed suffix: nothing works by coincidence of names.
        expect(landingBucket)
            .to.match(/^lake-drop-bucket-[0-9a-f]{7}$/)
            .and.not.equal("lake-drop-bucket-a1b2c3d");
        expect(named("aws:s3/bucket:Bucket", "lake-drop-bucket").outputs.bucket).to.equal(landingBucket);

        const { KeyMetadata } = await clients.kms.send(new DescribeKeyCommand({ KeyId: landingKeyArn }));
        expect(KeyMetadata!.Description).to.equal(dropKey.props.description);
        expect((await clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: landingKeyArn }))).KeyRotationEnabled).to.equal(true);
        const { Aliases } = await clients.kms.send(new ListAliasesCommand({}));
        expect(Aliases!.find((a) => a.AliasName === "alias/datalake-dev-drop")?.TargetKeyId).to.equal(KeyMetadata!.KeyId);

        const sse = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: landingBucket }));
        expect(sse.ServerSideEncryptionConfiguration!.Rules![0].ApplyServerSideEncryptionByDefault).to.deep.include({
            SSEAlgorithm: "aws:kms",
            KMSMasterKeyID: landingKeyArn,
        });
        expect((await clients.s3.send(new GetBucketVersioningCommand({ Bucket: landingBucket }))).Status).to.equal("Enabled");

        const queueUrl = prov.physical.get(queue.urn)!;
        const attrs = (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }))).Attributes!;
        const dlqArn = dlq.outputs.arn;
        expect(JSON.parse(attrs.RedrivePolicy!)).to.deep.equal({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
        expect(attrs.VisibilityTimeout).to.equal(String(queue.props.visibilityTimeoutSeconds));
        expect(attrs.KmsMasterKeyId).to.equal(landingKeyArn);

        // The bucket sends to EventBridge (moto's GetBucketNotificationConfiguration leaves that part
        // out, so it is checked by delivery below); the zone's rule targets its queue, failures its DLQ.
        const notification = await clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: landingBucket }));
        expect(notification.QueueConfigurations ?? []).to.deep.equal([]);
        const ruleName = prov.physical.get(named("aws:cloudwatch/eventRule:EventRule", "lake-drop-object-created").urn)!;
        const rule = await clients.events.send(new DescribeRuleCommand({ Name: ruleName }));
        expect(JSON.parse(rule.EventPattern!).detail.bucket.name).to.deep.equal([landingBucket]);
        const { Targets } = await clients.events.send(new ListTargetsByRuleCommand({ Rule: ruleName }));
        expect(Targets!.map((t) => [t.Arn, t.DeadLetterConfig?.Arn])).to.deep.equal([[attrs.QueueArn, dlqArn]]);
        // A dataset object reaches the queue as an EventBridge event; quarantine output does not.
        for (const key of ["quarantine/orders/x.csv", "orders/2026/a.csv"]) {
            await clients.s3.send(new PutObjectCommand({ Bucket: landingBucket, Key: key, Body: "id\n1\n" }));
        }
        const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const bodies = (got.Messages ?? []).map((m) => JSON.parse(m.Body!));
        expect(bodies.map((b) => [b.source, b["detail-type"], b.detail.bucket.name, b.detail.object.key])).to.deep.equal([
            ["aws.s3", "Object Created", landingBucket, "orders/2026/a.csv"],
        ]);

        const telemetry = named("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "lake-ingest-telemetry-firehose");
        const described = await clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: prov.physical.get(telemetry.urn) }));
        const destination = described.DeliveryStreamDescription!.Destinations![0].ExtendedS3DestinationDescription!;
        expect(destination.BucketARN).to.equal(`arn:aws:s3:::${landingBucket}`);
        expect(destination.Prefix).to.equal(telemetry.props.extendedS3Configuration.prefix);
        expect(described.DeliveryStreamDescription!.DeliveryStreamType).to.equal("KinesisStreamAsSource");
        const kinesisName = prov.physical.get(named("aws:kinesis/stream:Stream", "lake-ingest-telemetry-source").urn)!;
        const kinesis = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: kinesisName }));
        expect(kinesis.StreamDescriptionSummary!.EncryptionType).to.equal("KMS");

        const { Table } = await clients.glue.send(new GetTableCommand({ DatabaseName: "datalake_dev_drop", Name: "impressions" }));
        expect(Table!.StorageDescriptor!.Location).to.equal(`s3://${landingBucket}/streams/impressions/`);
        expect(Table!.PartitionKeys!.map((k) => k.Name)).to.deep.equal(["datehour"]);

        expect(prov.provisioned["aws:kinesis/stream:Stream"]).to.equal(1);
        for (const type of [
            "aws:iam/role:Role",
            "aws:lambda/function:Function",
            "aws:apigateway/restApi:RestApi",
            "aws:athena/workgroup:Workgroup",
            "aws:glue/job:Job",
        ]) {
            expect(prov.provisioned[type], type).to.equal(recorded.filter((r) => r.type === type).length);
        }
        expect(prov.skipped).to.not.have.property("aws:s3/bucket:Bucket");
        expect(prov.skipped["aws:s3/bucketPolicy:BucketPolicy"]).to.be.greaterThan(0);
        expect(prov.reasons["aws:s3/bucketPolicy:BucketPolicy"]).to.match(/request's context/);

        const destroyed = await deployment.destroy();
        expect(destroyed.deleted).to.equal(Object.values(prov.provisioned).reduce((n, c) => n + c, 0));
        const { Buckets } = await clients.s3.send(new ListBucketsCommand({}));
        expect(Buckets ?? []).to.deep.equal([]);
    });
});
