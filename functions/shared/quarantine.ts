/**
 * Quarantine: a bad object is copied to `quarantine/...` in its own zone bucket, encrypted with
 * that zone's key, next to a JSON error report. The processors skip keys under quarantine/, so
 * these writes never trigger further processing.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { ERROR_REPORT_SUFFIX, datasetOf, quarantineKey } from "../../lib/contract";
import type { BadInputError } from "./errors";
import type { S3ObjectRef } from "./events";
import { copyObjectVersion, putBody } from "./s3";

/** The JSON written to `<quarantine key>.error.json`. */
export interface ErrorReport {
    reason: string;
    message: string;
    /** The dataset of the source key. */
    dataset: string;
    format?: string;
    line?: number;
    offset?: number;
    source: { bucket: string; key: string; versionId?: string; etag?: string; size?: number };
    quarantineKey: string;
    time: string;
}

export interface QuarantineOptions {
    /** KMS key ARN of the source zone (the quarantine copy stays in that zone). */
    kmsKeyArn: string;
    now: Date;
}

/** Copies the object to quarantine and writes its error report; returns the report. */
export async function quarantineObject(s3: S3Client, ref: S3ObjectRef, err: BadInputError, opts: QuarantineOptions): Promise<ErrorReport> {
    const key = quarantineKey(ref.key, ref.versionId ?? ref.etag ?? "", ref.eventTime);
    const report: ErrorReport = {
        reason: err.reason,
        message: err.message,
        dataset: datasetOf(ref.key),
        format: err.format,
        line: err.location.line,
        offset: err.location.offset,
        source: { bucket: ref.bucket, key: ref.key, versionId: ref.versionId, etag: ref.etag, size: ref.size },
        quarantineKey: key,
        time: opts.now.toISOString(),
    };
    await copyObjectVersion(s3, ref, { bucket: ref.bucket, key }, { kmsKeyArn: opts.kmsKeyArn, size: ref.size ?? 0 });
    await putBody(s3, ref.bucket, key + ERROR_REPORT_SUFFIX, JSON.stringify(report, null, 2), "application/json", opts.kmsKeyArn);
    return report;
}
