/**
 * Quarantine for objects that cannot be curated. Same place and report shape as the shared
 * quarantine (functions/shared/quarantine.ts: a copy under `quarantine/` in the raw zone, next to
 * `<key>.error.json`), plus the structured details a curation failure has (the column, the cast
 * type and a sample value, or the missing columns), which the shared BadInputError cannot carry.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { ERROR_REPORT_SUFFIX, quarantineKey } from "../../lib/contract";
import type { S3ObjectRef } from "../shared/events";
import type { ErrorReport } from "../shared/quarantine";
import { copyObjectVersion, putBody } from "../shared/s3";
import type { CurationInputError } from "./curate";

export interface CurationErrorReport extends Omit<ErrorReport, "format" | "line" | "offset"> {
    reason: "curation";
    /** Which dataset's rule was applied. */
    dataset: string;
    details: Record<string, unknown>;
}

/** Copies the object version to quarantine (raw zone key) and writes its report; returns it. */
export async function quarantineForCuration(
    s3: S3Client,
    ref: S3ObjectRef,
    dataset: string,
    err: CurationInputError,
    opts: { kmsKeyArn: string; now: Date },
): Promise<CurationErrorReport> {
    const key = quarantineKey(ref.key, ref.versionId ?? ref.etag ?? "", ref.eventTime);
    const report: CurationErrorReport = {
        reason: "curation",
        message: err.message,
        dataset,
        details: err.details,
        source: { bucket: ref.bucket, key: ref.key, versionId: ref.versionId, etag: ref.etag, size: ref.size },
        quarantineKey: key,
        time: opts.now.toISOString(),
    };
    await copyObjectVersion(s3, ref, { bucket: ref.bucket, key }, { kmsKeyArn: opts.kmsKeyArn, size: ref.size ?? 0 });
    await putBody(s3, ref.bucket, key + ERROR_REPORT_SUFFIX, JSON.stringify(report, null, 2), "application/json", opts.kmsKeyArn);
    return report;
}
