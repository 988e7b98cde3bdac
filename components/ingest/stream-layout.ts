/**
 * Key layout of what Firehose delivers into the drop zone. Pure, unit-tested directly.
 *
 * Delivered objects land under `streams/<name>/year=/month=/day=/hour=/`, where the drop
 * processor takes `<name>` as the dataset (lib/contract `datasetOf`). Firehose's error output
 * (records it could not deliver or process) goes under `quarantine/streams/<name>/...` instead:
 * the drop zone sends every object to its processor, and `isQuarantined` makes the processor
 * skip that prefix, so failed records are kept for inspection rather than promoted as a dataset.
 */
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../../lib/contract";
import type { StreamCompression } from "./defaults";
import { NameRules, boundedName } from "../../lib/names";

/** Hive-style hour partitions from Firehose's arrival timestamp (UTC). */
export const HOUR_PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

/** Firehose expression naming why a record failed (e.g. `processing-failed`, `format-conversion-failed`). */
export const ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";

/** Fixed part of a stream's delivery prefix: `streams/<name>/`. */
export function streamBasePrefix(name: string): string {
    return `${STREAMS_PREFIX}${name}/`;
}

/** Fixed part of a stream's error prefix: `quarantine/streams/<name>/`. */
export function streamErrorBasePrefix(name: string): string {
    return `${QUARANTINE_PREFIX}${STREAMS_PREFIX}${name}/`;
}

/** Firehose `prefix`: `streams/<name>/year=!{timestamp:yyyy}/.../hour=!{timestamp:HH}/`. */
export function streamPrefix(name: string): string {
    return `${streamBasePrefix(name)}${HOUR_PARTITIONS}`;
}

/** Firehose `errorOutputPrefix`: `quarantine/streams/<name>/!{firehose:error-output-type}/year=.../hour=.../`. */
export function streamErrorPrefix(name: string): string {
    return `${streamErrorBasePrefix(name)}${ERROR_OUTPUT_TYPE}/${HOUR_PARTITIONS}`;
}

/**
 * Extension of delivered objects, so the drop processor reads them by name: JSON records (the
 * ingest API writes one per line; other producers may concatenate them) as `.json`, plus `.gz`
 * when gzipped (the config refuses the compressions the processor cannot read).
 */
export function streamFileExtension(compression: StreamCompression): string {
    return compression === "GZIP" ? ".json.gz" : ".json";
}

/**
 * Physical name of a stream's Firehose delivery stream (and of its Kinesis source, a separate
 * namespace), e.g. `datalake-dev-events`: fixed so producers, the load generator and dashboards
 * can name it from config alone.
 */
export function deliveryStreamName(project: string, stack: string, name: string): string {
    return boundedName([project, stack, name], NameRules.deliveryStream);
}

export function kinesisStreamName(project: string, stack: string, name: string): string {
    return boundedName([project, stack, name], NameRules.kinesisStream);
}

/** Name of the log stream Firehose writes S3 delivery errors to (the AWS console's convention). */
export const DELIVERY_LOG_STREAM = "DestinationDelivery";

/** Log group of a delivery stream's errors: `/aws/kinesisfirehose/<project>-<stack>-<name>`. */
export function deliveryLogGroupName(project: string, stack: string, name: string): string {
    return `/aws/kinesisfirehose/${project}-${stack}-${name}`;
}
