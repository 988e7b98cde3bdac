/**
 * The batch ETL area: the Glue jobs, their artifacts bucket, roles, workflow and triggers (etl.ts),
 * the curated Iceberg tables with their optimizers (curated-tables.ts), their settings and defaults
 * (args.ts), and their pure job settings and role documents.
 */
export * from "./args";
export * from "./curated-tables";
export * from "./etl";
export * from "./job-settings";
export * from "./policies";
