"""Glue 5.1 Spark job: one dropped object past the drop -> raw function's limits -> its raw key.

Started by the function (functions/drop-to-raw, StartJobRun) once per object with the object
version (lib/contract.ts BIG_OBJECT_RUN_ARGUMENTS); the zones and keys are the job's default
arguments (components/etl/job-settings.ts bigObjectArguments). lakeetl.convert_object.run does the
work with the function's contract: raw key, lineage metadata, quarantine with a reason, the
source's processed tag. Plain SparkSession: nothing here needs awsglue. A failure fails the run,
whose FAILED event reaches the alarm topic; the source stays tagged left-for-batch (never expired).

Arguments: --source_bucket --source_key --event_time --target_bucket --target_kms_key_arn
--source_kms_key_arn --TempDir (required); --source_version --source_etag --source_size
--JOB_RUN_ID --contract_columns (optional; Glue passes JOB_RUN_ID and others of its own, which are
ignored). --contract_columns: the expected columns per dataset (lib/contract.ts ContractColumns),
whose breaks the raw object's metadata records.
"""
import argparse
import datetime as dt
import sys

import boto3
from pyspark.sql import SparkSession

from lakeetl.contracts import parse_contract_columns
from lakeetl.convert_object import ChangedError, S3Staging, run
from lakeetl.objects import ObjectVersion

REQUIRED = ["source_bucket", "source_key", "event_time", "target_bucket", "target_kms_key_arn", "source_kms_key_arn",
            "TempDir"]
OPTIONAL = ["source_version", "source_etag", "source_size", "JOB_RUN_ID", "contract_columns"]

parser = argparse.ArgumentParser()
for name in REQUIRED:
    parser.add_argument(f"--{name}", required=True)
for name in OPTIONAL:
    parser.add_argument(f"--{name}")
args, _glue_own = parser.parse_known_args(sys.argv[1:])

version = ObjectVersion(
    bucket=args.source_bucket,
    key=args.source_key,
    event_time=dt.datetime.fromisoformat(args.event_time.replace("Z", "+00:00")),
    version_id=args.source_version,
    etag=args.source_etag,
    size=int(args.source_size) if args.source_size else None,
)
spark = SparkSession.builder.appName("convert_object").getOrCreate()
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.ansi.enabled", "false")  # values that do not parse stay text, as in the function
staging = S3Staging(f"{args.TempDir.rstrip('/')}/convert_object/{args.JOB_RUN_ID or version.key.replace('/', '_')}/")
try:
    outcome = run(spark, boto3.client("s3"), version, read_uri=f"s3://{version.bucket}/{version.key}", staging=staging,
                  target_bucket=args.target_bucket, target_kms_key_arn=args.target_kms_key_arn,
                  source_kms_key_arn=args.source_kms_key_arn, contracts=parse_contract_columns(args.contract_columns))
except ChangedError as changed:
    # As the function acks a replaced version: the newer one has its own event.
    outcome = {"outcome": "changed", "message": str(changed)}
print(f"{version.key}: {outcome}")
