"""Curated views (jobs/raw_to_curated.py): build the requested views from their inputs and
overwrite them in curated.

The Glue job reads the inputs from the curated Iceberg tables (`TableInputs`), one row per
key already; the EMR job still reads raw (`RawInputs`). Views are recomputed in full on every
run (aggregates over an increment would be wrong). A view whose inputs have no data yet is
skipped and reported, not failed: a fresh lake has sales data before any stream has delivered.
"""
from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession

from .iceberg import SOURCE_OBJECT, qualified, table_exists, table_name
from .io import read_raw_table, table_path, write_parquet
from .views import VIEWS


@dataclass(frozen=True)
class RawInputs:
    """View inputs from raw Parquet: `<root>/<dataset>/`."""

    spark: SparkSession
    root: str

    def where(self, dataset: str) -> str:
        return table_path(self.root, dataset)

    def read(self, dataset: str) -> DataFrame | None:
        return read_raw_table(self.spark, self.where(dataset))


@dataclass(frozen=True)
class TableInputs:
    """View inputs from the curated tables `lake.<database>.<table>`. The per-row source object is
    lineage of the table, not of a view, so it is left out."""

    spark: SparkSession
    database: str

    def where(self, dataset: str) -> str:
        return qualified(self.database, table_name(dataset)).replace("`", "")

    def read(self, dataset: str) -> DataFrame | None:
        name = qualified(self.database, table_name(dataset))
        return self.spark.table(name).drop(SOURCE_OBJECT) if table_exists(self.spark, name) else None


def build_views(
    inputs_from: RawInputs | TableInputs, curated_root: str, views: list[str], table_map: dict[str, str]
) -> dict[str, str]:
    """Builds each view into `<curated_root>/<view>/`; returns view -> what happened."""
    unknown = sorted(set(table_map) - {i for v in views for i in VIEWS[v].inputs})
    if unknown:
        raise ValueError(f"--table_map names inputs no requested view has: {unknown}")
    report: dict[str, str] = {}
    for name in views:
        view = VIEWS[name]
        inputs, missing = {}, []
        for arg, default_table in view.inputs.items():
            dataset = table_map.get(arg, default_table)
            df = inputs_from.read(dataset)
            if df is None:
                missing.append(inputs_from.where(dataset))
            else:
                inputs[arg] = df
        if missing:
            report[name] = f"skipped: no data at {', '.join(missing)}"
            continue
        out = table_path(curated_root, name)
        write_parquet(view.build(**inputs), out, view.partition_columns, mode="overwrite")
        report[name] = f"written to {out}"
    return report
