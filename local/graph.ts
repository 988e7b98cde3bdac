/**
 * Pure helpers over the recorded resource graph (harness/program.ts): dependency order, and
 * the translation of mocked values (ids, names, ARNs, URLs the mock returned) into the values the
 * emulator gave the same resources. Recorded props reference each other only through those mocked
 * values, so rewriting them is how a recorded graph becomes an emulated one.
 */
import type { RecordedResource } from "../harness/program";

/** Resources ordered so that each comes after every resource it depends on. */
export function dependencyOrder(resources: RecordedResource[]): RecordedResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const done = new Set<string>();
    const visiting = new Set<string>();
    const out: RecordedResource[] = [];
    const visit = (r: RecordedResource) => {
        if (done.has(r.urn)) return;
        if (visiting.has(r.urn)) throw new Error(`dependency cycle through ${r.name}`);
        visiting.add(r.urn);
        for (const dep of r.dependencies) {
            const d = byUrn.get(dep);
            if (d) visit(d);
        }
        visiting.delete(r.urn);
        done.add(r.urn);
        out.push(r);
    };
    resources.forEach(visit);
    return out;
}

/**
 * Mocked value -> emulator value, per provisioned resource. A value is first looked up among the
 * resource's own dependencies (the mock can give two resources the same id, e.g. two keys whose
 * names share a prefix), then among every provisioned resource, where an ambiguous value throws.
 */
export class ValueMap {
    private readonly byUrn = new Map<string, Map<string, string>>();
    private readonly global = new Map<string, Set<string>>();

    /** Records that `resource`'s mocked `mock` is `emulated` in the emulator. */
    add(resource: RecordedResource, mock: unknown, emulated: string): void {
        if (typeof mock !== "string" || mock === "" || mock === emulated) return;
        let own = this.byUrn.get(resource.urn);
        if (!own) this.byUrn.set(resource.urn, (own = new Map()));
        own.set(mock, emulated);
        let all = this.global.get(mock);
        if (!all) this.global.set(mock, (all = new Set()));
        all.add(emulated);
    }

    /** The emulator's value of one of `resource`'s own outputs (after `add`). */
    own(resource: RecordedResource, mock: string): string {
        return this.byUrn.get(resource.urn)?.get(mock) ?? mock;
    }

    /** `value` (any JSON-like shape) with every mocked value, also inside strings, replaced. */
    rewrite<T>(forResource: RecordedResource, value: T): T {
        const pairs = this.pairsFor(forResource);
        const replace = (s: string): string => {
            const exact = pairs.find(([m]) => m === s);
            if (exact) return exact[1];
            let out = s;
            for (const [mock, emulated] of pairs) if (out.includes(mock)) out = out.split(mock).join(emulated);
            return out;
        };
        const walk = (v: any): any => {
            if (typeof v === "string") return replace(v);
            if (Array.isArray(v)) return v.map(walk);
            if (v && typeof v === "object" && v.constructor === Object) {
                return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
            }
            return v;
        };
        return walk(value);
    }

    /** Candidate pairs for a resource, longest mocked value first (an ARN before the id inside it). */
    private pairsFor(r: RecordedResource): [string, string][] {
        const pairs = new Map<string, string>();
        for (const dep of r.dependencies) for (const [m, e] of this.byUrn.get(dep) ?? []) pairs.set(m, e);
        for (const [m, all] of this.global) {
            if (pairs.has(m)) continue;
            if (all.size > 1) {
                // Only an error if this resource actually uses the value.
                if (JSON.stringify(r.props).includes(m)) {
                    throw new Error(`${r.name}: mocked value ${m} stands for ${all.size} emulated resources and none is a dependency`);
                }
                continue;
            }
            pairs.set(m, [...all][0]);
        }
        return [...pairs].sort((a, b) => b[0].length - a[0].length);
    }
}

/** Pulumi `aws.sqs.Queue` inputs -> SQS CreateQueue attributes (only those set). */
export function queueAttributes(props: Record<string, any>): Record<string, string> {
    const names: Record<string, string> = {
        delaySeconds: "DelaySeconds",
        maxMessageSize: "MaximumMessageSize",
        messageRetentionSeconds: "MessageRetentionPeriod",
        receiveWaitTimeSeconds: "ReceiveMessageWaitTimeSeconds",
        visibilityTimeoutSeconds: "VisibilityTimeout",
        redrivePolicy: "RedrivePolicy",
        redriveAllowPolicy: "RedriveAllowPolicy",
        kmsMasterKeyId: "KmsMasterKeyId",
        kmsDataKeyReusePeriodSeconds: "KmsDataKeyReusePeriodSeconds",
        sqsManagedSseEnabled: "SqsManagedSseEnabled",
        fifoQueue: "FifoQueue",
        contentBasedDeduplication: "ContentBasedDeduplication",
        policy: "Policy",
    };
    const out: Record<string, string> = {};
    for (const [prop, attribute] of Object.entries(names)) {
        const v = props[prop];
        if (v !== undefined && v !== null && v !== "") out[attribute] = String(v);
    }
    return out;
}

/** Function code folder (`functions/<name>`) from a recorded Lambda's code archive. */
export async function functionCodeName(fn: RecordedResource): Promise<string> {
    const assets: Record<string, { path?: Promise<string> | string }> = await fn.props.code?.assets;
    const entry = assets?.["index.js"];
    const file = entry && (await entry.path);
    const match = typeof file === "string" ? /functions[\\/]([^\\/]+)[\\/]index\.js$/.exec(file) : null;
    if (!match) throw new Error(`${fn.name}: cannot tell its code from the recorded archive (expected .build/functions/<name>/index.js)`);
    return match[1];
}

/** Random lowercase hex, Pulumi's auto-name suffix length. */
export function autoNameSuffix(random: () => number = Math.random): string {
    return Array.from({ length: 7 }, () => Math.floor(random() * 16).toString(16)).join("");
}
