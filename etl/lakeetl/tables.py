"""Per-table preparation for drop -> raw: validate and cast, split bad rows, deduplicate, partition.

`prepare_table` is the whole drop -> raw transform of one table; the pieces are public so each
can be tested (and reused by the curated views, which deduplicate their raw inputs again because
raw is appended to run after run).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.window import Window

from .columns import normalise_columns, normalise_name

#: Column holding why a row was rejected (normalised data columns never start with `_`).
REASON_COLUMN = "_reason"
#: Hive partition column used when a table has no partition timestamp (the Lambda processors' too).
INGEST_DATE = "ingest_date"
#: Timestamp of the ETL run that wrote a row; later runs win when raw rows are deduplicated again.
INGESTED_AT = "etl_ingested_at"
#: Partition columns derived from a table's partition timestamp (zero-padded strings, like Firehose).
TIME_PARTITIONS = ("year", "month", "day")
#: Spark's column for JSON lines it could not parse (PERMISSIVE mode).
CORRUPT_RECORD = "_corrupt_record"

#: Types a cast may name: Spark SQL spellings, matching the Athena types the raw tables get.
CAST_TYPES = frozenset(
    {"string", "boolean", "int", "bigint", "double", "decimal(18,2)", "date", "timestamp"}
)

#: Formats a drop table may be read in (gzip is recognised by the files' .gz suffix).
SOURCE_FORMATS = frozenset({"csv", "tsv", "json", "parquet"})


@dataclass(frozen=True)
class TableSpec:
    """How one drop table becomes a raw table. Column names are given normalised.

    dataset: the table's name (first key segment in the drop zone).
    key_columns: rows with equal values here are kept once; must all be required. Default none.
    order_columns: the kept row is the one with the greatest values here (nulls lowest), then
        the latest `etl_ingested_at`; remaining ties are broken by the row's content hash so the
        result never depends on input order. Default none.
    required_columns: a row with a null or blank value in any of these is rejected. Default none.
    casts: column -> type from CAST_TYPES; a present value the cast turns into null is rejected.
    partition_timestamp: a column whose value gives the row's year/month/day partition (it is
        then required and cast to timestamp unless cast to date); default none = `ingest_date`.
    source_format: how the drop files are read, one of SOURCE_FORMATS; default none = read the
        drop database's crawled table instead.
    """

    dataset: str
    key_columns: tuple[str, ...] = ()
    order_columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    casts: dict[str, str] = field(default_factory=dict)
    partition_timestamp: str | None = None
    source_format: str | None = None

    def __post_init__(self) -> None:
        named = [*self.key_columns, *self.order_columns, *self.required_columns, *self.casts]
        if self.partition_timestamp:
            named.append(self.partition_timestamp)
        bad_names = sorted({c for c in named if normalise_name(c) != c})
        if bad_names:
            raise ValueError(f"{self.dataset}: column names must be normalised (snake_case): {bad_names}")
        if self.source_format is not None and self.source_format not in SOURCE_FORMATS:
            raise ValueError(f"{self.dataset}: source_format must be one of {sorted(SOURCE_FORMATS)}, got {self.source_format!r}")
        bad_types = {c: t for c, t in self.casts.items() if t not in CAST_TYPES}
        if bad_types:
            raise ValueError(f"{self.dataset}: unknown cast types {bad_types}; allowed: {sorted(CAST_TYPES)}")
        unguarded = [c for c in self.key_columns if c not in self.effective_required]
        if unguarded:
            # A null key would make unrelated rows "duplicates" of each other and drop them.
            raise ValueError(f"{self.dataset}: key columns must also be required: {unguarded}")

    @property
    def effective_required(self) -> tuple[str, ...]:
        extra = (self.partition_timestamp,) if self.partition_timestamp else ()
        return tuple(dict.fromkeys([*self.required_columns, *extra]))

    @property
    def effective_casts(self) -> dict[str, str]:
        casts = dict(self.casts)
        if self.partition_timestamp and casts.get(self.partition_timestamp) not in ("timestamp", "date"):
            casts[self.partition_timestamp] = "timestamp"
        return casts

    @property
    def partition_columns(self) -> tuple[str, ...]:
        return TIME_PARTITIONS if self.partition_timestamp else (INGEST_DATE,)

    def with_overrides(self, args: dict[str, str]) -> TableSpec:
        """This spec with any of the job arguments (names without `--`) key_columns,
        order_columns, required_columns (comma-separated), casts (JSON object, merged over the
        spec's), partition_timestamp and source_format replacing its fields."""

        def listed(name: str) -> tuple[str, ...]:
            return tuple(c.strip() for c in args[name].split(",") if c.strip())

        changes: dict = {}
        for name in ("key_columns", "order_columns", "required_columns"):
            if name in args:
                changes[name] = listed(name)
        if "casts" in args:
            try:
                casts = json.loads(args["casts"] or "{}")
            except json.JSONDecodeError as err:
                raise ValueError(f"--casts is not JSON ({err}): {args['casts']!r}") from None
            if not isinstance(casts, dict):
                raise ValueError(f"--casts must be a JSON object of column -> type, got {args['casts']!r}")
            changes["casts"] = {**self.casts, **casts}
        if "partition_timestamp" in args:
            changes["partition_timestamp"] = args["partition_timestamp"] or None
        if "source_format" in args:
            changes["source_format"] = args["source_format"] or None
        return replace(self, **changes)


def _present(c: Column) -> Column:
    return c.isNotNull() & (F.trim(c.cast("string")) != "")


def split_bad_rows(df: DataFrame, spec: TableSpec) -> tuple[DataFrame, DataFrame]:
    """(good rows with casts applied, bad rows as strings with a `_reason`). Nothing is dropped.

    Columns named in casts but missing from the input are added as typed nulls so the raw
    schema is stable; a missing required column rejects every row with that reason. Blank
    strings in cast columns become null. Spark's non-ANSI cast (Glue 5.1 / Spark 3.5 default)
    turns unparseable values into null, which is what detects a failed cast.
    """
    checks: list[Column] = []
    if CORRUPT_RECORD in df.columns:
        checks.append(F.when(F.col(CORRUPT_RECORD).isNotNull(), F.lit("malformed record")))
    for name in spec.effective_required:
        if name in df.columns:
            checks.append(F.when(~_present(F.col(name)), F.lit(f"missing required {name}")))
        else:
            checks.append(F.lit(f"missing required column {name}"))
    casts = spec.effective_casts
    for name, type_ in casts.items():
        if name in df.columns:
            src = F.col(name)
            checks.append(
                F.when(_present(src) & src.cast(type_).isNull(), F.lit(f"{name} is not a valid {type_}"))
            )
    reason = F.concat_ws("; ", F.filter(F.array(*checks), lambda x: x.isNotNull())) if checks else F.lit("")
    marked = df.withColumn(REASON_COLUMN, reason).cache()

    bad = marked.filter(F.col(REASON_COLUMN) != "").select(
        *[F.col(c).cast("string").alias(c) for c in df.columns], REASON_COLUMN
    )
    good = marked.filter(F.col(REASON_COLUMN) == "").drop(REASON_COLUMN)
    if CORRUPT_RECORD in good.columns:
        good = good.drop(CORRUPT_RECORD)
    for name, type_ in casts.items():
        value = F.when(_present(F.col(name)), F.col(name).cast(type_)) if name in good.columns else F.lit(None)
        good = good.withColumn(name, value.cast(type_))
    return good, bad


def deduplicate(df: DataFrame, key_columns: tuple[str, ...] | list[str], order_columns=()) -> DataFrame:
    """One row per key: the greatest by `order_columns` (nulls lowest), then by `etl_ingested_at`
    when present, ties broken by a hash of the whole row so the result is deterministic. Rows
    with a null in a key column are all kept."""
    if not key_columns:
        return df
    order = [F.col(c).desc_nulls_last() for c in order_columns]
    if INGESTED_AT in df.columns and INGESTED_AT not in order_columns:
        order.append(F.col(INGESTED_AT).desc_nulls_last())
    order.append(F.sha2(F.to_json(F.struct(*[F.col(c) for c in df.columns])), 256).desc())
    w = Window.partitionBy(*[F.col(c) for c in key_columns]).orderBy(*order)
    # A row with a null key has no identity to share: it is kept, never merged with other nulls.
    keyless = reduce(lambda a, b: a | b, [F.col(c).isNull() for c in key_columns])
    ranked = df.withColumn("__rank", F.row_number().over(w))
    return ranked.filter((F.col("__rank") == 1) | keyless).drop("__rank")


def add_time_partitions(df: DataFrame, timestamp_column: str) -> DataFrame:
    """year/month/day (zero-padded strings, session time zone) from a timestamp or date column."""
    ts = F.col(timestamp_column)
    return (
        df.withColumn("year", F.date_format(ts, "yyyy"))
        .withColumn("month", F.date_format(ts, "MM"))
        .withColumn("day", F.date_format(ts, "dd"))
    )


def add_ingest_date(df: DataFrame, run_date: dt.date) -> DataFrame:
    """`ingest_date=YYYY-MM-DD`, the run's date, as the Lambda processors partition."""
    return df.withColumn(INGEST_DATE, F.lit(run_date.isoformat()))


def prepare_table(df: DataFrame, spec: TableSpec, run_at: dt.datetime) -> tuple[DataFrame, DataFrame]:
    """The drop -> raw transform of one table: (raw rows, bad rows).

    Raw rows: normalised names, casts applied, `etl_ingested_at` = run_at, deduplicated on the
    key, partition columns added. Bad rows: every column as string plus `_reason`, partitioned by
    `ingest_date` so the quarantine prefix is browsable per run day.
    """
    # Spark's corrupt-record column keeps its name: normalising it would hide what it means.
    renamed = normalise_columns(df, keep=(CORRUPT_RECORD,))
    good, bad = split_bad_rows(renamed, spec)
    good = good.withColumn(INGESTED_AT, F.lit(run_at).cast("timestamp"))
    good = deduplicate(good, spec.key_columns, spec.order_columns)
    if spec.partition_timestamp:
        good = add_time_partitions(good, spec.partition_timestamp)
    else:
        good = add_ingest_date(good, run_at.date())
    return good, add_ingest_date(bad, run_at.date())
