"""Dataset contracts on the big-object path (lakeetl.contracts): the cases the TypeScript checks
run too (test/fixtures/contract-breaks.json), Spark's types as contract families, and the raw
object's metadata the job writes for the same CSV as the function's test
(test/functions/drop-to-raw-contracts.test.ts)."""
import datetime as dt
import json
from pathlib import Path

import pytest
from pyspark.sql import types as T

from lakeetl.contracts import (
    CONTRACT_BREAKS_MAX_BYTES,
    META_CONTRACT_BREAKS,
    S3_USER_METADATA_MAX_BYTES,
    contract_breaks,
    contract_breaks_value,
    metadata_bytes,
    parse_contract_columns,
    spark_type_family,
    with_contract_breaks,
)
from lakeetl.convert_object import LocalStaging, run
from lakeetl.objects import ObjectVersion, lineage_metadata, promoted_key

REPO = Path(__file__).parents[2]
CASES = json.loads((REPO / "test" / "fixtures" / "contract-breaks.json").read_text())["cases"]
CONTRACTS = {"orders": {"order_id": "bigint", "email": "string", "price": "decimal", "placed_at": "timestamp"}}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_shared_cases(case):
    breaks = contract_breaks(case["columns"], [(c["name"], c["type"]) for c in case["found"]])
    assert breaks == case["breaks"]
    assert contract_breaks_value(breaks, case.get("maxBytes", CONTRACT_BREAKS_MAX_BYTES)) == case["value"]


def test_spark_types_as_families():
    assert [spark_type_family(t) for t in (
        T.StringType(), T.BooleanType(), T.IntegerType(), T.LongType(), T.DecimalType(38, 4), T.DoubleType(),
        T.DateType(), T.TimestampType(), T.TimestampNTZType(), T.BinaryType(), T.StructType([]),
        T.ArrayType(T.StringType()), T.MapType(T.StringType(), T.LongType()), T.DayTimeIntervalType(),
    )] == ["string", "boolean", "bigint", "bigint", "decimal", "double", "date", "timestamp", "timestamp", "binary",
           "struct", "array", "map", "interval"]


def test_the_breaks_never_push_the_metadata_past_s3s_2_kb():
    version = ObjectVersion("b" * 63, "orders/" + "é" * 250, dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc),
                            "v" * 32, "e" * 32, 1)
    meta = lineage_metadata(version, 123456789, "utf-8")
    many = [{"kind": "missing", "column": f"column_{i}", "expected": "string"} for i in range(100)]
    bounded = with_contract_breaks(meta, many)
    assert metadata_bytes(bounded) <= S3_USER_METADATA_MAX_BYTES
    assert bounded[META_CONTRACT_BREAKS].startswith("missing:column_0=string;")
    assert bounded[META_CONTRACT_BREAKS].split(";")[-1].startswith("more:")
    assert with_contract_breaks(meta, None) == meta


def test_contract_columns_argument():
    assert parse_contract_columns("") == {}
    assert parse_contract_columns(json.dumps(CONTRACTS)) == CONTRACTS
    with pytest.raises(ValueError, match="one of string"):
        parse_contract_columns('{"orders": {"price": "money"}}')


@pytest.mark.parametrize("name,body,expected", [
    ("conforming.csv", "order_id,email,price,placed_at\n1,a@x.org,9.50,2026-01-02 10:00:00\n2,b@x.org,12,2026-01-02 11:00:00\n",
     "none"),
    ("broken.csv", "Order ID,Price,Placed At,Coupon\n3,n/a,2026-01-03 09:00:00,WINTER\n",
     "missing:email=string;drift:price=decimal>string;extra:coupon=string"),
])
def test_the_big_object_job_records_what_the_function_records(spark, s3, tmp_path, name, body, expected):
    """The same files and contract as the function's test, the same `contract-breaks`; the object is
    promoted either way."""
    key = f"orders/{name}"
    out = s3.put_object(Bucket="drop", Key=key, Body=body.encode())
    local = tmp_path / name
    local.write_text(body)
    version = ObjectVersion("drop", key, dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.timezone.utc), out["VersionId"],
                            out["ETag"].strip('"'), len(body))
    outcome = run(spark, s3, version, read_uri=str(local), staging=LocalStaging(str(tmp_path / "staging")),
                  target_bucket="raw", target_kms_key_arn="arn:aws:kms:eu-west-1:1:key/raw",
                  source_kms_key_arn="arn:aws:kms:eu-west-1:1:key/drop", contracts=CONTRACTS)
    assert outcome["outcome"] == "promoted"
    head = s3.head_object(Bucket="raw", Key=promoted_key(key, version.version_id, version.event_time))
    assert head["Metadata"][META_CONTRACT_BREAKS] == expected
