/** The security area: the lake's key helper, the keys several areas share (the analytics key, the logs key) and their policies. */
export * from "./analytics-key";
export * from "./lake-key";
export * from "./logs-key";
export * from "./policies";
