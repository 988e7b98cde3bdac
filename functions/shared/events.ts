/**
 * S3 event notifications as delivered through SQS: one message body may hold several records,
 * keys arrive URL-encoded with '+' for spaces, and S3 sends an `s3:TestEvent` when a
 * notification configuration is saved. Bodies come from a queue anyone with SendMessage can
 * write to, so nothing about their shape is assumed: a body or record that is not an S3 event is
 * reported, never thrown over (and never JSON.stringify'd: a deep one would overflow the stack).
 */

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

export class MalformedEventError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedEventError";
    }
}

/** What one SQS message body announces. */
export interface S3EventBody {
    /** The objects of its well-formed records, in order. */
    refs: S3ObjectRef[];
    /** Why the body, or each record that is not an S3 event record, was not understood. */
    malformed: string[];
}

/** S3 event keys: URL-encoded, '+' meaning a space. Throws URIError on a broken escape. */
export function decodeS3Key(key: string): string {
    return decodeURIComponent(key.replace(/\+/g, " "));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const preview = (body: string) => JSON.stringify(body.slice(0, 100));

/** The objects an SQS message body announces, and what in it is not an S3 event. Never throws. */
export function readS3EventBody(body: unknown): S3EventBody {
    if (typeof body !== "string") return { refs: [], malformed: [`SQS message body is ${body === null ? "null" : typeof body}, not a string`] };
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        return { refs: [], malformed: [`SQS message body is not JSON: ${preview(body)}`] };
    }
    if (!isObject(parsed)) {
        const kind = parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed;
        return { refs: [], malformed: [`SQS message body is ${kind}, not an S3 event: ${preview(body)}`] };
    }
    if (parsed.Event === "s3:TestEvent") return { refs: [], malformed: [] };
    if (!Array.isArray(parsed.Records)) return { refs: [], malformed: [`SQS message body has no S3 Records array: ${preview(body)}`] };
    const out: S3EventBody = { refs: [], malformed: [] };
    parsed.Records.forEach((record: unknown, i: number) => {
        const ref = toRef(record);
        if (typeof ref === "string") out.malformed.push(`record ${i}: ${ref}`);
        else out.refs.push(ref);
    });
    return out;
}

/**
 * The objects an SQS message body announces; a TestEvent yields none. Throws MalformedEventError
 * if the body or any record is not an S3 event (the batch loop uses readS3EventBody instead, to
 * still promote the good records of such a message).
 */
export function parseS3EventBody(body: string): S3ObjectRef[] {
    const { refs, malformed } = readS3EventBody(body);
    if (malformed.length > 0) throw new MalformedEventError(malformed.join("; "));
    return refs;
}

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v !== "";

/** The object of one S3 event record, or why the record is not one. */
function toRef(record: unknown): S3ObjectRef | string {
    if (!isObject(record)) return `not an object (${record === null ? "null" : Array.isArray(record) ? "an array" : typeof record})`;
    const s3 = isObject(record.s3) ? record.s3 : {};
    const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
    const o = isObject(s3.object) ? s3.object : {};
    if (!nonEmptyString(bucket)) return "no s3.bucket.name";
    if (!nonEmptyString(o.key)) return "no s3.object.key";
    if (!nonEmptyString(record.eventName)) return "no eventName";
    let key: string;
    try {
        key = decodeS3Key(o.key);
    } catch {
        return `s3.object.key is not URL-encoded: ${JSON.stringify(o.key.slice(0, 100))}`;
    }
    const eventTime = record.eventTime === undefined ? new Date() : new Date(typeof record.eventTime === "string" ? record.eventTime : NaN);
    if (Number.isNaN(eventTime.getTime())) return "eventTime is not a date";
    return {
        bucket,
        key,
        versionId: nonEmptyString(o.versionId) ? o.versionId : undefined,
        etag: nonEmptyString(o.eTag) ? o.eTag.replace(/"/g, "") : undefined,
        size: typeof o.size === "number" && Number.isSafeInteger(o.size) && o.size >= 0 ? o.size : undefined,
        eventName: record.eventName,
        eventTime,
    };
}
