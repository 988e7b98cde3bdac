/**
 * A customer managed KMS key with rotation and an alias, for the parts that own their own key
 * (the warehouse, EMR, the VPC flow logs). prod keys are protected, retained on stack removal and
 * have a 30-day deletion window; dev keys 7 days. A function, not a component, so the key and
 * alias are children of the caller and named after it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../../lib/iam";
import { boundedName, NameLimits } from "../../lib/names";

export interface CustomerKeyArgs {
    /** What the key encrypts (its description). Required. */
    description: string;
    /** Alias suffix after `alias/<project>-<stack>-`. Required. */
    alias: string;
    /** Key policy. Required. */
    policy: pulumi.Input<PolicyDocument>;
    /** prod: protected, retained, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
}

/** `<prefix>-key` and `<prefix>-alias` under `parent`. */
export function customerKey(prefix: string, args: CustomerKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const key = new aws.kms.Key(
        `${prefix}-key`,
        {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: args.retainData ? 30 : 7,
            policy: pulumi.output(args.policy).apply((p) => JSON.stringify(p)),
        },
        { parent, protect: args.retainData, retainOnDelete: args.retainData },
    );
    new aws.kms.Alias(
        `${prefix}-alias`,
        {
            name: `alias/${boundedName([pulumi.getProject(), pulumi.getStack(), args.alias], NameLimits.kmsAlias - "alias/".length)}`,
            targetKeyId: key.keyId,
        },
        { parent },
    );
    return key;
}
