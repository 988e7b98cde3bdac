/** The security area: keys several areas share (the analytics key) and their policies. */
export * from "./analytics-key";
export * from "./policies";
