"""Peer side of the processor benchmark: one file -> zstd Parquet conversion with pyarrow, pandas or
polars, in its own process, at a fixed thread count. Prints one JSON line: seconds (read + write,
after imports), rows, columns, and this process's peak RSS. Run by bench/processor.mjs.

- pyarrow, pandas: the whole CSV in memory (the throughput comparison);
- pyarrow-stream: CSV or NDJSON, optionally .gz, read in batches (pyarrow.csv.open_csv /
  pyarrow.json.open_json) and written batch by batch, so memory stays flat with size (the curve);
- polars: CSV or NDJSON scanned lazily and sunk to Parquet (streaming engine); a .gz input is read
  whole, as polars does not stream compressed input;
- spark: the big-object job's conversion (etl/lakeetl/convert_object.py convert_file) on a local
  SparkSession with `threads` cores, timed after the session started; the JVM is a child process,
  so its CPU seconds and peak RSS are read from /proc before it stops and reported apart.

    .venv/bin/python bench/processor.py {pyarrow|pandas|pyarrow-stream|polars|baseline-*} IN OUT THREADS
"""
import json
import os
import resource
import sys
import time


def main() -> None:
    tool, src, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    # polars sizes its thread pool once, at import.
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    # Arrow's CPU pool serves both libraries (pandas writes Parquet through pyarrow).
    pa.set_cpu_count(threads)
    pa.set_io_thread_count(threads)
    if tool == "pandas" or tool == "baseline-pandas":
        import pandas as pd

        # pandas 3.1 parses large CSVs on several threads (default min(cpus, 6)): cap it too.
        pd.set_option("mode.max_threads", threads)
    if "polars" in tool:
        import polars as pl
    rows = columns = 0
    jvm = {}
    start = time.perf_counter()
    if tool == "pyarrow":
        table = pacsv.read_csv(src, read_options=pacsv.ReadOptions(use_threads=threads > 1))
        pq.write_table(table, out, compression="zstd")
        rows, columns = table.num_rows, table.num_columns
    elif tool == "pandas":
        # to_parquet goes through pyarrow (its CPU pool is capped above).
        df = pd.read_csv(src)
        df.to_parquet(out, compression="zstd", engine="pyarrow", index=False)
        rows, columns = len(df), len(df.columns)
    elif tool == "pyarrow-stream":
        rows, columns = pyarrow_stream(src, out, threads)
    elif tool == "polars":
        rows, columns = polars_sink(pl, src, out)
    elif tool == "spark":
        rows, columns, jvm = spark_convert(src, out, threads, start)
    elif not tool.startswith("baseline-"):
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    versions = {
        "pyarrow": pa.__version__,
        **({"pandas": pd.__version__} if "pandas" in tool else {}),
        **({"polars": pl.__version__} if "polars" in tool else {}),
    }
    if tool == "spark":
        seconds = jvm.pop("seconds")
    print(json.dumps({"seconds": seconds, "rows": rows, "columns": columns, "selfPeakRssBytes": peak_kb * 1024, "versions": versions,
                      **jvm}))


def is_json(src: str) -> bool:
    return src.removesuffix(".gz").endswith((".ndjson", ".json", ".jsonl"))


def pyarrow_stream(src: str, out: str, threads: int) -> tuple[int, int]:
    """Batches in, row groups out: pyarrow decompresses a .gz path itself."""
    import pyarrow.csv as pacsv
    import pyarrow.json as pajson
    import pyarrow.parquet as pq

    if is_json(src):
        reader = pajson.open_json(src, read_options=pajson.ReadOptions(use_threads=threads > 1))
    else:
        reader = pacsv.open_csv(src, read_options=pacsv.ReadOptions(use_threads=threads > 1))
    rows = 0
    with pq.ParquetWriter(out, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows, len(reader.schema)


def polars_sink(pl, src: str, out: str) -> tuple[int, int]:
    """Lazy scan + sink (streaming); polars reads compressed input only whole (read_csv / read_ndjson)."""
    json = is_json(src)
    if src.endswith(".gz"):
        frame = (pl.read_ndjson(src) if json else pl.read_csv(src)).lazy()
    else:
        frame = pl.scan_ndjson(src) if json else pl.scan_csv(src)
    frame.sink_parquet(out, compression="zstd")
    written = pl.scan_parquet(out)
    return written.select(pl.len()).collect().item(), len(written.collect_schema())


def spark_convert(src: str, out: str, threads: int, _start: float) -> tuple[int, int, dict]:
    """The big-object job's conversion on local[threads]; the JVM's CPU seconds and peak RSS from /proc."""
    import glob
    import shutil
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "etl"))
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    from lakeetl.convert_object import SNIFF_BYTES, convert_file

    spark = (SparkSession.builder.master(f"local[{threads}]").config("spark.ui.enabled", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.memory", "2g").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    pid = spark.sparkContext._gateway.proc.pid
    begin = time.perf_counter()
    with open(src, "rb") as f:
        head = f.read(SNIFF_BYTES)
    converted = convert_file(spark, src, f"orders/{os.path.basename(src)}", head, out + ".dir")
    seconds = time.perf_counter() - begin
    columns = len(spark.read.parquet(out + ".dir").columns)
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    with open(f"/proc/{pid}/status") as f:
        hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    spark.stop()
    shutil.move(glob.glob(out + ".dir/*.parquet")[0], out)
    shutil.rmtree(out + ".dir")
    return converted.rows, columns, {"seconds": seconds, "jvmCpuSeconds": cpu, "jvmPeakRssBytes": hwm * 1024}


if __name__ == "__main__":
    main()
