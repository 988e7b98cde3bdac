"""Peer side of the processor benchmark: one CSV -> zstd Parquet conversion with pyarrow or pandas,
in its own process, at a fixed thread count. Prints one JSON line: seconds (read + write, after
imports), rows, columns, and this process's peak RSS. Run by bench/processor.mjs.

    .venv/bin/python bench/processor.py {pyarrow|pandas|baseline-pyarrow|baseline-pandas} IN OUT THREADS
"""
import json
import os
import resource
import sys
import time


def main() -> None:
    tool, src, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
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
    elif not tool.startswith("baseline-"):
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    versions = {"pyarrow": pa.__version__, **({"pandas": pd.__version__} if "pandas" in tool else {})}
    print(json.dumps({"seconds": seconds, "rows": rows, "columns": columns, "selfPeakRssBytes": peak_kb * 1024, "versions": versions}))


if __name__ == "__main__":
    main()
