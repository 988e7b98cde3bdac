"""The lake's Iceberg catalog (`lake`) and its curated tables: configuration, names, schema
evolution and the MERGE that applies a batch exactly once."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ByteType,
    DataType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    ShortType,
    StructType,
)

#: The Spark catalog name every job uses for the lake's Iceberg tables.
CATALOG = "lake"
CATALOG_TYPES = ("glue", "hadoop")
#: Lineage columns every curated row carries: the raw object it came from, and when it reached
#: raw (`etl_ingested_at` of the Glue drop -> raw job, else the raw object's modification time).
SOURCE_OBJECT = "etl_source_object"
INGESTED_AT = "etl_ingested_at"
LINEAGE = (SOURCE_OBJECT, INGESTED_AT)
#: Written by Spark only, read by Athena, Redshift Spectrum and EMR: format v2, copy-on-write (no
#: delete files for readers that do not apply them), zstd Parquet.
TABLE_PROPERTIES = {
    "format-version": "2",
    "write.merge.mode": "copy-on-write",
    "write.update.mode": "copy-on-write",
    "write.delete.mode": "copy-on-write",
    "write.parquet.compression-codec": "zstd",
}


def catalog_conf(catalog_type: str, warehouse_path: str) -> dict[str, str]:
    """Spark settings of the `lake` catalog: the Glue Data Catalog with S3FileIO on AWS, or a
    Hadoop catalog (a folder) for local runs and tests. The SQL extensions (MERGE, CALL) are a
    static setting: give them when the session is built (iceberg_session_conf)."""
    if catalog_type not in CATALOG_TYPES:
        raise ValueError(f"--catalog_type must be one of {CATALOG_TYPES}, got {catalog_type!r}")
    prefix = f"spark.sql.catalog.{CATALOG}"
    conf = {prefix: "org.apache.iceberg.spark.SparkCatalog", f"{prefix}.warehouse": warehouse_path}
    if catalog_type == "glue":
        conf[f"{prefix}.catalog-impl"] = "org.apache.iceberg.aws.glue.GlueCatalog"
        conf[f"{prefix}.io-impl"] = "org.apache.iceberg.aws.s3.S3FileIO"
    else:
        conf[f"{prefix}.type"] = "hadoop"
    return conf


def iceberg_session_conf(catalog_type: str, warehouse_path: str) -> dict[str, str]:
    """Everything a SparkSession builder needs for the lake's tables."""
    return {
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        **catalog_conf(catalog_type, warehouse_path),
    }


def table_name(dataset: str) -> str:
    """Dataset `device-telemetry` -> table `device_telemetry` (Glue and Athena table names)."""
    name = dataset.replace("-", "_")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"dataset {dataset!r} does not make a table name (lowercase letters, digits, _ and -)")
    return name


def qualified(database: str, table: str) -> str:
    return f"{CATALOG}.`{database}`.`{table}`"


def table_exists(spark: SparkSession, name: str) -> bool:
    return spark.catalog.tableExists(name.replace("`", ""))


def current_snapshot(spark: SparkSession, name: str) -> int | None:
    row = spark.sql(f"SELECT snapshot_id FROM {name}.history WHERE is_current_ancestor "
                    "ORDER BY made_current_at DESC LIMIT 1").first()
    return row.snapshot_id if row else None


class SchemaError(Exception):
    """An incompatible type change (reason `schema`): the dataset stops with a report."""

    reason = "schema"

    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.details = details


_INTEGERS = (ByteType, ShortType, IntegerType, LongType)


def widen(a: DataType, b: DataType) -> DataType | None:
    """The type both fit in without loss, within Iceberg's allowed promotions (int -> long,
    float -> double, decimal precision up at the same scale); None when there is none."""
    if a == b:
        return a
    if isinstance(a, _INTEGERS) and isinstance(b, _INTEGERS):
        return LongType() if LongType() in (a, b) else IntegerType()
    if isinstance(a, (FloatType, DoubleType)) and isinstance(b, (FloatType, DoubleType)):
        return DoubleType()
    if isinstance(a, DecimalType) and isinstance(b, DecimalType) and a.scale == b.scale:
        return DecimalType(max(a.precision, b.precision), a.scale)
    return None


def _ddl(t: DataType) -> str:
    return t.simpleString()


def ensure_table(spark: SparkSession, name: str, schema: StructType, location: str | None) -> list[str]:
    """Creates the table from `schema` if missing; else adds the columns it lacks and widens
    the columns `schema` needs wider. Returns what it changed. Raises SchemaError (changing
    nothing) when a column's type cannot be promoted."""
    if not table_exists(spark, name):
        cols = ", ".join(f"`{f.name}` {_ddl(f.dataType)}" for f in schema.fields)
        props = ", ".join(f"'{k}'='{v}'" for k, v in TABLE_PROPERTIES.items())
        where = f" LOCATION '{location}'" if location else ""
        spark.sql(f"CREATE TABLE {name} ({cols}) USING iceberg{where} TBLPROPERTIES ({props})")
        return [f"created {name}"]
    current = {f.name: f.dataType for f in spark.table(name).schema.fields}
    conflicts, widened, added = [], [], []
    for f in schema.fields:
        if f.name not in current:
            added.append(f)
            continue
        common = widen(current[f.name], f.dataType)
        if common is None:
            conflicts.append({"column": f.name, "tableType": _ddl(current[f.name]), "incomingType": _ddl(f.dataType)})
        elif common != current[f.name]:
            widened.append((f.name, common))
    if conflicts:
        listed = ", ".join(f"'{c['column']}' is {c['tableType']} in the table, {c['incomingType']} in raw" for c in conflicts)
        raise SchemaError(f"incompatible type change: {listed}", {"typeConflicts": conflicts})
    changes = []
    # A table the infrastructure declared (lib/contract.ts CURATED_LINEAGE_COLUMNS, Glue's
    # defaults) gets the job's write settings on its first run.
    have = {r.key: r.value for r in spark.sql(f"SHOW TBLPROPERTIES {name}").collect()}
    unset = {k: v for k, v in TABLE_PROPERTIES.items() if have.get(k) != v}
    if unset:
        listed = ", ".join(f"'{k}'='{v}'" for k, v in unset.items())
        spark.sql(f"ALTER TABLE {name} SET TBLPROPERTIES ({listed})")
        changes.append(f"set table properties {sorted(unset)}")
    if added:
        spark.sql(f"ALTER TABLE {name} ADD COLUMNS ({', '.join(f'`{f.name}` {_ddl(f.dataType)}' for f in added)})")
        changes.append(f"added columns {[f.name for f in added]}")
    for column, common in widened:
        spark.sql(f"ALTER TABLE {name} ALTER COLUMN `{column}` TYPE {_ddl(common)}")
        changes.append(f"widened {column} to {_ddl(common)}")
    return changes


@dataclass(frozen=True)
class MergeResult:
    #: Batch rows that change the table (inserts + updates); 0 = nothing committed.
    changed_rows: int
    snapshot_id: int | None


def merge_batch(spark: SparkSession, name: str, batch: DataFrame, keys: tuple[str, ...], order_column: str | None) -> MergeResult:
    """MERGEs a curated batch (one row per key when keyed) into the table, exactly once:

    - keyed: a key's row is replaced when the batch row is newer by (order_column nulls lowest,
      ingest time, source object), new keys insert; keys compare null-safe;
    - unkeyed: rows insert unless rows of their source object are already there (an object's
      rows always commit together).

    The batch is first cut down to the rows that change the table (a join with the table's keys
    and ordering columns only), so a batch already applied (a re-run after a crash between the
    commit and the ledger write) commits no snapshot at all, where a copy-on-write MERGE would
    rewrite the files its keys hit.
    """
    table = spark.table(name)
    batch = batch.select(*[F.col(f"`{c}`").cast(table.schema[c].dataType).alias(c) if c in batch.columns
                           else F.lit(None).cast(table.schema[c].dataType).alias(c) for c in table.columns])
    if keys:
        order = [*([order_column] if order_column else []), INGESTED_AT, SOURCE_OBJECT]
        condition = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in keys)
        newer = _newer_sql(order)
        existing = table.select(*[f"`{c}`" for c in dict.fromkeys([*keys, *order])], F.lit(True).alias("__present"))
        changes = (batch.alias("s").join(existing.alias("t"), F.expr(condition), "left")
                   .where(F.expr(f"t.__present IS NULL OR {newer}")).select("s.*"))
        matched = f"WHEN MATCHED AND {newer} THEN UPDATE SET * "
    else:
        done = table.select(F.col(SOURCE_OBJECT).alias("__src")).distinct()
        changes = batch.join(done, batch[SOURCE_OBJECT] == done["__src"], "left_anti")
        condition, matched = f"t.`{SOURCE_OBJECT}` = s.`{SOURCE_OBJECT}`", ""
    changes = changes.persist()
    try:
        count = changes.count()
        if count:
            view = f"__curation_batch_{abs(hash(name))}"
            changes.createOrReplaceTempView(view)
            spark.sql(f"MERGE INTO {name} t USING {view} s ON {condition} {matched}WHEN NOT MATCHED THEN INSERT *")
            spark.catalog.dropTempView(view)
    finally:
        changes.unpersist()
    return MergeResult(count, current_snapshot(spark, name))


def _newer_sql(columns: list[str]) -> str:
    """SQL: the incoming row `s` is strictly newer than the table's row `t` by the first of
    `columns` that differs (nulls lowest). The change filter and the MERGE share it."""
    result = "false"
    for c in reversed(columns):
        s, t = f"s.`{c}`", f"t.`{c}`"
        result = f"({s} > {t} OR ({s} IS NOT NULL AND {t} IS NULL) OR ({s} <=> {t} AND {result}))"
    return result
