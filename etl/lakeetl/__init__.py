"""Pure PySpark transforms of the lake's batch ETL (DataFrame -> DataFrame).

Nothing here imports awsglue: the Glue entry scripts in ../jobs/ read, call these functions and
write, so every transform runs unchanged under a local SparkSession in the tests.
"""
