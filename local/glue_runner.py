"""The local lake's Glue runtime: one local PySpark session that runs the deployed Glue jobs' entry
scripts as Glue would, one run at a time, as local/glue.ts asks (JSON lines on stdin, one answer
line each on stdout).

Start: `glue_runner.py '<json>'` with `buckets` ({bucket: folder}: each bucket's staged copy),
`jars` (the Iceberg runtime: Glue's `--datalake-formats iceberg`), `warehouse` (the curated
tables' `--warehouse_path`), `confs` (the jobs' `--conf` values). Every `s3://<bucket>/` path
resolves to the bucket's folder through Hadoop's ViewFileSystemOverloadScheme, so the scripts
read and write the very URIs of their DefaultArguments; the Iceberg catalog `lake` is a Hadoop
catalog in the warehouse (Glue's Data Catalog is not this process's).

Requests:
- `{"op": "run", "job": name, "runId": id, "script": s3 URI, "arguments": {"--name": value}}`: the
  script is read from its staged bucket, `--extra-py-files` (the lakeetl zip, also staged) goes on
  the path and to the executors, sys.argv is Glue's (`script --JOB_NAME name --JOB_RUN_ID id
  --name value ...`); answers `{"job", "state": "SUCCEEDED" | "FAILED", "seconds", "output",
  "error"?}` (output: what the script printed).
- `{"op": "export", "database": db, "table": t, "folder": path}`: the table `lake.<db>.<t>` as its
  current snapshot's rows, to `<folder>/<t>/` Parquet (for DuckDB); answers `{"exported": bool}`
  (false: no such table).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import sys
import time
import traceback
from urllib.parse import urlparse

# The answers go to the real stdout; anything else printed goes to stderr.
ANSWERS = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
sys.stdout = sys.stderr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "glue"))  # the awsglue subset (local/glue/awsglue)

from pyspark.sql import SparkSession  # noqa: E402

START = json.loads(sys.argv[1])
BUCKETS: dict[str, str] = START["buckets"]


def local_path(uri: str) -> str:
    """The staged file of an s3:// URI."""
    u = urlparse(uri)
    if u.scheme != "s3" or u.netloc not in BUCKETS:
        raise ValueError(f"{uri}: not in a staged bucket ({', '.join(sorted(BUCKETS))})")
    return os.path.join(BUCKETS[u.netloc], u.path.lstrip("/"))


def session() -> SparkSession:
    b = (SparkSession.builder.master("local[2]").appName("local-glue")
         .config("spark.jars", ",".join(START["jars"]))
         .config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
         .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
         .config("spark.sql.catalog.lake.type", "hadoop")
         .config("spark.sql.catalog.lake.warehouse", START["warehouse"])
         .config("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.viewfs.ViewFileSystemOverloadScheme")
         .config("spark.hadoop.fs.s3.impl.disable.cache", "true")
         .config("spark.hadoop.fs.viewfs.overload.scheme.target.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem"))
    for bucket, folder in BUCKETS.items():
        os.makedirs(folder, exist_ok=True)
        b = b.config(f"spark.hadoop.fs.viewfs.mounttable.{bucket}.linkFallback", f"file://{os.path.abspath(folder)}")
    for key, value in START.get("confs", {}).items():
        b = b.config(key, value)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


SPARK = session()
ADDED: set[str] = set()


def run(req: dict) -> dict:
    args: dict[str, str] = req["arguments"]
    for uri in filter(None, args.get("--extra-py-files", "").split(",")):
        path = local_path(uri)
        if path not in ADDED:
            SPARK.sparkContext.addPyFile(path)  # the executors' copy; the driver's:
            sys.path.insert(0, path)
            ADDED.add(path)
    argv = [local_path(req["script"]), "--JOB_NAME", req["job"], "--JOB_RUN_ID", req["runId"]]
    for name, value in args.items():
        argv += [name, value]
    out, started, error = io.StringIO(), time.monotonic(), None
    saved_argv = sys.argv
    sys.argv = argv
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as e:  # a script's sys.exit(n): n != 0 fails the run, as on Glue
        if e.code not in (None, 0):
            error = f"exit {e.code}"
    except Exception:  # noqa: BLE001 (any failure of the script is the run's)
        error = traceback.format_exc(limit=-6)
    finally:
        sys.argv = saved_argv
        SPARK.catalog.clearCache()
    return {"job": req["job"], "state": "FAILED" if error else "SUCCEEDED", "seconds": round(time.monotonic() - started, 1),
            "output": out.getvalue(), **({"error": error} if error else {})}


def export(req: dict) -> dict:
    """The table's current snapshot's rows as Parquet under `<folder>/<table>/`; false when there is no such table."""
    name = f"lake.`{req['database']}`.`{req['table']}`"
    if not SPARK.catalog.tableExists(name.replace("`", "")):
        return {"exported": False}
    SPARK.table(name).write.mode("overwrite").parquet(f"file://{os.path.join(req['folder'], req['table'])}")
    return {"exported": True}


for line in sys.stdin:
    request = json.loads(line)
    try:
        answer = run(request) if request["op"] == "run" else export(request)
    except Exception as e:  # noqa: BLE001 (reported to the caller, the runner stays up)
        answer = {"error": f"{type(e).__name__}: {e}"}
    ANSWERS.write(json.dumps(answer) + "\n")
    ANSWERS.flush()
