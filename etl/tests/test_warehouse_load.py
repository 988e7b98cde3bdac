"""The EMR entry script runs the same lakeetl views as the Glue job, and the curated files it
writes are what the warehouse's COPY expects (components/warehouse/curated-tables.json): the
columns, in file order, with their Parquet types, and partition values only in the path."""

import ast
import importlib.util
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ETL = Path(__file__).resolve().parents[1]
TABLES = json.loads((ETL.parent / "components/warehouse/curated-tables.json").read_text())
WAREHOUSE_VIEWS = sorted(v for v in TABLES if not v.startswith("$"))


def load_entry_script():
    spec = importlib.util.spec_from_file_location("emr_raw_to_curated", ETL / "jobs" / "emr_raw_to_curated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory):
    """A raw zone with the sales and beacon tables, and the curated zone EMR's job wrote from it."""
    root = tmp_path_factory.mktemp("lake")
    raw, curated = root / "raw", root / "curated"
    tables = {
        "sellers": ([("s1", "sao paulo", "SP"), ("s2", "curitiba", "PR")], ["seller_id", "seller_city", "seller_state"]),
        "orders": ([("o1", "delivered"), ("o2", "canceled")], ["order_id", "order_status"]),
        "order_items": (
            [("o1", 1, "s1", 100.0, 10.0), ("o2", 1, "s2", 50.0, 5.0)],
            ["order_id", "order_item_id", "seller_id", "price", "freight_value"],
        ),
        "order_reviews": ([("r1", "o1", 4)], ["review_id", "order_id", "review_score"]),
        "closed_deals": (
            [("m1", "s1", "sdrA", "srA", "2018-01-01 10:00:00", "pet", 1000.0)],
            ["mql_id", "seller_id", "sdr_id", "sr_id", "won_date", "business_segment", "declared_monthly_revenue"],
        ),
        "impressions": (
            [("i1", "adA", "u1", "2019-06-06T10:00:00Z"), ("i2", "adA", "u2", "2019-06-07T10:00:00Z")],
            ["impression_id", "ad_id", "user_id", "timestamp"],
        ),
        "clicks": ([("i1", "adA", "u1", "2019-06-06T10:00:05Z")], ["impression_id", "ad_id", "user_id", "timestamp"]),
    }
    for name, (rows, columns) in tables.items():
        spark.createDataFrame(rows, columns).write.parquet(str(raw / name))
    report = load_entry_script().main(
        ["--raw_path", f"{raw}/", "--curated_path", f"{curated}/", "--views", ",".join(WAREHOUSE_VIEWS)], spark
    )
    return curated, report


def test_emr_entry_script_builds_the_views(lake):
    _, report = lake
    assert sorted(report) == WAREHOUSE_VIEWS
    assert all(outcome.startswith("written to") for outcome in report.values()), report


@pytest.mark.parametrize("view", WAREHOUSE_VIEWS)
def test_curated_files_match_the_warehouse_columns(lake, view):
    curated, _ = lake
    files = sorted((curated / view).rglob("*.parquet"))
    assert files, f"no Parquet under {curated / view}"
    spec = TABLES[view]
    expected = [(c["name"], c["arrow"]) for c in spec["columns"]]
    for f in files:
        schema = pq.read_schema(f)
        assert [(field.name, str(field.type)) for field in schema] == expected, f
        # COPY reads partition values from nowhere: they must be path segments, not file columns.
        partitions = [p["name"] for p in spec["partitionColumns"]]
        assert [part.split("=")[0] for part in f.relative_to(curated / view).parts[:-1]] == partitions


def test_emr_entry_script_imports_only_spark_lakeetl_and_stdlib():
    tree = ast.parse((ETL / "jobs" / "emr_raw_to_curated.py").read_text())
    roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert roots - set(sys.stdlib_module_names) == {"pyspark", "lakeetl"}


def test_a_day_without_beacons_has_no_advertising_partition(lake):
    """COPY fails on a prefix without files, and a day without beacons writes no partition: the
    warehouse's load asks Spectrum first and logs the day as skipped (components/warehouse/sql.ts
    `loadGuards`), instead of failing the load."""
    curated, _ = lake
    days = sorted(p.name for p in (curated / "advertising").iterdir() if p.name.startswith("event_date="))
    assert days == ["event_date=2019-06-06", "event_date=2019-06-07"]
    assert not (curated / "advertising" / "event_date=2019-06-08").exists()
