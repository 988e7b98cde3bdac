/**
 * S3 event notifications as delivered through SQS: one message body may hold several records,
 * keys arrive URL-encoded with '+' for spaces, and S3 sends an `s3:TestEvent` when a
 * notification configuration is saved.
 */
import type { S3Event, S3EventRecord } from "aws-lambda";

/** One object an S3 event refers to. */
export interface S3ObjectRef {
    bucket: string;
    /** Decoded key, as stored in S3. */
    key: string;
    versionId?: string;
    /** ETag without quotes. */
    etag?: string;
    size?: number;
    eventName: string;
    /** Event time; the processors derive ingest_date from it so redeliveries hit the same key. */
    eventTime: Date;
}

export class MalformedEventError extends Error {}

/** S3 event keys: URL-encoded, '+' meaning a space. */
export function decodeS3Key(key: string): string {
    return decodeURIComponent(key.replace(/\+/g, " "));
}

/**
 * The objects an SQS message body announces. A TestEvent yields none; a body that is not an S3
 * event throws MalformedEventError (the message is then retried and kept in the DLQ, not dropped).
 */
export function parseS3EventBody(body: string): S3ObjectRef[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        throw new MalformedEventError(`SQS message body is not JSON: ${body.slice(0, 200)}`);
    }
    if (typeof parsed !== "object" || parsed === null) {
        throw new MalformedEventError(`SQS message body is not an S3 event: ${body.slice(0, 200)}`);
    }
    if ((parsed as { Event?: string }).Event === "s3:TestEvent") return [];
    const records = (parsed as Partial<S3Event>).Records;
    if (!Array.isArray(records)) {
        throw new MalformedEventError(`SQS message body has no S3 Records: ${body.slice(0, 200)}`);
    }
    return records.map(toRef);
}

function toRef(r: S3EventRecord): S3ObjectRef {
    if (!r?.s3?.bucket?.name || typeof r.s3.object?.key !== "string") {
        throw new MalformedEventError(`S3 event record without bucket or key: ${JSON.stringify(r).slice(0, 200)}`);
    }
    const o = r.s3.object;
    return {
        bucket: r.s3.bucket.name,
        key: decodeS3Key(o.key),
        versionId: o.versionId || undefined,
        etag: o.eTag ? o.eTag.replace(/"/g, "") : undefined,
        size: typeof o.size === "number" ? o.size : undefined,
        eventName: r.eventName,
        eventTime: r.eventTime ? new Date(r.eventTime) : new Date(),
    };
}
