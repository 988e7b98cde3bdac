"""awsglue.context.GlueContext: the Spark session, S3 reads into DynamicFrames, job bookmarks.

Files are listed through Spark's Hadoop FileSystem, so `s3://` paths resolve as the session maps
them (the local runner maps each bucket to its staged copy). Bookmarks (`--job-bookmark-option
job-bookmark-enable`, per job and `transformation_ctx`) keep the files a committed run read, with
their modification times, in `$LOCAL_GLUE_BOOKMARKS/<job>.json`: a later run reads only files it
has not seen or that changed since, as Glue's S3 bookmarks do; a run that fails before `commit`
saves nothing, so the next one reads the same files again.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from pyspark.context import SparkContext
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructType

from .dynamicframe import DynamicFrame

BOOKMARK_OPTION = "--job-bookmark-option"


def _argument(name: str) -> str | None:
    argv = sys.argv
    for i, token in enumerate(argv):
        if token == name and i + 1 < len(argv):
            return argv[i + 1]
        if token.startswith(name + "="):
            return token.split("=", 1)[1]
    return None


class _DynamicFrameReader:
    def __init__(self, glue: GlueContext):
        self._glue = glue

    def from_options(self, connection_type: str, connection_options: dict, format: str | None = None,  # noqa: A002
                     format_options: dict | None = None, transformation_ctx: str = "", **_kwargs) -> DynamicFrame:
        if connection_type != "s3":
            raise ValueError(f"the local Glue runtime reads connection_type 's3' only, not {connection_type!r}")
        files: list[tuple[str, int]] = []
        for root in connection_options["paths"]:
            files += self._glue.list_files(root, bool(connection_options.get("recurse")))
        files = self._glue.unread(transformation_ctx, files)
        df = self._glue.read(format or "", format_options or {}, [f for f, _ in files])
        return DynamicFrame(df, self._glue, transformation_ctx)

    def from_catalog(self, database: str, table_name: str, **_kwargs) -> DynamicFrame:
        raise ValueError(
            f"the local Glue runtime has no crawled tables: {database}.{table_name} cannot be read; "
            "give the table a source format"
        )


class GlueContext:
    def __init__(self, sc: SparkContext):
        self.spark_session = SparkSession(sc)
        self.create_dynamic_frame = _DynamicFrameReader(self)
        self._job: str | None = None
        self._bookmarks = False
        self._read: dict[str, list[tuple[str, int]]] = {}

    # Job bookkeeping (awsglue.job.Job calls these).
    def begin_run(self, job_name: str, _args: dict) -> None:
        self._job = job_name
        self._bookmarks = _argument(BOOKMARK_OPTION) == "job-bookmark-enable"
        self._read = {}

    def _bookmark_file(self) -> Path | None:
        folder = os.environ.get("LOCAL_GLUE_BOOKMARKS")
        return Path(folder) / f"{self._job}.json" if folder and self._job and self._bookmarks else None

    def _saved(self) -> dict[str, dict[str, int]]:
        file = self._bookmark_file()
        return json.loads(file.read_text()) if file and file.is_file() else {}

    def unread(self, ctx: str, files: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """`files` less those the job's committed runs read under `ctx`, unchanged since."""
        if not (ctx and self._bookmarks):
            return files
        seen = self._saved().get(ctx, {})
        fresh = [(f, m) for f, m in files if seen.get(f) != m]
        self._read.setdefault(ctx, []).extend(fresh)
        return fresh

    def commit_run(self) -> None:
        file = self._bookmark_file()
        if file is None:
            return
        saved = self._saved()
        for ctx, files in self._read.items():
            saved.setdefault(ctx, {}).update(dict(files))
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(saved, indent=1, sort_keys=True))

    # Reading.
    def list_files(self, root: str, recurse: bool) -> list[tuple[str, int]]:
        """Data files under `root` (Hadoop's hidden `_`/`.` names skipped), with modification times."""
        jvm = self.spark_session.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(root)
        fs = path.getFileSystem(self.spark_session.sparkContext._jsc.hadoopConfiguration())
        if not fs.exists(path):
            return []
        found, it = [], fs.listFiles(path, recurse)
        while it.hasNext():
            status = it.next()
            name = status.getPath().getName()
            if not name.startswith(("_", ".")):
                found.append((status.getPath().toString(), int(status.getModificationTime())))
        return sorted(found)

    def read(self, fmt: str, options: dict, files: list[str]) -> DataFrame:
        spark = self.spark_session
        if not files:
            return spark.createDataFrame([], StructType([]))
        if fmt == "csv":
            return (spark.read.option("header", bool(options.get("withHeader", False)))
                    .option("sep", options.get("separator", ","))
                    .option("multiLine", bool(options.get("multiLine", False)))
                    .option("quote", options.get("quoteChar", '"'))
                    .option("escape", '"')
                    .csv(files))
        if fmt == "json":
            return spark.read.json(files)
        if fmt == "parquet":
            return spark.read.parquet(*files)
        raise ValueError(f"the local Glue runtime reads csv, json and parquet, not {fmt!r}")
