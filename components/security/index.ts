/** The security area: the lake's key helper, the keys several areas share (the analytics key) and their policies. */
export * from "./analytics-key";
export * from "./lake-key";
export * from "./policies";
