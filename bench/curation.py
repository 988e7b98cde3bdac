"""Curated zone as Iceberg tables, measured side by side in one run (bench/README.md):

(a) small files vs compacted: a day of streamed data as 288 small Parquet files (one per
    5-minute Firehose flush) in an Iceberg table, then the same table after
    `rewrite_data_files` (sort by device_id): a selective and a full-scan query with DuckDB over
    the table's current data files and with Spark over the table; files and bytes a reader with
    row-group pruning scans (what Athena bills), from the Parquet footers.
(b) curation: lakeetl.curation.curate_tables MERGEs the same day's 288 raw objects (20% updates
    of existing keys, 80% new keys) into a keyed table 10x the day's size; rows/s.

    /path/to/python bench/curation.py [--rows-per-file 1000] [--scale 10] [--repeat 5]

Needs pyspark, pyarrow and duckdb (requirements-dev.txt) and the Iceberg jar
(scripts/fetch-spark-jars.sh). Writes bench/results/curation.json; scratch in bench/out/curation/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "etl"))

from lakeetl.curation import Settings, curate_tables  # noqa: E402
from lakeetl.iceberg import iceberg_session_conf  # noqa: E402
from lakeetl.rules import parse_rules  # noqa: E402
from sparkjars import jar_paths  # noqa: E402

OUT = ROOT / "bench" / "out" / "curation"
FILES_PER_DAY = 288  # one Firehose flush every 5 minutes
DEVICES = 2000
ACTIVITIES = ["walking", "running", "cycling", "idle", "driving"]
DAY = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
SELECTIVE = "SELECT count(*) AS n, avg(device_temp) AS t FROM {src} WHERE device_id = 'dev-00042'"
FULL = "SELECT activity_type, count(*) AS n, avg(device_temp) AS t, max(device_ts) AS last FROM {src} GROUP BY activity_type"
QUERY_COLUMNS = {"selective": ["device_id", "device_temp"], "full": ["activity_type", "device_temp", "device_ts"]}


def flush(i: int, rows: int, key_of) -> pa.Table:
    """The i-th 5-minute flush: telemetry readings of random devices, keys from key_of(i, j)."""
    start = DAY + dt.timedelta(minutes=5 * i)
    seq = [i * rows + j for j in range(rows)]
    return pa.table({
        "uuid": [key_of(i, j) for j in range(rows)],
        "device_id": [f"dev-{(n * 7919) % DEVICES:05d}" for n in seq],
        "device_ts": pa.array([start + dt.timedelta(milliseconds=(n * 997) % 300_000) for n in seq], pa.timestamp("us", "UTC")),
        "device_temp": [20.0 + (n * 31 % 200) / 10 for n in seq],
        "track_id": pa.array([n % 31 for n in seq], pa.int32()),
        "activity_type": [ACTIVITIES[n % len(ACTIVITIES)] for n in seq],
        "payload": [f"fw=1.{n % 9};rssi=-{40 + n % 50};note=reading {n} of the day" for n in seq],
    })


def write_day(folder: Path, rows: int, key_of) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(FILES_PER_DAY):
        path = folder / f"flush-{i:03d}.parquet"
        pq.write_table(flush(i, rows, key_of), path, compression="zstd")
        paths.append(str(path))
    return paths


def scanned(files: list[str], columns: list[str], device: str | None) -> dict:
    """Files and bytes a reader with row-group pruning reads: the column chunks of `columns` in
    the row groups whose device_id range holds `device` (every row group when None)."""
    n_files = n_bytes = groups = 0
    for f in files:
        meta = pq.ParquetFile(f).metadata
        names = [meta.schema.column(c).name for c in range(meta.num_columns)]
        hit = 0
        for g in range(meta.num_row_groups):
            rg = meta.row_group(g)
            if device is not None:
                st = rg.column(names.index("device_id")).statistics
                if st is None or not st.has_min_max or not (st.min <= device <= st.max):
                    continue
            hit += 1
            n_bytes += sum(rg.column(names.index(c)).total_compressed_size for c in columns)
        if hit:
            n_files += 1
            groups += hit
    return {"files": n_files, "rowGroups": groups, "bytes": n_bytes}


def median_seconds(fn, repeat: int) -> float:
    fn()  # warm-up: page cache and first-use costs are the same for both layouts
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def duckdb_query(con, files: list[str], sql: str):
    src = "read_parquet([" + ",".join(f"'{f}'" for f in files) + "])"
    return con.execute(sql.format(src=src)).fetchall()


def data_files(spark, table: str) -> list[str]:
    return [r.file_path.removeprefix("file:") for r in spark.sql(f"SELECT file_path FROM {table}.files").collect()]


def measure_layout(spark, table: str, repeat: int) -> dict:
    files = data_files(spark, table)
    result = {"dataFiles": len(files), "bytes": sum(os.path.getsize(f) for f in files)}
    # One connection per layout, outside the timing; DuckDB caches no Parquet metadata by default.
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for name, sql in (("selective", SELECTIVE), ("full", FULL)):
        result[name] = {
            "duckdbSeconds": median_seconds(lambda sql=sql: duckdb_query(con, files, sql), repeat),
            "sparkSeconds": median_seconds(lambda sql=sql: spark.sql(sql.format(src=table)).collect(), repeat),
            "scanned": scanned(files, QUERY_COLUMNS[name], "dev-00042" if name == "selective" else None),
            # Rounded: float sums depend on the order rows are read in.
            "answer": [[round(v, 9) if isinstance(v, float) else str(v) for v in r] for r in duckdb_query(con, files, sql)],
        }
    con.close()
    return result


def compaction(spark, rows: int, repeat: int) -> dict:
    day = write_day(OUT / "stream", rows, lambda i, j: f"e-{i:03d}-{j:05d}")
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.bench")
    table = "lake.bench.stream_day"
    spark.sql(f"CREATE TABLE {table} (uuid string, device_id string, device_ts timestamp, device_temp double, track_id int, "
              "activity_type string, payload string) USING iceberg TBLPROPERTIES ('format-version'='2', "
              "'write.parquet.compression-codec'='zstd', 'write.parquet.row-group-size-bytes'='1048576')")
    # The 288 flushes as the table's data files, one commit (as if appended by a stream).
    spark.sql(f"CALL lake.system.add_files(table => 'bench.stream_day', source_table => '`parquet`.`{OUT / 'stream'}`')")
    small = measure_layout(spark, table, repeat)
    t = time.perf_counter()
    rewrite = spark.sql("CALL lake.system.rewrite_data_files(table => 'bench.stream_day', strategy => 'sort', "
                        "sort_order => 'device_id', options => map('rewrite-all', 'true'))").first().asDict()
    rewrite_seconds = time.perf_counter() - t
    compacted = measure_layout(spark, table, repeat)
    assert small["selective"]["answer"] == compacted["selective"]["answer"]
    assert sorted(small["full"]["answer"]) == sorted(compacted["full"]["answer"])
    speedup = {q: {e: small[q][f"{e}Seconds"] / compacted[q][f"{e}Seconds"] for e in ("duckdb", "spark")}
               for q in ("selective", "full")}
    return {"rowsPerDay": rows * FILES_PER_DAY, "inputFiles": len(day), "smallFiles": small, "compacted": compacted,
            "rewriteDataFiles": {**rewrite, "seconds": rewrite_seconds}, "speedupCompacted": speedup,
            "target": "compacted >= 5x faster", }


def merge(spark, rows: int, scale: int) -> dict:
    day_rows = rows * FILES_PER_DAY
    existing = day_rows * scale
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.merge_bench")
    t = time.perf_counter()
    spark.sql(f"""CREATE TABLE lake.merge_bench.telemetry USING iceberg TBLPROPERTIES ('format-version'='2',
        'write.merge.mode'='copy-on-write', 'write.parquet.compression-codec'='zstd') AS
        SELECT concat('k-', id) AS uuid, concat('dev-', lpad(cast(id * 7919 % {DEVICES} AS string), 5, '0')) AS device_id,
               timestamp_seconds(1764460800 + id % 86400) AS device_ts, cast(20 + (id * 31 % 200) / 10 AS double) AS device_temp,
               cast(id % 31 AS int) AS track_id, element_at(array('walking','running','cycling','idle','driving'),
               cast(id % 5 + 1 AS int)) AS activity_type, concat('fw=1.', id % 9, ';note=reading ', id) AS payload,
               'seed' AS etl_source_object, timestamp_seconds(1764460800) AS etl_ingested_at
        FROM range({existing})""")
    seed_seconds = time.perf_counter() - t
    # 20% of each flush updates an existing key (spread over the whole table), 80% are new keys.
    raw = OUT / "raw"
    write_day(raw / "telemetry", rows,
              lambda i, j: f"k-{((i * rows + j) * 104729) % existing}" if j % 5 == 0 else f"new-{i:03d}-{j:05d}")
    settings = Settings(raw_path=f"{raw}/", database="merge_bench", table_root=None, quarantine_path=f"{OUT}/quarantine/",
                        rules=parse_rules(json.dumps({"telemetry": {"keyColumns": ["uuid"], "orderColumn": "device_ts"}})),
                        datasets=("telemetry",))
    t = time.perf_counter()
    [outcome] = curate_tables(spark, settings)
    seconds = time.perf_counter() - t
    total = spark.table("lake.merge_bench.telemetry").count()
    return {"existingRows": existing, "incrementRows": day_rows, "incrementObjects": FILES_PER_DAY,
            "seedSeconds": seed_seconds, "curateSeconds": seconds, "rowsPerSecond": day_rows / seconds,
            "changedRows": outcome.changed_rows, "rowsAfter": total,
            "expectedRowsAfter": existing + day_rows - day_rows // 5,
            "method": "curate_tables end to end: list, ledger, read 288 objects, rule (key uuid, order device_ts), "
                      "dedupe, schema check, change filter, MERGE (copy-on-write), ledger write"}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows-per-file", type=int, default=1000)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master("local[2]").appName("bench-curation").config("spark.jars", ",".join(jar_paths()))
    for k, v in {**iceberg_session_conf("hadoop", str(OUT / "warehouse")), "spark.sql.shuffle.partitions": "4",
                 "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                 "spark.sql.session.timeZone": "UTC", "spark.driver.memory": "3g",
                 "spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1"}.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    started = dt.datetime.now(dt.timezone.utc)
    load_start = os.getloadavg()
    result = {
        "benchmark": "curated zone as Iceberg tables: small files vs compacted, and the curation MERGE; one run",
        "date": started.isoformat(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadAverageAtStart": load_start},
        "versions": {"pyspark": spark.version, "iceberg": Path(jar_paths()[0]).name, "duckdb": duckdb.__version__,
                     "pyarrow": pa.__version__, "python": platform.python_version()},
        "settings": {"sparkMaster": "local[2]", "shufflePartitions": 4, "duckdbThreads": 2, "repeat": a.repeat,
                     "rowsPerFile": a.rows_per_file, "filesPerDay": FILES_PER_DAY},
        "queries": {"selective": SELECTIVE, "full": FULL},
        "compaction": compaction(spark, a.rows_per_file, a.repeat),
        "merge": merge(spark, a.rows_per_file, a.scale),
    }
    result["machine"]["loadAverageAtEnd"] = os.getloadavg()
    spark.stop()
    out = ROOT / "bench" / "results" / "curation.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    c, m = result["compaction"], result["merge"]
    for q in ("selective", "full"):
        s, k = c["smallFiles"][q], c["compacted"][q]
        print(f"{q:9}: duckdb {s['duckdbSeconds'] * 1000:.1f} ms -> {k['duckdbSeconds'] * 1000:.1f} ms "
              f"({c['speedupCompacted'][q]['duckdb']:.1f}x), spark {s['sparkSeconds']:.2f} s -> {k['sparkSeconds']:.2f} s "
              f"({c['speedupCompacted'][q]['spark']:.1f}x); scanned {s['scanned']['files']} files/{s['scanned']['bytes']} B -> "
              f"{k['scanned']['files']} files/{k['scanned']['bytes']} B")
    print(f"merge: {m['incrementRows']} rows into {m['existingRows']} in {m['curateSeconds']:.1f} s "
          f"= {m['rowsPerSecond']:.0f} rows/s")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
