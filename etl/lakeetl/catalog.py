"""The drop -> raw table specs the lake ships with: the Olist-shaped e-commerce tables (001_*)
and the reference tracks list (004_*), as the sample-data generator writes them.

A drop_to_raw job names its table with `--table`; a table not listed here is read from the drop
database's crawled table and only normalised and partitioned by ingest_date, unless the job's
arguments say more (see TableSpec.with_overrides).
"""
from __future__ import annotations

from .tables import TableSpec

_TS = "timestamp"

TABLES: dict[str, TableSpec] = {
    spec.dataset: spec
    for spec in [
        TableSpec(
            dataset="orders",
            key_columns=("order_id",),
            # The most advanced state of an order wins: delivered over shipped over approved.
            order_columns=("order_delivered_customer_date", "order_delivered_carrier_date", "order_approved_at"),
            required_columns=("order_id", "customer_id", "order_status"),
            casts={"order_approved_at": _TS, "order_delivered_carrier_date": _TS,
                   "order_delivered_customer_date": _TS, "order_estimated_delivery_date": _TS},
            partition_timestamp="order_purchase_timestamp",
            source_format="csv",
        ),
        TableSpec(
            dataset="order_items",
            key_columns=("order_id", "order_item_id"),
            required_columns=("order_id", "order_item_id", "product_id", "seller_id", "price"),
            casts={"order_item_id": "int", "shipping_limit_date": _TS, "price": "decimal(18,2)",
                   "freight_value": "decimal(18,2)"},
            source_format="csv",
        ),
        TableSpec(
            dataset="customers",
            key_columns=("customer_id",),
            required_columns=("customer_id",),
            source_format="csv",
        ),
        TableSpec(
            dataset="sellers",
            key_columns=("seller_id",),
            required_columns=("seller_id",),
            source_format="csv",
        ),
        TableSpec(
            dataset="products",
            key_columns=("product_id",),
            required_columns=("product_id",),
            casts={c: "int" for c in ("product_name_lenght", "product_description_lenght", "product_photos_qty",
                                      "product_weight_g", "product_length_cm", "product_height_cm",
                                      "product_width_cm")},
            source_format="csv",
        ),
        TableSpec(
            dataset="order_reviews",
            key_columns=("review_id", "order_id"),
            order_columns=("review_answer_timestamp",),
            required_columns=("review_id", "order_id", "review_score"),
            casts={"review_score": "int", "review_creation_date": _TS, "review_answer_timestamp": _TS},
            source_format="csv",
        ),
        TableSpec(
            dataset="closed_deals",
            key_columns=("mql_id",),
            order_columns=("won_date",),
            required_columns=("mql_id", "seller_id"),
            casts={"won_date": _TS, "has_company": "boolean", "has_gtin": "boolean",
                   "declared_product_catalog_size": "double", "declared_monthly_revenue": "double"},
            source_format="csv",
        ),
        TableSpec(
            dataset="tracks_list",
            key_columns=("track_id",),
            required_columns=("track_id", "track_name"),
            casts={"track_id": "int"},
            source_format="json",
        ),
    ]
}


def spec_for(table: str, args: dict[str, str]) -> TableSpec:
    """The spec of `table` (listed or generic) with the job's override arguments applied."""
    return TABLES.get(table, TableSpec(dataset=table)).with_overrides(args)
