"""Glue 5.1 Spark job: one drop-zone table -> partitioned zstd Parquet in the raw zone.

Reads the files under --source_path (format from the table's spec or --source_format) or, for a
table with no format, the drop database's crawled table; only new input is read (job bookmarks,
transformation_ctx "source"). The transform is lakeetl.tables.prepare_table with the spec from
lakeetl.catalog (overridable by arguments); bad rows go to --quarantine_path with their reason.
Once the run committed, the files it read are tagged --consumed_tag (`key=value`, lakeetl.consumed),
so the landing zone's lifecycle may expire them.

Arguments: --JOB_NAME --table --source_path --target_path --quarantine_path --consumed_tag (required);
--source_database (needed for tables read from the catalog), --target_database (accepted, unused:
the raw crawler catalogs the output), --source_format --key_columns --order_columns
--required_columns --casts --partition_timestamp (optional overrides).
"""
import datetime as dt
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

from lakeetl.args import present_options
from lakeetl.catalog import spec_for
from lakeetl.consumed import mark_consumed, parse_tag, source_files
from lakeetl.io import write_parquet, write_quarantine
from lakeetl.tables import prepare_table

REQUIRED = ["JOB_NAME", "table", "source_path", "target_path", "quarantine_path", "consumed_tag"]
OPTIONAL = ["source_database", "target_database", "source_format", "key_columns", "order_columns",
            "required_columns", "casts", "partition_timestamp"]
# multiLine: quoted values may span lines (Olist review comments do).
FORMAT_OPTIONS = {"csv": {"withHeader": True, "separator": ",", "multiLine": True},
                  "tsv": {"withHeader": True, "separator": "\t", "multiLine": True},
                  "json": {}, "parquet": {}}

args = getResolvedOptions(sys.argv, REQUIRED + present_options(sys.argv, OPTIONAL))
spec = spec_for(args["table"], args)
glue = GlueContext(SparkContext.getOrCreate())
spark = glue.spark_session
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.ansi.enabled", "false")  # failed casts -> null -> quarantined with a reason
job = Job(glue)
job.init(args["JOB_NAME"], args)
consumed_tag = parse_tag(args["consumed_tag"])
started = dt.datetime.now(dt.timezone.utc)

if spec.source_format:
    source = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["source_path"]], "recurse": True},
        format="csv" if spec.source_format == "tsv" else spec.source_format,
        format_options=FORMAT_OPTIONS[spec.source_format],
        transformation_ctx="source",
    )
else:
    if "source_database" not in args:
        raise ValueError(f"table {args['table']} has no source format: pass --source_format or --source_database")
    source = glue.create_dynamic_frame.from_catalog(
        database=args["source_database"], table_name=args["table"], transformation_ctx="source"
    )
# Values of mixed types stay as their text: the spec's casts decide, and failures are quarantined.
df = source.resolveChoice(choice="cast:string").toDF()
read = source_files(df)  # one more pass over the input, for the file names only

if df.columns and not df.isEmpty():
    run_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    good, bad = prepare_table(df, spec, run_at)
    good.cache()
    bad.cache()
    write_parquet(good, args["target_path"], spec.partition_columns, mode="append")
    if not bad.isEmpty():
        write_quarantine(bad, args["quarantine_path"])
    print(f"{args['table']}: {good.count()} rows to {args['target_path']}, {bad.count()} bad rows to "
          f"{args['quarantine_path']}")
else:
    print(f"{args['table']}: no new input under {args['source_path']}")
job.commit()
# After the commit: a run that failed before it reads the same files again, untagged meanwhile.
tagged = mark_consumed(read, consumed_tag, started)
print(f"{args['table']}: {len(tagged)} of {len(read)} files read tagged {args['consumed_tag']}")
