"""Marking what a drop -> raw run read as consumed: the file names Spark reports, and the tags put
on them in S3 (moto)."""
import datetime as dt

import boto3
import pytest
from moto import mock_aws

from lakeetl.consumed import mark_consumed, parse_tag, source_files

TAG = ("datalake:processed", "promoted")


def test_source_files_are_the_files_the_rows_came_from(spark, tmp_path):
    for name, body in [("a.csv", "x\n1\n2\n"), ("b c.csv", "x\n3\n")]:
        (tmp_path / name).write_text(body)
    (tmp_path / "empty.csv").write_text("x\n")
    df = spark.read.option("header", True).csv(str(tmp_path))
    files = source_files(df)
    # A file without rows is not reported: nothing says it was read.
    assert [f.rsplit("/", 1)[1] for f in files] == ["a.csv", "b%20c.csv"]


def test_parse_tag():
    assert parse_tag("datalake:processed=promoted") == TAG
    for bad in ["", "datalake:processed", "=promoted", "datalake:processed="]:
        with pytest.raises(ValueError, match="key=value"):
            parse_tag(bad)


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket="drop", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        client.put_bucket_versioning(Bucket="drop", VersioningConfiguration={"Status": "Enabled"})
        yield client


def tags(s3, key, version=None):
    extra = {"VersionId": version} if version else {}
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket="drop", Key=key, **extra)["TagSet"]}


def test_tags_what_was_read_and_keeps_other_tags(s3):
    s3.put_object(Bucket="drop", Key="orders/a.csv", Body=b"x\n1\n", Tagging="datalake:processed=left-for-batch&owner=team-a")
    s3.put_object(Bucket="drop", Key="orders/b c.csv", Body=b"x\n2\n")
    s3.put_object(Bucket="drop", Key="orders/raw%name.csv", Body=b"x\n3\n")
    started = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)
    uris = ["s3://drop/orders/a.csv", "s3://drop/orders/b%20c.csv", "s3://drop/orders/raw%name.csv", "s3://drop/orders/deleted.csv"]
    assert mark_consumed(uris, TAG, started, s3) == ["orders/a.csv", "orders/b c.csv", "orders/raw%name.csv"]
    assert tags(s3, "orders/a.csv") == {"owner": "team-a", "datalake:processed": "promoted"}
    assert tags(s3, "orders/b c.csv") == {"datalake:processed": "promoted"}
    assert tags(s3, "orders/raw%name.csv") == {"datalake:processed": "promoted"}


def test_leaves_a_version_uploaded_since_the_run_started(s3):
    old = s3.put_object(Bucket="drop", Key="orders/a.csv", Body=b"x\n1\n", Tagging="datalake:processed=left-for-batch")
    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    assert mark_consumed(["s3://drop/orders/a.csv"], TAG, started, s3) == []
    assert tags(s3, "orders/a.csv", old["VersionId"]) == {"datalake:processed": "left-for-batch"}


def test_tags_only_the_current_version(s3):
    first = s3.put_object(Bucket="drop", Key="orders/a.csv", Body=b"x\n1\n", Tagging="datalake:processed=left-for-batch")
    second = s3.put_object(Bucket="drop", Key="orders/a.csv", Body=b"x\n2\n", Tagging="datalake:processed=left-for-batch")
    started = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)
    assert mark_consumed(["s3://drop/orders/a.csv"], TAG, started, s3) == ["orders/a.csv"]
    assert tags(s3, "orders/a.csv", second["VersionId"]) == {"datalake:processed": "promoted"}
    assert tags(s3, "orders/a.csv", first["VersionId"]) == {"datalake:processed": "left-for-batch"}


def test_refuses_what_is_not_an_s3_file(s3):
    with pytest.raises(ValueError, match="not an S3 URI"):
        mark_consumed(["file:///tmp/a.csv"], TAG, dt.datetime.now(dt.timezone.utc), s3)
