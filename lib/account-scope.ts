/**
 * The account, partition and region the stack deploys into, looked up once (DataLake) and passed
 * to every area as one value, so no component repeats the invokes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "./iam";

export type { AccountScope } from "./iam";

/** Looks up the scope of the current provider, with the invokes parented to `parent` (none: the stack, in a program of its own). */
export function lookupAccountScope(parent?: pulumi.Resource): pulumi.Output<AccountScope> {
    const opts = parent ? { parent } : {};
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts).accountId, aws.getPartitionOutput({}, opts).partition, aws.getRegionOutput({}, opts).region])
        .apply(([accountId, partition, region]) => ({ accountId, partition, region }));
}
