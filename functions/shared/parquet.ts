/**
 * How every zone processor writes Parquet with DuckDB. Measured in bench/ (processor-tuning.json):
 * zstd level 1 costs ~20% less CPU than DuckDB's default level 3 for <2% larger files, and row
 * groups of ~30k rows per thread cut peak RSS roughly in half against the 122,880-row default
 * (files grow 4-7%). Row groups stay whole multiples of DuckDB's 2,048-row vector.
 */
const ROWS_PER_GROUP_BUDGET = 30_720;
const VECTOR_ROWS = 2_048;

/** The options clause of `COPY ... TO '<file>' (<options>)` for `threads` DuckDB threads. */
export function parquetCopyOptions(threads = 1): string {
    const perThread = Math.floor(ROWS_PER_GROUP_BUDGET / Math.max(1, threads) / VECTOR_ROWS) * VECTOR_ROWS;
    return `FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE ${Math.max(VECTOR_ROWS, perThread)}`;
}
