/**
 * The package root (`serverless-datalake`): the whole lake (`DataLake`) and the context every
 * component takes (`LakeContext`, `lookupAccountScope`, the account scope's type). Each area is its
 * own entry point (`serverless-datalake/<area>`, the folder's index.ts); the stack config that maps
 * onto `DataLake`'s args is `serverless-datalake/config`. package.json `exports` lists them all.
 */
export * from "./data-lake";
export * from "./data-lake-args";
export * from "../lib/lake-context";
export type { AccountScope } from "../lib/account-scope";
