/**
 * S3 object events as they arrive in an SQS message body, in either of S3's two delivery formats:
 * - an EventBridge event (the zone queues: bucket -> EventBridge -> rule -> queue): one object
 *   per message, `detail-type` "Object Created", the key as stored;
 * - an S3 event notification (a queue a bucket notifies directly): several records per body,
 *   keys URL-encoded with '+' for spaces, and an `s3:TestEvent` when the configuration is saved.
 */
import type { EventBridgeEvent, S3Event, S3EventRecord } from "aws-lambda";
import { OBJECT_CREATED_DETAIL_TYPE, S3_EVENT_SOURCE } from "../../lib/contract";

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
    if ((parsed as { source?: string }).source === S3_EVENT_SOURCE) return [fromEventBridge(parsed as S3EventBridgeEvent, body)];
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

/** The `detail` of S3's EventBridge events (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). */
interface S3EventDetail {
    bucket?: { name?: string };
    /** `etag` as documented; moto spells it `eTag`. */
    object?: { key?: string; size?: number; etag?: string; eTag?: string; "version-id"?: string };
    reason?: string;
}
type S3EventBridgeEvent = EventBridgeEvent<string, S3EventDetail>;

/**
 * One object from an EventBridge envelope. `eventName` is spelled like the notification format's
 * (`ObjectCreated:<reason>`, e.g. ObjectCreated:PutObject) so one rule decides what is promoted.
 */
function fromEventBridge(e: S3EventBridgeEvent, body: string): S3ObjectRef {
    const d = e.detail;
    if (!d?.bucket?.name || typeof d.object?.key !== "string") {
        throw new MalformedEventError(`EventBridge S3 event without bucket or key: ${body.slice(0, 200)}`);
    }
    const created = e["detail-type"] === OBJECT_CREATED_DETAIL_TYPE;
    return {
        bucket: d.bucket.name,
        key: d.object.key,
        versionId: d.object["version-id"] || undefined,
        etag: (d.object.etag ?? d.object.eTag)?.replace(/"/g, "") || undefined,
        size: typeof d.object.size === "number" ? d.object.size : undefined,
        eventName: `${created ? "ObjectCreated" : e["detail-type"]}:${d.reason ?? ""}`,
        eventTime: eventTime(e.time),
    };
}

/** EventBridge's `time` is ISO 8601; epoch seconds (moto's spelling) are accepted too. */
function eventTime(t: unknown): Date {
    if (typeof t === "number") return new Date(t * 1000);
    const d = typeof t === "string" ? new Date(t) : new Date(NaN);
    return Number.isNaN(d.getTime()) ? new Date() : d;
}
