/**
 * Pure tumbling-window counting: the state Lambda carries between a window's invocations, how a
 * batch of Kinesis records adds to it, and what counts as a beacon. No AWS calls here.
 */
import type { KinesisStreamRecord } from "aws-lambda";
import { REALTIME_EVENT_TYPES, RealtimeEventType } from "../../lib/contract";

/** What Lambda hands back on the window's next invocation (it must be returned every time). */
export interface WindowState {
    /** Events counted so far in the window, by type. */
    counts: Record<RealtimeEventType, number>;
    /** Records that were not beacons, counted and skipped. */
    malformed: number;
}

export function emptyState(): WindowState {
    return { counts: Object.fromEntries(REALTIME_EVENT_TYPES.map((t) => [t, 0])) as Record<RealtimeEventType, number>, malformed: 0 };
}

const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);

/**
 * The state of an event: Lambda sends `{}` (or nothing) on a window's first invocation; anything
 * that is not a count reads as 0 rather than failing the window.
 */
export function readState(raw: unknown): WindowState {
    const state = emptyState();
    if (!raw || typeof raw !== "object") return state;
    const r = raw as Partial<{ counts: Record<string, unknown>; malformed: unknown }>;
    for (const t of REALTIME_EVENT_TYPES) state.counts[t] = count(r.counts?.[t]);
    state.malformed = count(r.malformed);
    return state;
}

/** A beacon (reference 002 in docs/references.md): a JSON object with string `ad_id` and `impression_id`. */
export function isBeacon(data: string): boolean {
    let v: unknown;
    try {
        v = JSON.parse(data);
    } catch {
        return false;
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) return false;
    const b = v as Record<string, unknown>;
    return typeof b.ad_id === "string" && b.ad_id !== "" && typeof b.impression_id === "string" && b.impression_id !== "";
}

/** `arn:aws:kinesis:<region>:<account>:stream/<name>` -> `<name>`. */
export function streamNameOf(arn: string | undefined): string | undefined {
    const m = /:stream\/([^/]+)$/.exec(arn ?? "");
    return m?.[1];
}

/**
 * Adds a batch to the state (a new object; the input is not changed). A record counts for the
 * event type of the stream it came from; one that is not a beacon, or comes from a stream with no
 * type, counts as malformed.
 */
export function addRecords(
    state: WindowState,
    records: readonly KinesisStreamRecord[],
    typeOfStream: (streamName: string | undefined) => RealtimeEventType | undefined,
): WindowState {
    const next: WindowState = { counts: { ...state.counts }, malformed: state.malformed };
    for (const record of records) {
        const type = typeOfStream(streamNameOf(record.eventSourceARN));
        const data = Buffer.from(record.kinesis?.data ?? "", "base64").toString("utf8");
        if (type && isBeacon(data)) next.counts[type] += 1;
        else next.malformed += 1;
    }
    return next;
}
