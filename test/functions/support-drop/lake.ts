/**
 * A drop -> raw slice of the lake inside moto: versioned drop and raw buckets, the drop queue
 * with a DLQ, and the real bucket notification. Messages are received from the moto queue and
 * handed to the handler the way the Lambda event source mapping would.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
    S3Client,
    CreateBucketCommand,
    PutBucketVersioningCommand,
    PutBucketNotificationConfigurationCommand,
    GetObjectCommand,
    GetObjectTaggingCommand,
    ListObjectVersionsCommand,
    ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, DeleteMessageBatchCommand } from "@aws-sdk/client-sqs";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Moto } from "../../../harness/moto";
import { STREAMS_PREFIX } from "../../../lib/contract";

export interface Lake {
    s3: S3Client;
    sqs: SQSClient;
    drop: string;
    raw: string;
    queueUrl: string;
    queueArn: string;
    dlqUrl: string;
}

/** Queue visibility timeout defaults to 30 s; the retry test shortens it to see redeliveries quickly. */
export async function createLake(moto: Moto, prefix: string, queue: { maxReceiveCount?: number; visibilityTimeout?: number } = {}): Promise<Lake> {
    const s3 = new S3Client(moto.clientConfig);
    const sqs = new SQSClient(moto.clientConfig);
    const drop = `${prefix}-drop`;
    const raw = `${prefix}-raw`;
    for (const bucket of [drop, raw]) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: moto.region as "eu-west-1" } }));
        await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    }
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-drop-dlq` }));
    const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
    const created = await sqs.send(
        new CreateQueueCommand({
            QueueName: `${prefix}-drop-events`,
            Attributes: {
                VisibilityTimeout: String(queue.visibilityTimeout ?? 30),
                RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queue.maxReceiveCount ?? 2 }),
            },
        }),
    );
    const arn = await queueArn(sqs, created.QueueUrl!);
    await s3.send(
        new PutBucketNotificationConfigurationCommand({
            Bucket: drop,
            NotificationConfiguration: { QueueConfigurations: [{ QueueArn: arn, Events: ["s3:ObjectCreated:*"] }] },
        }),
    );
    return { s3, sqs, drop, raw, queueUrl: created.QueueUrl!, queueArn: arn, dlqUrl: dlq.QueueUrl! };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
    return out.Attributes!.QueueArn!;
}

/** Everything currently visible on the queue, as the SQSEvent Lambda would get (receipt handles kept). */
export async function receiveEvent(lake: Lake, queueUrl = lake.queueUrl): Promise<SQSEvent & { receipts: Map<string, string> }> {
    const event: SQSEvent & { receipts: Map<string, string> } = { Records: [], receipts: new Map() };
    for (;;) {
        const out = await lake.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"] }));
        if (!out.Messages?.length) return event;
        for (const m of out.Messages) {
            event.receipts.set(m.MessageId!, m.ReceiptHandle!);
            event.Records.push({
                messageId: m.MessageId!,
                receiptHandle: m.ReceiptHandle!,
                body: m.Body!,
                attributes: m.Attributes as never,
                messageAttributes: {},
                md5OfBody: m.MD5OfBody!,
                eventSource: "aws:sqs",
                eventSourceARN: lake.queueArn,
                awsRegion: "eu-west-1",
            });
        }
    }
}

/** What the event source mapping does after the handler: delete every message not reported failed. */
export async function acknowledge(lake: Lake, event: SQSEvent & { receipts: Map<string, string> }, response: SQSBatchResponse): Promise<void> {
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const done = event.Records.filter((r) => !failed.has(r.messageId));
    for (let i = 0; i < done.length; i += 10) {
        const entries = done.slice(i, i + 10).map((r, j) => ({ Id: String(j), ReceiptHandle: event.receipts.get(r.messageId)! }));
        await lake.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: lake.queueUrl, Entries: entries }));
    }
}

/** Current objects' keys (a versioned bucket keeps overwritten ones as noncurrent versions). */
export async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return keys;
}

/** Every version of every object in a bucket. */
export async function listVersions(s3: S3Client, bucket: string): Promise<{ key: string; versionId: string }[]> {
    const out: { key: string; versionId: string }[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
        for (const v of page.Versions ?? []) out.push({ key: v.Key!, versionId: v.VersionId! });
        if (!page.IsTruncated) return out;
        KeyMarker = page.NextKeyMarker;
        VersionIdMarker = page.NextVersionIdMarker;
    }
}

export async function getObject(s3: S3Client, bucket: string, key: string) {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: Buffer.from(await out.Body!.transformToByteArray()), metadata: out.Metadata ?? {}, sse: out.ServerSideEncryption, kmsKey: out.SSEKMSKeyId };
}

/** Rows (as JSON-safe objects) and column types of a Parquet object. */
export async function readParquet(body: Buffer): Promise<{ rows: Record<string, unknown>[]; columns: { name: string; type: string }[] }> {
    const dir = await mkdtemp(path.join(tmpdir(), "read-parquet-"));
    const file = path.join(dir, "x.parquet");
    await writeFile(file, body);
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    try {
        const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Record<string, unknown>[];
        const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
        return { rows, columns: described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })) };
    } finally {
        con.closeSync();
        db.closeSync();
    }
}

/** The tags of one object version, as a record. */
export async function getTags(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<Record<string, string>> {
    const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key!, t.Value!]));
}

/**
 * A Direct PUT delivery stream into the lake's drop zone under `streams/<stream>/`, as the ingest
 * area declares it. moto writes `<prefix>YYYY/MM/DD/HH/<object>` and does not evaluate `!{timestamp:...}`.
 */
export async function createDropStream(moto: Moto, lake: Lake, deliveryStreamName: string, stream: string): Promise<void> {
    await new FirehoseClient(moto.clientConfig).send(
        new CreateDeliveryStreamCommand({
            DeliveryStreamName: deliveryStreamName,
            DeliveryStreamType: "DirectPut",
            ExtendedS3DestinationConfiguration: {
                RoleARN: "arn:aws:iam::123456789012:role/f",
                BucketARN: `arn:aws:s3:::${lake.drop}`,
                Prefix: `${STREAMS_PREFIX}${stream}/`,
            },
        }),
    );
}
