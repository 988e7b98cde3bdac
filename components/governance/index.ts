/**
 * The governance area: CloudTrail with its bucket and key, the persona roles and their
 * documents and the sandbox bucket; their settings and defaults.
 */
export * from "./args";
export * from "./governance";
export * from "./policies";
export * from "./lake-formation-args";
export * from "./lake-formation-grants";
export * from "./lake-formation";
export * from "./macie-args";
export * from "./macie";
