"""raw -> curated Iceberg tables (jobs/curate_tables.py): per dataset, the raw objects not yet
consumed are read, curated by the dataset's rule and MERGEd into `<database>.<table>`.

Exactly once per raw object: the ledger table (LEDGER_TABLE) lists the objects each dataset
consumed, with the table snapshot that holds them; it is written after the table's commit. A
crash between the two leaves the objects unrecorded: the next run reads them again, and the
MERGE (iceberg.merge_batch) finds nothing left to change, so the table is as if it ran once.
Raw keys are deterministic per source version (lib/contract.ts promotedKey), so an object is
identified by its path: a redelivered object is skipped.

A dataset's pii columns (config `contracts`) are masked in the batch before its commit
(lakeetl.masking): no committed file holds them as sent.

A dataset whose batch cannot be curated (a value its rule cannot cast, a column the rule names
but raw lacks: reason `curation`), fails a table-level quality rule (reason `quality`,
lakeetl.quality; rows failing a row-level one go to `<quarantine_path><dataset>/quality/` and the
rest is committed) or that changes a column's type incompatibly (reason `schema`) stops: nothing
of it is committed, a JSON report goes to `<quarantine_path><dataset>/<reason>/`, the other
datasets go on, and the run fails at the end (CurationFailed).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import reduce

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from .hadoopfs import RawObject, list_folders, list_objects, write_text
from .iceberg import (
    INGESTED_AT,
    LINEAGE,
    SOURCE_OBJECT,
    SchemaError,
    ensure_table,
    merge_batch,
    qualified,
    table_exists,
    table_name,
    widen,
)
from .masking import Masking, mask_pii, masking_from_args, withhold_pii
from .quality import Check, cloudwatch_publisher, gate, parse_quality_rules, rows_to_commit
from .rules import CurationError, CurationRule, apply_rule, parse_rules

#: The ledger of consumed raw objects, one table in the curated database.
LEDGER_TABLE = "curation_ledger"
#: Top-level raw folders that are not datasets (lib/contract.ts QUARANTINE_PREFIX).
NOT_DATASETS = frozenset({"quarantine"})


class CurationFailed(RuntimeError):
    """Raised at the end of a run in which some dataset stopped (the job run fails, so its
    Glue "Job State Change" FAILED event reaches the alarm topic)."""


@dataclass(frozen=True)
class Settings:
    raw_path: str
    database: str
    #: `<warehouse>` for the tables' locations (`<warehouse><table>/`); None = the catalog's own
    #: layout (the Hadoop catalog allows no other).
    table_root: str | None
    quarantine_path: str
    rules: dict[str, CurationRule] = field(default_factory=dict)
    datasets: tuple[str, ...] = ()
    #: Quality checks by dataset (`--quality_rules`, lakeetl.quality) and where their scores go.
    quality: dict[str, list[Check]] = field(default_factory=dict)
    quality_namespace: str | None = None
    #: The pii columns and the key they are masked with (lakeetl.masking); None: nothing is pii.
    masking: Masking | None = None


@dataclass
class Outcome:
    dataset: str
    status: str  # "merged" | "up to date" | "stopped"
    objects: int = 0
    changed_rows: int = 0
    snapshot_id: int | None = None
    changes: list[str] = field(default_factory=list)
    report: str | None = None


def settings_from_args(args: dict[str, str]) -> Settings:
    """Settings from curate_tables.py's arguments (the job contract in etl/README.md)."""
    glue = (args.get("catalog_type") or "glue") == "glue"
    return Settings(
        raw_path=args["raw_path"],
        database=args["catalog_database"],
        table_root=args["warehouse_path"] if glue else None,
        quarantine_path=args["quarantine_path"],
        rules=parse_rules(args.get("curation_rules")),
        datasets=tuple(d.strip() for d in (args.get("datasets") or "").split(",") if d.strip()),
        quality=parse_quality_rules(args.get("quality_rules")),
        quality_namespace=args.get("quality_namespace") or None,
        masking=masking_from_args(args),
    )


def select_datasets(spark: SparkSession, settings: Settings) -> list[str]:
    """The datasets asked for; none = every dataset with a rule or a raw folder."""
    if settings.datasets:
        return list(dict.fromkeys(settings.datasets))
    found = [d for d in list_folders(spark, settings.raw_path) if d not in NOT_DATASETS]
    return sorted({*settings.rules, *found})


def curate_tables(spark: SparkSession, settings: Settings, now: dt.datetime | None = None) -> list[Outcome]:
    """Curates every selected dataset; raises CurationFailed after all of them if any stopped."""
    now = now or dt.datetime.now(dt.timezone.utc)
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS lake.`{settings.database}`")
    ledger = _ensure_ledger(spark, settings)
    outcomes = [curate_dataset(spark, settings, ledger, d, now) for d in select_datasets(spark, settings)]
    stopped = [o for o in outcomes if o.status == "stopped"]
    if stopped:
        raise CurationFailed("datasets stopped: " + "; ".join(f"{o.dataset} (report {o.report})" for o in stopped))
    return outcomes


def curate_dataset(spark: SparkSession, settings: Settings, ledger: str, dataset: str, now: dt.datetime) -> Outcome:
    try:
        table = table_name(dataset)
        if table == LEDGER_TABLE:
            raise ValueError(f"dataset {dataset!r} would overwrite the ledger table")
    except ValueError as err:  # a raw folder no table can be named after: stop it, not the run
        return _stop(spark, settings, dataset, CurationError(str(err)), [], now)
    name = qualified(settings.database, table)
    rule = settings.rules.get(dataset, CurationRule())
    consumed = {r.object for r in spark.table(ledger).where(F.col("dataset") == dataset).select("object").collect()}
    new = [o for o in list_objects(spark, f"{settings.raw_path.rstrip('/')}/{dataset}/") if o.path not in consumed]
    if not new:
        return Outcome(dataset, "up to date")
    try:
        batch = apply_rule(read_objects(spark, new), rule, [*LINEAGE, "__row"],
                           [F.col(INGESTED_AT).desc(), F.col(SOURCE_OBJECT).desc(), F.col("__row").desc()])
        batch = batch.drop("__row")
        # Before the table's schema changes and on the values as sent: a batch failing a table-level
        # rule stops here. Then the pii columns are masked, in the rows a row-level rule quarantines too.
        verdict = gate(batch, settings.quality.get(dataset), now,
                       cloudwatch_publisher(settings.quality_namespace, settings.database, table, now))
        if verdict is not None:
            verdict = replace(verdict, flagged=mask_pii(verdict.flagged, rule, settings.masking, dataset))
        batch = mask_pii(batch, rule, settings.masking, dataset)
        location = f"{settings.table_root.rstrip('/')}/{table}/" if settings.table_root else None
        changes = ensure_table(spark, name, batch.schema, location)
    except (CurationError, SchemaError) as err:
        return _stop(spark, settings, dataset, err, new, now)
    batch = rows_to_commit(spark, verdict, batch, f"{settings.quarantine_path.rstrip('/')}/{dataset}/quality/", now)
    result = merge_batch(spark, name, batch, rule.output_keys, rule.output_name(rule.order_column) if rule.order_column else None)
    _record(spark, ledger, dataset, new, result.snapshot_id, now)
    print(f"{dataset}: {len(new)} raw object(s), {result.changed_rows} row(s) changed, snapshot {result.snapshot_id}")
    return Outcome(dataset, "merged", len(new), result.changed_rows, result.snapshot_id, changes)


def read_objects(spark: SparkSession, objects: list[RawObject]) -> DataFrame:
    """The rows of the given Parquet objects with lineage (source object, ingest time) and their
    position in the object (`__row`, for "the last row of a key in an object wins"). Objects
    whose schemas Spark cannot merge are read per schema and unioned with widened types; a
    column whose types have no common type raises SchemaError."""
    paths = [o.path for o in objects]
    try:
        return _with_lineage(spark.read.option("mergeSchema", "true").parquet(*paths))
    except Exception as err:  # a Py4J error, not a typed PySpark one
        if "CANNOT_MERGE" not in str(err) and "Failed to merge" not in str(err):
            raise
    groups: dict[str, list[str]] = {}
    for p in paths:
        groups.setdefault(spark.read.parquet(p).schema.json(), []).append(p)
    parts = [_with_lineage(spark.read.parquet(*g)) for g in groups.values()]
    types: dict[str, object] = {}
    for part in parts:
        for f in part.schema.fields:
            common = widen(types[f.name], f.dataType) if f.name in types else f.dataType
            if common is None:
                seen = [types[f.name].simpleString(), f.dataType.simpleString()]
                raise SchemaError(f"raw objects disagree on the type of '{f.name}': {seen[0]} and {seen[1]}",
                                  {"typeConflicts": [{"column": f.name, "types": seen}]})
            types[f.name] = common
    parts = [p.select(*[F.col(f"`{c}`").cast(types[c]).alias(c) for c in p.columns]) for p in parts]
    return reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), parts)


def _with_lineage(df: DataFrame) -> DataFrame:
    written = F.col("_metadata.file_modification_time")
    ingested = F.coalesce(F.col(INGESTED_AT).cast("timestamp"), written) if INGESTED_AT in df.columns else written
    return (df.withColumn(INGESTED_AT, ingested)
            .withColumn(SOURCE_OBJECT, F.col("_metadata.file_path"))
            .withColumn("__row", F.col("_metadata.row_index")))


def _ensure_ledger(spark: SparkSession, settings: Settings) -> str:
    name = qualified(settings.database, LEDGER_TABLE)
    if not table_exists(spark, name):
        where = f" LOCATION '{settings.table_root.rstrip('/')}/{LEDGER_TABLE}/'" if settings.table_root else ""
        spark.sql(f"CREATE TABLE {name} (dataset string, object string, bytes bigint, modified_at timestamp, "
                  f"snapshot_id bigint, consumed_at timestamp) USING iceberg{where} "
                  "TBLPROPERTIES ('format-version'='2', 'write.parquet.compression-codec'='zstd')")
    return name


def _record(spark: SparkSession, ledger: str, dataset: str, objects: list[RawObject], snapshot_id: int | None,
            now: dt.datetime) -> None:
    rows = [(dataset, o.path, o.bytes, dt.datetime.fromtimestamp(o.modified_ms / 1000, dt.timezone.utc), snapshot_id, now)
            for o in objects]
    spark.createDataFrame(rows, spark.table(ledger).schema).writeTo(ledger).append()


def _stop(spark: SparkSession, settings: Settings, dataset: str, err: CurationError | SchemaError,
          objects: list[RawObject], now: dt.datetime) -> Outcome:
    """Writes the dataset's quarantine report; nothing of it is committed or consumed."""
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    path = f"{settings.quarantine_path.rstrip('/')}/{dataset}/{err.reason}/{stamp}.json"
    error, details = withhold_pii(str(err), err.details, settings.masking, dataset)
    report = {
        "dataset": dataset,
        "table": f"{settings.database}.{dataset.replace('-', '_')}",
        "reason": err.reason,
        "error": error,
        "details": details,
        "objects": [o.path for o in objects],
        "at": now.isoformat(),
        "action": "nothing of this dataset was committed; fix the curation rule or the raw objects, then run again",
    }
    write_text(spark, path, json.dumps(report, indent=2, default=str))
    print(f"{dataset}: stopped ({err.reason}): {error}; report {path}")
    return Outcome(dataset, "stopped", len(objects), report=path)
