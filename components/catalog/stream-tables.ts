/**
 * Explicit Glue tables over the Firehose stream prefixes of the drop zone, with Athena partition
 * projection, so streamed data is queryable the moment Firehose writes it (no crawler run, no
 * MSCK REPAIR). Column sets follow the records each stream carries; all pure.
 *
 * Layout written by Firehose (lib/contract.ts STREAMS_PREFIX):
 * `streams/<name>/year=YYYY/month=MM/day=DD/hour=HH/<object>.gz`, one JSON record per line.
 */
import { STREAMS_PREFIX } from "../../lib/contract";

export interface GlueColumn {
    name: string;
    /** Hive type (string, bigint, int, double, ...). */
    type: string;
    comment?: string;
    /** JSON key when it differs from the column name (mapped through the SerDe). */
    jsonKey?: string;
}

/** Fields the ingest API stamps on every record (lib/contract.ts IngestRecordFields). */
const STAMPED: GlueColumn[] = [
    { name: "type", type: "string", comment: "route without its slash: track, alias, profile, impressions, clicks" },
    { name: "received_at", type: "string", comment: "ISO 8601 time the API received the request" },
    { name: "request_id", type: "string", comment: "API Gateway request id" },
];

const AD_BEACON: GlueColumn[] = [
    { name: "ad_id", type: "string" },
    { name: "impression_id", type: "string" },
    { name: "user_id", type: "string" },
    { name: "timestamp", type: "string", comment: "RFC 3339 time of the beacon" },
    ...STAMPED,
];

/**
 * Columns per known stream. `events` carries the /track, /alias and /profile envelopes in one
 * table (`type` tells them apart); free-form objects (metadata, attributes) are kept as JSON text,
 * read with json_extract. `telemetry` is the device record of reference 004.
 */
export const STREAM_COLUMNS: Readonly<Record<string, readonly GlueColumn[]>> = {
    events: [
        { name: "user_id", type: "string", jsonKey: "userId", comment: "track and profile" },
        { name: "event_name", type: "string", jsonKey: "eventName", comment: "track" },
        { name: "metadata", type: "string", comment: "track: event properties as JSON text" },
        { name: "new_user_id", type: "string", jsonKey: "newUserId", comment: "alias" },
        { name: "original_user_id", type: "string", jsonKey: "originalUserId", comment: "alias" },
        { name: "attributes", type: "string", comment: "profile: attributes as JSON text" },
        { name: "timestamp_utc", type: "bigint", jsonKey: "timestampUTC", comment: "Unix epoch milliseconds" },
        ...STAMPED,
    ],
    impressions: AD_BEACON,
    clicks: AD_BEACON,
    telemetry: [
        { name: "uuid", type: "string" },
        { name: "device_ts", type: "string", comment: "YYYY-MM-DD HH:mm:ss.SSS (UTC)" },
        { name: "device_id", type: "int" },
        { name: "device_temp", type: "int" },
        { name: "track_id", type: "int" },
        { name: "activity_type", type: "string" },
    ],
};

/** Compressions Athena reads JSON in by file extension (Firehose writes `.gz` for GZIP). */
export const TABLE_COMPRESSIONS = { GZIP: "gzip", UNCOMPRESSED: "none" } as const;

/**
 * Streams that get an explicit table: known record shape and a compression Athena reads. The
 * others are left to the landing-zone crawler.
 */
export function streamsWithTables(streams: { name: string; compression: string }[]): string[] {
    return streams.filter((s) => s.name in STREAM_COLUMNS && s.compression in TABLE_COMPRESSIONS).map((s) => s.name);
}

/** Hive partition keys of the Firehose prefix, in path order. */
export const STREAM_PARTITION_KEYS = ["year", "month", "day", "hour"] as const;

/** Years partition projection enumerates for `year` (inclusive). */
export interface ProjectionYears {
    from: number;
    to: number;
}

export const DEFAULT_PROJECTION_YEARS: ProjectionYears = { from: 2025, to: 2045 };

/** `s3://<bucket>/streams/<name>/`: the table location. */
export function streamLocation(bucket: string, stream: string): string {
    return `s3://${bucket}/${STREAMS_PREFIX}${stream}/`;
}

/**
 * Table parameters: EXTERNAL_TABLE over gzip NDJSON with partition projection on
 * year/month/day/hour (integers; month, day and hour zero-padded to two digits as Firehose's
 * `!{timestamp:MM}` writes them) and the storage location template of the Firehose prefix.
 */
export function streamTableParameters(
    bucket: string,
    stream: string,
    compression: keyof typeof TABLE_COMPRESSIONS,
    years: ProjectionYears = DEFAULT_PROJECTION_YEARS,
): Record<string, string> {
    if (!Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to) {
        throw new Error(`projection years must be integers with from <= to, got ${years.from}..${years.to}`);
    }
    const template = `${streamLocation(bucket, stream)}year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`;
    return {
        EXTERNAL: "TRUE",
        classification: "json",
        compressionType: TABLE_COMPRESSIONS[compression],
        typeOfData: "file",
        "projection.enabled": "true",
        "projection.year.type": "integer",
        "projection.year.range": `${years.from},${years.to}`,
        "projection.month.type": "integer",
        "projection.month.range": "1,12",
        "projection.month.digits": "2",
        "projection.day.type": "integer",
        "projection.day.range": "1,31",
        "projection.day.digits": "2",
        "projection.hour.type": "integer",
        "projection.hour.range": "0,23",
        "projection.hour.digits": "2",
        "storage.location.template": template,
    };
}

export const JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
export const TEXT_INPUT_FORMAT = "org.apache.hadoop.mapred.TextInputFormat";
export const TEXT_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

/**
 * OpenX JSON SerDe parameters: keys are matched case-sensitively, and camelCase JSON keys are
 * mapped to snake_case columns (`mapping.<column>` = `<jsonKey>`), as Athena documents.
 */
export function jsonSerdeParameters(columns: readonly GlueColumn[]): Record<string, string> {
    const params: Record<string, string> = { "case.insensitive": "FALSE" };
    for (const c of columns) if (c.jsonKey) params[`mapping.${c.name}`] = c.jsonKey;
    return params;
}
