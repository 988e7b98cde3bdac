"""Glue 5.1 Spark job: curated tables -> curated views (lakeetl.curate.build_views).

The views read the curated Iceberg tables (catalog `lake`, configured here from the arguments;
Glue puts the Iceberg runtime on the classpath with `--datalake-formats iceberg`) and are
recomputed in full and overwritten (partitioned views: only the partitions recomputed); no
bookmark. job.init/commit keep the run bookkeeping consistent with the workflow's other jobs.

Arguments: --JOB_NAME --curated_path --views (comma-separated names from lakeetl.views.VIEWS)
--catalog_database --warehouse_path (required); --catalog_type (glue | hadoop, default glue),
--table_map (JSON input -> dataset overrides), --raw_path / --source_database /
--target_database (accepted, unused: inputs come from the tables, the crawler catalogs the output).
"""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.conf import SparkConf
from pyspark.context import SparkContext

from lakeetl.args import parse_table_map, parse_views, present_options
from lakeetl.curate import TableInputs, build_views
from lakeetl.iceberg import iceberg_session_conf
from lakeetl.views import VIEWS

REQUIRED = ["JOB_NAME", "curated_path", "views", "catalog_database", "warehouse_path"]
OPTIONAL = ["catalog_type", "table_map", "raw_path", "source_database", "target_database"]

args = getResolvedOptions(sys.argv, REQUIRED + present_options(sys.argv, OPTIONAL))
views = parse_views(args["views"], list(VIEWS))
table_map = parse_table_map(args.get("table_map"))
conf = SparkConf().setAll(list(iceberg_session_conf(args.get("catalog_type") or "glue", args["warehouse_path"]).items()))
glue = GlueContext(SparkContext.getOrCreate(conf))
spark = glue.spark_session
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.ansi.enabled", "false")
job = Job(glue)
job.init(args["JOB_NAME"], args)
inputs = TableInputs(spark, args["catalog_database"])
for view, outcome in build_views(inputs, args["curated_path"], views, table_map).items():
    print(f"{view}: {outcome}")
job.commit()
