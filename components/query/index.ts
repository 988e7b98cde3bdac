/** The query area: the Athena workgroup with its results bucket and named queries, and their pure settings. */
export * from "./athena";
export * from "./named-queries";
export * from "./workgroup-settings";
