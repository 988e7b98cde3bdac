/**
 * Error classification shared by the zone processors, by allowlist: only errors known to clear
 * on their own (throttling, 5xx, timeouts, network resets, errors the SDK marks retryable) are
 * retried. An AWS error about the lake's own configuration (permissions, keys, a missing bucket)
 * is retried too, so the message reaches the DLQ and is redriven once the setting is fixed.
 * Everything else repeats for the same bytes (a DuckDB error on the file, out of memory or disk
 * for its size, a bug on this input): retrying cannot help, so the object is quarantined with
 * its reason and the error's message, and its SQS message succeeds.
 */
import { isThrottlingError, isTransientError } from "@smithy/core/retry";

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
    /** JSON nested deeper than the reader takes (MAX_JSON_DEPTH). */
    | "too-deep"
    /** DuckDB failed on this file with an error no more specific reason explains. */
    | "engine-error"
    /** The file needs more memory or /tmp than the processor has (processor.memoryMb / ephemeralStorageMb). */
    | "resource-limit"
    /** Any other error that is not transient: it repeats for the same bytes. */
    | "processing-error";

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

    constructor(reason: BadInputReason, message: string, location: InputLocation = {}, format?: string) {
        super(message);
        this.name = "BadInputError";
        this.reason = reason;
        this.location = location;
        this.format = format;
    }
}

/**
 * - `bad-input`: quarantine with the error's reason; `deterministic`: quarantine as `asBadInput` says;
 * - `gone` / `changed`: the source version no longer exists or was overwritten: ack;
 * - `transient` / `infrastructure`: retry (then DLQ).
 */
export type ErrorClass = "bad-input" | "gone" | "changed" | "transient" | "infrastructure" | "deterministic";

/** S3 error names meaning the source version was deleted or expired before we read it. */
const GONE = new Set(["NoSuchKey", "NoSuchVersion", "NotFound"]);

/** Transient names beyond the SDK's own lists (S3 and KMS spell server faults these ways). */
const TRANSIENT_NAMES = new Set([
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "KMSInternalException",
    // Glue StartJobRun: the job's concurrent runs or the account's limits are full for now.
    "ConcurrentRunsExceededException",
    "ResourceNumberLimitExceededException",
    "InternalServiceException",
    "OperationTimeoutException",
]);

/** Node stream and socket codes of a connection that broke mid-transfer. */
const TRANSIENT_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENOTFOUND",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ERR_STREAM_PREMATURE_CLOSE",
]);

/** AWS errors about the lake's permissions, keys or buckets: the same for every object until fixed. */
const INFRASTRUCTURE_NAMES = new Set([
    "AccessDenied",
    "AccessDeniedException",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "CredentialsProviderError",
    "NoSuchBucket",
    "InvalidBucketState",
    // Glue StartJobRun: the big-object job named in BIG_OBJECT_JOB does not exist.
    "EntityNotFoundException",
]);

/** DuckDB's error types, as the first words of its messages (`<Type> Error: ...`). */
const DUCKDB_ERROR =
    /^(Invalid Input|Conversion|IO|Binder|Parser|Not implemented|INTERNAL|Out of Range|Out of Memory|Catalog|Constraint|Serialization|Invalid|Invalid type|Syntax|Dependency|Sequence|TransactionContext|FATAL|INTERRUPT|Decimal|Mismatch Type|Unknown Type|Divide by Zero|Object Size|Expression|Planner|Executor|Optimizer|Settings|Permission|Parameter Not Resolved|Parameter Not Allowed|Invalid Configuration) Error: /;

/** Out of memory or out of /tmp: repeats for a file of this size on a function of this size. */
const RESOURCE_LIMIT = /Out of Memory|No space left|ENOSPC|memory limit|Cannot allocate memory/i;

interface ErrorShape {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: number };
}

function shape(err: unknown): ErrorShape {
    return typeof err === "object" && err !== null ? (err as ErrorShape) : {};
}

/** True for errors worth retrying as they are: throttling, 5xx, timeouts, network, SDK-retryable. */
export function isTransient(err: unknown): boolean {
    if (typeof err !== "object" || err === null) return false;
    const e = shape(err);
    const status = e.$metadata?.httpStatusCode ?? 0;
    if (status === 429 || (status >= 500 && status <= 599) || e.$fault === "server") return true;
    if (TRANSIENT_NAMES.has(String(e.name)) || TRANSIENT_CODES.has(String(e.code)) || TRANSIENT_CODES.has(String(e.name))) return true;
    // The SDK's own lists: throttling names, timeouts, retryable traits, clock skew, causes.
    return isThrottlingError(err as never) || isTransientError(err as never);
}

/** How a processor should treat an error (see ErrorClass). */
export function classifyError(err: unknown): ErrorClass {
    if (err instanceof BadInputError) return "bad-input";
    const name = String(shape(err).name);
    if (GONE.has(name)) return "gone";
    // IfMatch on an unversioned bucket: the key was overwritten; the newer object has its own event.
    if (name === "PreconditionFailed") return "changed";
    if (isTransient(err)) return "transient";
    if (INFRASTRUCTURE_NAMES.has(name) || name.startsWith("KMS.")) return "infrastructure";
    return "deterministic";
}

/**
 * The quarantine reason of an error that `classifyError` calls `bad-input` or `deterministic`:
 * the error itself, or a BadInputError with its first line as message. Undefined for the others.
 */
export function asBadInput(err: unknown): BadInputError | undefined {
    const kind = classifyError(err);
    if (kind === "bad-input") return err as BadInputError;
    if (kind !== "deterministic") return undefined;
    const message = err instanceof Error ? err.message : String(err);
    const first = message.split("\n")[0].slice(0, 500);
    const reason: BadInputReason =
        RESOURCE_LIMIT.test(message) || shape(err).code === "ENOSPC" ? "resource-limit" : DUCKDB_ERROR.test(message) ? "engine-error" : "processing-error";
    const named = err instanceof Error && err.name !== "Error" && !first.startsWith(`${err.name}:`) ? `${err.name}: ${first}` : first;
    return new BadInputError(reason, named);
}
