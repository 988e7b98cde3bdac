/**
 * A zone's reconciliation, the pure-ish core: list the zone bucket, and announce again on the
 * zone queue every processor input (lib/contract isProcessorInput) last modified before the
 * threshold that no processor finished (no PROCESSED_TAG on its current version). Such an object's
 * message was lost: it aged out of the queue (or of the DLQ after 14 days), or was never sent.
 * The announcement is the EventBridge "Object Created" event the queue normally receives, so the
 * processor handles it like any other (and, tagging it, stops the next run from sending it again).
 */
import { randomUUID } from "node:crypto";
import { GetObjectTaggingCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { PROCESSED_TAG, RECONCILE_REASON, isProcessorInput, objectCreatedEvent } from "../../lib/contract";

export interface ReconcileOptions {
    bucket: string;
    queueUrl: string;
    /** Objects last modified longer ago than this are candidates. */
    staleAfterSeconds: number;
    /** The event envelope's `region`. */
    region: string;
    now: Date;
}

/** SQS's most entries per SendMessageBatch. */
const SQS_BATCH = 10;

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` -> `<account>` (the event envelope's `account`). */
export function queueAccount(queueUrl: string): string {
    return new URL(queueUrl).pathname.split("/")[1] ?? "";
}

/** Announces the stale unprocessed objects again; returns their keys. Throws when SQS refuses one. */
export async function reconcile(s3: S3Client, sqs: SQSClient, o: ReconcileOptions): Promise<string[]> {
    const cutoff = o.now.getTime() - o.staleAfterSeconds * 1000;
    const envelope = { account: queueAccount(o.queueUrl), region: o.region, reason: RECONCILE_REASON };
    const announced: string[] = [];
    let batch: { key: string; body: string }[] = [];
    const flush = async () => {
        if (batch.length === 0) return;
        const out = await sqs.send(
            new SendMessageBatchCommand({ QueueUrl: o.queueUrl, Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: m.body })) }),
        );
        if (out.Failed?.length)
            throw new Error(`SQS refused ${out.Failed.length} announcements: ${out.Failed.map((f) => `${f.Code} ${f.Message}`).join("; ")}`);
        announced.push(...batch.map((m) => m.key));
        batch = [];
    };
    let ContinuationToken: string | undefined;
    do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: o.bucket, ContinuationToken }));
        for (const object of page.Contents ?? []) {
            const key = object.Key!;
            if (!isProcessorInput(key) || !object.LastModified || object.LastModified.getTime() > cutoff) continue;
            const tagging = await currentTags(s3, o.bucket, key);
            if (!tagging || tagging.tags.some((t) => t.Key === PROCESSED_TAG.key)) continue;
            const event = objectCreatedEvent(
                {
                    bucket: o.bucket,
                    key,
                    size: object.Size ?? 0,
                    etag: object.ETag?.replace(/"/g, ""),
                    versionId: tagging.versionId,
                    lastModified: object.LastModified,
                },
                { ...envelope, id: randomUUID() },
            );
            batch.push({ key, body: JSON.stringify(event) });
            if (batch.length === SQS_BATCH) await flush();
        }
        ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    await flush();
    return announced;
}

/** The current version's tags and id; undefined when the object was deleted since it was listed. */
async function currentTags(s3: S3Client, bucket: string, key: string): Promise<{ tags: { Key?: string }[]; versionId?: string } | undefined> {
    try {
        const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
        return { tags: out.TagSet ?? [], versionId: out.VersionId };
    } catch (err) {
        if ((err as Error).name === "NoSuchKey") return undefined;
        throw err;
    }
}
