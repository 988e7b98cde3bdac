"""EMR (Serverless or cluster) Spark job: raw zone -> curated views, the same lakeetl transforms
the Glue job raw_to_curated.py runs, without awsglue (EMR has none).

Arguments (components/emr/settings.ts viewsJobArguments): --raw_path --curated_path --views
(comma-separated names from lakeetl.views.VIEWS), optional --table_map (JSON input -> raw table).
"""

import argparse
import sys

from pyspark.sql import SparkSession

from lakeetl.args import parse_table_map, parse_views
from lakeetl.curate import RawInputs, build_views
from lakeetl.views import VIEWS


def main(argv: list[str], spark: SparkSession) -> dict[str, str]:
    parser = argparse.ArgumentParser(prog="emr_raw_to_curated")
    parser.add_argument("--raw_path", required=True)
    parser.add_argument("--curated_path", required=True)
    parser.add_argument("--views", required=True)
    parser.add_argument("--table_map")
    args = parser.parse_args(argv)
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    report = build_views(
        RawInputs(spark, args.raw_path), args.curated_path, parse_views(args.views, list(VIEWS)), parse_table_map(args.table_map)
    )
    for view, outcome in report.items():
        print(f"{view}: {outcome}")
    return report


if __name__ == "__main__":
    main(sys.argv[1:], SparkSession.builder.appName("lake-raw-to-curated").enableHiveSupport().getOrCreate())
