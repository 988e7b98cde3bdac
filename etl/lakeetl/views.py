"""Curated views (raw -> curated): pure joins and aggregates over raw tables.

Each view function takes its raw inputs as DataFrames and returns the view. Raw tables are
appended to run after run, so every input is deduplicated on its key first (the latest
`etl_ingested_at` wins when present). Inputs are cast where the view computes with them, so raw
tables written by the Lambda processors (types inferred) work as well as the Glue ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import NumericType

from .tables import add_time_partitions, deduplicate

#: Orders in these states earned nothing: their items count neither as sold nor as revenue.
EXCLUDED_ORDER_STATUSES = ("canceled", "unavailable")


def seller_performance(
    orders: DataFrame, order_items: DataFrame, sellers: DataFrame, order_reviews: DataFrame, closed_deals: DataFrame
) -> DataFrame:
    """One row per seller known to any input (001_*: deals, revenue and average review per seller).

    orders/items_sold/revenue/freight: items of orders not canceled or unavailable (items whose
    order is unknown are not counted: their status is unknown). review_count/avg_review_score:
    the reviews of orders the seller sold into, each (review, order) once however many items the
    seller had in it; null average when none. deals/deal_value: closed deals (marketing funnel)
    and the sum of their declared monthly revenue; sdr_id/sr_id/business_segment of the latest
    won deal. Counts and sums are 0 where a seller has none.
    """
    orders = deduplicate(orders, ["order_id"]).select("order_id", "order_status")
    items = deduplicate(order_items, ["order_id", "order_item_id"])
    sellers = deduplicate(sellers, ["seller_id"]).select("seller_id", "seller_city", "seller_state")
    reviews = deduplicate(order_reviews, ["review_id", "order_id"]).select(
        "review_id", "order_id", F.col("review_score").cast("double").alias("review_score")
    )
    deals = deduplicate(closed_deals, ["mql_id"])

    sold = items.join(orders, "order_id").filter(~F.lower(F.col("order_status")).isin(*EXCLUDED_ORDER_STATUSES))
    sales = sold.groupBy("seller_id").agg(
        F.countDistinct("order_id").alias("orders"),
        F.count(F.lit(1)).alias("items_sold"),
        F.sum(F.col("price").cast("double")).alias("revenue"),
        F.sum(F.col("freight_value").cast("double")).alias("freight"),
    )
    reviewed = (
        sold.select("seller_id", "order_id").distinct().join(reviews, "order_id")
        .groupBy("seller_id")
        .agg(F.count(F.lit(1)).alias("review_count"), F.avg("review_score").alias("avg_review_score"))
    )
    won = F.col("won_date").cast("timestamp")
    deal_stats = deals.groupBy("seller_id").agg(
        F.count(F.lit(1)).alias("deals"),
        F.sum(F.col("declared_monthly_revenue").cast("double")).alias("deal_value"),
        F.max_by("sdr_id", won).alias("sdr_id"),
        F.max_by("sr_id", won).alias("sr_id"),
        F.max_by("business_segment", won).alias("business_segment"),
    )
    ids = (
        sellers.select("seller_id")
        .union(sales.select("seller_id"))
        .union(deal_stats.select("seller_id"))
        .filter(F.col("seller_id").isNotNull())
        .distinct()
    )
    view = (
        ids.join(sellers, "seller_id", "left")
        .join(sales, "seller_id", "left")
        .join(reviewed, "seller_id", "left")
        .join(deal_stats, "seller_id", "left")
    )
    return view.fillna(0, ["orders", "items_sold", "review_count", "deals"]).fillna(
        0.0, ["revenue", "freight", "deal_value"]
    ).select(
        "seller_id", "seller_city", "seller_state", "orders", "items_sold", "revenue", "freight",
        "review_count", "avg_review_score", "deals", "deal_value", "sdr_id", "sr_id", "business_segment",
    )


def event_time(df: DataFrame, column: str) -> Column:
    """A timestamp from an ISO-8601 string, a timestamp, or epoch seconds/milliseconds (numbers
    above 1e11 are milliseconds: 1e11 s is the year 5138)."""
    c = F.col(column)
    if isinstance(df.schema[column].dataType, NumericType):
        seconds = F.when(F.abs(c) > 1e11, c / 1000).otherwise(c)
        return F.timestamp_seconds(seconds)
    return c.cast("timestamp")


def advertising(impressions: DataFrame, clicks: DataFrame, timestamp_column: str = "timestamp") -> DataFrame:
    """Per ad per day (002_*): impressions, clicks, click-through rate.

    Beacons may arrive twice, so both inputs are deduplicated on impression_id (a second click on
    one impression is not a second click-through). A click counts on its impression's day, so
    clicks <= impressions; clicks whose impression is not in the data are counted on the click's
    day as unattributed_clicks rather than lost. click_through_rate = clicks / impressions, null
    where there were no impressions.
    """
    imps = deduplicate(impressions, ["impression_id"]).select(
        "impression_id", "ad_id", F.to_date(event_time(impressions, timestamp_column)).alias("event_date")
    )
    clks = deduplicate(clicks, ["impression_id"]).select(
        "impression_id", "ad_id", F.to_date(event_time(clicks, timestamp_column)).alias("event_date")
    )
    clicked = clks.select("impression_id", F.lit(1).alias("clicked"))
    attributed = (
        imps.join(clicked, "impression_id", "left")
        .groupBy("ad_id", "event_date")
        .agg(F.count(F.lit(1)).alias("impressions"), F.sum(F.coalesce("clicked", F.lit(0))).alias("clicks"))
    )
    orphans = (
        clks.join(imps.select("impression_id"), "impression_id", "left_anti")
        .groupBy("ad_id", "event_date")
        .agg(F.count(F.lit(1)).alias("unattributed_clicks"))
    )
    view = attributed.join(orphans, ["ad_id", "event_date"], "full").fillna(
        0, ["impressions", "clicks", "unattributed_clicks"]
    )
    ctr = F.when(F.col("impressions") > 0, F.col("clicks") / F.col("impressions"))
    return view.select(
        "ad_id", "event_date",
        F.col("impressions").cast("bigint").alias("impressions"),
        F.col("clicks").cast("bigint").alias("clicks"),
        ctr.alias("click_through_rate"),
        F.col("unattributed_clicks").cast("bigint").alias("unattributed_clicks"),
    )


def activity(telemetry: DataFrame, tracks: DataFrame) -> DataFrame:
    """Device telemetry enriched with the reference tracks list (004_*), partitioned by the
    device timestamp's year/month/day. Readings whose track is not in the list keep null track
    fields (a left join: enrichment never removes a reading)."""
    readings = deduplicate(telemetry, ["uuid"]).withColumn("device_ts", event_time(telemetry, "device_ts"))
    readings = readings.withColumn("track_id", F.col("track_id").cast("int"))
    ref = deduplicate(tracks, ["track_id"]).withColumn("track_id", F.col("track_id").cast("int"))
    ref_columns = [c for c in ref.columns if c != "track_id" and c not in readings.columns]
    enriched = readings.join(ref.select("track_id", *ref_columns), "track_id", "left")
    ordered = ["uuid", "device_ts", "device_id", "device_temp", "track_id", "activity_type"]
    rest = [c for c in enriched.columns if c not in ordered]
    return add_time_partitions(enriched.select(*ordered, *rest), "device_ts")


@dataclass(frozen=True)
class View:
    """A curated view: its raw inputs (argument name -> default raw table), builder, partitions."""

    inputs: dict[str, str]
    build: Callable[..., DataFrame]
    partition_columns: tuple[str, ...] = ()


#: The views raw_to_curated can build, by name (the name is also the curated table's prefix).
VIEWS: dict[str, View] = {
    "seller_performance": View(
        inputs={t: t for t in ("orders", "order_items", "sellers", "order_reviews", "closed_deals")},
        build=seller_performance,
    ),
    "advertising": View(
        inputs={"impressions": "impressions", "clicks": "clicks"},
        build=advertising,
        partition_columns=("event_date",),
    ),
    "activity": View(
        inputs={"telemetry": "telemetry", "tracks": "tracks_list"},
        build=activity,
        partition_columns=("year", "month", "day"),
    ),
}
