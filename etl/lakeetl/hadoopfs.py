"""Listing and writing objects through Spark's Hadoop FileSystem, so the same code reads s3://
on Glue/EMR and file:// locally, with the job's own credentials and settings."""
from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import SparkSession


@dataclass(frozen=True)
class RawObject:
    path: str
    bytes: int
    #: Last modification, epoch milliseconds.
    modified_ms: int


def _fs(spark: SparkSession, path: str):
    jvm = spark.sparkContext._jvm
    jpath = jvm.org.apache.hadoop.fs.Path(path)
    return jpath, jpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def _hidden(relative: str) -> bool:
    # Spark's and Hadoop's own files (_SUCCESS, _temporary/, .crc) are never data.
    return any(part.startswith(("_", ".")) for part in relative.split("/"))


def list_objects(spark: SparkSession, root: str, suffix: str = ".parquet") -> list[RawObject]:
    """Every `*suffix` object under `root`, recursively, sorted by path; [] when root is absent."""
    jpath, fs = _fs(spark, root)
    if not fs.exists(jpath):
        return []
    base = fs.makeQualified(jpath).toString().rstrip("/") + "/"
    found, it = [], fs.listFiles(jpath, True)
    while it.hasNext():
        status = it.next()
        path = status.getPath().toString()
        if path.endswith(suffix) and not _hidden(path[len(base):] if path.startswith(base) else status.getPath().getName()):
            found.append(RawObject(path, status.getLen(), status.getModificationTime()))
    return sorted(found, key=lambda o: o.path)


def list_folders(spark: SparkSession, root: str) -> list[str]:
    """Names of the folders directly under `root` (hidden ones left out); [] when root is absent."""
    jpath, fs = _fs(spark, root)
    if not fs.exists(jpath):
        return []
    names = [s.getPath().getName() for s in fs.listStatus(jpath) if s.isDirectory()]
    return sorted(n for n in names if not _hidden(n))


def write_text(spark: SparkSession, path: str, text: str) -> None:
    """Writes (overwrites) one small object."""
    jpath, fs = _fs(spark, path)
    out = fs.create(jpath, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()
