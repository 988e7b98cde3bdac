/** The processing area: the Lambda that promotes objects zone to zone, the DuckDB layer it runs with, each zone's scheduled reconciliation, and their names and role documents. */
export * from "./args";
export * from "./curation-starter";
export * from "./duckdb-layer";
export * from "./names";
export * from "./policies";
export * from "./reconciler";
export * from "./zone-processor";
