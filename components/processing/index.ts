/** The processing area: the Lambda that promotes objects zone to zone, the DuckDB layer it runs with, and their names and role document. */
export * from "./duckdb-layer";
export * from "./names";
export * from "./policies";
export * from "./zone-processor";
