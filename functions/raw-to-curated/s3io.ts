/**
 * The S3 calls of the curate processor: read the announced version to a local file, write a
 * local file with explicit SSE-KMS, and quarantine a bad object next to its error report.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { ERROR_REPORT_SUFFIX, datasetOf, quarantineKey } from "../../lib/contract";
import { S3ObjectRef } from "../shared/events";
import { CurationInputError } from "./curate";

/** Downloads exactly the version the event names; returns what S3 says it served. */
export async function downloadObject(s3: S3Client, ref: S3ObjectRef, file: string): Promise<{ etag?: string; versionId?: string }> {
    const out = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
    await pipeline(out.Body as Readable, createWriteStream(file));
    return { etag: out.ETag?.replace(/"/g, ""), versionId: out.VersionId ?? ref.versionId };
}

/** Uploads a local file (streamed, with its length so no buffering is needed). */
export async function uploadFile(s3: S3Client, file: string, params: Omit<PutObjectCommandInput, "Body">): Promise<void> {
    const { size } = await stat(file);
    await s3.send(new PutObjectCommand({ ...params, Body: createReadStream(file), ContentLength: size }));
}

/** `bucket/key[?versionId=]` as CopyObject wants it (key URL-encoded). */
export function copySource(ref: S3ObjectRef): string {
    const version = ref.versionId ? `?versionId=${encodeURIComponent(ref.versionId)}` : "";
    return `${ref.bucket}/${encodeURIComponent(ref.key)}${version}`;
}

/**
 * Copies the bad object (server-side) into its zone's quarantine prefix, encrypted with the zone
 * key, and writes `<quarantine key>.error.json` beside it. Keys derive from the source version
 * and event time, so a redelivery overwrites the same pair.
 */
export async function quarantine(s3: S3Client, ref: S3ObjectRef, zoneKeyArn: string, err: Error): Promise<string> {
    const key = quarantineKey(ref.key, ref.versionId ?? ref.etag ?? "", ref.eventTime);
    const encryption = { ServerSideEncryption: "aws:kms", SSEKMSKeyId: zoneKeyArn, BucketKeyEnabled: true } as const;
    await s3.send(new CopyObjectCommand({ Bucket: ref.bucket, Key: key, CopySource: copySource(ref), ...encryption }));
    const report = {
        reason: err instanceof CurationInputError ? "curation-failed" : err.name,
        message: err.message,
        ...(err instanceof CurationInputError ? err.details : {}),
        processor: "raw-to-curated",
        dataset: datasetOf(ref.key),
        source: { bucket: ref.bucket, key: ref.key, versionId: ref.versionId, etag: ref.etag, size: ref.size },
        quarantinedAt: new Date().toISOString(),
    };
    await s3.send(
        new PutObjectCommand({
            Bucket: ref.bucket,
            Key: key + ERROR_REPORT_SUFFIX,
            Body: JSON.stringify(report, null, 2),
            ContentType: "application/json",
            ...encryption,
        }),
    );
    return key;
}
