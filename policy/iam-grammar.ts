/**
 * The grammar of IAM JSON policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), as IAM, S3,
 * SQS, SNS and KMS check it when a policy is put: a document they refuse fails `pulumi up` although
 * the mocks accept it. Pure data in, issues out; policy/rules/iam.ts reports them, and tests use it
 * on the documents the components build.
 */
import { ACTION_FORM } from "./iam-actions";

/**
 * Where a document is attached: identity policies name no principal, trust policies no resource,
 * resource policies (bucket, queue, topic, key) both.
 */
export type DocumentKind = "identity" | "trust" | "resource";

/** What each grammar condition requires, by condition id. */
export const GRAMMAR_CONDITIONS = {
    statement: "the document has a Statement: one statement object or a non-empty list of them",
    version: 'Version is "2012-10-17" (without it IAM reads the 2008 language, which has no policy variables)',
    "sid-characters":
        "a Sid holds only ASCII letters and digits ([A-Za-z0-9]*): IAM refuses others in identity and trust policies; the lake keeps that alphabet in resource policies too (KMS, S3, SQS and SNS accept more)",
    "sid-unique": "no two statements of a document share a Sid",
    effect: 'Effect is "Allow" or "Deny"',
    "action-form": 'each statement has Action or NotAction (not both), every entry "*" or service:Action',
    "principal-form": 'Principal / NotPrincipal is "*" or a map of AWS, Service, Federated, CanonicalUser to a string or a list of strings',
    "principal-placement": "identity policies name no principal; trust and resource policies name one (Principal or NotPrincipal)",
    "resource-placement": "trust policies name no resource; identity and resource policies name one (Resource or NotResource)",
} as const;

export type GrammarCondition = keyof typeof GRAMMAR_CONDITIONS;

export interface GrammarIssue {
    condition: GrammarCondition;
    message: string;
}

const SID = /^[A-Za-z0-9]*$/;
const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];

const isStringList = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));

function principalFormIssue(value: unknown): string | undefined {
    if (value === "*") return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
        return `is ${JSON.stringify(value)}, neither "*" nor a map of principal kinds`;
    }
    const entries = Object.entries(value);
    const unknown = entries.filter(([k]) => !PRINCIPAL_KEYS.includes(k)).map(([k]) => k);
    if (unknown.length > 0) return `names ${unknown.join(", ")}, not one of ${PRINCIPAL_KEYS.join(", ")}`;
    const bad = entries.filter(([, v]) => !isStringList(v)).map(([k]) => k);
    return bad.length > 0 ? `gives ${bad.join(", ")} as neither a string nor a list of strings` : undefined;
}

/** Which of `a` and `b` a statement has: the grammar allows exactly one of each pair. */
function present(s: Record<string, unknown>, a: string, b: string): string[] {
    return [a, b].filter((k) => s[k] !== undefined);
}

function statementIssues(s: Record<string, unknown>, label: string, kind: DocumentKind): GrammarIssue[] {
    const issues: GrammarIssue[] = [];
    const flag = (condition: GrammarCondition, message: string) => issues.push({ condition, message: `${label} ${message}` });
    if (s.Sid !== undefined && !(typeof s.Sid === "string" && SID.test(s.Sid))) {
        flag(
            "sid-characters",
            `has Sid ${JSON.stringify(s.Sid)}: ${kind === "resource" ? "the lake keeps IAM's Sid alphabet in every document" : "IAM accepts only ASCII letters and digits"}`,
        );
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") flag("effect", `has Effect ${JSON.stringify(s.Effect)}, not "Allow" or "Deny"`);

    const actionKeys = present(s, "Action", "NotAction");
    if (actionKeys.length !== 1) flag("action-form", `has ${actionKeys.join(" and ") || "neither Action nor NotAction"}: it needs exactly one`);
    for (const key of actionKeys) {
        if (!isStringList(s[key])) flag("action-form", `gives ${key} as neither a string nor a list of strings`);
        else
            for (const a of [s[key]].flat() as string[])
                if (a !== "*" && !ACTION_FORM.test(a)) flag("action-form", `names ${key} '${a}', not of the form service:Action`);
    }

    const principalKeys = present(s, "Principal", "NotPrincipal");
    if (kind === "identity" && principalKeys.length > 0)
        flag("principal-placement", `of an identity policy names ${principalKeys.join(" and ")}: IAM refuses it`);
    if (kind !== "identity" && principalKeys.length !== 1) {
        flag(
            "principal-placement",
            `of a ${kind} policy has ${principalKeys.join(" and ") || "no Principal"}: it needs exactly one of Principal and NotPrincipal`,
        );
    }
    for (const key of principalKeys) {
        const why = principalFormIssue(s[key]);
        if (why) flag("principal-form", `${key} ${why}`);
    }

    const resourceKeys = present(s, "Resource", "NotResource");
    if (kind === "trust" && resourceKeys.length > 0) flag("resource-placement", `of a trust policy names ${resourceKeys.join(" and ")}: IAM refuses it`);
    if (kind !== "trust" && resourceKeys.length !== 1) {
        flag(
            "resource-placement",
            `of ${kind === "identity" ? "an identity" : "a resource"} policy has ${resourceKeys.join(" and ") || "no Resource"}: it needs exactly one of Resource and NotResource`,
        );
    }
    return issues;
}

/** Every way the parsed `document` breaks the policy grammar for a document of `kind`. */
export function grammarIssues(document: Record<string, unknown>, kind: DocumentKind): GrammarIssue[] {
    const issues: GrammarIssue[] = [];
    if (document.Version !== "2012-10-17") issues.push({ condition: "version", message: `Version is ${JSON.stringify(document.Version)}, not "2012-10-17"` });
    const list = document.Statement === undefined ? [] : [document.Statement].flat();
    if (list.length === 0) issues.push({ condition: "statement", message: "the document has no Statement" });
    const sids = new Map<string, number>();
    list.forEach((s, i) => {
        if (typeof s !== "object" || s === null || Array.isArray(s)) {
            issues.push({ condition: "statement", message: `statement ${i} is ${JSON.stringify(s)}, not an object` });
            return;
        }
        const statement = s as Record<string, unknown>;
        const sid = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined;
        if (sid !== undefined) sids.set(sid, (sids.get(sid) ?? 0) + 1);
        issues.push(...statementIssues(statement, sid !== undefined && SID.test(sid) ? `statement '${sid}'` : `statement ${i}`, kind));
    });
    for (const [sid, count] of sids) {
        if (count > 1) issues.push({ condition: "sid-unique", message: `${count} statements share the Sid '${sid}': Sids must be unique within a document` });
    }
    return issues;
}
