/**
 * Error classification shared by the zone processors: bad input is quarantined and its message
 * succeeds; a source object that no longer exists is logged and acked; everything else
 * (throttling, 5xx, timeouts, network, our own bugs) is rethrown so only that SQS message is
 * retried and, after maxReceiveCount receives, lands in the DLQ.
 */

/** Why an input was rejected; written as `reason` in the quarantine error report. */
export type BadInputReason =
    | "empty"
    | "too-large"
    | "unsupported-format"
    | "binary"
    | "encoding"
    | "truncated-gzip"
    | "corrupt-gzip"
    | "decompression-limit"
    | "malformed-csv"
    | "malformed-json"
    | "malformed-parquet"
    | "line-too-long"
    /** The object does not fit its dataset's curation rule (raw -> curated). */
    | "curation";

/** Where in the (decompressed) input the problem was found, when known. */
export interface InputLocation {
    /** 1-based line number. */
    line?: number;
    /** 0-based byte offset. */
    offset?: number;
}

/** The input itself is unusable: retrying cannot help, so the object is quarantined. */
export class BadInputError extends Error {
    readonly reason: BadInputReason;
    readonly location: InputLocation;
    /** Detected input format, when known (`csv`, `json`, `parquet`, ...). */
    format?: string;
    /** Structured facts for the report (curation: the column, cast type and a sample value, ...). */
    details?: Record<string, unknown>;

    constructor(reason: BadInputReason, message: string, location: InputLocation = {}, format?: string) {
        super(message);
        this.name = "BadInputError";
        this.reason = reason;
        this.location = location;
        this.format = format;
    }
}

export type ErrorClass = "bad-input" | "gone" | "changed" | "transient";

/** S3 error names meaning the source version was deleted or expired before we read it. */
const GONE = new Set(["NoSuchKey", "NoSuchVersion", "NotFound"]);

/**
 * How a processor should treat an error. Only `bad-input`, `gone` and `changed` are acked;
 * unknown errors count as transient on purpose: a retried-then-DLQ'd message loses nothing.
 */
export function classifyError(err: unknown): ErrorClass {
    if (err instanceof BadInputError) return "bad-input";
    const name = (err as { name?: string } | undefined)?.name ?? "";
    if (GONE.has(name)) return "gone";
    // IfMatch on an unversioned bucket: the key was overwritten; the newer object has its own event.
    if (name === "PreconditionFailed") return "changed";
    return "transient";
}
