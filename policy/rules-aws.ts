/**
 * Rules for what AWS itself would refuse or quietly do otherwise, which the mocks accept: a bucket
 * notification S3 rejects as ambiguous; API Gateway execution logging into a group it creates
 * itself (no retention, no key); IAM actions that do not exist or cannot match as written (IAM
 * accepts them and never grants anything), among them KMS actions gated on a grant-only condition key;
 * policy documents outside the IAM policy grammar (IAM, S3, SQS, SNS and KMS refuse them). Pure, in
 * the style of ./rules/; the pack lists `awsPolicies`.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { executionLogGroupName } from "../lib/apigateway-logs";
import { NotificationRule, overlappingRules } from "../lib/s3-notifications";
import { resourceRule, stackRule } from "./define";
import { PolicyDocumentError, parseDocument, readStatements } from "./documents";
import { invalidAction } from "./iam-actions";
import { GRAMMAR_CONDITIONS, grammarIssues } from "./iam-grammar";
import { DOCUMENT_TYPES, STAR_ONLY_ACTIONS, policyDocuments } from "./rules-iam";
import { known } from "./resources";

export const AwsTypes = {
    bucketNotification: ["aws:s3/bucketNotification:BucketNotification"],
    methodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
} as const;

export function bucketNotificationUnambiguous(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "bucket-notification-unambiguous",
            description:
                "No two rules of a bucket notification (queues, topics, functions) overlap for one event type: S3 rejects such a configuration as ambiguously defined.",
            conditions: { "overlapping-rules": "no two rules match one event type for overlapping key filters" },
        },
        AwsTypes.bucketNotification,
        (props, _args, flag) => {
            const rules: NotificationRule[] = ["queues", "topics", "lambdaFunctions"].flatMap((k) => (known(props, k) ?? []) as NotificationRule[]);
            for (const o of overlappingRules(rules)) {
                flag(
                    "overlapping-rules",
                    `rules '${o.a}' and '${o.b}' both match ${o.event} for overlapping key filters: S3 rejects the configuration ` +
                        `("Configuration is ambiguously defined"); fan out through EventBridge (eventbridge: true and one rule per consumer) instead`,
                );
            }
        },
    );
}

export function apigatewayExecutionLogsDeclared(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-execution-logs-declared",
            description:
                "A REST API stage with execution logging on (loggingLevel INFO or ERROR) has its API-Gateway-Execution-Logs_<api id>/<stage> group declared with a retention; otherwise API Gateway creates it, kept forever and unencrypted.",
            conditions: {
                "undeclared-group": "the execution log group is declared in the stack",
                "no-retention": "the declared execution log group has a retention",
            },
        },
        AwsTypes.methodSettings,
        (r, all, flag) => {
            const level = known(known(r.props, "settings"), "loggingLevel");
            if (level === undefined || level === "OFF") return;
            const [restApi, stageName] = [known(r.props, "restApi"), known(r.props, "stageName")];
            if (typeof restApi !== "string" || typeof stageName !== "string") return; // unknown during a preview: judged at up
            const group = executionLogGroupName(restApi, stageName);
            const declared = all.find((x) => AwsTypes.logGroup.includes(x.type as never) && known(x.props, "name") === group);
            if (!declared) {
                flag(
                    "undeclared-group",
                    `execution logging is ${level} but no log group ${group} is declared: declare it (retention, KMS key) before the stage, or set loggingLevel OFF and rely on access logs`,
                );
            } else if (!known(declared.props, "retentionInDays")) {
                flag("no-retention", `log group ${group} keeps execution logs forever: set retentionInDays`);
            }
        },
    );
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

export const awsPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    bucketNotificationUnambiguous(),
    apigatewayExecutionLogsDeclared(),
    iamActionsValid(),
    iamPolicyGrammar(),
];
