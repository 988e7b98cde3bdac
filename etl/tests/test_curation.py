"""raw -> curated Iceberg tables (lakeetl.curation) on local Spark with the Iceberg runtime and a
Hadoop catalog: latest row per key, exactly once per raw object (redelivery, crash between the
commit and the ledger, crash between datasets), schema evolution, quarantine, time travel."""
import datetime as dt
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lakeetl.curation import LEDGER_TABLE, CurationFailed, Settings, curate_tables
from lakeetl.iceberg import INGESTED_AT, SOURCE_OBJECT, qualified
from lakeetl.rules import CurationRule, parse_rules

ORDERS_RULE = {"keyColumns": ["order_id"], "orderColumn": "updated_at",
               "casts": {"amount": "DECIMAL(18,2)", "updated_at": "TIMESTAMP"},
               "renames": {"status": "order_status"}, "dropColumns": ["internal_note"]}
BASE = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def drop(raw: Path, dataset: str, name: str, rows: list[dict], minute: int = 0) -> Path:
    """One raw Parquet object under `<raw>/<dataset>/ingest_date=.../`, last modified `minute`
    minutes after BASE (its ingest time: these rows have no etl_ingested_at)."""
    path = raw / dataset / "ingest_date=2026-12-01" / f"{name}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)
    stamp = (BASE + dt.timedelta(minutes=minute)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def run(spark, tmp_path, db, rules=None, datasets=()):
    settings = Settings(raw_path=f"{tmp_path}/raw/", database=db, table_root=None,
                        quarantine_path=f"{tmp_path}/quarantine/", rules=parse_rules(json.dumps(rules or {})),
                        datasets=tuple(datasets))
    return {o.dataset: o for o in curate_tables(spark, settings, now=dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc))}


def rows(spark, db, table, order="order_id"):
    return [r.asDict() for r in spark.table(qualified(db, table)).drop(SOURCE_OBJECT, INGESTED_AT).orderBy(order).collect()]


def snapshots(spark, db, table):
    return [r.snapshot_id for r in spark.sql(f"SELECT snapshot_id FROM {qualified(db, table)}.snapshots").collect()]


def order(order_id, status, updated_at, amount="10.00", **extra):
    return {"order_id": order_id, "status": status, "updated_at": updated_at, "amount": amount,
            "internal_note": "x", **extra}


def test_the_same_key_in_n_drops_gives_one_row_with_the_latest_values(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    # o1 in three drops; the latest by updated_at arrives second, so ingest time alone would be wrong.
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00"), order("o2", "created", "2026-12-01 10:00:00")], 1)
    drop(raw, "orders", "b", [order("o1", "delivered", "2026-12-01 12:00:00", "12.50")], 2)
    drop(raw, "orders", "c", [order("o1", "shipped", "2026-12-01 11:00:00"),
                              # the same key twice in one object: the last row wins (the Lambda's rule)
                              order("o3", "created", None), order("o3", "approved", None)], 3)
    outcome = run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})["orders"]
    assert (outcome.status, outcome.objects) == ("merged", 3)
    expected = [
        {"order_id": "o1", "order_status": "delivered", "updated_at": dt.datetime(2026, 12, 1, 12), "amount": Decimal("12.50")},
        {"order_id": "o2", "order_status": "created", "updated_at": dt.datetime(2026, 12, 1, 10), "amount": Decimal("10.00")},
        {"order_id": "o3", "order_status": "approved", "updated_at": None, "amount": Decimal("10.00")},
    ]
    assert rows(spark, lake_db, "orders") == expected


def test_a_table_declared_by_the_infrastructure_with_only_the_lineage_columns(spark, tmp_path, lake_db):
    """As Pulumi creates it (components/etl/curated-tables.ts): the lineage columns, no properties."""
    spark.sql(f"CREATE TABLE {qualified(lake_db, 'orders')} (`{SOURCE_OBJECT}` string, `{INGESTED_AT}` timestamp) USING iceberg")
    drop(tmp_path / "raw", "orders", "a", [order("o1", "created", "2026-12-01 10:00:00")], 1)
    assert run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})["orders"].status == "merged"
    assert [r["order_status"] for r in rows(spark, lake_db, "orders")] == ["created"]
    props = {r.key: r.value for r in spark.sql(f"SHOW TBLPROPERTIES {qualified(lake_db, 'orders')}").collect()}
    assert props["write.parquet.compression-codec"] == "zstd" and props["write.merge.mode"] == "copy-on-write"


def test_one_run_per_drop_and_ingest_time_order_without_an_order_column(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    rule = {"orders": {"keyColumns": ["order_id"]}}
    drop(raw, "orders", "a", [{"order_id": "o1", "status": "created"}], 1)
    run(spark, tmp_path, lake_db, rule)
    drop(raw, "orders", "b", [{"order_id": "o1", "status": "shipped"}, {"order_id": "o2", "status": "created"}], 2)
    run(spark, tmp_path, lake_db, rule)
    # An object that reaches raw later wins, whatever its file name.
    drop(raw, "orders", "0-late", [{"order_id": "o1", "status": "delivered"}], 3)
    run(spark, tmp_path, lake_db, rule)
    assert rows(spark, lake_db, "orders") == [{"order_id": "o1", "status": "delivered"}, {"order_id": "o2", "status": "created"}]
    ledger = spark.table(qualified(lake_db, LEDGER_TABLE)).collect()
    assert sorted(Path(r.object).name for r in ledger) == ["0-late.parquet", "a.parquet", "b.parquet"]
    assert len({r.snapshot_id for r in ledger}) == 3


def test_a_redelivered_raw_object_changes_nothing(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    first = [order("o1", "created", "2026-12-01 10:00:00")]
    drop(raw, "orders", "a", first, 1)
    run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    before = (rows(spark, lake_db, "orders"), snapshots(spark, lake_db, "orders"))
    # Redelivery: the processor writes the same key again (a newer modification time).
    drop(raw, "orders", "a", first, 30)
    outcome = run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})["orders"]
    assert outcome.status == "up to date"
    assert (rows(spark, lake_db, "orders"), snapshots(spark, lake_db, "orders")) == before


@pytest.mark.parametrize("rule", [ORDERS_RULE, {}], ids=["keyed", "unkeyed"])
def test_a_rerun_after_a_crash_between_commit_and_ledger_changes_nothing(spark, tmp_path, lake_db, rule):
    raw = tmp_path / "raw"
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00"), order("o2", "created", "2026-12-01 10:00:00")], 1)
    drop(raw, "orders", "b", [order("o1", "shipped", "2026-12-01 11:00:00")], 2)
    rules = {"orders": rule} if rule else {}
    run(spark, tmp_path, lake_db, rules)
    before = (rows(spark, lake_db, "orders"), snapshots(spark, lake_db, "orders"))
    # The crash: the table committed, the ledger write never happened.
    spark.sql(f"DELETE FROM {qualified(lake_db, LEDGER_TABLE)} WHERE dataset = 'orders'")
    outcome = run(spark, tmp_path, lake_db, rules)["orders"]
    assert (outcome.objects, outcome.changed_rows) == (2, 0)
    assert (rows(spark, lake_db, "orders"), snapshots(spark, lake_db, "orders")) == before
    assert spark.table(qualified(lake_db, LEDGER_TABLE)).count() == 2


def test_a_rerun_after_a_crash_between_datasets_changes_nothing(spark, tmp_path, lake_db, monkeypatch):
    import lakeetl.curation as curation

    raw = tmp_path / "raw"
    drop(raw, "clicks", "a", [{"click_id": "c1"}], 1)
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00")], 1)
    real = curation.curate_dataset

    def crash_on_orders(spark_, settings, ledger, dataset, now):
        if dataset == "orders":
            raise RuntimeError("executor lost")
        return real(spark_, settings, ledger, dataset, now)

    monkeypatch.setattr(curation, "curate_dataset", crash_on_orders)
    with pytest.raises(RuntimeError, match="executor lost"):
        run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    clicks = snapshots(spark, lake_db, "clicks")
    monkeypatch.setattr(curation, "curate_dataset", real)
    outcomes = run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    assert outcomes["clicks"].status == "up to date" and outcomes["orders"].status == "merged"
    assert snapshots(spark, lake_db, "clicks") == clicks
    assert spark.table(qualified(lake_db, "clicks")).count() == 1


def test_unkeyed_datasets_append_each_object_once(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    same = [{"click_id": "c1", "ad_id": "x"}, {"click_id": "c1", "ad_id": "x"}]
    drop(raw, "clicks", "a", same, 1)
    run(spark, tmp_path, lake_db)
    drop(raw, "clicks", "b", same, 2)  # equal rows from another object are other events
    run(spark, tmp_path, lake_db)
    run(spark, tmp_path, lake_db)
    table = spark.table(qualified(lake_db, "clicks"))
    assert table.count() == 4
    assert sorted(Path(r[0]).name for r in table.select(SOURCE_OBJECT).distinct().collect()) == ["a.parquet", "b.parquet"]
    assert table.schema[INGESTED_AT].dataType.simpleString() == "timestamp"


def test_a_new_raw_column_is_added_and_integers_widen(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    rule = {"telemetry": {"keyColumns": ["uuid"]}}
    (raw / "telemetry").mkdir(parents=True)
    pq.write_table(pa.table({"uuid": ["u1"], "temp": pa.array([20], pa.int32())}), raw / "telemetry" / "a.parquet")
    run(spark, tmp_path, lake_db, rule)
    drop(raw, "telemetry", "b", [{"uuid": "u2", "temp": 3_000_000_000, "battery": 0.5}], 2)
    outcome = run(spark, tmp_path, lake_db, rule)["telemetry"]
    assert outcome.changes == ["added columns ['battery']", "widened temp to bigint"]
    assert rows(spark, lake_db, "telemetry", "uuid") == [
        {"uuid": "u1", "temp": 20, "battery": None}, {"uuid": "u2", "temp": 3_000_000_000, "battery": 0.5}]


def test_a_bad_cast_stops_only_its_dataset_with_a_report(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00")], 1)
    drop(raw, "clicks", "a", [{"click_id": "c1"}], 1)
    run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    drop(raw, "orders", "b", [order("o1", "shipped", "2026-12-01 11:00:00", amount="ten")], 2)
    drop(raw, "clicks", "b", [{"click_id": "c2"}], 2)
    drop(raw, "Clicks.v2", "a", [{"click_id": "c3"}], 2)  # no table can be named after it
    before = snapshots(spark, lake_db, "orders")
    with pytest.raises(CurationFailed, match="orders.*Clicks.v2|Clicks.v2.*orders"):
        run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    assert list((tmp_path / "quarantine" / "Clicks.v2" / "curation").glob("*.json"))
    assert snapshots(spark, lake_db, "orders") == before
    assert spark.table(qualified(lake_db, "clicks")).count() == 2
    [report] = (tmp_path / "quarantine" / "orders" / "curation").glob("*.json")
    body = json.loads(report.read_text())
    assert body["details"]["castFailures"] == [
        {"column": "amount", "type": "decimal(18,2)", "badValues": 1, "sampleValue": "ten"}]
    assert [Path(o).name for o in body["objects"]] == ["b.parquet"]
    # Nothing of orders was consumed: fixing the data (a corrected object replaces it) lets it go on.
    shutil.rmtree(raw / "Clicks.v2")
    drop(raw, "orders", "b", [order("o1", "shipped", "2026-12-01 11:00:00", amount="10.50")], 3)
    run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    assert rows(spark, lake_db, "orders")[0]["order_status"] == "shipped"


def test_an_incompatible_type_change_stops_its_dataset_with_a_schema_report(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    drop(raw, "telemetry", "a", [{"uuid": "u1", "temp": 20}], 1)
    run(spark, tmp_path, lake_db)
    drop(raw, "telemetry", "b", [{"uuid": "u2", "temp": "warm"}], 2)
    with pytest.raises(CurationFailed, match="telemetry"):
        run(spark, tmp_path, lake_db)
    [report] = (tmp_path / "quarantine" / "telemetry" / "schema").glob("*.json")
    assert json.loads(report.read_text())["details"]["typeConflicts"] == [
        {"column": "temp", "tableType": "bigint", "incomingType": "string"}]
    assert spark.table(qualified(lake_db, "telemetry")).count() == 1


def test_raw_objects_that_disagree_on_a_type_in_one_batch(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    (raw / "m").mkdir(parents=True)
    pq.write_table(pa.table({"id": ["a"], "n": pa.array([1], pa.int32())}), raw / "m" / "1.parquet")
    pq.write_table(pa.table({"id": ["b"], "n": pa.array([2], pa.int64())}), raw / "m" / "2.parquet")
    run(spark, tmp_path, lake_db)
    assert spark.table(qualified(lake_db, "m")).schema["n"].dataType.simpleString() == "bigint"
    pq.write_table(pa.table({"id": ["c"], "n": ["three"]}), raw / "m" / "3.parquet")
    pq.write_table(pa.table({"id": ["d"], "n": pa.array([4], pa.int64())}), raw / "m" / "4.parquet")
    with pytest.raises(CurationFailed):
        run(spark, tmp_path, lake_db)
    assert len(list((tmp_path / "quarantine" / "m" / "schema").glob("*.json"))) == 1


def test_time_travel_and_rollback(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00")], 1)
    first = run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})["orders"].snapshot_id
    drop(raw, "orders", "b", [order("o1", "delivered", "2026-12-01 12:00:00")], 2)
    run(spark, tmp_path, lake_db, {"orders": ORDERS_RULE})
    name = qualified(lake_db, "orders")
    assert spark.sql(f"SELECT order_status FROM {name} VERSION AS OF {first}").first()[0] == "created"
    assert spark.table(name).first()["order_status"] == "delivered"
    spark.sql(f"CALL lake.system.rollback_to_snapshot('{lake_db}.orders', {first})")
    assert spark.table(name).first()["order_status"] == "created"


def test_rules_parse_like_the_stack_config():
    rule = parse_rules(json.dumps({"orders": ORDERS_RULE}))["orders"]
    assert rule == CurationRule(("order_id",), {"amount": "decimal(18,2)", "updated_at": "timestamp"},
                                {"status": "order_status"}, ("internal_note",), "updated_at")
    for bad in [{"casts": {"a": "TEXT"}}, {"keyColumns": ["a"], "dropColumns": ["a"]}, {"keyColumns": ["A"]},
                {"renames": {"a": "c", "b": "c"}}, {"orderColum": "a"}, {"orderColumn": "a"}]:
        with pytest.raises(ValueError):
            parse_rules(json.dumps({"d": bad}))


def test_the_views_read_the_curated_tables(spark, tmp_path, lake_db):
    from lakeetl.curate import RawInputs, TableInputs, build_views

    raw = tmp_path / "raw"
    drop(raw, "orders", "a", [{"order_id": "o1", "order_status": "delivered"}, {"order_id": "o2", "order_status": "created"}], 1)
    drop(raw, "orders", "b", [{"order_id": "o2", "order_status": "canceled"}], 2)  # o2 no longer counts
    drop(raw, "order_items", "a", [
        {"order_id": "o1", "order_item_id": 1, "seller_id": "s1", "price": 10.0, "freight_value": 1.0},
        {"order_id": "o2", "order_item_id": 1, "seller_id": "s1", "price": 99.0, "freight_value": 1.0}], 1)
    drop(raw, "order_items", "b", [
        {"order_id": "o1", "order_item_id": 1, "seller_id": "s1", "price": 10.0, "freight_value": 1.0}], 2)
    drop(raw, "sellers", "a", [{"seller_id": "s1", "seller_city": "sao paulo", "seller_state": "SP"}], 1)
    drop(raw, "order_reviews", "a", [{"review_id": "r1", "order_id": "o1", "review_score": 5}], 1)
    drop(raw, "closed_deals", "a", [{"mql_id": "m1", "seller_id": "s1", "declared_monthly_revenue": 100.0, "sdr_id": "d",
                                     "won_date": "2026-11-01 00:00:00", "sr_id": "r", "business_segment": "toys"}], 1)
    keys = {"orders": ["order_id"], "order_items": ["order_id", "order_item_id"], "sellers": ["seller_id"],
            "order_reviews": ["review_id", "order_id"], "closed_deals": ["mql_id"]}
    run(spark, tmp_path, lake_db, {d: {"keyColumns": k} for d, k in keys.items()})
    report = build_views(TableInputs(spark, lake_db), f"{tmp_path}/curated/", ["seller_performance", "advertising"], {})
    assert report["advertising"] == f"skipped: no data at lake.{lake_db}.impressions, lake.{lake_db}.clicks"
    [row] = spark.read.parquet(f"{tmp_path}/curated/seller_performance/").collect()
    assert (row.orders, row.items_sold, row.revenue, row.review_count, row.deals) == (1, 1, 10.0, 1, 1)
    # The same as the views computed from raw (deduplicated there by ingest time).
    build_views(RawInputs(spark, f"{tmp_path}/raw/"), f"{tmp_path}/from_raw/", ["seller_performance"], {})
    assert spark.read.parquet(f"{tmp_path}/from_raw/seller_performance/").collect() == [row]


def test_the_job_script_runs_with_its_arguments(spark, tmp_path, lake_db, warehouse, monkeypatch):
    import runpy
    import sys

    raw = tmp_path / "raw"
    drop(raw, "orders", "a", [order("o1", "created", "2026-12-01 10:00:00")], 1)
    drop(raw, "clicks", "a", [{"click_id": "c1"}], 1)
    argv = ["curate_tables.py", "--JOB_ID", "j_1", "--raw_path", f"{raw}/", "--catalog_database", lake_db,
            "--warehouse_path", warehouse, "--catalog_type", "hadoop", "--quarantine_path", f"{tmp_path}/quarantine/",
            "--curation_rules", json.dumps({"orders": ORDERS_RULE}), "--datasets", "orders", "--TempDir", "s3://t/"]
    monkeypatch.setattr(sys, "argv", argv)
    runpy.run_path(str(Path(__file__).parents[1] / "jobs" / "curate_tables.py"), run_name="__main__")
    assert rows(spark, lake_db, "orders")[0]["order_status"] == "created"
    assert not spark.catalog.tableExists(f"lake.{lake_db}.clicks")
    drop(raw, "orders", "b", [order("o2", "created", "2026-12-01 10:00:00", amount="n/a")], 2)
    monkeypatch.setattr(sys, "argv", argv[:-4] + ["--datasets", "", "--TempDir", "s3://t/"])
    with pytest.raises(CurationFailed):
        runpy.run_path(str(Path(__file__).parents[1] / "jobs" / "curate_tables.py"), run_name="__main__")
    assert spark.table(qualified(lake_db, "clicks")).count() == 1
