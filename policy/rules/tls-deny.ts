/** The TLS-only deny in a queue's or topic's policies, inline or from side resources (SQS and SNS rules). */
import { PolicyResource } from "@pulumi/policy";
import { Flag } from "../define";
import { isTlsOnlyDeny, readStatements } from "../documents";
import { isSet, known, pointingAt } from "../resources";

/**
 * True when one of `documents` has the TLS-only deny; "unknown" while a document is unknown
 * (preview: the check then runs at `up`) or unreadable (reported as such instead).
 */
export function hasTlsDeny(documents: unknown[], service: string, actions: string[], flag: Flag): boolean | "unknown" {
    if (documents.some((d) => d === undefined)) return "unknown";
    let unreadable = false;
    const onError = (m: string) => {
        unreadable = true;
        flag("unreadable-policy", m);
    };
    const found = documents.some((d) => readStatements(d, onError).some((s) => isTlsOnlyDeny(s, service, actions)));
    return found || (unreadable ? "unknown" : false);
}

/** The policies of `r` (inline) and of the side resources pointing at it; undefined entries are unknown. */
export function policiesOf(r: PolicyResource, prop: string, types: readonly string[], all: PolicyResource[]): unknown[] {
    const inline = isSet(r.props, "policy") ? [known(r.props, "policy")] : [];
    return [...inline, ...pointingAt(r, prop, types, all).map((p) => (isSet(p.props, "policy") ? known(p.props, "policy") : null))];
}
