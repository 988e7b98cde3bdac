/** The warehouse area: the optional Redshift warehouse, its documents, names and the SQL it runs. */
export * from "./args";
export * from "./warehouse";
export * from "./policies";
export * from "./settings";
export * from "./sql";
