/**
 * Ownership, declared by the components (never parsed from type tokens or names): an area's
 * component constructs with `ownedBy(area, opts)`, which gives every taggable resource below it the
 * cost allocation tags `project`, `stack` and `area`, nearest declaration first; tags a resource
 * sets itself win. Two hooks carry the declaration: a legacy transformation, which the SDK runs
 * in-process on the component's own subtree and which keeps inputs exactly as they are (values
 * unknown at preview included), and a resource transform (the `transforms` option), which the
 * engine runs on what other processes register below the component (the children of awsx's VPC),
 * which the legacy one never sees. The transform leaves alone what already carries the tags: its
 * callback re-encodes the inputs of what it changes, and in a preview through the real engine
 * those lost every value still unknown (test/engine: the pack then flagged 26 resources). A shared building
 * block (AnalyticsBucket) declares nothing and so bills to whoever uses it. The lake's registry
 * reads the same declaration back (`declaredArea`) to file alarms by area. Transforms rather than
 * the provider's `defaultTags`: one provider cannot give each area its own `area`, and a provider
 * per area would not read the stack's `aws:*` settings.
 */
import * as pulumi from "@pulumi/pulumi";
import { taggableTypes } from "./taggable";

/**
 * The areas of the lake as cost reports and the stack config name them: components/<area>/, except
 * `security` (components/keys/) and `serving` (components/traffic/), whose tag values predate the
 * folders' names and stay so that cost reports continue; `lake` for the DataLake's own resources.
 */
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

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;

/** `own` tags with the cost tags under them. */
function withCostTags(tags: Record<string, string>, own: Tags): pulumi.Input<Record<string, pulumi.Input<string>>> {
    return own ? pulumi.output(own).apply((t) => ({ ...tags, ...t })) : tags;
}

/** The in-process half: tags the taggable resources this program constructs below the component. */
export function areaTransformation(area: Area, project: string, stack: string, taggable: Set<string> = taggableTypes()): pulumi.ResourceTransformation {
    const tags = costTags(project, stack, area);
    return ({ resource, type, props, opts }) => {
        if (!(resource instanceof pulumi.CustomResource) || !taggable.has(type)) return undefined;
        return { props: { ...props, tags: withCostTags(tags, props.tags) }, opts };
    };
}

/**
 * The engine's half: tags the taggable resources other processes register below the component
 * (awsx's VPC children); leaves alone what already carries every cost tag or whose tags are not
 * known yet.
 */
export function areaTransform(area: Area, project: string, stack: string, taggable: Set<string> = taggableTypes()): pulumi.ResourceTransform {
    const tags = costTags(project, stack, area);
    const transform: pulumi.ResourceTransform = ({ custom, type, props, opts }) => {
        if (!custom || !taggable.has(type)) return undefined;
        const own = props.tags as Record<string, string> | pulumi.Output<unknown> | undefined;
        if (pulumi.Output.isInstance(own) || Object.values(COST_TAGS).every((k) => own?.[k] !== undefined)) return undefined;
        return { props: { ...props, tags: { ...tags, ...own } }, opts };
    };
    declared.set(transform, area);
    return transform;
}

/** `opts` with the declaration that the component (and everything below it) belongs to `area`. */
export function ownedBy<T extends pulumi.ComponentResourceOptions>(area: Area, opts?: T): T {
    const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
    return {
        ...opts,
        transformations: [areaTransformation(area, project, stack), ...(opts?.transformations ?? [])],
        transforms: [areaTransform(area, project, stack), ...(opts?.transforms ?? [])],
    } as T;
}

/** The area a resource's options declare (`ownedBy`), if any. */
export function declaredArea(opts: pulumi.ResourceOptions): Area | undefined {
    for (const t of opts.transforms ?? []) {
        const area = declared.get(t);
        if (area) return area;
    }
    return undefined;
}
