/**
 * The daily traffic job's logic: which day to load, the curated advertising view's rows of that
 * day as table items, and how the day's items are replaced so a re-run converges on the view
 * (PutItem overwrites each ad's counts; ads no longer in the view's day are deleted), never adds.
 */
import { formatDay, parseDay, previousDay, TrafficItem } from "../shared/traffic";

/** What the scheduler (or an operator re-running a day) sends. */
export interface JobEvent {
    /** The UTC day to (re)load, YYYY-MM-DD. Default: the day before now. */
    date?: string;
}

export class JobInputError extends Error {}

export function dayOf(event: JobEvent | undefined, now: Date): string {
    const given = event?.date;
    if (given === undefined || given === null || given === "") return previousDay(now);
    const ms = parseDay(given);
    if (ms === undefined) throw new JobInputError(`date must be a calendar day YYYY-MM-DD, got ${JSON.stringify(given)}`);
    return formatDay(ms);
}

/** A row of the view's day, summed per ad (a day's partition may hold several files). */
export interface ViewRow {
    ad_id: string;
    impressions: number | bigint | null;
    clicks: number | bigint | null;
    unattributed_clicks: number | bigint | null;
}

const n = (v: number | bigint | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

export function toItems(day: string, rows: ViewRow[], computedAt: string): TrafficItem[] {
    return rows
        .filter((r) => typeof r.ad_id === "string" && r.ad_id !== "")
        .map((r) => ({
            adId: r.ad_id,
            date: day,
            impressions: n(r.impressions),
            clicks: n(r.clicks),
            unattributedClicks: n(r.unattributed_clicks),
            computedAt,
        }));
}

/** Ads that have an item for the day but are no longer in the view's day. */
export function staleAds(existing: string[], items: TrafficItem[]): string[] {
    const current = new Set(items.map((i) => i.adId));
    return [...new Set(existing)].filter((ad) => !current.has(ad)).sort();
}

/** The SQL summing the view's rows of one day per ad, over the day's downloaded Parquet files. */
export function dailySql(files: string[]): string {
    const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(", ");
    return (
        `SELECT ad_id, SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(unattributed_clicks) AS unattributed_clicks ` +
        `FROM read_parquet([${list}], union_by_name = true) WHERE ad_id IS NOT NULL GROUP BY ad_id ORDER BY ad_id`
    );
}
