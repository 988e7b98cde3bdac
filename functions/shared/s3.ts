/**
 * S3 operations the zone processors share: read one object version to a local file, write a
 * Parquet file with the zone's KMS key and its lineage metadata, and copy a version server-side (multipart above
 * S3's 5 GiB single-copy limit).
 */
import { createWriteStream, createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import {
    S3Client,
    GetObjectCommand,
    PutObjectCommand,
    CopyObjectCommand,
    CreateMultipartUploadCommand,
    UploadPartCopyCommand,
    CompleteMultipartUploadCommand,
    AbortMultipartUploadCommand,
    GetObjectTaggingCommand,
    PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import {
    CONTRACT_BREAKS_MAX_BYTES,
    type ContractBreak,
    ObjectMeta,
    PROCESSED_TAG,
    ProcessedOutcome,
    S3_USER_METADATA_MAX_BYTES,
    SourceEncoding,
    contractBreaksValue,
    metadataBytes,
} from "../../lib/contract";
import type { S3ObjectRef } from "./events";

/** What was actually read (authoritative over the event, which may be stale). */
export interface DownloadedObject {
    etag?: string;
    versionId?: string;
    size: number;
}

/**
 * Streams the referenced object version to `path`. Without a version id (unversioned bucket)
 * the read is pinned to the event's ETag, so a newer object under the same key fails with
 * PreconditionFailed instead of being read under the old event's identity.
 */
export async function downloadToFile(s3: S3Client, ref: S3ObjectRef, path: string): Promise<DownloadedObject> {
    const out = await s3.send(
        new GetObjectCommand({
            Bucket: ref.bucket,
            Key: ref.key,
            VersionId: ref.versionId,
            IfMatch: ref.versionId ? undefined : ref.etag && `"${ref.etag}"`,
        }),
    );
    await pipeline(out.Body as Readable, createWriteStream(path));
    return {
        etag: out.ETag?.replace(/"/g, ""),
        versionId: out.VersionId ?? ref.versionId,
        size: (await stat(path)).size,
    };
}

/** Where a promoted object came from, written as its metadata (lib/contract ObjectMeta). */
export interface Lineage {
    /** The source object; etag and version id as actually read. */
    source: { bucket: string; key: string; etag?: string; versionId?: string };
    rowCount: number;
    /** The encoding text input was read in (drop -> raw), recorded as ObjectMeta.sourceEncoding. */
    sourceEncoding?: SourceEncoding;
    /** drop -> raw, a dataset with a contract: the object's breaks (none: `[]`), recorded as ObjectMeta.contractBreaks. */
    contractBreaks?: readonly ContractBreak[];
}

/** The object metadata (x-amz-meta-*, lib/contract ObjectMeta) a promoted object carries (etl/lakeetl/objects.py lineage_metadata too). */
export function lineageMetadata(lineage: Lineage): Record<string, string> {
    const { source } = lineage;
    const meta: Record<string, string> = {
        [ObjectMeta.rowCount]: String(lineage.rowCount),
        [ObjectMeta.sourceBucket]: source.bucket,
        [ObjectMeta.sourceKey]: metadataValue(source.key),
        [ObjectMeta.sourceEtag]: source.etag ?? "",
        [ObjectMeta.sourceVersion]: source.versionId ?? "",
        ...(lineage.sourceEncoding ? { [ObjectMeta.sourceEncoding]: lineage.sourceEncoding } : {}),
    };
    if (lineage.contractBreaks) {
        // The breaks get what S3's 2 KB leave after the other keys, at most CONTRACT_BREAKS_MAX_BYTES.
        const room = S3_USER_METADATA_MAX_BYTES - metadataBytes(meta) - ObjectMeta.contractBreaks.length;
        meta[ObjectMeta.contractBreaks] = contractBreaksValue(lineage.contractBreaks, Math.min(CONTRACT_BREAKS_MAX_BYTES, room));
    }
    return meta;
}

/** Uploads a local Parquet file, encrypted with the given zone key, its lineage as metadata. */
export async function putParquet(s3: S3Client, bucket: string, key: string, path: string, kmsKeyArn: string, lineage: Lineage): Promise<void> {
    const { size } = await stat(path);
    await s3.send(
        new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: createReadStream(path),
            ContentLength: size,
            ContentType: "application/vnd.apache.parquet",
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: kmsKeyArn,
            BucketKeyEnabled: true,
            Metadata: lineageMetadata(lineage),
        }),
    );
}

/** Puts a small in-memory body, encrypted with the given zone key. */
export async function putBody(s3: S3Client, bucket: string, key: string, body: string, contentType: string, kmsKeyArn: string): Promise<void> {
    await s3.send(
        new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: kmsKeyArn,
            BucketKeyEnabled: true,
        }),
    );
}

/** S3's largest single CopyObject. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;

export interface CopyOptions {
    kmsKeyArn: string;
    /** Source size in bytes; above `multipartAboveBytes` the copy is multipart. */
    size: number;
    /** Default MAX_SINGLE_COPY_BYTES (5 GiB). */
    multipartAboveBytes?: number;
    /** Part size of a multipart copy. Default 512 MiB (at most 10,000 parts: objects up to 5 TiB). */
    partBytes?: number;
}

/**
 * Server-side copy of one object version, re-encrypted with `kmsKeyArn`, metadata kept, tags not:
 * the copy is a new object with its own lifecycle (a source tagged `datalake:processed` on an
 * earlier delivery must not hand that expiry to its quarantine copy). A multipart copy starts
 * untagged too.
 */
export async function copyObjectVersion(
    s3: S3Client,
    src: { bucket: string; key: string; versionId?: string },
    dst: { bucket: string; key: string },
    opts: CopyOptions,
): Promise<void> {
    const copySource = `${src.bucket}/${encodeURIComponent(src.key)}${src.versionId ? `?versionId=${encodeURIComponent(src.versionId)}` : ""}`;
    const sse = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: opts.kmsKeyArn, BucketKeyEnabled: true };
    if (opts.size <= (opts.multipartAboveBytes ?? MAX_SINGLE_COPY_BYTES)) {
        await s3.send(
            new CopyObjectCommand({ Bucket: dst.bucket, Key: dst.key, CopySource: copySource, MetadataDirective: "COPY", TaggingDirective: "REPLACE", ...sse }),
        );
        return;
    }
    const partBytes = opts.partBytes ?? 512 * 1024 ** 2;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: dst.bucket, Key: dst.key, ...sse }));
    try {
        const parts = [];
        for (let start = 0, n = 1; start < opts.size; start += partBytes, n++) {
            const end = Math.min(start + partBytes, opts.size) - 1;
            const part = await s3.send(
                new UploadPartCopyCommand({
                    Bucket: dst.bucket,
                    Key: dst.key,
                    UploadId,
                    PartNumber: n,
                    CopySource: copySource,
                    CopySourceRange: `bytes=${start}-${end}`,
                }),
            );
            parts.push({ PartNumber: n, ETag: part.CopyPartResult?.ETag });
        }
        await s3.send(new CompleteMultipartUploadCommand({ Bucket: dst.bucket, Key: dst.key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (e) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: dst.bucket, Key: dst.key, UploadId })).catch(() => undefined);
        throw e;
    }
}

/**
 * Tags one source object version with the processor's outcome (lib/contract PROCESSED_TAG), which
 * the landing zone's expiry rules filter on. The object's other tags are kept (PutObjectTagging
 * replaces the whole set). A version its Glue job already consumed (`promoted`) stays so when a
 * late or redriven message says `left-for-batch`: retagging it would keep it forever.
 */
export async function tagProcessed(s3: S3Client, ref: { bucket: string; key: string; versionId?: string }, outcome: ProcessedOutcome): Promise<void> {
    const target = { Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId };
    const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand(target));
    const current = TagSet.find((t) => t.Key === PROCESSED_TAG.key)?.Value;
    if (outcome === PROCESSED_TAG.leftForBatch && current === PROCESSED_TAG.promoted) return;
    const others = TagSet.filter((t) => t.Key !== PROCESSED_TAG.key);
    await s3.send(new PutObjectTaggingCommand({ ...target, Tagging: { TagSet: [...others, { Key: PROCESSED_TAG.key, Value: outcome }] } }));
}

/** Metadata values must be ASCII: keys are URI-encoded (`/` kept), decode with decodeURI. */
function metadataValue(value: string): string {
    return encodeURI(value);
}
