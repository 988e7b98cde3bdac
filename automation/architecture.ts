/**
 * The architecture picture (docs/architecture.svg) from the engine's state of a stack, grouped by
 * component: one node per component resource (with the cloud resources it creates), clusters for
 * components that contain others, arrows where one component's outputs feed another's inputs
 * (the state's dependency lists). `architectureDot` is pure and
 * deterministic (sorted by URN): the test compares its text with the committed docs/architecture.dot,
 * so no renderer is needed to check the picture; `renderSvg` (WASM Graphviz from npm, no system
 * package) draws it and stamps the SVG with the DOT's hash.
 */
import { createHash } from "node:crypto";

/** The parts of a resource in `pulumi stack export` this module reads. */
export interface StateResource {
    urn: string;
    type: string;
    custom: boolean;
    parent?: string;
    dependencies?: string[];
}

/** The picture's title (part of the DOT, so part of what the test compares). */
export const ARCHITECTURE_TITLE = "datalake: the dev stack, grouped by component (drawn from the engine's state)";

const SVG_STAMP = /<!-- architecture\.dot sha256 ([0-9a-f]{64}) -->/;

function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** `aws:s3/bucket:Bucket` -> `Bucket`; `datalake:storage:Zone` -> `Zone`. */
function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

/** A DOT string: quotes and backslashes escaped, line breaks as `\n`. */
function quote(s: string): string {
    return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** `Bucket, Key, Queue ×2` for the custom resources of a component, wrapped for a node label. */
function inventory(resources: StateResource[]): string[] {
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
    const items = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => (n > 1 ? `${t} ×${n}` : t));
    const lines: string[] = [];
    for (const item of items) {
        const last = lines.length - 1;
        if (last >= 0 && lines[last].length + item.length < 44) lines[last] += `, ${item}`;
        else lines.push(item);
    }
    return lines;
}

/**
 * DOT source of the stack's resource graph: a node per component (its name, and the types of the
 * cloud resources it creates itself), a cluster around components that contain others, and an
 * arrow from component A to component B when an output of A's resources is an input of B's.
 */
export function architectureDot(resources: StateResource[], title: string): string {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const shown = resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")).sort((a, b) => (a.urn < b.urn ? -1 : 1));
    const components = shown.filter((r) => !r.custom);
    const componentUrns = new Set(components.map((c) => c.urn));
    const isComponent = (urn: string | undefined) => !!urn && componentUrns.has(urn);
    /** The component a resource belongs to (itself for a component). */
    const owner = (urn: string): string | undefined => {
        for (let r = byUrn.get(urn); r; r = r.parent ? byUrn.get(r.parent) : undefined) if (isComponent(r.urn)) return r.urn;
        return undefined;
    };
    const own = new Map<string, StateResource[]>(components.map((c) => [c.urn, []]));
    for (const r of shown.filter((x) => x.custom)) {
        const o = r.parent && isComponent(r.parent) ? r.parent : undefined;
        if (o) own.get(o)!.push(r);
    }
    const id = new Map(components.map((c, i) => [c.urn, `c${i}`]));
    const childComponents = (urn: string) => components.filter((c) => c.parent === urn);
    const hasNode = (urn: string) => (own.get(urn)?.length ?? 0) > 0;
    const title2 = (c: StateResource) => `${shortType(c.type)} ${nameOf(c.urn)}`;

    const lines: string[] = [];
    const emit = (c: StateResource, depth: number) => {
        const pad = "  ".repeat(depth);
        const node = () => `${pad}${id.get(c.urn)} [label=${quote([title2(c), ...inventory(own.get(c.urn)!)].join("\n"))}];`;
        const kids = childComponents(c.urn);
        if (kids.length === 0) {
            if (hasNode(c.urn)) lines.push(node());
            return;
        }
        lines.push(`${pad}subgraph cluster_${id.get(c.urn)} {`, `${pad}  label=${quote(title2(c))};`);
        if (hasNode(c.urn)) lines.push(`  ${node()}`);
        for (const k of kids) emit(k, depth + 1);
        lines.push(`${pad}}`);
    };
    for (const root of components.filter((c) => !isComponent(c.parent))) emit(root, 1);

    const isAncestor = (a: string, b: string) => {
        for (let r = byUrn.get(b); r; r = r.parent ? byUrn.get(r.parent) : undefined) if (r.urn === a) return true;
        return false;
    };
    const edges = new Set<string>();
    for (const r of shown.filter((x) => x.custom)) {
        const to = owner(r.urn);
        for (const dep of r.dependencies ?? []) {
            const from = owner(dep);
            if (!from || !to || from === to || isAncestor(from, to) || isAncestor(to, from)) continue;
            if (hasNode(from) && hasNode(to)) edges.add(`  ${id.get(from)} -> ${id.get(to)};`);
        }
    }
    return [
        "digraph architecture {",
        `  graph [label=${quote(`${title}\narrows: an output of one component's resources is an input of the other's`)}, labelloc=t, fontname="Helvetica", fontsize=14, rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.8];`,
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f7fb", color="#5b7083", fontname="Helvetica", fontsize=10];',
        '  edge [color="#336699", arrowsize=0.7];',
        ...lines,
        ...[...edges].sort(),
        "}",
        "",
    ].join("\n");
}

export function dotHash(dot: string): string {
    return createHash("sha256").update(dot).digest("hex");
}

/** The DOT hash an SVG written by `renderSvg` carries, if any. */
export function svgDotHash(svg: string): string | undefined {
    return SVG_STAMP.exec(svg)?.[1];
}

/** Renders DOT to SVG with Graphviz compiled to WASM (@hpcc-js/wasm-graphviz) and stamps its hash. */
export async function renderSvg(dot: string): Promise<string> {
    const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
    const graphviz = await Graphviz.load();
    const svg = graphviz.dot(dot);
    const stamp = `<!-- architecture.dot sha256 ${dotHash(dot)} -->`;
    return svg.replace(/(<svg[\s>])/, `${stamp}\n$1`);
}
