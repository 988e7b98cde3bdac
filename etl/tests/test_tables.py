import datetime as dt
import json

import pytest
from pyspark.sql import types as T

from lakeetl.tables import (
    INGESTED_AT,
    REASON_COLUMN,
    TableSpec,
    deduplicate,
    prepare_table,
    split_bad_rows,
)

RUN_AT = dt.datetime(2026, 11, 23, 4, 5, 6)

ORDERS_SPEC = TableSpec(
    dataset="orders",
    key_columns=("order_id",),
    order_columns=("order_approved_at",),
    required_columns=("order_id", "customer_id"),
    casts={"order_approved_at": "timestamp", "items": "int"},
    partition_timestamp="order_purchase_timestamp",
)


def orders_df(spark):
    # Everything arrives as strings, as from a CSV header file.
    rows = [
        ("o1", "c1", "2017-10-02 10:56:33", "2017-10-02 11:07:15", "2"),
        # o1 again, approved later: this one is kept.
        ("o1", "c1", "2017-10-02 10:56:33", "2017-10-03 09:00:00", "3"),
        ("o2", "c2", "2018-07-24 20:41:37", "", "1"),
        ("o3", "", "2018-08-08 08:38:49", "2018-08-08 08:55:23", "1"),  # missing customer
        ("o4", "c4", "not a date", None, "x"),  # bad partition timestamp and bad int
        (None, "c5", "2018-02-13 21:18:39", None, "1"),  # missing key
    ]
    cols = ["Order ID", "Customer Id", "Order Purchase Timestamp", "order_approved_at", "Items"]
    return spark.createDataFrame(rows, cols)


def test_prepare_splits_casts_deduplicates_and_partitions(spark):
    good, bad = prepare_table(orders_df(spark), ORDERS_SPEC, RUN_AT)

    rows = {r.order_id: r.asDict() for r in good.collect()}
    assert sorted(rows) == ["o1", "o2"]
    assert rows["o1"]["order_approved_at"] == dt.datetime(2017, 10, 3, 9, 0, 0)
    assert rows["o1"]["items"] == 3
    assert rows["o2"]["order_approved_at"] is None  # blank optional value -> null, not a bad row
    assert (rows["o1"]["year"], rows["o1"]["month"], rows["o1"]["day"]) == ("2017", "10", "02")
    assert (rows["o2"]["year"], rows["o2"]["month"], rows["o2"]["day"]) == ("2018", "07", "24")
    assert rows["o2"][INGESTED_AT] == RUN_AT

    types = dict(good.dtypes)
    assert types["order_purchase_timestamp"] == "timestamp"
    assert types["order_approved_at"] == "timestamp"
    assert types["items"] == "int"
    assert types["order_id"] == "string"
    assert good.columns[-3:] == ["year", "month", "day"]

    bad_rows = bad.collect()
    reasons = {r.order_id: r[REASON_COLUMN] for r in bad_rows}
    assert reasons == {
        "o3": "missing required customer_id",
        "o4": "items is not a valid int; order_purchase_timestamp is not a valid timestamp",
        None: "missing required order_id",
    }
    assert set(bad.columns) == {
        "order_id", "customer_id", "order_purchase_timestamp", "order_approved_at", "items",
        REASON_COLUMN, "ingest_date",
    }
    assert {r.ingest_date for r in bad_rows} == {"2026-11-23"}
    # Every input row is either raw or quarantined, except the superseded duplicate.
    assert len(rows) + len(bad_rows) == 6 - 1


def test_bad_rows_keep_original_values_as_strings(spark):
    _, bad = prepare_table(orders_df(spark), ORDERS_SPEC, RUN_AT)
    o4 = bad.filter("order_id = 'o4'").collect()[0]
    assert o4.order_purchase_timestamp == "not a date"
    assert o4["items"] == "x"
    assert all(t == "string" for _, t in bad.dtypes)


def test_without_partition_timestamp_rows_get_the_run_date(spark):
    spec = TableSpec(dataset="sellers", key_columns=("seller_id",), required_columns=("seller_id",))
    df = spark.createDataFrame([("s1", "sp"), ("s2", "rj")], ["seller_id", "seller_state"])
    good, bad = prepare_table(df, spec, RUN_AT)
    assert [r.ingest_date for r in good.collect()] == ["2026-11-23", "2026-11-23"]
    assert good.columns[-1] == "ingest_date"
    assert bad.count() == 0


def test_missing_required_column_rejects_every_row_and_missing_cast_column_is_added(spark):
    spec = TableSpec(dataset="t", required_columns=("id", "amount"), casts={"amount": "double", "note": "string"})
    df = spark.createDataFrame([("1",), ("2",)], ["id"])
    good, bad = split_bad_rows(df, spec)
    assert good.count() == 0
    assert {r[REASON_COLUMN] for r in bad.collect()} == {"missing required column amount"}
    spec2 = TableSpec(dataset="t", casts={"amount": "decimal(18,2)"})
    good2, _ = split_bad_rows(df, spec2)
    assert dict(good2.dtypes)["amount"] == "decimal(18,2)"
    assert [r.amount for r in good2.collect()] == [None, None]


def test_every_cast_type(spark):
    spec = TableSpec(
        dataset="t",
        casts={"b": "boolean", "i": "int", "l": "bigint", "d": "double", "m": "decimal(18,2)",
               "day": "date", "ts": "timestamp", "s": "string"},
    )
    cols = ["b", "i", "l", "d", "m", "day", "ts", "s"]
    ok = ("true", "7", "9000000000", "1.5", "12.345", "2020-02-29", "2020-02-29T10:00:00Z", "x")
    wrong = ("maybe", "7.5x", "big", "one", "1e99", "2020-02-30", "noon", "y")
    good, bad = split_bad_rows(spark.createDataFrame([ok, wrong], cols), spec)
    row = good.collect()[0]
    assert row.b is True and row.i == 7 and row.l == 9000000000 and row.d == 1.5
    assert str(row.m) == "12.35"
    assert row.day == dt.date(2020, 2, 29) and row.ts == dt.datetime(2020, 2, 29, 10, 0)
    failed = [part.split(" ")[0] for part in bad.collect()[0][REASON_COLUMN].split("; ")]
    assert failed == ["b", "i", "l", "d", "m", "day", "ts"]  # "y" is a valid string


def test_malformed_json_lines_are_quarantined(spark, tmp_path):
    path = tmp_path / "in.json"
    path.write_text('{"id": "1", "v": "a"}\n{"id": "2", "v": \n{"id": "3", "v": "c"}\n')
    df = spark.read.json(str(path))
    good, bad = prepare_table(df, TableSpec(dataset="t", required_columns=("id",)), RUN_AT)
    assert sorted(r.id for r in good.collect()) == ["1", "3"]
    assert "_corrupt_record" not in good.columns
    bad_rows = bad.collect()
    assert len(bad_rows) == 1
    assert "malformed record" in bad_rows[0][REASON_COLUMN]
    assert bad_rows[0]["_corrupt_record"].startswith('{"id": "2"')


def test_deduplicate_is_deterministic_and_prefers_latest_ingest(spark):
    schema = T.StructType([
        T.StructField("k", T.StringType()), T.StructField("v", T.StringType()),
        T.StructField(INGESTED_AT, T.TimestampType()),
    ])
    early, late = dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2)
    rows = [("a", "old", early), ("a", "new", late), ("b", "x", early), ("b", "y", early)]
    forward = deduplicate(spark.createDataFrame(rows, schema), ["k"])
    backward = deduplicate(spark.createDataFrame(list(reversed(rows)), schema), ["k"])
    got = {r.k: r.v for r in forward.collect()}
    assert got["a"] == "new"
    assert got == {r.k: r.v for r in backward.collect()}
    assert deduplicate(spark.createDataFrame(rows, schema), []).count() == 4
    keyless = [(None, "p", early), (None, "q", early), ("c", "r", early)]
    assert sorted(r.v for r in deduplicate(spark.createDataFrame(keyless, schema), ["k"]).collect()) == ["p", "q", "r"]


def test_spec_rejects_bad_declarations():
    with pytest.raises(ValueError, match="key columns must also be required"):
        TableSpec(dataset="t", key_columns=("id",))
    with pytest.raises(ValueError, match="unknown cast types"):
        TableSpec(dataset="t", casts={"a": "varchar"})
    with pytest.raises(ValueError, match="normalised"):
        TableSpec(dataset="t", required_columns=("Order ID",))


def test_spec_overrides_from_job_arguments():
    base = TableSpec(dataset="orders", casts={"items": "int"}, source_format="csv")
    spec = base.with_overrides({
        "key_columns": "order_id", "order_columns": "",
        "required_columns": "order_id, customer_id", "casts": json.dumps({"price": "double"}),
        "partition_timestamp": "order_purchase_timestamp",
    })
    assert spec.key_columns == ("order_id",)
    assert spec.order_columns == ()
    assert spec.required_columns == ("order_id", "customer_id")
    assert spec.effective_required == ("order_id", "customer_id", "order_purchase_timestamp")
    assert spec.effective_casts == {"items": "int", "price": "double", "order_purchase_timestamp": "timestamp"}
    assert spec.partition_columns == ("year", "month", "day")
    assert spec.source_format == "csv"
    assert base.with_overrides({}) == base
    assert base.with_overrides({"source_format": ""}).source_format is None
    with pytest.raises(ValueError, match="--casts is not JSON"):
        base.with_overrides({"casts": "{price: double}"})
    with pytest.raises(ValueError, match="source_format"):
        base.with_overrides({"source_format": "xml"})
    assert TableSpec(dataset="t").partition_columns == ("ingest_date",)
