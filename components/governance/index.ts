/**
 * The governance area: CloudTrail with its bucket and key, the persona roles and their
 * documents, the sandbox bucket, and the cost allocation tags every taggable resource gets.
 */
export * from "./cost-tags";
export * from "./governance";
export * from "./policies";
export * from "./taggable";
