/**
 * Ownership, declared by the components (never parsed from type tokens or names): an area's
 * component constructs with `ownedBy(area, opts)`, which adds a resource transform (the
 * `transforms` option) that gives every taggable resource below it the cost allocation tags
 * `project`, `stack` and `area`. The engine runs a component's transforms on its whole subtree,
 * nearest component first, children of remote components (awsx's VPC) included, which the legacy
 * `transformations` do not reach; a shared building block (AnalyticsBucket) declares nothing and
 * so bills to whoever uses it. Tags a resource sets itself win. The lake's registry reads the same
 * declaration back (`declaredArea`) to file alarms by area, so tags and dashboards cannot disagree.
 * Transforms rather than the provider's `defaultTags`: one provider cannot give each area its own
 * `area`, and a provider per area would not read the stack's `aws:*` settings.
 */
import * as pulumi from "@pulumi/pulumi";
import { taggableTypes } from "./taggable";

/** The areas of the lake (components/<area>/), and `lake` for the DataLake's own resources. */
export type Area =
    | "lake"
    | "storage"
    | "processing"
    | "ingest"
    | "catalog"
    | "query"
    | "etl"
    | "governance"
    | "operations"
    | "security"
    | "network"
    | "warehouse"
    | "emr"
    | "realtime"
    | "serving";

/** The cost allocation tag keys. */
export const COST_TAGS = { project: "project", stack: "stack", area: "area" } as const;

/** The tags of a resource in `area`. */
export function costTags(project: string, stack: string, area: Area): Record<string, string> {
    return { [COST_TAGS.project]: project, [COST_TAGS.stack]: stack, [COST_TAGS.area]: area };
}

const declared = new WeakMap<pulumi.ResourceTransform, Area>();

/** The transform tagging the taggable resources of `area` (`taggable`: type tokens with a `tags` map). */
export function areaTransform(area: Area, project: string, stack: string, taggable: Set<string> = taggableTypes()): pulumi.ResourceTransform {
    const tags = costTags(project, stack, area);
    const transform: pulumi.ResourceTransform = ({ custom, type, props, opts }) => {
        if (!custom || !taggable.has(type)) return undefined;
        const own = props.tags as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
        return { props: { ...props, tags: own ? pulumi.output(own).apply((t) => ({ ...tags, ...t })) : tags }, opts };
    };
    declared.set(transform, area);
    return transform;
}

/** `opts` with the declaration that the component (and everything below it) belongs to `area`. */
export function ownedBy<T extends pulumi.ComponentResourceOptions>(area: Area, opts?: T): T {
    const transform = areaTransform(area, pulumi.getProject(), pulumi.getStack());
    return { ...opts, transforms: [transform, ...(opts?.transforms ?? [])] } as T;
}

/** The area a resource's options declare (`ownedBy`), if any. */
export function declaredArea(opts: pulumi.ResourceOptions): Area | undefined {
    for (const t of opts.transforms ?? []) {
        const area = declared.get(t);
        if (area) return area;
    }
    return undefined;
}
