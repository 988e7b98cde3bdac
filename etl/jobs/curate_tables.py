"""Spark job: raw zone -> curated Iceberg tables (lakeetl.curation.curate_tables). No awsglue: a
plain SparkSession, so the same script runs on Glue 5.1 (`--datalake-formats iceberg`), on EMR
and on local PySpark. It configures its Iceberg catalog `lake` itself from its arguments.

Arguments (Glue style `--name value`; etl/README.md): --raw_path --catalog_database
--warehouse_path --quarantine_path (required); --datasets (comma-separated, empty = all),
--catalog_type (glue | hadoop, default glue), --curation_rules (JSON {dataset: CurationRule}),
--quality_rules (JSON {dataset: QualityRule}), --quality_namespace (CloudWatch namespace of the
quality metrics; empty: not published).
--pii_columns (JSON {dataset: [column]}) with --masking_secret (the Secrets Manager secret of the
HMAC key, read with boto3): the pii columns are masked before the commit (lakeetl.masking).
Fails (exception, non-zero exit) after the other datasets when a dataset was stopped.
"""
import sys

from pyspark.sql import SparkSession

from lakeetl.args import parse_job_args
from lakeetl.curation import curate_tables, settings_from_args
from lakeetl.iceberg import iceberg_session_conf

REQUIRED = ["raw_path", "catalog_database", "warehouse_path", "quarantine_path"]
OPTIONAL = ["JOB_NAME", "datasets", "catalog_type", "curation_rules", "quality_rules", "quality_namespace",
            "pii_columns", "masking_secret"]

args = parse_job_args(sys.argv[1:], REQUIRED, OPTIONAL)
builder = SparkSession.builder.appName(args.get("JOB_NAME") or "curate_tables")
for key, value in iceberg_session_conf(args.get("catalog_type") or "glue", args["warehouse_path"]).items():
    builder = builder.config(key, value)
spark = builder.getOrCreate()
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.ansi.enabled", "false")
for outcome in curate_tables(spark, settings_from_args(args)):
    print(f"{outcome.dataset}: {outcome.status}, {outcome.objects} object(s), {outcome.changed_rows} row(s) changed")
