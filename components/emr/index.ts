/** The EMR area: EMR Serverless or an EMR cluster over the zones, their documents and settings. */
export * from "./args";
export * from "./emr-serverless";
export * from "./emr-cluster";
export * from "./job-role";
export * from "./policies";
export * from "./settings";
