/**
 * Seeded, pure record generators of the load generator: ad beacons (docs/references.md; reference 002: impressions,
 * and a click for an impression with a click-through probability), device telemetry (reference
 * 004's Kinesis Data Generator template) and laptop metrics (reference 000). The same seed and
 * clock give the same records.
 */

export const MODES = ["beacons", "telemetry", "metrics"] as const;
export type Mode = (typeof MODES)[number];

/** Where a record goes: an ingest API route (without slash) or a stream of its kind. */
export type RecordKind = "impressions" | "clicks" | "telemetry" | "metrics";

export interface LoadRecord {
    kind: RecordKind;
    data: Record<string, unknown>;
    /** Kinesis partition key. */
    partitionKey: string;
}

/** mulberry32: a small, fast 32-bit PRNG; `next()` is uniform in [0, 1). */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Integer uniform in [0, max], like the Kinesis Data Generator's `random.number(max)`. */
export const intUpTo = (rand: () => number, max: number) => Math.floor(rand() * (max + 1));

/** `random.weightedArrayElement`: picks data[i] with probability weights[i] (weights sum to 1). */
export function weighted<T>(rand: () => number, data: readonly T[], weights: readonly number[]): T {
    let r = rand();
    for (let i = 0; i < data.length; i++) {
        r -= weights[i];
        if (r < 0) return data[i];
    }
    return data[data.length - 1];
}

/** A version 4 UUID drawn from the PRNG. */
export function uuid(rand: () => number): string {
    const hex = Array.from({ length: 32 }, () => intUpTo(rand, 15).toString(16));
    hex[12] = "4";
    hex[16] = (8 + intUpTo(rand, 3)).toString(16);
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC (the template's `date.utc` format). */
export const deviceTs = (d: Date) => d.toISOString().replace("T", " ").slice(0, 23);

export const TELEMETRY = {
    maxDeviceId: 50,
    maxTrackId: 30,
    temps: [32, 34, 28, 40],
    tempWeights: [0.3, 0.3, 0.2, 0.2],
    activities: ["Running", "Working", "Walking", "Traveling", "Sitting"],
    activityWeights: [0.1, 0.2, 0.2, 0.3, 0.2],
} as const;

export const METRICS = {
    hosts: 5,
    kinds: ["unread_email_count", "chrome_tab_count", "iterm_tab_count", "system_event", "clipboard_copy"],
    kindWeights: [0.2, 0.2, 0.2, 0.2, 0.2],
    systemEvents: ["lock", "unlock", "sleep", "wake"],
    apps: ["Chrome", "iTerm2", "Slack", "VS Code", "Mail", "Notes"],
} as const;

export interface GeneratorOptions {
    seed: number;
    /** Timestamps of generated records. */
    now: () => Date;
    /** Beacons: probability that an impression gets a click. Default 0.3 (reference 002). */
    clickThrough?: number;
    /** Beacons: distinct ads and users drawn from. Defaults 100 and 1000. */
    ads?: number;
    users?: number;
}

/** An endless stream of records of a mode. */
export function* generate(mode: Mode, opts: GeneratorOptions): Generator<LoadRecord> {
    const rand = prng(opts.seed);
    if (mode === "beacons") {
        const ads = Array.from({ length: opts.ads ?? 100 }, () => uuid(rand));
        const users = Array.from({ length: opts.users ?? 1000 }, () => uuid(rand));
        const ctr = opts.clickThrough ?? 0.3;
        for (;;) {
            const beacon = {
                ad_id: ads[intUpTo(rand, ads.length - 1)],
                impression_id: uuid(rand),
                user_id: users[intUpTo(rand, users.length - 1)],
                timestamp: opts.now().toISOString(),
            };
            yield { kind: "impressions", data: beacon, partitionKey: beacon.impression_id };
            if (rand() < ctr) yield { kind: "clicks", data: { ...beacon, timestamp: opts.now().toISOString() }, partitionKey: beacon.impression_id };
        }
    }
    if (mode === "telemetry") {
        for (;;) {
            const data = {
                uuid: uuid(rand),
                device_ts: deviceTs(opts.now()),
                device_id: intUpTo(rand, TELEMETRY.maxDeviceId),
                device_temp: weighted(rand, TELEMETRY.temps, TELEMETRY.tempWeights),
                track_id: intUpTo(rand, TELEMETRY.maxTrackId),
                activity_type: weighted(rand, TELEMETRY.activities, TELEMETRY.activityWeights),
            };
            yield { kind: "telemetry", data, partitionKey: String(data.device_id) };
        }
    }
    for (;;) {
        const host = `laptop-${intUpTo(rand, METRICS.hosts - 1)}`;
        const metric = weighted(rand, METRICS.kinds, METRICS.kindWeights);
        const base = { timestamp: opts.now().toISOString(), host, metric };
        const data =
            metric === "unread_email_count"
                ? { ...base, value: intUpTo(rand, 150) }
                : metric === "chrome_tab_count"
                  ? { ...base, value: 1 + intUpTo(rand, 79) }
                  : metric === "iterm_tab_count"
                    ? { ...base, value: 1 + intUpTo(rand, 19) }
                    : metric === "system_event"
                      ? { ...base, value: 1, event: METRICS.systemEvents[intUpTo(rand, METRICS.systemEvents.length - 1)] }
                      : {
                            ...base,
                            value: 1,
                            source_app: METRICS.apps[intUpTo(rand, METRICS.apps.length - 1)],
                            destination_app: METRICS.apps[intUpTo(rand, METRICS.apps.length - 1)],
                        };
        yield { kind: "metrics", data, partitionKey: host };
    }
}
