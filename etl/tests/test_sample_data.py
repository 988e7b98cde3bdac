import csv
import json

import boto3
import pytest
from moto import mock_aws

from sample_data import generate as gen
from sample_data.upload import dataset_of, upload


def read_all(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path):
    gen.write(gen.generate(seed=7, orders=120), tmp_path / "a")
    gen.write(gen.generate(seed=7, orders=120), tmp_path / "b")
    gen.write(gen.generate(seed=8, orders=120), tmp_path / "c")
    a, b, c = read_all(tmp_path / "a"), read_all(tmp_path / "b"), read_all(tmp_path / "c")
    assert a == b
    assert a["olist_orders_dataset.csv"] != c["olist_orders_dataset.csv"]
    assert a["tracks_list.json"] == c["tracks_list.json"]  # reference data does not depend on the seed


def test_files_have_olist_names_and_columns(tmp_path):
    paths = gen.write(gen.generate(seed=1, orders=50), tmp_path)
    assert sorted(p.name for p in paths) == sorted(gen.FILES.values())
    with (tmp_path / "olist_order_items_dataset.csv").open() as f:
        assert next(csv.reader(f)) == ["order_id", "order_item_id", "product_id", "seller_id",
                                       "shipping_limit_date", "price", "freight_value"]
    tracks = [json.loads(line) for line in (tmp_path / "tracks_list.json").read_text().splitlines()]
    assert [t["track_id"] for t in tracks] == list(range(31))
    assert all(t["track_name"] and t["artist_name"] for t in tracks)


def test_referential_integrity_and_plausible_values():
    d = gen.generate(seed=3, orders=300)
    ids = {name: {r[key] for r in d[name]} for name, key in
           [("orders", "order_id"), ("customers", "customer_id"), ("sellers", "seller_id"), ("products", "product_id")]}
    assert len(ids["orders"]) == 300 and len(ids["customers"]) == 300
    assert {r["customer_id"] for r in d["orders"]} <= ids["customers"]
    assert {r["order_id"] for r in d["order_items"]} == ids["orders"]  # every order has an item
    assert {r["seller_id"] for r in d["order_items"]} <= ids["sellers"]
    assert {r["product_id"] for r in d["order_items"]} <= ids["products"]
    assert {r["order_id"] for r in d["order_reviews"]} <= ids["orders"]
    assert {r["seller_id"] for r in d["closed_deals"]} <= ids["sellers"]
    assert len({r["mql_id"] for r in d["closed_deals"]}) == len(d["closed_deals"])
    assert {(r["order_id"], r["order_item_id"]) for r in d["order_items"]}.__len__() == len(d["order_items"])
    assert {r["review_score"] for r in d["order_reviews"]} <= {1, 2, 3, 4, 5}
    assert all(5 <= float(r["price"]) <= 500 for r in d["order_items"])
    statuses = [r["order_status"] for r in d["orders"]]
    assert statuses.count("delivered") > 200 and "canceled" in statuses
    for o in d["orders"]:
        if o["order_status"] == "delivered":
            assert o["order_purchase_timestamp"] < o["order_approved_at"] < o["order_delivered_customer_date"]
    with pytest.raises(ValueError):
        gen.generate(orders=0)


def test_dirty_rows_are_added_deterministically():
    clean, dirty = gen.generate(seed=3, orders=50), gen.generate(seed=3, orders=50, dirty=4)
    assert dirty["orders"][:50] == clean["orders"]
    extra = dirty["orders"][50:]
    assert [o["order_id"] for o in extra] == ["dirty0000", "dirty0001", "dirty0002", "dirty0003"]
    assert [o["customer_id"] == "" for o in extra] == [True, False, True, False]
    assert len(dirty["order_items"]) == len(clean["order_items"]) + 4
    assert gen.generate(seed=3, orders=50, dirty=4) == dirty


def test_dataset_names_from_file_names():
    assert dataset_of("olist_orders_dataset.csv") == "orders"
    assert dataset_of("olist_order_items_dataset.csv") == "order_items"
    assert dataset_of("olist_closed_deals_dataset.csv") == "closed_deals"
    assert dataset_of("tracks_list.json") == "tracks_list"
    assert dataset_of("product_category_name_translation.csv") == "product_category_name_translation"
    assert dataset_of("Events 2024.ndjson.gz") == "events_2024"
    assert {dataset_of(f) for f in gen.FILES.values()} == set(gen.FILES)


def test_upload_into_drop_zone_with_kms(tmp_path, monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    gen.write(gen.generate(seed=5, orders=20), tmp_path)
    (tmp_path / "notes.txt").write_text("not data")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="drop")
        key_id = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]
        done = upload(tmp_path, "drop", key_id, s3)
        keys = sorted(k["Key"] for k in s3.list_objects_v2(Bucket="drop")["Contents"])
        assert keys == sorted(f"{ds}/{name}" for ds, name in gen.FILES.items())
        assert sorted(k for k, _ in done) == keys
        head = s3.head_object(Bucket="drop", Key="orders/olist_orders_dataset.csv")
        assert head["ServerSideEncryption"] == "aws:kms" and key_id in head["SSEKMSKeyId"]
        body = s3.get_object(Bucket="drop", Key="orders/olist_orders_dataset.csv")["Body"].read()
        assert body == (tmp_path / "olist_orders_dataset.csv").read_bytes()


def test_upload_cli_refuses_an_empty_directory(tmp_path):
    from sample_data.upload import main

    with pytest.raises(SystemExit, match="no data files"):
        main(["--dir", str(tmp_path), "--bucket", "b", "--kms-key-id", "k", "--region", "us-east-1"])
