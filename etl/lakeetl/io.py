"""Reading raw tables and writing zone output with plain Spark (no awsglue), so the exact write
behaviour (layout, compression, overwrite semantics) is exercised by the local tests."""
from __future__ import annotations

from functools import reduce

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from .tables import INGESTED_AT

#: Parquet codec of every Parquet file the jobs write (Spark 3.5 / Glue 5.1 ship zstd).
PARQUET_COMPRESSION = "zstd"


def table_path(root: str, table: str) -> str:
    """`<root>/<table>/` with exactly one slash between the parts."""
    return f"{root.rstrip('/')}/{table}/"


#: Spark's error classes for "nothing to read there" (absent prefix, or no Parquet files in it).
_NO_DATA_ERRORS = ("PATH_NOT_FOUND", "UNABLE_TO_INFER_SCHEMA")


def read_raw_table(spark: SparkSession, path: str) -> DataFrame | None:
    """Every Parquet file under `path`, however it is partitioned (Glue jobs write year/month/day,
    the Lambda processors ingest_date), with schemas merged across files; None when there is no
    data there yet. Partition values are not read back: the views use the rows' own columns.

    Rows without `etl_ingested_at` (written by the Lambda processors) get their file's
    modification time there, so "the latest wins" holds whichever path wrote a row.

    Files whose types cannot be merged (one writer's DECIMAL price, another's DOUBLE) are read
    per schema and every data column is returned as string; the views cast what they use.
    """
    reader = spark.read.option("recursiveFileLookup", "true")
    try:
        return _with_ingested_at(reader.option("mergeSchema", "true").parquet(path))
    except AnalysisException as err:
        if err.getErrorClass() in _NO_DATA_ERRORS:
            return None
        raise
    except Exception as err:  # surfaces as a Py4J error, not a typed PySpark one
        if "CANNOT_MERGE_SCHEMAS" not in str(err):
            raise
    files = [r.path for r in reader.format("binaryFile").option("pathGlobFilter", "*.parquet").load(path)
             .select("path").collect()]
    by_schema: dict[str, list[str]] = {}
    for f in files:
        by_schema.setdefault(spark.read.parquet(f).schema.json(), []).append(f)
    parts = []
    for group in by_schema.values():
        df = _with_ingested_at(spark.read.parquet(*group))
        parts.append(df.select(
            *[F.col(f"`{c}`").cast("string").alias(c) for c in df.columns if c != INGESTED_AT], INGESTED_AT
        ))
    return reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), parts)


def _with_ingested_at(df: DataFrame) -> DataFrame:
    written = F.col("_metadata.file_modification_time")
    value = F.coalesce(F.col(INGESTED_AT), written) if INGESTED_AT in df.columns else written
    return df.withColumn(INGESTED_AT, value)


def write_parquet(df: DataFrame, path: str, partition_columns: tuple[str, ...] | list[str], mode: str) -> None:
    """Partitioned zstd Parquet. mode `append` (drop -> raw: each run adds its increment) or
    `overwrite` (curated views: recomputed in full; with partitions only the partitions present
    in `df` are replaced, so a view never loses days it did not recompute)."""
    writer = df.write.mode(mode).option("compression", PARQUET_COMPRESSION)
    if partition_columns:
        writer = writer.partitionBy(*partition_columns).option("partitionOverwriteMode", "dynamic")
    writer.parquet(path)


def write_quarantine(bad: DataFrame, path: str) -> None:
    """Bad rows as gzip JSON lines (values kept as the strings they arrived as, with `_reason`),
    partitioned by ingest_date. Appends: quarantine is a record, never rewritten."""
    bad.write.mode("append").option("compression", "gzip").partitionBy("ingest_date").json(path)
