/** The storage area: zones (bucket, key, event queues), the access logs bucket, the analytics buckets, the private bucket every bucket is built on, and their lifecycle, names and policies. */
export * from "./access-logs-bucket";
export * from "./analytics-bucket";
export * from "./event-routing";
export * from "./lifecycle";
export * from "./names";
export * from "./policies";
export * from "./private-bucket";
export * from "./zone";
export * from "./args";
