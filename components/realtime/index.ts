/** The real-time area: per-minute beacon counts from the Kinesis streams (Lambda tumbling windows) as CloudWatch metrics, and their dashboard. */
export * from "./args";
export * from "./policies";
export * from "./realtime";
export * from "./settings";
