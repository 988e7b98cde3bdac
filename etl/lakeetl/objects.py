"""The drop -> raw output contract of lib/contract.ts and functions/shared/{s3,quarantine}.ts, ported
for the big-object job (etl/jobs/convert_object.py), so an object converted by Spark lands exactly
where and as the function would have put it: the raw key (`promoted_key`), the lineage metadata
(`lineage_metadata`), the quarantine copy and its error report (`quarantine`), and the processed
tag on the source version (`tag_processed`). etl/tests/test_convert_object.py checks each against
the TypeScript on the same inputs.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

STREAMS_PREFIX = "streams/"
QUARANTINE_PREFIX = "quarantine/"
INGEST_DATE_PARTITION = "ingest_date"
ERROR_REPORT_SUFFIX = ".error.json"
#: lib/contract.ts PROCESSED_TAG.
PROCESSED_TAG_KEY = "datalake:processed"
PROMOTED = "promoted"
QUARANTINED = "quarantined"
#: lib/contract.ts ObjectMeta (x-amz-meta-*).
META_ROW_COUNT = "row-count"
META_SOURCE_KEY = "source-key"
META_SOURCE_ETAG = "source-etag"
META_SOURCE_VERSION = "source-version"
META_SOURCE_BUCKET = "source-bucket"
META_SOURCE_ENCODING = "source-encoding"

_EXTENSIONS = re.compile(r"(\.(csv|tsv|json|ndjson|jsonl|txt|parquet))?(\.gz)?$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]")
_TAG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
#: Characters encodeURI leaves as they are (ECMAScript: reserved, unescaped and `#`).
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"


@dataclass(frozen=True)
class ObjectVersion:
    """One source object version, as the function's run arguments announce it."""

    bucket: str
    key: str
    event_time: dt.datetime
    version_id: str | None = None
    etag: str | None = None
    size: int | None = None


def dataset_of(key: str) -> str:
    streamed = key[len(STREAMS_PREFIX):] if key.startswith(STREAMS_PREFIX) else key
    first = streamed.split("/")[0]
    return first if "/" in streamed and first else "default"


def iso_date(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d")


def _flatten_key(key: str) -> str:
    segments = [s for s in key.split("/") if s]
    rest = segments[(2 if key.startswith(STREAMS_PREFIX) else 1):] if len(segments) > 1 else segments
    base = _EXTENSIONS.sub("", "__".join(rest), count=1)
    return _UNSAFE.sub("_", base)[:200] or "object"


def _tag(version_or_etag: str) -> str:
    return _TAG_UNSAFE.sub("", version_or_etag)[:64] or "noversion"


def promoted_key(source_key: str, version_or_etag: str, ingest_date: dt.datetime) -> str:
    """`<dataset>/ingest_date=YYYY-MM-DD/<flattened source key>-<version or etag>.parquet`."""
    return (f"{dataset_of(source_key)}/{INGEST_DATE_PARTITION}={iso_date(ingest_date)}/"
            f"{_flatten_key(source_key)}-{_tag(version_or_etag)}.parquet")


def quarantine_key(source_key: str, version_or_etag: str, ingest_date: dt.datetime) -> str:
    return (f"{QUARANTINE_PREFIX}{dataset_of(source_key)}/{INGEST_DATE_PARTITION}={iso_date(ingest_date)}/"
            f"{_flatten_key(source_key)}-{_tag(version_or_etag)}")


def lineage_metadata(source: ObjectVersion, row_count: int, encoding: str | None) -> dict[str, str]:
    """The raw object's metadata, as functions/shared/s3.ts lineageMetadata writes it."""
    meta = {
        META_ROW_COUNT: str(row_count),
        META_SOURCE_BUCKET: source.bucket,
        META_SOURCE_KEY: quote(source.key, safe=_ENCODE_URI_SAFE),
        META_SOURCE_ETAG: source.etag or "",
        META_SOURCE_VERSION: source.version_id or "",
    }
    if encoding:
        meta[META_SOURCE_ENCODING] = encoding
    return meta


def _sse(kms_key_arn: str) -> dict:
    # No BucketKeyEnabled: boto3's managed transfers refuse it; the zone buckets enable bucket keys by default.
    return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_arn}


def _parquet_args(kms_key_arn: str, metadata: dict[str, str]) -> dict:
    return {"Metadata": metadata, "ContentType": "application/vnd.apache.parquet", **_sse(kms_key_arn)}


def publish(s3, parquet: dict, bucket: str, key: str, kms_key_arn: str, metadata: dict[str, str]) -> None:
    """Copies the written Parquet file (`{"Bucket", "Key"}`) to the raw key with the lineage
    metadata and the zone key (boto3's managed copy: multipart past 5 GiB)."""
    s3.copy(parquet, bucket, key, ExtraArgs={"MetadataDirective": "REPLACE", **_parquet_args(kms_key_arn, metadata)})


def upload(s3, path: str, bucket: str, key: str, kms_key_arn: str, metadata: dict[str, str]) -> None:
    """Uploads a local Parquet file to the raw key, as `publish` copies one."""
    s3.upload_file(path, bucket, key, ExtraArgs=_parquet_args(kms_key_arn, metadata))


def tag_processed(s3, source: ObjectVersion, outcome: str) -> None:
    """functions/shared/s3.ts tagProcessed: the outcome tag on the source version, others kept."""
    target = {"Bucket": source.bucket, "Key": source.key, **({"VersionId": source.version_id} if source.version_id else {})}
    others = [t for t in s3.get_object_tagging(**target)["TagSet"] if t["Key"] != PROCESSED_TAG_KEY]
    s3.put_object_tagging(**target, Tagging={"TagSet": [*others, {"Key": PROCESSED_TAG_KEY, "Value": outcome}]})


class BadInput(Exception):
    """The input itself is unusable (functions/shared/errors.ts BadInputError): quarantined."""

    def __init__(self, reason: str, message: str, fmt: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.format = fmt


def quarantine(s3, source: ObjectVersion, err: BadInput, kms_key_arn: str, now: dt.datetime) -> dict:
    """functions/shared/quarantine.ts quarantineObject: the version copied under quarantine/ in its
    own bucket (tags not kept), its JSON error report beside it; returns the report."""
    key = quarantine_key(source.key, source.version_id or source.etag or "", source.event_time)
    report = {
        "reason": err.reason,
        "message": str(err)[:500],
        "dataset": dataset_of(source.key),
        **({"format": err.format} if err.format else {}),
        "source": {k: v for k, v in {"bucket": source.bucket, "key": source.key, "versionId": source.version_id,
                                      "etag": source.etag, "size": source.size}.items() if v is not None},
        "quarantineKey": key,
        "time": now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    copy_source = {"Bucket": source.bucket, "Key": source.key, **({"VersionId": source.version_id} if source.version_id else {})}
    # A new object with its own lifecycle: the source's tags are not copied.
    s3.copy(copy_source, source.bucket, key,
            ExtraArgs={"MetadataDirective": "COPY", "TaggingDirective": "REPLACE", **_sse(kms_key_arn)})
    s3.put_object(Bucket=source.bucket, Key=key + ERROR_REPORT_SUFFIX, Body=json.dumps(report, indent=2).encode(),
                  ContentType="application/json", **_sse(kms_key_arn))
    return report
