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
 * read with json_extract. `telemetry` is the device record of reference 004 (docs/references.md).
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
 * Streams that get an explicit table: those of known record shape (every configured compression
 * is one Athena reads). The others are left to the landing-zone crawler.
 */
export function streamsWithTables(streams: { name: string }[]): string[] {
    return streams.filter((s) => s.name in STREAM_COLUMNS).map((s) => s.name);
}

/**
 * The one partition key of a stream table: the hour of a Firehose object's prefix, projected as a
 * `date` over the whole `year=YYYY/month=MM/day=DD/hour=HH` path, as Athena's Firehose example
 * does (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html).
 * One key, not four: a range predicate on it (`datehour >= '...'`) prunes, while a filter that
 * rebuilds a date from year/month/day is evaluated for every projected partition.
 */
export const STREAM_PARTITION_KEY = "datehour";

/**
 * Its projection format (Java DateTimeFormatter, literals in single quotes), spelling the Firehose
 * prefix exactly. Values sort as they are written, so string ranges select hours.
 */
export const DATEHOUR_FORMAT = "'year='yyyy'/month='MM'/day='dd'/hour='HH";

/** The key's value for an hour (UTC): `year=2026/month=11/day=23/hour=01`. */
export function datehourValue(d: Date): string {
    const p = (n: number) => String(n).padStart(2, "0");
    return `year=${d.getUTCFullYear()}/month=${p(d.getUTCMonth() + 1)}/day=${p(d.getUTCDate())}/hour=${p(d.getUTCHours())}`;
}

/** `s3://<bucket>/streams/<name>/`: the table location. */
export function streamLocation(bucket: string, stream: string): string {
    return `s3://${bucket}/${STREAMS_PREFIX}${stream}/`;
}

/**
 * Table parameters: EXTERNAL_TABLE over gzip NDJSON with partition projection on `datehour`,
 * hourly from `since` (a `YYYY-MM-DD`, config `catalog.streamsSince`: hours before it are not
 * projected, so their data is not seen) up to NOW, and the storage location template of the
 * Firehose prefix.
 */
export function streamTableParameters(bucket: string, stream: string, compression: keyof typeof TABLE_COMPRESSIONS, since: string): Record<string, string> {
    const start = new Date(`${since}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(start.getTime())) throw new Error(`projection start must be a YYYY-MM-DD date, got ${since}`);
    const key = STREAM_PARTITION_KEY;
    return {
        EXTERNAL: "TRUE",
        classification: "json",
        compressionType: TABLE_COMPRESSIONS[compression],
        typeOfData: "file",
        "projection.enabled": "true",
        [`projection.${key}.type`]: "date",
        [`projection.${key}.format`]: DATEHOUR_FORMAT,
        [`projection.${key}.range`]: `${datehourValue(start)},NOW`,
        [`projection.${key}.interval`]: "1",
        [`projection.${key}.interval.unit`]: "HOURS",
        "storage.location.template": `${streamLocation(bucket, stream)}\${${key}}/`,
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
