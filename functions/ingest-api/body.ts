/**
 * Pure request-body handling: size and content-type checks, JSON parsing, batch envelopes,
 * schema validation naming every error, and the records (one NDJSON line each) an accepted body
 * becomes. Failures throw RequestError carrying the HTTP status and the errors.
 *
 * Numbers are stored digit for digit as sent (`12345678901234567890`, `1.50`, `1e5`): a body
 * with a number JSON.parse and JSON.stringify would not reproduce is parsed with lossless-json,
 * whose numbers keep their text; the validators see each as the nearest double (ranges), with an
 * exact integer test (integer types). Other bodies keep the native parser (~15x faster).
 */
import type { ErrorObject } from "ajv";
import { isLosslessNumber, parse as parseLossless, stringify as stringifyLossless } from "lossless-json";
import { IngestRecordFields, IngestRoute } from "../../lib/contract";
import { nestingDepth } from "../shared/json-depth";
import { NumberMarker } from "../shared/json-numbers";
import validators = require("./validators.generated");

/** Firehose's limit for one record (1,000 KiB). */
export const MAX_RECORD_BYTES = 1000 * 1024;
/** At most this many validation errors are listed; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;
/**
 * Deepest nesting of objects and arrays a body may have (`{}` is 1, `{"batch":[{}]}` 3). Deeper
 * bodies answer 400 before anything recursive (the validators, JSON.stringify) sees them: a few
 * thousand levels overflow the stack.
 */
export const MAX_BODY_DEPTH = 64;

export interface FieldError {
    /** JSON Pointer into the request body ("/" is the body itself). */
    path: string;
    message: string;
}

export class RequestError extends Error {
    constructor(
        readonly status: number,
        message: string,
        readonly errors: FieldError[] = [],
        readonly unlisted = 0,
    ) {
        super(message);
    }
}

/** Media types accepted: JSON, `+json` types, and text/plain (what `navigator.sendBeacon` sends for a string). */
export function checkContentType(contentType: string | undefined): void {
    if (contentType === undefined) return;
    const type = contentType.split(";")[0].trim().toLowerCase();
    if (type === "application/json" || type === "text/plain" || /^application\/[\w.-]+\+json$/.test(type)) return;
    throw new RequestError(415, `unsupported content type '${type}': send application/json`);
}

/** The body's bytes, enforcing the size limit before anything is parsed. */
export function bodyBytes(body: string | null, isBase64Encoded: boolean, maxBytes: number): Buffer {
    if (body === null || body === undefined || body === "") throw new RequestError(400, "empty body: send a JSON object or an array of objects");
    const bytes = isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
    if (bytes.length > maxBytes) {
        throw new RequestError(413, `body of ${bytes.length} bytes exceeds the limit of ${maxBytes} bytes: split it into smaller batches`);
    }
    return bytes;
}

/** An item of a body: `item` keeps every number as sent (stored), `view` has them as numbers (validated; the same object when no number needs care). */
export interface BodyItem {
    item: unknown;
    view: unknown;
    /** JSON Pointer of the item in the body. */
    path: string;
}

/** One event, a JSON array of events, or `{"batch": [...]}`; each item with its JSON Pointer. */
export function batchItems(bytes: Buffer): BodyItem[] {
    let native: unknown;
    const text = bytes.toString("utf8");
    try {
        // The native parser first: its error messages, and no recursion before the depth check.
        native = JSON.parse(text);
    } catch (e) {
        throw new RequestError(400, `body is not valid JSON: ${(e as Error).message}`);
    }
    if (nestingDepth(bytes, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
        throw new RequestError(400, `body nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels`);
    }
    const scan = new NumberMarker(false, (literal) => String(Number(literal)) === literal);
    scan.push(bytes);
    // A repeated key keeps its last value, as JSON.parse does (lossless-json would throw).
    const parsed: unknown = scan.inexact ? parseLossless(text, null, { onDuplicateKey: ({ newValue }) => newValue }) : native;
    const isObject = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && !isLosslessNumber(parsed);
    const envelope = isObject && "batch" in (parsed as object);
    const list = envelope ? (parsed as { batch: unknown }).batch : parsed;
    if (envelope && !Array.isArray(list)) {
        throw new RequestError(400, "invalid body", [{ path: "/batch", message: "must be an array of events" }]);
    }
    const beside = envelope ? Object.keys(parsed as object).filter((k) => k !== "batch") : [];
    if (beside.length > 0) {
        throw new RequestError(
            400,
            "invalid body",
            beside.map((k) => ({ path: "/", message: `must NOT have additional property '${k}' beside 'batch'` })),
        );
    }
    if (Array.isArray(list)) {
        if (list.length === 0) throw new RequestError(400, "invalid body", [{ path: envelope ? "/batch" : "/", message: "must not be empty" }]);
        const prefix = envelope ? "/batch" : "";
        return list.map((item, i) => ({ item, view: scan.inexact ? numbersView(item) : item, path: `${prefix}/${i}` }));
    }
    if (!isObject) throw new RequestError(400, "invalid body", [{ path: "/", message: "must be a JSON object or an array of objects" }]);
    return [{ item: parsed, view: scan.inexact ? numbersView(parsed) : parsed, path: "" }];
}

/**
 * `value` with its lossless numbers as JS numbers, for the validators (recursion is bounded by
 * MAX_BODY_DEPTH). A literal whose value is not an integer but whose nearest double is
 * (`9007199254740993.5`) becomes NaN, so an integer type refuses it as it should.
 */
function numbersView(value: unknown): unknown {
    if (isLosslessNumber(value)) {
        const n = Number(value.value);
        return Number.isInteger(n) && !isIntegerLiteral(value.value) ? NaN : n;
    }
    if (Array.isArray(value)) return value.map(numbersView);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value))
            Object.defineProperty(out, k, { value: numbersView(v), enumerable: true, writable: true, configurable: true });
        return out;
    }
    return value;
}

/** Whether a JSON number literal denotes an integer (`10`, `1.0`, `1e3`, `100e-2`), exactly. */
export function isIntegerLiteral(literal: string): boolean {
    const m = /^-?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
    if (!m) return false;
    const digits = (m[1] + (m[2] ?? "")).replace(/0+$/, "");
    return digits.length <= m[1].length + Number(m[3] ?? 0);
}

function describe(error: ErrorObject): FieldError {
    const path = error.instancePath || "/";
    if (error.keyword === "additionalProperties") {
        return { path, message: `must NOT have additional property '${error.params.additionalProperty}'` };
    }
    if (error.keyword === "pattern" && error.instancePath.endsWith("/timestamp")) {
        return { path, message: "must be an RFC 3339 date-time with an offset, e.g. 2026-11-23T01:02:03.456Z" };
    }
    return { path, message: error.message ?? error.keyword };
}

/** Validates every item against the route's schema; throws 400 listing every error. */
export function validateItems(route: IngestRoute, items: BodyItem[]): void {
    const validate = validators[route];
    const errors: FieldError[] = [];
    for (const { view, path } of items) {
        if (!validate(view, { instancePath: path })) errors.push(...(validate.errors ?? []).map(describe));
    }
    if (errors.length > 0) {
        throw new RequestError(400, "invalid body", errors.slice(0, MAX_LISTED_ERRORS), Math.max(0, errors.length - MAX_LISTED_ERRORS));
    }
}

export interface Stamp {
    receivedAt: string;
    requestId: string;
}

/** The records of validated items: /track yields one per event (carrying its userId). */
export function toRecords(route: IngestRoute, items: unknown[], stamp: Stamp): Record<string, unknown>[] {
    const type = route.slice(1);
    const stamped = (fields: object) => ({
        [IngestRecordFields.type]: type,
        ...fields,
        [IngestRecordFields.receivedAt]: stamp.receivedAt,
        [IngestRecordFields.requestId]: stamp.requestId,
    });
    if (route === "/track") {
        return (items as { userId: string; events: object[] }[]).flatMap((body) => body.events.map((event) => stamped({ userId: body.userId, ...event })));
    }
    return items.map((item) => stamped(item as object));
}

/**
 * NDJSON: one JSON object and a newline per Firehose record, numbers as sent (`lossless`: the
 * records hold lossless-json numbers, which only its stringify writes); a record over 1,000 KiB is a 413.
 */
export function serialise(records: Record<string, unknown>[], lossless: boolean): Buffer[] {
    const stringify = lossless ? stringifyLossless : JSON.stringify;
    return records.map((record, i) => {
        const line = Buffer.from(stringify(record) + "\n", "utf8");
        if (line.length > MAX_RECORD_BYTES) {
            throw new RequestError(413, `record ${i} is ${line.length} bytes; Firehose takes at most ${MAX_RECORD_BYTES} bytes per record`);
        }
        return line;
    });
}
