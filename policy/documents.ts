/**
 * Reading IAM-style policy documents (bucket, queue, key and topic policies) as policies see them:
 * a JSON string in the resource's inputs, or an object. Pure; no Pulumi imports.
 */

export interface Statement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

export class PolicyDocumentError extends Error {}

/** A policy document as an object (parsed when given as JSON); undefined when there is none. Throws when unreadable. */
export function parseDocument(document: unknown): Record<string, unknown> | undefined {
    if (document === undefined || document === null || document === "") return undefined;
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch (e) {
            throw new PolicyDocumentError(`policy document is not valid JSON (${(e as Error).message})`);
        }
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new PolicyDocumentError("policy document is not an object");
    return doc as Record<string, unknown>;
}

/** The statements of a policy document; [] when there is no document. Throws on unreadable JSON. */
export function statements(document: unknown): Statement[] {
    const doc = parseDocument(document);
    if (doc === undefined) return [];
    const s = doc.Statement;
    if (s === undefined) return [];
    return (Array.isArray(s) ? s : [s]) as Statement[];
}

/** A JSON value given as a string (SQS redrive policies) or already parsed; undefined when unreadable. */
export function jsonValue(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function asList(v: unknown): unknown[] {
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function strings(v: unknown): string[] {
    return asList(v).filter((x): x is string => typeof x === "string");
}

/** The statement's actions (lower-cased: IAM action names are case-insensitive). */
export function actionsOf(s: Statement): string[] {
    return strings(s.Action).map((a) => a.toLowerCase());
}

export function resourcesOf(s: Statement): string[] {
    return strings(s.Resource);
}

/** Principals of one kind (`AWS`, `Service`, `Federated`) named by the statement; `"*"` counts as AWS. */
export function principalsOf(s: Statement, kind: "AWS" | "Service" | "Federated"): string[] {
    if (s.Principal === "*") return kind === "AWS" ? ["*"] : [];
    if (typeof s.Principal !== "object" || s.Principal === null) return [];
    return strings((s.Principal as Record<string, unknown>)[kind]);
}

/** True when IAM action pattern `pattern` (with `*` and `?`) matches `action`; both case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        `^${pattern
            .toLowerCase()
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(action.toLowerCase());
}

/** The account of an ARN or a bare 12-digit account principal; undefined for `*`, services and AWS-owned ARNs. */
export function accountOf(principalOrArn: string): string | undefined {
    if (/^\d{12}$/.test(principalOrArn)) return principalOrArn;
    const account = principalOrArn.split(":")[4];
    return principalOrArn.startsWith("arn:") && account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** True for `"*"`, `{AWS: "*"}`, `{AWS: ["*"]}` (or any principal kind naming `*`). */
export function isEveryone(principal: unknown): boolean {
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    return Object.values(principal).some((v) => asList(v).includes("*"));
}

export function isAllow(s: Statement): boolean {
    return s.Effect !== "Deny";
}

/** True when the statement's actions include `service:*` or `*` (action names are case-insensitive). */
export function coversAllActions(s: Statement, service: string): boolean {
    return asList(s.Action).some((a) => typeof a === "string" && ["*", `${service}:*`].includes(a.toLowerCase()));
}

/** Condition values for `key` under any of `operators` (operator and key names are case-insensitive). */
export function conditionValues(s: Statement, operators: string[], key: string): unknown[] {
    const wanted = operators.map((o) => o.toLowerCase());
    const found: unknown[] = [];
    for (const [op, block] of Object.entries(s.Condition ?? {})) {
        if (!wanted.includes(op.toLowerCase()) || typeof block !== "object" || block === null) continue;
        for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) found.push(...asList(v));
    }
    return found;
}

/** Condition keys that do not narrow who may act (a TLS requirement still lets anyone in). */
const NON_RESTRICTING_KEYS = ["aws:securetransport"];

/** True when the statement carries at least one condition that narrows the caller or the source. */
export function hasRestrictingCondition(s: Statement): boolean {
    return Object.values(s.Condition ?? {}).some(
        (block) => typeof block === "object" && block !== null && Object.keys(block).some((k) => !NON_RESTRICTING_KEYS.includes(k.toLowerCase())),
    );
}

/**
 * True for the TLS-only statement: Deny everyone `service:*` (or each of `actions`) when
 * aws:SecureTransport is false.
 */
export function isTlsOnlyDeny(s: Statement, service: string, actions: string[] = []): boolean {
    const covers = coversAllActions(s, service) || (actions.length > 0 && actions.every((a) => actionsOf(s).includes(a.toLowerCase())));
    return (
        s.Effect === "Deny" &&
        isEveryone(s.Principal) &&
        covers &&
        conditionValues(s, ["Bool", "BoolIfExists"], "aws:SecureTransport").some((v) => String(v) === "false")
    );
}

/** Statements of a document; an unreadable document goes to `onError` (and yields none). */
export function readStatements(document: unknown, onError: (message: string) => void): Statement[] {
    try {
        return statements(document);
    } catch (e) {
        if (e instanceof PolicyDocumentError) {
            onError(e.message);
            return [];
        }
        throw e;
    }
}

/** How a message names a statement: by its Sid when it has one. */
export const sid = (s: Statement) => (s.Sid ? `statement '${s.Sid}'` : "a statement");
