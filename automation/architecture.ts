/**
 * The architecture picture (docs/architecture.svg) from the engine's state of a stack: one
 * Graphviz cluster per component resource (nested as the program nests them), one node per cloud
 * resource, and one arrow per pair of the lake's parts (DataLake's direct children) where a
 * resource of one is an input of a resource of the other. `architectureDot` is pure and
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

const SVG_STAMP = /<!-- architecture\.dot sha256 ([0-9a-f]{64}) -->/;

function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** `aws:s3/bucket:Bucket` -> `Bucket`; `datalake:storage:Zone` -> `Zone`. */
function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

function quote(s: string): string {
    return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Node label: the type, and the name without its component's prefix when that says more. */
function label(r: StateResource, parent: StateResource | undefined): string {
    const name = nameOf(r.urn);
    const prefix = parent ? `${nameOf(parent.urn)}-` : "";
    const rest = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    return `${shortType(r.type)}\\n${rest}`;
}

/** DOT source of the stack's resource graph, grouped by component. */
export function architectureDot(resources: StateResource[], title: string): string {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const isProvider = (r: StateResource) => r.type.startsWith("pulumi:providers:");
    const shown = resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !isProvider(r)).sort((a, b) => (a.urn < b.urn ? -1 : 1));
    const children = new Map<string, StateResource[]>();
    for (const r of shown) {
        const key = r.parent && byUrn.get(r.parent)?.type !== "pulumi:pulumi:Stack" ? r.parent : "";
        children.set(key, [...(children.get(key) ?? []), r]);
    }
    const id = new Map(shown.map((r, i) => [r.urn, `r${i}`]));
    const lines: string[] = [];
    const emit = (parentUrn: string, depth: number) => {
        const pad = "  ".repeat(depth);
        for (const r of children.get(parentUrn) ?? []) {
            if (r.custom) {
                lines.push(`${pad}${id.get(r.urn)} [label=${quote(label(r, byUrn.get(parentUrn)))}];`);
            } else {
                lines.push(`${pad}subgraph cluster_${id.get(r.urn)} {`, `${pad}  label=${quote(`${shortType(r.type)} ${nameOf(r.urn)}`)};`);
                emit(r.urn, depth + 1);
                lines.push(`${pad}}`);
            }
        }
    };
    emit("", 1);

    // The lake's parts: the children of the top-level component (DataLake), or the roots themselves.
    const roots = children.get("") ?? [];
    const partsParent = roots.length === 1 && !roots[0].custom ? roots[0].urn : "";
    const partOf = (urn: string): string | undefined => {
        let r = byUrn.get(urn);
        while (r && r.parent !== partsParent && r.parent) r = byUrn.get(r.parent);
        return r && r.parent === partsParent ? r.urn : undefined;
    };
    // Each part is drawn from (and to) its first resource node; `ltail`/`lhead` clip at the cluster.
    const anchor = (part: string): string | undefined => shown.find((r) => r.custom && (r.urn === part || partOf(r.urn) === part))?.urn;
    const edges = new Set<string>();
    for (const r of shown.filter((x) => x.custom)) {
        for (const dep of r.dependencies ?? []) {
            const from = partOf(dep);
            const to = partOf(r.urn);
            if (!from || !to || from === to) continue;
            const [a, b] = [anchor(from), anchor(to)];
            if (!a || !b) continue;
            const clip = [byUrn.get(from)?.custom ? "" : `ltail=cluster_${id.get(from)}`, byUrn.get(to)?.custom ? "" : `lhead=cluster_${id.get(to)}`].filter(Boolean);
            edges.add(`  ${id.get(a)} -> ${id.get(b)}${clip.length ? ` [${clip.join(", ")}]` : ""};`);
        }
    }
    return [
        "digraph architecture {",
        `  graph [label=${quote(title)}, labelloc=t, fontname="Helvetica", fontsize=16, rankdir=LR, compound=true, newrank=true, nodesep=0.15, ranksep=0.9];`,
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f7fb", color="#5b7083", fontname="Helvetica", fontsize=9];',
        '  edge [color="#33669988", arrowsize=0.6];',
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
