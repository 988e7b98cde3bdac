"""Glue 5.1 Spark job: raw zone -> curated views (lakeetl.curate.build_views).

Views are recomputed in full from raw and overwritten (partitioned views: only the partitions
recomputed), so raw is read with plain Spark and no bookmark; job.init/commit keep the run
bookkeeping consistent with the workflow's other jobs.

Arguments: --JOB_NAME --raw_path --curated_path --views (comma-separated names from
lakeetl.views.VIEWS) (required); --table_map (JSON input -> raw table overrides),
--source_database / --target_database (accepted, unused: the curated crawler catalogs the output).
"""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

from lakeetl.args import parse_table_map, parse_views, present_options
from lakeetl.curate import build_views
from lakeetl.views import VIEWS

REQUIRED = ["JOB_NAME", "raw_path", "curated_path", "views"]
OPTIONAL = ["table_map", "source_database", "target_database"]

args = getResolvedOptions(sys.argv, REQUIRED + present_options(sys.argv, OPTIONAL))
views = parse_views(args["views"], list(VIEWS))
table_map = parse_table_map(args.get("table_map"))
glue = GlueContext(SparkContext.getOrCreate())
spark = glue.spark_session
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.ansi.enabled", "false")
job = Job(glue)
job.init(args["JOB_NAME"], args)
for view, outcome in build_views(spark, args["raw_path"], args["curated_path"], views, table_map).items():
    print(f"{view}: {outcome}")
job.commit()
