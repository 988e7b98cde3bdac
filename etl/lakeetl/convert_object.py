"""One dropped object -> one zstd Parquet file in raw, with Spark: the big-object path of the drop ->
raw function (functions/drop-to-raw/convert.ts), for objects past the function's limits
(lib/handover.ts). Same contract: the format from the key's extension and the first bytes (gzip,
Parquet, JSON, or delimited text with its delimiter sniffed from the header line), UTF-8, UTF-16
with a BOM or Windows-1252 text, a strict CSV read (RFC 4180 quotes, quoted line breaks; a ragged
row rejects the file), numbers kept exact (BIGINT, DECIMAL(18,s) or DECIMAL(38,s), else the text),
dates and timestamps (without time zone) recognised, column names normalised
(lakeetl.columns), source row order kept, and bad input rejected with the function's reasons
(`BadInput`, quarantined by `run`).

Known differences from the function (etl/README.md): CSV numbers in exponent notation and
decimal-comma values stay text; JSON values nested in objects or lists keep Spark's types (the
function makes nested numbers exact too); a CSV or JSON file is read by one task (quoted line
breaks and JSON arrays make it unsplittable, as gzip is); no line number in the quarantine report.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .columns import normalise_names
from .contracts import check_schema, with_contract_breaks
from .objects import (
    PROMOTED,
    QUARANTINED,
    BadInput,
    ObjectVersion,
    dataset_of,
    lineage_metadata,
    promoted_key,
    publish,
    quarantine,
    tag_processed,
    upload,
)

SNIFF_BYTES = 64 * 1024
_EXTENSIONS = {"csv": "csv", "tsv": "tsv", "tab": "tsv", "txt": "text", "json": "json", "ndjson": "json",
               "jsonl": "json", "parquet": "parquet"}
#: Up to 18 digits: Parquet INT64 decimals (functions/drop-to-raw/exact-numbers.ts).
INT64_DECIMAL_DIGITS = 18
MAX_DECIMAL_DIGITS = 38
_INTEGER = r"^[+-]?(0|[1-9][0-9]*)$"
#: A plain decimal (`1.5`, `.5`, `5.`; no leading zero, no exponent): integer digits (2), fraction (4 or 5).
_DECIMAL = r"^[+-]?(([0-9]|[1-9][0-9]*)(\.([0-9]*))?|\.([0-9]+))$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"


@dataclass(frozen=True)
class Source:
    """What the first bytes and the key say: format (`csv`, `tsv`, `json`, `parquet`), gzip, encoding."""

    format: str
    compressed: bool
    encoding: str | None = None
    delimiter: str = ","
    json_array: bool = False


@dataclass(frozen=True)
class Converted:
    rows: int
    format: str
    encoding: str | None
    compressed: bool
    #: The written file's schema (its dataset contract is checked against it).
    schema: T.StructType | None = None


def declared_format(key: str) -> str:
    """functions/drop-to-raw/detect.ts declaredFormat: the extension after `.gz`, `none` without one."""
    base = key.rsplit("/", 1)[-1]
    base = base[:-3] if base.lower().endswith(".gz") else base
    dot = base.rfind(".")
    if dot <= 0:
        return "none"
    ext = base[dot + 1:].lower()
    if ext not in _EXTENSIONS:
        raise BadInput("unsupported-format", f"unsupported file extension .{ext} (expected "
                       f"{', '.join(_EXTENSIONS)}, optionally .gz)")
    return _EXTENSIONS[ext]


def sniff_encoding(head: bytes) -> str:
    """functions/drop-to-raw/encoding.ts sniffEncoding."""
    if head[:2] == b"\xff\xfe":
        return "utf-16le"
    if head[:2] == b"\xfe\xff":
        return "utf-16be"
    if b"\x00" in head:
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "windows-1252"


def sniff_delimiter(text: str, fallback: str) -> str:
    """functions/drop-to-raw/csv-dialect.ts sniffDelimiter: the most frequent candidate in the header line."""
    counts = {fallback: 0, ",": 0, "\t": 0, ";": 0, "|": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = fallback
    for ch, n in counts.items():
        if n > counts[best]:
            best = ch
    return best


def sniff(key: str, head: bytes) -> Source:
    """The source's format from its key and its first bytes (gzip inflated), as detect.ts decides."""
    declared = declared_format(key)
    compressed = head[:2] == b"\x1f\x8b"
    if key.lower().endswith(".gz") and not compressed:
        raise BadInput("corrupt-gzip", "the key ends in .gz but the content is not gzip")
    if compressed and not key.lower().endswith(".gz"):
        # Spark picks its codec by extension only.
        raise BadInput("unsupported-format", "gzip content under a key without .gz (the big-object job reads gzip by extension)")
    if compressed:
        head = zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
        if head[:2] == b"\x1f\x8b":
            raise BadInput("unsupported-format", "gzip inside gzip is not supported")
    if head[:4] == b"PAR1":
        if declared not in ("parquet", "none"):
            raise BadInput("unsupported-format", f"content is Parquet but the extension says {declared}")
        return Source("parquet", compressed)
    if declared == "parquet":
        raise BadInput("malformed-parquet", "the key ends in .parquet but the content does not start with PAR1", "parquet")
    encoding = sniff_encoding(head)
    text = head.decode("utf-16" if encoding.startswith("utf-16") else encoding, errors="ignore").lstrip("\ufeff")
    if "\x00" in text:
        raise BadInput("binary", "binary content (NUL byte) where text was expected")
    first = text.lstrip()[:1]
    if not first:
        raise BadInput("empty", "the file is empty", None if declared == "none" else declared)
    if declared == "json" or (declared in ("none", "text") and first in "[{"):
        if first not in "[{":
            raise BadInput("malformed-json", "JSON input must start with '[' or '{'", "json")
        return Source("json", compressed, encoding, json_array=first == "[")
    delimiter = sniff_delimiter(text, "\t" if declared == "tsv" else ",")
    return Source("tsv" if delimiter == "\t" else "csv", compressed, encoding, delimiter)


def _decoded_head(head: bytes, source: Source) -> str:
    raw = zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES) if source.compressed else head
    codec = "utf-16" if (source.encoding or "").startswith("utf-16") else (source.encoding or "utf-8")
    return raw.decode(codec, errors="ignore").lstrip("\ufeff")


def _first_record_keys(text: str, array: bool) -> list[str]:
    """Keys of the first JSON record, in their order (Spark's inferred schema sorts them)."""
    decoder = json.JSONDecoder()
    body = text.lstrip()
    try:
        record, _ = decoder.raw_decode(body[1:].lstrip() if array else body)
    except json.JSONDecodeError:
        return []
    return list(record) if isinstance(record, dict) else []


def _is_input_error(err: Exception) -> bool:
    text = str(err)
    return any(s in text for s in ("Malformed", "MALFORMED", "BadRecord", "CharConversionException",
                                   "Invalid UTF", "Unexpected end-of-input", "JsonParseException"))


def _count(present: Column, cond: Column, alias: str) -> Column:
    return F.sum(F.when(present & cond, 1).otherwise(0)).alias(alias)


def _text_types(df: DataFrame, columns: list[str], numbers: bool) -> dict[str, str]:
    """The exact type of each text column from one aggregation over the whole file: BOOLEAN,
    BIGINT, DECIMAL(18|38, s) (when `numbers`), DATE, TIMESTAMP_NTZ, else unchanged."""
    if not columns:
        return {}
    aggs = []
    for i, name in enumerate(columns):
        v = F.trim(F.col(f"`{name}`"))
        present = v.isNotNull()
        aggs += [
            F.sum(F.when(present, 1).otherwise(0)).alias(f"n{i}"),
            _count(present, F.lower(v).isin("true", "false"), f"b{i}"),
            _count(present, v.rlike(_DATE) & F.to_date(v).isNotNull(), f"d{i}"),
            _count(present, v.rlike(_TIMESTAMP) & F.to_timestamp_ntz(v).isNotNull(), f"t{i}"),
        ]
        if numbers:
            digits = F.regexp_extract(v, _DECIMAL, 2)
            scale = F.concat(F.regexp_extract(v, _DECIMAL, 4), F.regexp_extract(v, _DECIMAL, 5))
            aggs += [
                _count(present, v.rlike(_INTEGER) & v.cast("bigint").isNotNull(), f"i{i}"),
                _count(present, v.rlike(_DECIMAL), f"f{i}"),
                F.max(F.when(present, F.length(F.regexp_replace(digits, "^0+", "")))).alias(f"g{i}"),
                F.max(F.when(present, F.length(scale))).alias(f"s{i}"),
            ]
    stats = df.agg(*aggs).first().asDict()
    types = {}
    for i, name in enumerate(columns):
        n = stats[f"n{i}"]
        if not n:
            continue
        if stats[f"b{i}"] == n:
            types[name] = "boolean"
        elif numbers and stats[f"i{i}"] == n:
            types[name] = "bigint"
        elif numbers and stats[f"f{i}"] == n:
            digits, scale = stats[f"g{i}"] or 0, stats[f"s{i}"] or 0
            if digits + scale <= INT64_DECIMAL_DIGITS:
                types[name] = f"decimal({INT64_DECIMAL_DIGITS},{scale})"
            elif digits + scale <= MAX_DECIMAL_DIGITS:
                types[name] = f"decimal({MAX_DECIMAL_DIGITS},{scale})"
        elif stats[f"d{i}"] == n:
            types[name] = "date"
        elif stats[f"t{i}"] == n:
            types[name] = "timestamp_ntz"
    return types


def _typed(name: str, kind: str | None) -> Column:
    c = F.col(f"`{name}`")
    v = F.trim(c)
    if kind is None:
        return c
    if kind == "boolean":
        return F.when(v.isNull(), None).otherwise(F.lower(v) == "true")
    if kind == "date":
        return F.to_date(v)
    if kind == "timestamp_ntz":
        return F.to_timestamp_ntz(v)
    return v.cast(kind)


def _decimal_widths(df: DataFrame, fields: list[T.StructField]) -> dict[str, str]:
    """DECIMAL(18, s) for a column whose values fit 18 digits at its scale, else DECIMAL(38, s)."""
    if not fields:
        return {}
    digits = df.agg(*[F.max(F.length(F.floor(F.abs(F.col(f"`{f.name}`"))).cast("string"))).alias(f"g{i}")
                      for i, f in enumerate(fields)]).first()
    widths = [INT64_DECIMAL_DIGITS if (digits[i] or 0) + f.dataType.scale <= INT64_DECIMAL_DIGITS else MAX_DECIMAL_DIGITS
              for i, f in enumerate(fields)]
    return {f.name: f"decimal({w},{f.dataType.scale})" for f, w in zip(fields, widths)}


def read_source(spark: SparkSession, path: str, source: Source, head: bytes) -> DataFrame:
    """The source as a DataFrame with the function's column names and types, rows in file order."""
    if source.format == "parquet":
        df = spark.read.parquet(path)
        return df.toDF(*normalise_names(df.columns))
    text = _decoded_head(head, source)
    encoding = source.encoding or "utf-8"
    if source.format == "json":
        reader = (spark.read.option("mode", "FAILFAST").option("encoding", encoding)
                  .option("multiLine", str(source.json_array or encoding != "utf-8").lower()))
        # Numbers: a second inference with prefersDecimal gives each fractional column its largest
        # written scale, read exactly (Jackson's BigDecimal); the first (plain) inference says which
        # columns hold numbers at all, as prefersDecimal also turns numeric-looking strings into decimals.
        inferred = reader.json(path).schema
        numeric = [f.name for f in inferred.fields if isinstance(f.dataType, (T.DoubleType, T.DecimalType))]
        exact = reader.option("prefersDecimal", "true").json(path).schema if numeric else T.StructType([])

        def read_as(f: T.StructField) -> T.DataType:
            decimal = exact[f.name].dataType if f.name in numeric else None
            return T.DecimalType(MAX_DECIMAL_DIGITS, decimal.scale) if isinstance(decimal, T.DecimalType) else f.dataType

        df = reader.schema(T.StructType([T.StructField(f.name, read_as(f)) for f in inferred.fields])).json(path)
        first = [k for k in _first_record_keys(text, source.json_array) if k in df.columns]
        df = df.select(*[f"`{c}`" for c in first + [c for c in df.columns if c not in first]])
        strings = [f.name for f in inferred.fields if isinstance(f.dataType, T.StringType)]
        decimals = [f for f in df.schema.fields if isinstance(f.dataType, T.DecimalType)]
        kinds = {**_text_types(df, strings, numbers=False), **_decimal_widths(df, decimals)}
    else:
        header = next(csv.reader(io.StringIO(text), delimiter=source.delimiter, quotechar='"', doublequote=True), [])
        df = (spark.read.option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST")
              .option("sep", source.delimiter).option("quote", '"').option("escape", '"').option("multiLine", "true")
              .option("encoding", encoding).csv(path))
        if header and len(header) == len(df.columns):
            df = df.toDF(*[f"c{i}" for i in range(len(df.columns))])
            df = df.select(*[F.col(f"c{i}").alias(h) for i, h in enumerate(header)])
        kinds = _text_types(df, df.columns, numbers=True)
    names = normalise_names(df.columns)
    return df.select(*[_typed(c, kinds.get(c)).alias(n) for c, n in zip(df.columns, names)])


def convert_file(spark: SparkSession, path: str, key: str, head: bytes, out_dir: str) -> Converted:
    """Converts the file at `path` (any URI Spark reads; `key` the object's key, `head` its first
    SNIFF_BYTES) to one zstd Parquet file in `out_dir`; raises BadInput for bad input."""
    source = sniff(key, head)
    bad = "malformed-json" if source.format == "json" else "malformed-parquet" if source.format == "parquet" else "malformed-csv"
    try:
        df = read_source(spark, path, source, head)
        (df.coalesce(1).write.mode("overwrite").option("compression", "zstd")
         .option("parquet.block.size", str(64 * 1024 ** 2)).parquet(out_dir))
        written = spark.read.parquet(out_dir)
        rows = written.count()
    except BadInput:
        raise
    except Exception as err:
        if _is_input_error(err):
            raise BadInput(bad, str(err).split("\n")[0][:500], source.format) from err
        raise
    if rows == 0:
        raise BadInput("empty", "no JSON records" if source.format == "json" else "header only, no data rows", source.format)
    return Converted(rows, source.format, None if source.format == "parquet" else source.encoding, source.compressed,
                     written.schema)


@dataclass(frozen=True)
class S3Staging:
    """Spark writes under `uri` (`s3://bucket/prefix/`, the job's TempDir); the one Parquet file is
    copied to its raw key, then the prefix is emptied."""

    uri: str

    def publish(self, s3, bucket: str, key: str, kms_key_arn: str, metadata: dict[str, str]) -> None:
        parsed = urlparse(self.uri)
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=parsed.netloc, Prefix=parsed.path.lstrip("/"))
        staged = [o["Key"] for page in pages for o in page.get("Contents", [])]
        parts = [k for k in staged if k.endswith(".parquet")]
        if len(parts) != 1:
            raise RuntimeError(f"expected one Parquet file under {self.uri}, found {len(parts)}")
        publish(s3, {"Bucket": parsed.netloc, "Key": parts[0]}, bucket, key, kms_key_arn, metadata)
        for k in staged:
            s3.delete_object(Bucket=parsed.netloc, Key=k)


@dataclass(frozen=True)
class LocalStaging:
    """Spark writes into the local directory `uri`; its one Parquet file is uploaded (tests, local runs)."""

    uri: str

    def publish(self, s3, bucket: str, key: str, kms_key_arn: str, metadata: dict[str, str]) -> None:
        parts = sorted(Path(self.uri).glob("*.parquet"))
        if len(parts) != 1:
            raise RuntimeError(f"expected one Parquet file in {self.uri}, found {len(parts)}")
        upload(s3, str(parts[0]), bucket, key, kms_key_arn, metadata)


class ChangedError(Exception):
    """The announced version is no longer the key's current one: a newer one has its own event."""


def run(spark: SparkSession, s3, version: ObjectVersion, *, read_uri: str, staging, target_bucket: str,
        target_kms_key_arn: str, source_kms_key_arn: str, now=None, contracts: dict | None = None) -> dict:
    """The job: the version converted to its raw key with its lineage metadata and the source tagged
    `promoted`, or quarantined with its reason and tagged `quarantined`; returns what happened.
    `contracts` (`--contract_columns`) are the expected columns per dataset: the raw object's
    metadata records its breaks, as the function's does (lakeetl.contracts).
    `read_uri` is where Spark reads the current object (`s3://bucket/key`); `staging` where the
    Parquet file is written before it is published (`.uri`, `.publish(s3, bucket, key, kms, metadata)`).
    Anything but bad input raises: the run fails and its failure event reaches the alarm topic."""
    now = now or (lambda: dt.datetime.now(dt.timezone.utc))
    pinned = {"VersionId": version.version_id} if version.version_id else {"IfMatch": f'"{version.etag}"'} if version.etag else {}

    def current() -> None:
        # Spark reads the key's current object: it must still be the version announced.
        head_object = s3.head_object(Bucket=version.bucket, Key=version.key)
        if version.version_id and head_object.get("VersionId") != version.version_id:
            raise ChangedError(f"{version.key}: version {version.version_id} is no longer current")
        if version.etag and head_object["ETag"].strip('"') != version.etag:
            raise ChangedError(f"{version.key}: etag {version.etag} is no longer current")

    current()
    head = s3.get_object(Bucket=version.bucket, Key=version.key, Range=f"bytes=0-{SNIFF_BYTES - 1}", **pinned)["Body"].read()
    try:
        converted = convert_file(spark, read_uri, version.key, head, staging.uri)
    except BadInput as err:
        report = quarantine(s3, version, err, source_kms_key_arn, now())
        tag_processed(s3, version, QUARANTINED)
        return {"outcome": QUARANTINED, "reason": err.reason, "quarantineKey": report["quarantineKey"]}
    current()
    key = promoted_key(version.key, version.version_id or version.etag or "", version.event_time)
    breaks = check_schema(contracts or {}, dataset_of(version.key), converted.schema)
    metadata = with_contract_breaks(lineage_metadata(version, converted.rows, converted.encoding), breaks)
    staging.publish(s3, target_bucket, key, target_kms_key_arn, metadata)
    tag_processed(s3, version, PROMOTED)
    return {"outcome": PROMOTED, "key": key, "rows": converted.rows, "format": converted.format}
