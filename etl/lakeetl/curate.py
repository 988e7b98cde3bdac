"""raw -> curated: build the requested views from the raw zone and overwrite them in curated.

Views are recomputed in full from raw on every run (aggregates over a bookmark increment would
be wrong), so raw is read without job bookmarks. A view whose raw inputs have no data yet is
skipped and reported, not failed: a fresh lake has sales data before any stream has delivered.
"""
from __future__ import annotations

from pyspark.sql import SparkSession

from .io import read_raw_table, table_path, write_parquet
from .views import VIEWS


def build_views(
    spark: SparkSession, raw_root: str, curated_root: str, views: list[str], table_map: dict[str, str]
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
            path = table_path(raw_root, table_map.get(arg, default_table))
            df = read_raw_table(spark, path)
            if df is None:
                missing.append(path)
            else:
                inputs[arg] = df
        if missing:
            report[name] = f"skipped: no raw data at {', '.join(missing)}"
            continue
        out = table_path(curated_root, name)
        write_parquet(view.build(**inputs), out, view.partition_columns, mode="overwrite")
        report[name] = f"written to {out}"
    return report
