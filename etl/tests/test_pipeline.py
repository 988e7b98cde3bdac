"""The job logic end to end on local files: generated sample data -> drop_to_raw's transform and
writer per catalog table -> raw Parquet -> raw_to_curated's build_views -> curated Parquet, with
the expected numbers computed independently in plain Python from the generated rows."""
import datetime as dt
from collections import defaultdict

import pytest

from lakeetl.catalog import TABLES, spec_for
from lakeetl.curate import RawInputs, build_views
from lakeetl.io import read_raw_table, table_path, write_parquet, write_quarantine
from lakeetl.tables import prepare_table
from sample_data import generate as gen

RUN_AT = dt.datetime(2026, 11, 23, 4, 0, 0)


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory):
    root = tmp_path_factory.mktemp("lake")
    # Two bad order rows and two duplicate items, as real drops have.
    data = gen.generate(seed=11, orders=60, dirty=2)
    gen.write(data, root / "drop_files")
    raw, curated = root / "raw", root / "curated"
    counts = {}
    for table, spec in TABLES.items():
        path = str(root / "drop_files" / gen.FILES[table])
        reader = spark.read.option("header", True)
        df = reader.csv(path) if spec.source_format == "csv" else reader.json(path)
        good, bad = prepare_table(df, spec_for(table, {}), RUN_AT)
        good, bad = good.cache(), bad.cache()
        counts[table] = (good.count(), bad.count())
        write_parquet(good, table_path(str(raw), table), spec.partition_columns, mode="append")
        if counts[table][1]:
            write_quarantine(bad, table_path(str(raw / "quarantine"), table))
    # Telemetry as the Lambda processor lays raw out (ingest_date partitions), inferred types.
    readings = [
        {"uuid": "a", "device_ts": "2026-03-01 10:00:00.000", "device_id": 1, "device_temp": 32,
         "track_id": 3, "activity_type": "Running"},
        {"uuid": "b", "device_ts": "2026-03-02 11:00:00.000", "device_id": 2, "device_temp": 40,
         "track_id": 30, "activity_type": "Sitting"},
    ]
    spark.createDataFrame(readings).write.parquet(str(raw / "telemetry" / "ingest_date=2026-03-02"))
    report = build_views(RawInputs(spark, str(raw)), str(curated), ["seller_performance", "advertising", "activity"], {})
    return dict(root=root, data=data, raw=raw, curated=curated, counts=counts, report=report)


def test_drop_to_raw_counts_and_quarantine(lake, spark):
    counts, data = lake["counts"], lake["data"]
    assert counts["orders"] == (60, 2)
    assert counts["order_items"] == (len(data["order_items"]) - 2, 0)  # the duplicates collapsed
    assert counts["tracks_list"] == (31, 0)
    bad = {r.order_id: r for r in spark.read.json(str(lake["raw"] / "quarantine" / "orders")).collect()}
    assert sorted(bad) == ["dirty0000", "dirty0001"]
    assert bad["dirty0000"]._reason == "missing required customer_id"
    assert bad["dirty0001"]._reason == "order_purchase_timestamp is not a valid timestamp"
    assert bad["dirty0001"].order_purchase_timestamp == "not a timestamp"
    assert bad["dirty0000"].ingest_date == dt.date(2026, 11, 23)


def test_raw_layout_zstd_and_partitions(lake):
    files = sorted(p.relative_to(lake["raw"]) for p in (lake["raw"] / "orders").rglob("*.parquet"))
    assert files and all(str(f).endswith(".zstd.parquet") for f in files)
    assert all(len(f.parts) == 5 and f.parts[1].startswith("year=") and f.parts[3].startswith("day=")
               for f in files)
    assert list((lake["raw"] / "sellers").glob("ingest_date=2026-11-23/*.parquet"))


def test_seller_performance_matches_a_plain_python_computation(lake, spark):
    data = lake["data"]
    status = {o["order_id"]: o["order_status"] for o in data["orders"] if not o["order_id"].startswith("dirty")}
    revenue, orders_by_seller = defaultdict(float), defaultdict(set)
    for item in {tuple(sorted(i.items())): i for i in data["order_items"]}.values():  # duplicates once
        if status[item["order_id"]] not in ("canceled", "unavailable"):
            revenue[item["seller_id"]] += float(item["price"])
            orders_by_seller[item["seller_id"]].add(item["order_id"])
    score = {r["order_id"]: r["review_score"] for r in data["order_reviews"]}
    deals = defaultdict(int)
    for d in data["closed_deals"]:
        deals[d["seller_id"]] += 1

    view = {r.seller_id: r for r in spark.read.parquet(str(lake["curated"] / "seller_performance")).collect()}
    assert set(view) == {s["seller_id"] for s in data["sellers"]}
    for seller_id, row in view.items():
        assert row.revenue == pytest.approx(revenue[seller_id])
        assert row.orders == len(orders_by_seller[seller_id])
        assert row.deals == deals[seller_id]
        scores = [score[o] for o in orders_by_seller[seller_id] if o in score]
        assert row.review_count == len(scores)
        if scores:
            assert row.avg_review_score == pytest.approx(sum(scores) / len(scores))


def test_views_without_raw_data_are_skipped_and_activity_joins_tracks(lake, spark):
    report = lake["report"]
    assert report["advertising"].startswith("skipped: no data at ")
    assert "impressions" in report["advertising"]
    assert report["seller_performance"].startswith("written to ")
    rows = {r.uuid: r for r in spark.read.parquet(str(lake["curated"] / "activity")).collect()}
    assert rows["a"].track_name == gen.TRACKS[3][0] and rows["b"].artist_name == gen.TRACKS[30][1]
    assert (lake["curated"] / "activity" / "year=2026" / "month=03" / "day=02").is_dir()


def test_overwrite_replaces_only_recomputed_partitions(spark, tmp_path):
    path = str(tmp_path / "advertising")
    day1 = spark.createDataFrame([("a", "2019-06-06", 1)], ["ad_id", "event_date", "impressions"])
    day2 = spark.createDataFrame([("a", "2019-06-07", 2)], ["ad_id", "event_date", "impressions"])
    day2_again = spark.createDataFrame([("a", "2019-06-07", 5)], ["ad_id", "event_date", "impressions"])
    for df in (day1, day2, day2_again):
        write_parquet(df, path, ["event_date"], mode="overwrite")
    got = sorted((r.event_date.isoformat(), r.impressions) for r in spark.read.parquet(path).collect())
    assert got == [("2019-06-06", 1), ("2019-06-07", 5)]


def test_read_raw_table_of_nothing(spark, tmp_path):
    assert read_raw_table(spark, str(tmp_path / "absent")) is None
    (tmp_path / "empty").mkdir()
    assert read_raw_table(spark, str(tmp_path / "empty")) is None


def test_raw_files_with_conflicting_types_are_read_as_strings(spark, tmp_path):
    """Lambda-promoted and Glue-promoted files of one table can disagree on types."""
    glue = spark.sql("select 'o1' as order_id, cast(1 as int) as n, cast(10.5 as decimal(18,2)) as price")
    lam = spark.sql("select 'o2' as order_id, cast(2 as bigint) as n, cast(3.25 as double) as price, 'x' as extra")
    glue.write.parquet(str(tmp_path / "t" / "year=2017" / "month=01" / "day=02"))
    lam.write.parquet(str(tmp_path / "t" / "ingest_date=2026-01-01"))
    df = read_raw_table(spark, str(tmp_path / "t"))
    assert dict(df.dtypes) == {"order_id": "string", "n": "string", "price": "string", "extra": "string",
                               "etl_ingested_at": "timestamp"}
    assert sorted((r.order_id, r.n, r.price, r.extra) for r in df.collect()) == [
        ("o1", "1", "10.50", None), ("o2", "2", "3.25", "x")]


def test_raw_decimals_of_different_scales_read_exactly(spark, tmp_path):
    """The drop -> raw Lambda writes exact numbers as DECIMAL(18 or 38, scale seen) (18 digits as
    Parquet INT64, integers past BIGINT as DECIMAL(38,0)), so files of one table can differ in
    precision and scale: each value is still read exactly."""
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    files = {
        "a": ("1.50", pa.decimal128(18, 2)),
        "b": ("-12345678901234567890123456789012345.678", pa.decimal128(38, 3)),
        "c": ("12345678901234567890123456789", pa.decimal128(38, 0)),
    }
    for name, (value, type_) in files.items():
        out = tmp_path / "t" / f"ingest_date=2026-12-0{len(name)}"
        out.mkdir(parents=True, exist_ok=True)
        table = pa.table({"id": [name], "amount": pa.array([Decimal(value)], type_)})
        pq.write_table(table, out / f"{name}.parquet", store_decimal_as_integer=True)
    df = read_raw_table(spark, str(tmp_path / "t"))
    assert sorted((r.id, Decimal(r.amount)) for r in df.collect()) == sorted((k, Decimal(v)) for k, (v, _) in files.items())


def test_lambda_written_rows_dedupe_by_file_time(spark, tmp_path):
    """The Lambda's raw files carry no etl_ingested_at: the newer file's row is the one kept."""
    import os

    from lakeetl.tables import deduplicate

    for day, status, mtime in [("2026-01-02", "shipped", 1_700_000_000), ("2026-01-01", "delivered", 1_800_000_000)]:
        out = tmp_path / "orders" / f"ingest_date={day}"
        spark.createDataFrame([("o1", status)], ["order_id", "order_status"]).write.parquet(str(out))
        for f in out.glob("*.parquet"):
            os.utime(f, (mtime, mtime))
    df = read_raw_table(spark, str(tmp_path / "orders"))
    assert [r.order_status for r in deduplicate(df, ["order_id"]).collect()] == ["delivered"]


def test_table_map_must_name_known_inputs(spark, tmp_path):
    with pytest.raises(ValueError, match="no requested view has"):
        build_views(RawInputs(spark, str(tmp_path)), str(tmp_path), ["advertising"], {"telemetry": "x"})
