/**
 * Validation of `GET /traffic/{adId}?start=YYYY-MM-DD&end=YYYY-MM-DD`: both dates required, real
 * calendar days, `end` not before `start`, at most `maxRangeDays` days (both ends included).
 * Each failure has a message saying what was wrong and what is allowed.
 */
import { daysInRange, formatDay, parseDay } from "../shared/traffic";

export interface TrafficQuery {
    adId: string;
    start: string;
    end: string;
}

export type Validated = { ok: true; query: TrafficQuery } | { ok: false; errors: string[] };

/** Longest ad id accepted (the beacon schemas' ad_id maxLength). */
export const MAX_AD_ID_LENGTH = 128;

export function validateQuery(adId: string | undefined, start: string | undefined, end: string | undefined, maxRangeDays: number): Validated {
    const errors: string[] = [];
    if (!adId || adId.length > MAX_AD_ID_LENGTH) errors.push(`adId must be 1-${MAX_AD_ID_LENGTH} characters`);
    const day = (name: "start" | "end", v: string | undefined) => {
        if (v === undefined || v === "") {
            errors.push(`${name} is required: a date YYYY-MM-DD`);
            return undefined;
        }
        const ms = parseDay(v);
        if (ms === undefined) errors.push(`${name} ${JSON.stringify(v)} is not a calendar date YYYY-MM-DD`);
        return ms;
    };
    const s = day("start", start);
    const e = day("end", end);
    if (s !== undefined && e !== undefined) {
        if (e < s) errors.push(`end ${formatDay(e)} is before start ${formatDay(s)}`);
        else if (daysInRange(s, e) > maxRangeDays) errors.push(`the range covers ${daysInRange(s, e)} days; at most ${maxRangeDays} are allowed`);
    }
    return errors.length ? { ok: false, errors } : { ok: true, query: { adId: adId!, start: start!, end: end! } };
}
