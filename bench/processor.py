"""Peer side of the processor benchmark: one file -> zstd Parquet conversion with pyarrow, pandas or
polars, in its own process, at a fixed thread count. Prints one JSON line: seconds (read + write,
after imports), rows, columns, and this process's peak RSS. Run by bench/processor.mjs.

- pyarrow, pandas: the whole CSV in memory (the throughput comparison);
- pyarrow-stream: CSV or NDJSON, optionally .gz, read in batches (pyarrow.csv.open_csv /
  pyarrow.json.open_json) and written batch by batch, so memory stays flat with size (the curve);
- polars: CSV or NDJSON scanned lazily and sunk to Parquet (streaming engine); a .gz input is read
  whole, as polars does not stream compressed input.

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
    elif not tool.startswith("baseline-"):
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    versions = {
        "pyarrow": pa.__version__,
        **({"pandas": pd.__version__} if "pandas" in tool else {}),
        **({"polars": pl.__version__} if "polars" in tool else {}),
    }
    print(json.dumps({"seconds": seconds, "rows": rows, "columns": columns, "selfPeakRssBytes": peak_kb * 1024, "versions": versions}))


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


if __name__ == "__main__":
    main()
