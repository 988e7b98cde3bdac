import datetime as dt

import pytest

from lakeetl.views import VIEWS, activity, advertising, seller_performance


@pytest.fixture(scope="module")
def olist(spark):
    sellers = spark.createDataFrame(
        [("s1", "sao paulo", "SP"), ("s2", "curitiba", "PR"), ("s3", "recife", "PE")],
        ["seller_id", "seller_city", "seller_state"],
    )
    orders = spark.createDataFrame(
        [("o1", "delivered"), ("o2", "delivered"), ("o3", "canceled"), ("o4", "shipped")],
        ["order_id", "order_status"],
    )
    items = spark.createDataFrame(
        [
            ("o1", 1, "s1", 100.0, 10.0),
            ("o1", 1, "s1", 100.0, 10.0),  # the same item delivered twice to raw
            ("o1", 2, "s1", 50.0, 5.0),
            ("o1", 3, "s2", 30.0, 3.0),
            ("o2", 1, "s1", 20.0, 2.0),
            ("o3", 1, "s2", 999.0, 99.0),  # canceled order: not sold
            ("o4", 1, "s2", 40.0, 4.0),
            ("o9", 1, "s3", 7.0, 1.0),  # order unknown: not counted
        ],
        ["order_id", "order_item_id", "seller_id", "price", "freight_value"],
    )
    reviews = spark.createDataFrame(
        [("r1", "o1", 5), ("r2", "o2", 3), ("r2", "o2", 3), ("r3", "o3", 1), ("r4", "o4", 4)],
        ["review_id", "order_id", "review_score"],
    )
    deals = spark.createDataFrame(
        [
            ("m1", "s1", "sdrA", "srA", "2018-01-01 10:00:00", "pet", 1000.0),
            ("m2", "s1", "sdrB", "srB", "2018-03-01 10:00:00", "toys", 500.0),
            ("m3", "s9", "sdrC", "srC", "2018-02-01 10:00:00", "food", 200.0),
        ],
        ["mql_id", "seller_id", "sdr_id", "sr_id", "won_date", "business_segment", "declared_monthly_revenue"],
    )
    return dict(orders=orders, order_items=items, sellers=sellers, order_reviews=reviews, closed_deals=deals)


def test_seller_performance_hand_computed(olist):
    rows = {r.seller_id: r.asDict() for r in seller_performance(**olist).collect()}
    assert sorted(rows) == ["s1", "s2", "s3", "s9"]
    s1, s2, s3, s9 = rows["s1"], rows["s2"], rows["s3"], rows["s9"]
    # s1: items o1#1, o1#2, o2#1 -> 170 revenue; reviews of o1 (5) and o2 (3).
    assert (s1["orders"], s1["items_sold"], s1["revenue"], s1["freight"]) == (2, 3, 170.0, 17.0)
    assert (s1["review_count"], s1["avg_review_score"]) == (2, 4.0)
    assert (s1["deals"], s1["deal_value"], s1["sdr_id"], s1["sr_id"], s1["business_segment"]) == (
        2, 1500.0, "sdrB", "srB", "toys")
    assert s1["seller_city"] == "sao paulo"
    # s2: o1#3 and o4#1 (o3 canceled) -> 70; reviews of o1 (5) and o4 (4).
    assert (s2["orders"], s2["items_sold"], s2["revenue"], s2["freight"]) == (2, 2, 70.0, 7.0)
    assert (s2["review_count"], s2["avg_review_score"]) == (2, 4.5)
    assert (s2["deals"], s2["deal_value"], s2["sdr_id"]) == (0, 0.0, None)
    # s3: only an item of an unknown order.
    assert (s3["orders"], s3["items_sold"], s3["revenue"], s3["review_count"], s3["avg_review_score"]) == (
        0, 0, 0.0, 0, None)
    # s9: a closed deal with no seller record and no sales.
    assert (s9["seller_city"], s9["orders"], s9["deals"], s9["deal_value"], s9["sdr_id"]) == (
        None, 0, 1, 200.0, "sdrC")


def test_seller_performance_schema(olist):
    types = dict(seller_performance(**olist).dtypes)
    assert types == {
        "seller_id": "string", "seller_city": "string", "seller_state": "string", "orders": "bigint",
        "items_sold": "bigint", "revenue": "double", "freight": "double", "review_count": "bigint",
        "avg_review_score": "double", "deals": "bigint", "deal_value": "double", "sdr_id": "string",
        "sr_id": "string", "business_segment": "string",
    }


def test_seller_performance_accepts_string_typed_inputs(olist, spark):
    """Raw tables written from CSV without casts still give the same numbers."""
    as_strings = {k: v.select(*[v[c].cast("string").alias(c) for c in v.columns]) for k, v in olist.items()}
    rows = {r.seller_id: r for r in seller_performance(**as_strings).collect()}
    assert rows["s1"].revenue == 170.0 and rows["s2"].avg_review_score == 4.5


@pytest.fixture(scope="module")
def beacons(spark):
    impressions = spark.createDataFrame(
        [
            ("i1", "adA", "u1", "2019-06-06T10:00:00Z"),
            ("i1", "adA", "u1", "2019-06-06T10:00:00Z"),  # beacon retried
            ("i2", "adA", "u2", "2019-06-06T11:00:00Z"),
            ("i3", "adA", "u3", "2019-06-07T01:00:00Z"),
            ("i4", "adB", "u4", "2019-06-06T12:00:00Z"),
        ],
        ["impression_id", "ad_id", "user_id", "timestamp"],
    )
    clicks = spark.createDataFrame(
        [
            ("i1", "adA", "u1", "2019-06-06T10:00:05Z"),
            ("i1", "adA", "u1", "2019-06-06T10:00:07Z"),  # a second click on one impression
            ("i3", "adA", "u3", "2019-06-07T23:59:00Z"),
            ("i9", "adB", "u9", "2019-06-06T13:00:00Z"),  # its impression is not in the data
        ],
        ["impression_id", "ad_id", "user_id", "timestamp"],
    )
    return impressions, clicks


def test_advertising_per_ad_per_day(beacons):
    rows = {(r.ad_id, r.event_date.isoformat()): r for r in advertising(*beacons).collect()}
    assert sorted(rows) == [("adA", "2019-06-06"), ("adA", "2019-06-07"), ("adB", "2019-06-06")]
    a6, a7, b6 = rows[("adA", "2019-06-06")], rows[("adA", "2019-06-07")], rows[("adB", "2019-06-06")]
    assert (a6.impressions, a6.clicks, a6.click_through_rate, a6.unattributed_clicks) == (2, 1, 0.5, 0)
    assert (a7.impressions, a7.clicks, a7.click_through_rate, a7.unattributed_clicks) == (1, 1, 1.0, 0)
    assert (b6.impressions, b6.clicks, b6.click_through_rate, b6.unattributed_clicks) == (1, 0, 0.0, 1)


def test_advertising_schema_and_epoch_millis(spark, beacons):
    impressions, clicks = beacons
    millis = impressions.selectExpr(
        "impression_id", "ad_id", "user_id", "unix_millis(cast(timestamp as timestamp)) as timestamp"
    )
    assert dict(millis.dtypes)["timestamp"] == "bigint"
    view = advertising(millis, clicks)
    assert dict(view.dtypes) == {
        "ad_id": "string", "event_date": "date", "impressions": "bigint", "clicks": "bigint",
        "click_through_rate": "double", "unattributed_clicks": "bigint",
    }
    assert {(r.ad_id, r.event_date, r.impressions) for r in view.collect()} == {
        ("adA", dt.date(2019, 6, 6), 2), ("adA", dt.date(2019, 6, 7), 1), ("adB", dt.date(2019, 6, 6), 1)
    }


def test_activity_enriched_with_tracks(spark):
    telemetry = spark.createDataFrame(
        [
            ("u1", "2026-03-01 10:00:00.123", 7, 32, 0, "Running"),
            ("u1", "2026-03-01 10:00:00.123", 7, 32, 0, "Running"),  # delivered twice
            ("u2", "2026-03-02 23:59:59.999", 8, 40, 5, "Sitting"),
            ("u3", "2026-03-02 00:00:00.000", 9, 28, 99, "Walking"),  # unknown track
        ],
        ["uuid", "device_ts", "device_id", "device_temp", "track_id", "activity_type"],
    )
    tracks = spark.createDataFrame(
        [("0", "Shape of You", "Ed Sheeran"), ("5", "Believer", "Imagine Dragons")],
        ["track_id", "track_name", "artist_name"],
    )
    view = activity(telemetry, tracks)
    assert view.columns == [
        "uuid", "device_ts", "device_id", "device_temp", "track_id", "activity_type", "track_name",
        "artist_name", "year", "month", "day",
    ]
    rows = {r.uuid: r for r in view.collect()}
    assert sorted(rows) == ["u1", "u2", "u3"]
    assert (rows["u1"].track_name, rows["u1"].artist_name) == ("Shape of You", "Ed Sheeran")
    assert rows["u2"].track_name == "Believer"
    assert rows["u3"].track_id == 99 and rows["u3"].track_name is None
    assert rows["u2"].device_ts == dt.datetime(2026, 3, 2, 23, 59, 59, 999000)
    assert (rows["u2"].year, rows["u2"].month, rows["u2"].day) == ("2026", "03", "02")


def test_view_registry_matches_builders():
    import inspect

    for name, view in VIEWS.items():
        params = list(inspect.signature(view.build).parameters)
        assert list(view.inputs) == params[: len(view.inputs)], name
