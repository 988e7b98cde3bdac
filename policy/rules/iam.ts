/**
 * IAM rules on what IAM accepts but never grants, or refuses: actions that do not exist or cannot
 * match as written (KMS actions gated on a grant-only condition key among them), and documents
 * outside the IAM policy grammar (IAM, S3, SQS, SNS and KMS refuse them).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { PolicyDocumentError, parseDocument, readStatements } from "../documents";
import { invalidAction } from "../iam-actions";
import { GRAMMAR_CONDITIONS, grammarIssues } from "../iam-grammar";
import { DOCUMENT_TYPES, STAR_ONLY_ACTIONS, policyDocuments } from "../rules-iam";

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
