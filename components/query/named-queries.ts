/**
 * Named Athena queries shipped with the workgroup: the example questions of the reference
 * projects, each against the database and table that answers it. Pure; the SQL is Athena engine
 * v3 (Trino) and names tables unqualified, so it runs in the query's own database.
 */
import { CURATED_VIEWS } from "../../lib/contract";
import { DATEHOUR_FORMAT, STREAM_PARTITION_KEY } from "../catalog/stream-tables";

/** A SQL string literal (single quotes doubled). */
function sqlString(s: string): string {
    return `'${s.replace(/'/g, "''")}'`;
}

export interface NamedQuerySpec {
    /** Resource and display name suffix, e.g. `activity_counts`. */
    key: string;
    description: string;
    /** Database (full Glue name) the query runs in. */
    database: string;
    sql: string;
}

export interface QueryCatalog {
    /** Glue database of the landing zone (stream tables) and of the curated zone. */
    landingDatabase: string;
    curatedDatabase: string;
    /** Streams that have explicit tables in the landing database (components/catalog/stream-tables.ts). */
    streamTables: string[];
}

/** Activity counts (reference 004 in docs/references.md), on the telemetry stream table when there is one, else the curated view. */
function activityCounts(c: QueryCatalog): NamedQuerySpec {
    const streamed = c.streamTables.includes("telemetry");
    return {
        key: "activity_counts",
        description: streamed
            ? "Device readings per activity type, straight from the telemetry stream (reference 004)"
            : "Device readings per activity type, from the curated activity view (reference 004)",
        database: streamed ? c.landingDatabase : c.curatedDatabase,
        sql: [
            "SELECT activity_type,",
            "       count(activity_type) AS readings",
            `FROM ${streamed ? "telemetry" : CURATED_VIEWS.activity}`,
            "GROUP BY activity_type",
            "ORDER BY activity_type",
        ].join("\n"),
    };
}

/** Deals, deal value and average review per seller (reference 001), from the curated view. */
function sellerDeals(c: QueryCatalog): NamedQuerySpec {
    return {
        key: "seller_deals_and_reviews",
        description: "Closed deals, their declared monthly revenue and the average review score per seller (reference 001)",
        database: c.curatedDatabase,
        sql: [
            "SELECT seller_id,",
            "       deals,",
            "       deal_value,",
            "       review_count,",
            "       round(avg_review_score, 2) AS avg_review_score",
            `FROM ${CURATED_VIEWS.sellerPerformance}`,
            "WHERE deals > 0 OR review_count > 0",
            "ORDER BY deals DESC, deal_value DESC, seller_id",
        ].join("\n"),
    };
}

/** The same per sales development representative (reference 001: "per SDR"). */
function sdrDeals(c: QueryCatalog): NamedQuerySpec {
    return {
        key: "sdr_deals_and_reviews",
        description: "Closed deals, deal value and the review-weighted average score of their sellers per SDR (reference 001)",
        database: c.curatedDatabase,
        sql: [
            "SELECT sdr_id,",
            "       sum(deals) AS deals,",
            "       sum(deal_value) AS deal_value,",
            "       round(sum(avg_review_score * review_count) / nullif(sum(review_count), 0), 2) AS avg_review_score",
            `FROM ${CURATED_VIEWS.sellerPerformance}`,
            "WHERE sdr_id IS NOT NULL",
            "GROUP BY sdr_id",
            "ORDER BY deals DESC, sdr_id",
        ].join("\n"),
    };
}

/**
 * Click-through rate per ad per day (reference 002). On the impressions and clicks stream tables
 * when both exist (fresh data, no ETL needed; limited to the last 7 days of `datehour` partitions,
 * which projection prunes, so the scan stays small; beacons deduplicated on impression_id), else on
 * the curated advertising view.
 */
function clickThrough(c: QueryCatalog): NamedQuerySpec {
    const streamed = c.streamTables.includes("impressions") && c.streamTables.includes("clicks");
    if (!streamed) {
        return {
            key: "click_through_rate",
            description: "Impressions, clicks and click-through rate per ad per day, from the curated advertising view (reference 002)",
            database: c.curatedDatabase,
            sql: [
                "SELECT ad_id, event_date, impressions, clicks, click_through_rate",
                `FROM ${CURATED_VIEWS.advertising}`,
                "ORDER BY event_date DESC, click_through_rate DESC",
            ].join("\n"),
        };
    }
    // A range on the projected key itself, so Athena projects only the hours asked for; the
    // bound is a constant of the query (format_datetime takes Joda-Time patterns, quoted alike).
    const recent = [
        `WHERE ${STREAM_PARTITION_KEY} >= format_datetime(CAST(date_add('day', -7, current_date) AS timestamp), ${sqlString(DATEHOUR_FORMAT)})`,
    ].join("\n");
    const beacons = (table: string) =>
        [`SELECT DISTINCT impression_id, ad_id, date(from_iso8601_timestamp("timestamp")) AS day`, `FROM ${table}`, recent].join("\n");
    return {
        key: "click_through_rate",
        description: "Impressions, clicks and click-through rate per ad per day over the last 7 days, from the streams (reference 002)",
        database: c.landingDatabase,
        sql: [
            "WITH impressions_ AS (",
            beacons("impressions"),
            "), clicks_ AS (",
            beacons("clicks"),
            ")",
            "SELECT i.ad_id,",
            "       i.day,",
            "       count(*) AS impressions,",
            "       count(c.impression_id) AS clicks,",
            "       CAST(count(c.impression_id) AS double) / count(*) AS click_through_rate",
            "FROM impressions_ i",
            "LEFT JOIN clicks_ c ON c.impression_id = i.impression_id",
            "GROUP BY i.ad_id, i.day",
            "ORDER BY i.day DESC, click_through_rate DESC",
        ].join("\n"),
    };
}

/** Every named query of the workgroup. */
export function namedQueries(c: QueryCatalog): NamedQuerySpec[] {
    return [activityCounts(c), sellerDeals(c), sdrDeals(c), clickThrough(c)];
}
