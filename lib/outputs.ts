/**
 * Named outputs resolved together. `pulumi.all`'s object form types every value as one union
 * (`Record<string, A | B>`) and its array form names values by position; these keep each name
 * with its own type, so a component writes `jsonOf({ bucketArn, keyArn }, zoneBucketPolicy)`.
 */
import * as pulumi from "@pulumi/pulumi";

/** Inputs of the values of `T`, one a key. */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** `inputs` resolved, each value under its own name and type. */
export function allOf<T extends object>(inputs: InputsOf<T>): pulumi.Output<T> {
    return pulumi.all(inputs as Record<string, pulumi.Input<unknown>>) as unknown as pulumi.Output<T>;
}

/** The JSON of what `build` makes of the resolved `inputs` (a policy document, a target's input). */
export function jsonOf<T extends object>(inputs: InputsOf<T>, build: (values: T) => object): pulumi.Output<string> {
    return allOf(inputs).apply((values) => JSON.stringify(build(values)));
}
