/**
 * The governance area: CloudTrail with its bucket and key, the persona roles and their
 * documents and the sandbox bucket.
 */
export * from "./governance";
export * from "./policies";
