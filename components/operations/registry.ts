/**
 * The lake's resource registry: every resource constructed below the DataLake, recorded as it is
 * constructed, so that alarms and the ops dashboard are derived from the graph instead of lists
 * kept by hand. A new zone, stream, function or area is picked up without
 * anyone remembering to report it.
 *
 * How it sees the graph: `observe` is a resource transformation (the `transformations` resource
 * option) on the DataLake, which the Pulumi Node SDK runs synchronously, in-process, in the
 * constructor of every descendant resource, identically under `pulumi up` and under the mocks.
 * The newer `transforms` option cannot serve here: the engine calls those back asynchronously,
 * so the set of resources would not be known when DataLake creates the alarms at the end of its
 * constructor. `observe` never changes a resource. Each resource's area is the one its own or
 * its nearest ancestor's options declare (lib/ownership `ownedBy`), the same declaration that
 * tags it for cost allocation.
 */
import * as pulumi from "@pulumi/pulumi";
import { type Area, declaredArea } from "../../lib/ownership";

/** One resource as its constructor received it. */
export interface ObservedResource {
    /** The resource object (its outputs are read once it is constructed). */
    resource: pulumi.Resource;
    /** Type token, e.g. `aws:lambda/function:Function` or `datalake:storage:Zone`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Inputs as passed to the constructor (values or outputs). */
    props: pulumi.Inputs;
    /** The observed parent, when the parent is below the DataLake too. */
    parent?: ObservedResource;
    /** false for component resources. */
    custom: boolean;
    /** The area its options declare (lib/ownership `ownedBy`), if any. */
    area?: Area;
}

export class ResourceRegistry {
    private readonly entries: ObservedResource[] = [];
    private readonly byResource = new Map<pulumi.Resource, ObservedResource>();
    private readonly attached = new Map<pulumi.Resource, { owner: pulumi.Resource; role: string }>();

    /** The transformation that records each resource; it returns undefined (no change). */
    readonly observe: pulumi.ResourceTransformation = (args) => {
        const parent = args.opts.parent ? this.byResource.get(args.opts.parent) : undefined;
        const entry: ObservedResource = {
            resource: args.resource,
            type: args.type,
            name: args.name,
            props: args.props,
            parent,
            // instanceof, not isInstance: the RTTI flags are set after the base constructor runs.
            custom: args.resource instanceof pulumi.CustomResource,
            area: declaredArea(args.opts),
        };
        this.entries.push(entry);
        this.byResource.set(args.resource, entry);
        return undefined;
    };

    /** Every resource observed so far, in construction order. */
    all(): readonly ObservedResource[] {
        return this.entries;
    }

    /** Custom resources of a type token. */
    ofType(type: string): ObservedResource[] {
        return this.entries.filter((e) => e.custom && e.type === type);
    }

    /** The observed entry of a resource. */
    entryOf(resource: pulumi.Resource): ObservedResource | undefined {
        return this.byResource.get(resource);
    }

    /** The nearest observed component above `entry` (its owner). */
    ownerOf(entry: ObservedResource): ObservedResource | undefined {
        let at = entry.parent;
        while (at && at.custom) at = at.parent;
        return at;
    }

    /** The area declared by `entry` or the nearest component above it that declares one (the lake's own: `lake`). */
    areaOf(entry: ObservedResource): Area | undefined {
        for (let at: ObservedResource | undefined = entry; at; at = at.parent) if (at.area) return at.area;
        return undefined;
    }

    /**
     * Files the signals of `component` with those of `owner`, their ids prefixed with `role`: a
     * zone processor's alarms belong with the zone whose queue it drains.
     */
    attach(component: pulumi.Resource, owner: pulumi.Resource, role: string): void {
        this.attached.set(component, { owner, role });
    }

    /** True when some component was attached to `owner` (e.g. a zone drained by a processor). */
    hasAttached(owner: ObservedResource): boolean {
        return [...this.attached.values()].some((link) => link.owner === owner.resource);
    }

    /** Where the signals of resources owned by `component` are filed: `owner` and id prefix. */
    filingOf(component: ObservedResource): { owner: ObservedResource; rolePrefix: string } {
        const link = this.attached.get(component.resource);
        const owner = link && this.byResource.get(link.owner);
        return owner ? { owner, rolePrefix: `${link.role}-` } : { owner: component, rolePrefix: "" };
    }
}
