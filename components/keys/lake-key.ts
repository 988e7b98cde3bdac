/**
 * A customer-managed KMS key of the lake (zone keys, the analytics key, the alarm topic's key,
 * Kinesis stream keys): rotation on, and by `retainData` protected, retained on stack removal
 * with a 30-day deletion window (prod) or destroyable with a 7-day window (dev). A function rather
 * than a component, so each key keeps its name and parent, and so its URN.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { boundedName, NameRules } from "../../lib/names";

/** Days KMS waits before deleting a scheduled key: the longest in prod, the shortest in dev. */
export const KEY_DELETION_WINDOW_DAYS = { retained: 30, destroyable: 7 } as const;

export interface LakeKeyArgs {
    /** What the key encrypts. Required. */
    description: string;
    /** The key policy (JSON). Required. */
    policy: pulumi.Input<string>;
    /** prod: protected, retained, 30-day window; dev: destroyable, 7-day window. Required. */
    retainData: boolean;
}

/** Creates the key `name` as a child of `parent`. */
export function lakeKey(name: string, args: LakeKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    return new aws.kms.Key(
        name,
        {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: args.retainData ? KEY_DELETION_WINDOW_DAYS.retained : KEY_DELETION_WINDOW_DAYS.destroyable,
            policy: args.policy,
        },
        { parent, protect: args.retainData, retainOnDelete: args.retainData },
    );
}

/** The alias `alias/<project>-<stack>-<suffix>` (bounded to KMS's limit) of a key shared by the areas. */
export function sharedKeyAlias(name: string, suffix: string, key: aws.kms.Key, parent: pulumi.Resource): aws.kms.Alias {
    return new aws.kms.Alias(
        name,
        { name: `alias/${boundedName([pulumi.getProject(), pulumi.getStack(), suffix], NameRules.kmsAlias)}`, targetKeyId: key.keyId },
        { parent },
    );
}
