"""The part of Glue's `awsglue` library the lake's entry scripts use (etl/jobs/drop_to_raw.py,
raw_to_curated.py), on plain local PySpark, for the local lake's Glue runtime (local/glue_runner.py).

AWS does not publish `awsglue` on PyPI (its package names there are parked) and its DynamicFrame is
backed by Glue's own JVM classes, so the scripts cannot import the real one here. This keeps its
signatures for what the scripts call and does what Glue does with it, as far as the local lake
needs: `getResolvedOptions`, `GlueContext.spark_session`, `create_dynamic_frame.from_options` for
S3 files (csv/json/parquet, recursive) with job bookmarks, `DynamicFrame.resolveChoice`/`toDF`,
`Job.init`/`commit`. What differs from Glue is in local/README.md.
"""
