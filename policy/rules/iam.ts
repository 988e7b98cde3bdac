/**
 * IAM rules: identity policies (role, user, group and managed policies) and role trust policies;
 * what IAM accepts but never grants, or refuses: actions that do not exist or cannot match as
 * written (KMS actions gated on a grant-only condition key among them), and documents outside the
 * IAM policy grammar (IAM, S3, SQS, SNS and KMS refuse them).
 *
 * A document still unknown at preview (JSON built from ARNs of resources not yet created) is
 * skipped, not guessed: these checks then run at `up`, where the engine runs the pack again with
 * the documents known. Rules that compare accounts also need the stack's account (`homeAccount`).
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { serviceTrust } from "../../lib/trust";
import { Flag, Props, resourceRule, stackRule } from "../define";
import type { DocumentKind } from "../iam-grammar";
import {
    PolicyDocumentError,
    Statement,
    accountOf,
    actionMatches,
    actionsOf,
    conditionValues,
    isAllow,
    parseDocument,
    principalsOf,
    readStatements,
    resourcesOf,
    sid,
} from "../documents";
import { AccountConfig, accountConfigSchema, homeAccount, isForeign, known } from "../resources";
import { invalidAction } from "../iam-actions";
import { GRAMMAR_CONDITIONS, grammarIssues } from "../iam-grammar";
import { RESOURCE_POLICY_PROPS } from "./resource-policies";

/** Inputs holding identity policies, per resource type (roles hold theirs in `inlinePolicies`). */
const IDENTITY_POLICY_PROPS: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:iam/policy:Policy": "policy",
};
const ROLE = "aws:iam/role:Role";
export const IDENTITY_TYPES = [...Object.keys(IDENTITY_POLICY_PROPS), ROLE];

/** The known identity documents of a resource (inline role policies included). */
function identityDocuments(props: Props, type: string): unknown[] {
    if (type === ROLE) return ((known(props, "inlinePolicies") ?? []) as Props[]).map((p) => known(p, "policy")).filter((d) => d !== undefined);
    if (!(type in IDENTITY_POLICY_PROPS)) return [];
    const document = known(props, IDENTITY_POLICY_PROPS[type]);
    return document === undefined ? [] : [document];
}

function allowStatements(props: Props, type: string, flag: Flag): Statement[] {
    return identityDocuments(props, type)
        .flatMap((d) => readStatements(d, (m) => flag("unreadable-policy", m)))
        .filter(isAllow);
}

/**
 * Actions that take no resource ARN, so IAM only accepts them on `"*"` (Service Authorization
 * Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/: each has no
 * resource type). Only these may be allowed on `*`; anything else names its resources.
 */
export const STAR_ONLY_ACTIONS = [
    "logs:DescribeLogGroups", // API Gateway's logging role (set-up-logging.html) and Lambda Insights
    "cloudwatch:PutMetricData", // narrow it with the cloudwatch:namespace condition instead
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "xray:PutTraceSegments", // Lambda / API Gateway active tracing
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "s3:ListAllMyBuckets",
    "kms:ListKeys",
    "kms:ListAliases",
    "sts:GetCallerIdentity",
    "ec2:DescribeNetworkInterfaces", // Lambda in a VPC
    "glue:GetSecurityConfigurations",
    "athena:ListWorkGroups",
].map((a) => a.toLowerCase());

export function iamNoWildcardAction(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-no-wildcard-action",
            description: 'Identity policies allow named actions: no "*", no "service:*", no partial wildcards ("s3:Get*"), no NotAction.',
            conditions: {
                "all-actions": 'no Allow of Action "*"',
                "service-wildcard": 'no Allow of "service:*"',
                "partial-wildcard": 'no Allow of an action pattern such as "s3:Get*"',
                "not-action": "no Allow with NotAction",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        IDENTITY_TYPES,
        (props, args, flag) => {
            for (const s of allowStatements(props, args.type, flag)) {
                if (s.NotAction !== undefined) flag("not-action", `${sid(s)} allows everything except its NotAction: list the actions instead`);
                for (const a of actionsOf(s)) {
                    if (a === "*") flag("all-actions", `${sid(s)} allows every action of every service`);
                    else if (a.endsWith(":*")) flag("service-wildcard", `${sid(s)} allows every ${a.split(":")[0]} action (${a})`);
                    else if (a.includes("*") || a.includes("?")) flag("partial-wildcard", `${sid(s)} allows the action pattern ${a}: name the actions`);
                }
            }
        },
    );
}

export function iamNoWildcardResource(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-no-wildcard-resource",
            description:
                'Identity policies allow actions on named resources; "*" only for the actions AWS accepts on "*" alone (STAR_ONLY_ACTIONS), never NotResource.',
            conditions: {
                "star-resource": 'Resource "*" only for actions without resource-level permissions',
                "not-resource": "no Allow with NotResource",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        IDENTITY_TYPES,
        (props, args, flag) => {
            for (const s of allowStatements(props, args.type, flag)) {
                if (s.NotResource !== undefined) flag("not-resource", `${sid(s)} applies to everything except its NotResource`);
                if (!resourcesOf(s).includes("*")) continue;
                const scoped = actionsOf(s).filter((a) => !STAR_ONLY_ACTIONS.includes(a));
                if (scoped.length > 0) {
                    flag("star-resource", `${sid(s)} allows ${scoped.join(", ")} on "*": name the resources (ARNs) they apply to`);
                }
            }
        },
    );
}

/** True for `*`, and for ARN patterns covering every role (`...:role/*`). */
const everyRole = (r: string) => r === "*" || /:role\/\*$/.test(r);

export function iamPassRoleScoped(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-passrole-scoped",
            description: "iam:PassRole is allowed only on named roles and only to named services (condition iam:PassedToService).",
            conditions: {
                resource: 'PassRole names the roles it may pass (no "*", no role/*)',
                "passed-to-service": "PassRole carries an iam:PassedToService condition",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        IDENTITY_TYPES,
        (props, args, flag) => {
            for (const s of allowStatements(props, args.type, flag)) {
                if (!actionsOf(s).some((a) => actionMatches(a, "iam:PassRole"))) continue;
                if (resourcesOf(s).some(everyRole)) flag("resource", `${sid(s)} may pass any role: name the role ARNs`);
                if (conditionValues(s, ["StringEquals", "StringLike"], "iam:PassedToService").length === 0) {
                    flag("passed-to-service", `${sid(s)} may pass roles to any service: add Condition StringEquals iam:PassedToService`);
                }
            }
        },
    );
}

/** Actions on KMS keys and S3 buckets/objects that take a resource ARN (not STAR_ONLY_ACTIONS). */
const scopedActionOf = (service: "kms" | "s3") => (a: string) => (a === "*" || a.startsWith(`${service}:`)) && !STAR_ONLY_ACTIONS.includes(a);

/** `*`, or an ARN pattern naming every key (`arn:aws:kms:*:*:key/*`) or every bucket (`arn:aws:s3:::*`). */
function coversEvery(service: "kms" | "s3", resource: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts[2] !== service) return false;
    return service === "kms" ? /^(key|alias)\/\*$/.test(parts.slice(5).join(":")) : parts.slice(5).join(":").startsWith("*");
}

export function iamKeyAndBucketActionsScoped(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-key-and-bucket-actions-scoped",
            description: "Identity policies allow KMS actions on named keys and S3 actions on named buckets, never on every key or bucket.",
            conditions: {
                "kms-all-keys": "KMS actions (kms:Decrypt, ...) name their keys",
                "s3-all-buckets": "S3 actions name their buckets and objects",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        IDENTITY_TYPES,
        (props, args, flag) => {
            for (const s of allowStatements(props, args.type, flag)) {
                for (const [service, condition] of [
                    ["kms", "kms-all-keys"],
                    ["s3", "s3-all-buckets"],
                ] as const) {
                    const acts = actionsOf(s).filter(scopedActionOf(service));
                    const broad = resourcesOf(s).filter((r) => coversEvery(service, r));
                    if (acts.length > 0 && broad.length > 0) {
                        flag(condition, `${sid(s)} allows ${acts.join(", ")} on ${broad.join(", ")}: name the ${service === "kms" ? "key" : "bucket"} ARNs`);
                    }
                }
            }
        },
    );
}

// ---- trust policies -------------------------------------------------------------------------------

function trustStatements(role: PolicyResource, flag: Flag): Statement[] {
    const document = known(role.props, "assumeRolePolicy");
    return readStatements(document, (m) => flag("unreadable-policy", m)).filter(isAllow);
}

export function iamTrustPrincipals(): StackValidationPolicy {
    return stackRule(
        {
            name: "iam-trust-principals",
            description:
                "Role trust policies never trust everyone, nor an account other than the stack's own unless the policy config lists it in trustedAccounts.",
            configSchema: accountConfigSchema,
            conditions: {
                everyone: 'no Principal "*" / {AWS: "*"}',
                "foreign-account": "AWS principals belong to this account or a configured trusted account",
                "unreadable-policy": "the trust policy is JSON",
            },
        },
        [ROLE],
        (role, all, flag, args) => {
            const config = args.getConfig<AccountConfig>();
            const home = homeAccount(all, config);
            for (const s of trustStatements(role, flag)) {
                for (const p of principalsOf(s, "AWS")) {
                    if (p === "*") flag("everyone", `role '${role.name}' ${sid(s)} lets any AWS principal assume it`);
                    else if (isForeign(accountOf(p), home, config)) {
                        flag("foreign-account", `role '${role.name}' trusts ${p} of another account: add it to trustedAccounts if intended`);
                    }
                }
            }
        },
    );
}

/** Condition operator/key pairs of a statement, e.g. `StringEquals sts:ExternalId`. */
function conditionKeys(s: Statement): { operator: string; key: string; values: unknown[] }[] {
    return Object.entries(s.Condition ?? {}).flatMap(([operator, block]) =>
        Object.entries(block ?? {}).map(([key, v]) => ({ operator, key, values: Array.isArray(v) ? v : [v] })),
    );
}

export function iamTrustServiceConditions(): StackValidationPolicy {
    return stackRule(
        {
            name: "iam-trust-service-conditions",
            description:
                "A service principal's trust statement carries exactly the confused-deputy conditions that service documents it sends (lib/trust.ts), with this account's id.",
            configSchema: accountConfigSchema,
            conditions: {
                "unknown-service": "the service principal has an entry in lib/trust.ts",
                "missing-condition": "every condition the service documents is present",
                "undocumented-condition": "no condition the service does not document (AssumeRole would fail)",
                "wrong-value": "documented account conditions name this account",
                "unreadable-policy": "the trust policy is JSON",
            },
        },
        [ROLE],
        (role, all, flag, args) => {
            const home = homeAccount(all, args.getConfig<AccountConfig>());
            for (const s of trustStatements(role, flag)) {
                const present = conditionKeys(s);
                for (const service of principalsOf(s, "Service")) {
                    const entry = serviceTrust(service);
                    if (!entry) {
                        flag(
                            "unknown-service",
                            `role '${role.name}' trusts ${service}, which lib/trust.ts does not list: add it with the conditions its documentation shows`,
                        );
                        continue;
                    }
                    for (const c of entry.conditions) {
                        const found = present.find((p) => p.operator === c.operator && p.key.toLowerCase() === c.key.toLowerCase());
                        if (!found) flag("missing-condition", `role '${role.name}' trusts ${service} without ${c.operator} ${c.key} (${entry.documentation})`);
                        else if (home !== undefined && !(found.values.length === 1 && found.values[0] === home)) {
                            flag("wrong-value", `role '${role.name}' ${c.key} is ${JSON.stringify(found.values)}, not this account ${home}`);
                        }
                    }
                    for (const p of present) {
                        const documented = entry.conditions.some((c) => c.operator === p.operator && c.key.toLowerCase() === p.key.toLowerCase());
                        if (!documented) {
                            flag(
                                "undocumented-condition",
                                `role '${role.name}' requires ${p.operator} ${p.key} of ${service}, which its documentation does not show it sends: AssumeRole would fail (${entry.documentation})`,
                            );
                        }
                    }
                }
            }
        },
    );
}

/** Every resource type carrying a policy document: identity, trust or resource policies. */
export const DOCUMENT_TYPES = [...IDENTITY_TYPES, ...Object.keys(RESOURCE_POLICY_PROPS)];

/** The known policy documents of a resource, each with its kind (a role has identity and trust documents). */
export function policyDocuments(props: Props, type: string): { kind: DocumentKind; document: unknown }[] {
    const found: { kind: DocumentKind; document: unknown }[] = identityDocuments(props, type).map((document) => ({ kind: "identity", document }));
    if (type === ROLE) found.push({ kind: "trust", document: known(props, "assumeRolePolicy") });
    if (type in RESOURCE_POLICY_PROPS) found.push({ kind: "resource", document: known(props, RESOURCE_POLICY_PROPS[type]) });
    return found.filter((d) => d.document !== undefined);
}

/** The only requests that carry `kms:GrantIsForAWSResource` (KMS developer guide, condition keys). */
export const GRANT_OPERATIONS = ["kms:creategrant", "kms:listgrants", "kms:revokegrant"];

/** Whether a statement tests `kms:GrantIsForAWSResource` under any operator. */
function testsGrantForAwsResource(condition: unknown): boolean {
    return Object.values((condition ?? {}) as Record<string, unknown>).some((block) =>
        Object.keys((block ?? {}) as Record<string, unknown>).some((key) => key.toLowerCase() === "kms:grantisforawsresource"),
    );
}

export function iamActionsValid(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-actions-valid",
            description:
                "Every IAM action a policy names exists (API operations such as sqs:DeleteMessageBatch are not actions), and actions without resource-level permissions are granted on '*'.",
            conditions: {
                "unknown-action": "every action exists (Service Authorization Reference)",
                "star-only-scoped": 'actions without resource-level permissions (STAR_ONLY_ACTIONS) are granted on "*"',
                "grant-condition-on-grants": "a statement conditioned on kms:GrantIsForAWSResource allows only CreateGrant, ListGrants and RevokeGrant",
            },
        },
        DOCUMENT_TYPES,
        (props, args, flag) => {
            // iam-policy-grammar reports unreadable documents.
            const found = policyDocuments(props, args.type).flatMap((d) => readStatements(d.document, () => undefined));
            for (const s of found) {
                const actions = [s.Action, s.NotAction].flat().filter((a): a is string => typeof a === "string");
                for (const a of actions) {
                    const why = invalidAction(a);
                    if (why) flag("unknown-action", `statement ${s.Sid ?? "(no Sid)"}: ${why}`);
                }
                if (testsGrantForAwsResource(s.Condition)) {
                    const never = [s.Action].flat().filter((a): a is string => typeof a === "string" && !GRANT_OPERATIONS.includes(a.toLowerCase()));
                    if (never.length)
                        flag(
                            "grant-condition-on-grants",
                            `statement ${s.Sid ?? "(no Sid)"}: ${never.join(", ")} never match: only grant requests carry kms:GrantIsForAWSResource; allow them in a statement without it`,
                        );
                }
                const resources = [s.Resource].flat().filter((r) => r !== undefined);
                const scoped = resources.length > 0 && !resources.includes("*");
                for (const a of [s.Action].flat().filter((x): x is string => typeof x === "string" && STAR_ONLY_ACTIONS.includes(x.toLowerCase()))) {
                    if (scoped)
                        flag(
                            "star-only-scoped",
                            `statement ${s.Sid ?? "(no Sid)"}: ${a} supports no resource-level permissions: grant it on "*" in a statement of its own`,
                        );
                }
            }
        },
    );
}

export function iamPolicyGrammar(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "iam-policy-grammar",
            description:
                "Every policy document the stack writes (role inline and trust policies, role and managed policies, bucket, queue, topic and key policies) follows the IAM policy grammar; IAM, S3, SQS, SNS and KMS refuse one that does not.",
            conditions: { ...GRAMMAR_CONDITIONS, "unreadable-policy": "the document is a JSON object" },
        },
        DOCUMENT_TYPES,
        (props, args, flag) => {
            for (const { kind, document } of policyDocuments(props, args.type)) {
                let parsed;
                try {
                    parsed = parseDocument(document);
                } catch (e) {
                    if (!(e instanceof PolicyDocumentError)) throw e;
                    flag("unreadable-policy", `${kind} policy: ${e.message}`);
                    continue;
                }
                if (parsed) for (const issue of grammarIssues(parsed, kind)) flag(issue.condition, `${kind} policy: ${issue.message}`);
            }
        },
    );
}
