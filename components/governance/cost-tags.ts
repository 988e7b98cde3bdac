/**
 * Cost allocation tags from one place: a resource transformation on the DataLake (beside the
 * registry's, components/operations/registry.ts) gives every taggable resource below it
 * `project`, `stack` and `area` (the `datalake:<area>:...` component it belongs to), so the bill
 * splits by area once the keys are activated as cost allocation tags in the billing console.
 * Tags a resource sets itself win over these. A transformation rather than the provider's
 * `defaultTags`: one provider cannot give each area its own `area`, and an explicit provider per
 * area would not read the stack's `aws:*` settings (region, profile, assume role).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceRegistry } from "../operations/registry";
import { taggableTypes } from "./taggable";

/** The cost allocation tag keys. */
export const COST_TAGS = { project: "project", stack: "stack", area: "area" } as const;

/** Area of resources directly under the DataLake (no area component above them). */
export const LAKE_AREA = "lake";

/** The tags of a resource in `area`. */
export function costTags(project: string, stack: string, area: string): Record<string, string> {
    return { [COST_TAGS.project]: project, [COST_TAGS.stack]: stack, [COST_TAGS.area]: area };
}

/** The transformation; `registry` (observing first) tells each resource's area. */
export function costAllocationTags(
    registry: ResourceRegistry,
    project: string,
    stack: string,
    taggable: Set<string> = taggableTypes(),
): pulumi.ResourceTransformation {
    return ({ resource, type, props, opts }) => {
        if (!(resource instanceof pulumi.CustomResource) || !taggable.has(type)) return undefined;
        const parent = opts.parent && registry.entryOf(opts.parent);
        const tags = costTags(project, stack, (parent && registry.areaOf(parent)) ?? LAKE_AREA);
        const own = props.tags as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
        return { props: { ...props, tags: own ? pulumi.output(own).apply((t) => ({ ...tags, ...t })) : tags }, opts };
    };
}
