"""One local SparkSession for the whole run (Spark start-up dominates the suite's time), with
the Iceberg runtime (scripts/fetch-spark-jars.sh) and the `lake` catalog as a Hadoop catalog in a
temporary folder: tests that use it take a database of their own (`lake_db`)."""
import os
import sys
import uuid

import boto3
import pytest
from moto import mock_aws

os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
# PyDeequ (test_quality.py) picks its Deequ build by this at import; the jar itself comes from spark-jars.txt.
os.environ.setdefault("SPARK_VERSION", "3.5")


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    return str(tmp_path_factory.mktemp("warehouse"))


@pytest.fixture(scope="session")
def spark(warehouse):
    from pyspark.sql import SparkSession

    from lakeetl.iceberg import iceberg_session_conf
    from sparkjars import jar_paths

    builder = SparkSession.builder.config("spark.jars", ",".join(jar_paths()))
    for key, value in iceberg_session_conf("hadoop", warehouse).items():
        builder = builder.config(key, value)
    session = (
        builder.master("local[1]")
        .appName("lakeetl-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        # Small in-memory fixtures: adaptive planning and whole-stage codegen only add compile time.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # Glue 5.1 (Spark 3.5) runs with ANSI mode off; pin it so the tests mean the same thing.
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        # A short-lived JVM: the C1 compiler alone warms up faster (a JIT setting, no effect on results).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    # PyDeequ (test_quality.py) starts Py4J's callback server, whose non-daemon thread would keep
    # the interpreter alive after the last test: shut it down before the session.
    session.sparkContext._gateway.shutdown_callback_server()
    session.stop()


@pytest.fixture
def lake_db():
    """A fresh database (namespace) of the `lake` catalog for one test."""
    return f"db_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def s3():
    """moto's S3 with versioned `drop` and `raw` buckets (the big-object job's tests)."""
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        for bucket in ("drop", "raw"):
            client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        yield client
