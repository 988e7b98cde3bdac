/** The catalog area: the Glue databases, crawlers and stream tables (catalog.ts), the crawler event queues of S3 event mode, and their pure settings, table specs and role documents. */
export * from "./catalog";
export * from "./crawler-event-queue";
export * from "./crawler-settings";
export * from "./policies";
export * from "./stream-tables";
