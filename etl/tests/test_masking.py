"""Masking of pii columns in curation (lakeetl.masking) on local Spark with the Iceberg tables:
standard HMAC-SHA256, deterministic across runs and datasets (joins on a masked key still match),
dependent on the key, applied before the commit (no committed data file ever holds a value as
sent), raw keeping the originals; and the curate job reading its key from Secrets Manager (moto)."""
import datetime as dt
import hashlib
import hmac
import json
import runpy
import sys
from pathlib import Path

import boto3
import pyarrow.parquet as pq
import pytest
from moto import mock_aws
from test_curation import drop

from lakeetl.curation import CurationFailed, Settings, curate_tables, settings_from_args
from lakeetl.iceberg import INGESTED_AT, SOURCE_OBJECT, qualified
from lakeetl.masking import WITHHELD, Masking, masked, masking_from_args
from lakeetl.rules import parse_rules

KEY = b"k" * 44
OTHER_KEY = b"o" * 44
RULES = {"customers": {"keyColumns": ["customer_id"], "renames": {"mail": "email"}, "dropColumns": ["phone"]},
         "orders": {"keyColumns": ["order_id"]}}
PII = {"customers": ("customer_id", "mail", "phone"), "orders": ("customer_id",)}


def curate(spark, tmp_path, db, key=KEY, datasets=()):
    settings = Settings(raw_path=f"{tmp_path}/raw/", database=db, table_root=None,
                        quarantine_path=f"{tmp_path}/quarantine/", rules=parse_rules(json.dumps(RULES)),
                        datasets=tuple(datasets), masking=Masking(PII, key))
    return curate_tables(spark, settings, now=dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc))


def table(spark, db, name, order):
    return [r.asDict() for r in spark.table(qualified(db, name)).drop(SOURCE_OBJECT, INGESTED_AT).orderBy(order).collect()]


def test_the_mask_is_hmac_sha256():
    # RFC 4231, test case 2.
    assert masked(b"Jefe", "what do ya want for nothing?") == \
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert masked(KEY, None) is None


@pytest.fixture
def lake(spark, tmp_path, lake_db):
    raw = tmp_path / "raw"
    drop(raw, "customers", "a", [{"customer_id": 7, "mail": "ann@example.org", "phone": "+44 1", "city": "Leeds"},
                                 {"customer_id": 8, "mail": None, "phone": "+44 2", "city": "York"}], 1)
    drop(raw, "orders", "a", [{"order_id": "o1", "customer_id": 7, "total": 10},
                              {"order_id": "o2", "customer_id": 8, "total": 20}], 1)
    curate(spark, tmp_path, lake_db)
    return raw


def test_pii_columns_are_masked_by_their_curated_names_and_nulls_stay_null(spark, lake_db, lake):
    customers = table(spark, lake_db, "customers", "city")
    assert customers == [
        {"customer_id": masked(KEY, "7"), "email": masked(KEY, "ann@example.org"), "city": "Leeds"},
        {"customer_id": masked(KEY, "8"), "email": None, "city": "York"},
    ]


def test_joins_on_a_masked_key_still_match_across_datasets(spark, lake_db, lake):
    joined = spark.sql(f"SELECT o.order_id, c.city FROM {qualified(lake_db, 'orders')} o "
                       f"JOIN {qualified(lake_db, 'customers')} c ON o.customer_id = c.customer_id ORDER BY o.order_id")
    assert [tuple(r) for r in joined.collect()] == [("o1", "Leeds"), ("o2", "York")]


def test_deterministic_across_runs_merges_on_the_masked_key(spark, tmp_path, lake_db, lake):
    drop(lake, "customers", "b", [{"customer_id": 7, "mail": "ann@new.example.org", "phone": "+44 3", "city": "Hull"}], 2)
    curate(spark, tmp_path, lake_db)
    customers = table(spark, lake_db, "customers", "city")
    # One row per customer still: the second run's masked key matched the first run's.
    assert [(c["customer_id"], c["email"], c["city"]) for c in customers] == [
        (masked(KEY, "7"), masked(KEY, "ann@new.example.org"), "Hull"), (masked(KEY, "8"), None, "York")]


def test_the_mask_depends_on_the_key(spark, tmp_path, lake_db, lake):
    other = f"{lake_db}_other"
    curate(spark, tmp_path, other, key=OTHER_KEY, datasets=["customers"])
    mine, theirs = table(spark, lake_db, "customers", "city"), table(spark, other, "customers", "city")
    assert mine[0]["city"] == theirs[0]["city"] == "Leeds"
    assert theirs[0]["customer_id"] == masked(OTHER_KEY, "7") != mine[0]["customer_id"]


def test_applied_before_the_commit_and_raw_keeps_the_values_as_sent(spark, lake_db, lake):
    files = [r.file_path for r in spark.sql(f"SELECT file_path FROM {qualified(lake_db, 'customers')}.all_data_files").collect()]
    assert files
    committed = spark.read.parquet(*files)
    texts = {str(v) for row in committed.collect() for v in row.asDict().values() if v is not None}
    assert not texts & {"ann@example.org", "+44 1", "+44 2", "7", "8"}
    sent = pq.read_table(lake / "customers" / "ingest_date=2026-12-01" / "a.parquet").to_pylist()
    assert sent[0]["mail"] == "ann@example.org" and sent[0]["customer_id"] == 7


def test_pii_needs_its_key():
    assert masking_from_args({"pii_columns": ""}) is None
    with pytest.raises(ValueError, match="--masking_secret"):
        masking_from_args({"pii_columns": json.dumps({"customers": ["mail"]})})


def test_the_job_reads_its_key_from_secrets_manager(spark, tmp_path, lake_db, warehouse, monkeypatch):
    raw = tmp_path / "raw"
    drop(raw, "customers", "a", [{"customer_id": 7, "mail": "ann@example.org", "phone": "+44 1", "city": "Leeds"}], 1)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with mock_aws():
        secret = boto3.client("secretsmanager").create_secret(Name="datalake/dev/pii-masking-key",
                                                              SecretString=KEY.decode())["ARN"]
        args = ["--raw_path", f"{raw}/", "--catalog_database", lake_db, "--warehouse_path", warehouse,
                "--catalog_type", "hadoop", "--quarantine_path", f"{tmp_path}/quarantine/",
                "--curation_rules", json.dumps(RULES), "--datasets", "customers",
                "--pii_columns", json.dumps({k: list(v) for k, v in PII.items()}), "--masking_secret", secret]
        assert settings_from_args({a[2:]: v for a, v in zip(args[::2], args[1::2], strict=True)}).masking.key == KEY
        monkeypatch.setattr(sys, "argv", ["curate_tables.py", *args])
        runpy.run_path(str(Path(__file__).parents[1] / "jobs" / "curate_tables.py"), run_name="__main__")
    assert table(spark, lake_db, "customers", "city")[0]["email"] == hmac.new(
        KEY, b"ann@example.org", hashlib.sha256).hexdigest()


def test_a_stopped_datasets_report_withholds_pii_sample_values(spark, tmp_path, lake_db):
    """A cast that fails on a pii column stops the dataset; its report, in the curated zone, names
    the column and the count but not the value as sent."""
    drop(tmp_path / "raw", "customers", "a", [{"customer_id": "not-a-number", "mail": "ann@example.org", "city": "Leeds"}], 1)
    rules = {"customers": {**RULES["customers"], "casts": {"customer_id": "BIGINT"}, "dropColumns": []}}
    settings = Settings(raw_path=f"{tmp_path}/raw/", database=lake_db, table_root=None,
                        quarantine_path=f"{tmp_path}/quarantine/", rules=parse_rules(json.dumps(rules)),
                        masking=Masking(PII, KEY))
    with pytest.raises(CurationFailed):
        curate_tables(spark, settings, now=dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc))
    [report] = list((tmp_path / "quarantine" / "customers" / "curation").glob("*.json"))
    text = report.read_text()
    assert "not-a-number" not in text
    body = json.loads(text)
    assert body["details"]["castFailures"] == [{"column": "customer_id", "type": "bigint", "badValues": 1,
                                                "sampleValue": WITHHELD}]
    assert WITHHELD in body["error"]
