/** Rules that hold in a prod stack only (config environment = prod, or a stack name containing 'prod'). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { prodResourceRule } from "../define";
import { Types } from "../resources";

export function prodRetention(): ResourceValidationPolicy {
    return prodResourceRule(
        {
            name: "prod-retain-data",
            description: "In a prod stack (config environment = prod, or a stack name containing 'prod'), S3 buckets and KMS keys are protected.",
            conditions: { unprotected: "the resource is created with protect: true" },
        },
        [...Types.bucket, ...Types.kmsKey],
        (_props, args, flag) => {
            if (!args.opts.protect) {
                flag("unprotected", "prod buckets and keys must survive stack removal: create it with { protect: true } (and retainOnDelete: true)");
            }
        },
    );
}
