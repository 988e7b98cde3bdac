"""Marking the landing-zone objects a drop -> raw run read as consumed, once the run committed.

The drop -> raw Lambda tags an object of a Glue-owned dataset `datalake:processed=left-for-batch`,
which the landing zone's lifecycle never expires (lib/contract.ts PROCESSED_TAG); the job retags
what it read with the tag it is passed (`--consumed_tag`, the contract's `promoted`), which does
expire. Only a version older than the run is tagged: one uploaded under the same key since was
not read (job bookmarks skip files newer than the run too) and keeps its own tag.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import unquote, urlparse

import boto3
from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def source_files(df: DataFrame) -> list[str]:
    """The URIs of the files `df`'s rows were read from; [] when a row has none (Glue's grouping of
    small files can hide them), so that nothing unread is ever marked."""
    names = [row[0] for row in df.select(F.input_file_name()).distinct().collect()]
    return [] if any(not n for n in names) else sorted(names)


def parse_tag(text: str) -> tuple[str, str]:
    """`key=value` -> (key, value)."""
    key, sep, value = text.partition("=")
    if not (key and sep and value):
        raise ValueError(f"--consumed_tag is {text!r}: expected key=value")
    return key, value


def _candidate_keys(uri: str) -> tuple[str, list[str]]:
    """Bucket and the keys a file URI may stand for: Spark URL-encodes paths, other readers do not."""
    parsed = urlparse(uri)
    if parsed.scheme not in ("s3", "s3a", "s3n"):
        raise ValueError(f"not an S3 URI: {uri}")
    key = uri.split("/", 3)[3]
    return parsed.netloc, list(dict.fromkeys([unquote(key), key]))


def _current_version(s3, bucket: str, keys: list[str]) -> tuple[str, dict] | None:
    for key in keys:
        try:
            return key, s3.head_object(Bucket=bucket, Key=key)
        except s3.exceptions.ClientError as err:
            if err.response["Error"]["Code"] not in ("404", "NoSuchKey"):
                raise
    return None


def mark_consumed(uris: list[str], tag: tuple[str, str], started: dt.datetime, s3=None) -> list[str]:
    """Tags the current version of each file in `uris` with `tag` (its other tags kept) when it was
    last modified before `started` (the run's start, timezone-aware); returns the keys tagged. A
    file deleted since is skipped; any other error is raised (the job then fails and alarms).
    `s3`: a boto3 S3 client, default one from the job's role."""
    s3 = s3 or boto3.client("s3")
    tagged = []
    for uri in uris:
        bucket, keys = _candidate_keys(uri)
        found = _current_version(s3, bucket, keys)
        if found is None:
            continue
        key, head = found
        if head["LastModified"] >= started.replace(microsecond=0):
            continue
        target = {"Bucket": bucket, "Key": key}
        if head.get("VersionId"):
            target["VersionId"] = head["VersionId"]
        others = [t for t in s3.get_object_tagging(**target)["TagSet"] if t["Key"] != tag[0]]
        s3.put_object_tagging(**target, Tagging={"TagSet": [*others, {"Key": tag[0], "Value": tag[1]}]})
        tagged.append(key)
    return tagged
