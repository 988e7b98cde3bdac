/** The batch ETL area: the Glue jobs, their artifacts bucket, roles, workflow and triggers (etl.ts), and their pure job settings and role documents. */
export * from "./etl";
export * from "./job-settings";
export * from "./policies";
