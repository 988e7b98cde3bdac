/**
 * The account, partition and region the stack deploys into: where the ARNs of one account and
 * region start. Looked up once (`lookupAccountScope`, lib/lake-context.ts) and passed to every area
 * as one value, so no component repeats the invokes. Pure: no imports (lib/iam.ts builds ARNs from it).
 */
export interface AccountScope {
    partition: string;
    region: string;
    accountId: string;
}
