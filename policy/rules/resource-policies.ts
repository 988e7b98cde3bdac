/**
 * Bucket, queue, key and topic policies: principals only of this account (or a trusted one), no open
 * principal without a narrowing condition, and a service principal on a topic or bucket policy
 * scoped to its source.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceRule, stackRule } from "../define";
import {
    PolicyDocumentError,
    accountOf,
    conditionValues,
    hasRestrictingCondition,
    isAllow,
    isEveryone,
    principalsOf,
    readStatements,
    sid,
    statements,
} from "../documents";
import { AccountConfig, GovernanceTypes, accountConfigSchema, homeAccount, isForeign, known } from "../resources";

/** Inputs that carry resource policies, per resource type. */
export const RESOURCE_POLICY_PROPS: Record<string, string> = {
    "aws:s3/bucket:Bucket": "policy",
    "aws:s3/bucketV2:BucketV2": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
};

export function noWildcardPrincipal(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-wildcard-principal",
            description: 'Bucket, queue, key and topic policies never Allow Principal "*" (or NotPrincipal) without a condition that narrows the caller.',
            conditions: {
                "open-principal": 'no Allow to "*" or NotPrincipal without a narrowing condition',
                "unreadable-policy": "the policy document is JSON",
            },
        },
        Object.keys(RESOURCE_POLICY_PROPS),
        (props, args, flag) => {
            // A document still unknown at preview (built from ARNs) is judged at `up`.
            for (const s of readStatements(known(props, RESOURCE_POLICY_PROPS[args.type]), (m) => flag("unreadable-policy", m))) {
                const open = isAllow(s) && (isEveryone(s.Principal) || s.NotPrincipal !== undefined);
                if (open && !hasRestrictingCondition(s)) {
                    flag(
                        "open-principal",
                        `statement ${s.Sid ? `'${s.Sid}' ` : ""}allows any principal with no restricting condition: name the principal, ` +
                            `or add a condition such as aws:SourceArn / aws:SourceAccount / aws:PrincipalAccount`,
                    );
                }
            }
        },
    );
}

/**
 * Topic and bucket policies let a service principal in only for this account's or this
 * resource's calls (`aws:SourceArn` or `aws:SourceAccount`): otherwise any account's use of that
 * service could act on the resource (the confused deputy).
 */
export function servicePrincipalsScoped(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "service-principal-scoped",
            description: "Topic and bucket policies allow service principals only with aws:SourceArn or aws:SourceAccount.",
            conditions: {
                "unscoped-service": "an Allow to a service principal carries aws:SourceArn or aws:SourceAccount",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        [GovernanceTypes.topicPolicy, GovernanceTypes.bucketPolicy],
        (props, _args, flag) => {
            let all;
            try {
                // A document still unknown at preview (built from ARNs) is judged at `up`.
                all = statements(known(props, "policy"));
            } catch (e) {
                if (!(e instanceof PolicyDocumentError)) throw e;
                flag("unreadable-policy", e.message);
                return;
            }
            for (const s of all) {
                const principal = s.Principal as { Service?: unknown } | undefined;
                if (!isAllow(s) || typeof principal !== "object" || principal === null || principal.Service === undefined) continue;
                const scoped = ["aws:SourceArn", "aws:SourceAccount"].some(
                    (k) => conditionValues(s, ["StringEquals", "ArnEquals", "ArnLike", "StringLike"], k).length > 0,
                );
                if (!scoped)
                    flag(
                        "unscoped-service",
                        `statement ${s.Sid ?? "(no Sid)"} allows ${JSON.stringify(principal.Service)} without an aws:SourceArn or aws:SourceAccount condition`,
                    );
            }
        },
    );
}

export function resourcePolicyNoForeignPrincipal(): StackValidationPolicy {
    return stackRule(
        {
            name: "resource-policy-no-foreign-principal",
            description: "Bucket, queue, key and topic policies allow only principals of this account (or of an account listed in trustedAccounts).",
            configSchema: accountConfigSchema,
            conditions: {
                "foreign-account": "Allow statements name principals of this account or a trusted one",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        Object.keys(RESOURCE_POLICY_PROPS),
        (r, all, flag, args) => {
            const config = args.getConfig<AccountConfig>();
            const home = homeAccount(all, config);
            const document = known(r.props, RESOURCE_POLICY_PROPS[r.type]);
            for (const s of readStatements(document, (m) => flag("unreadable-policy", m)).filter(isAllow)) {
                for (const p of principalsOf(s, "AWS").filter((x) => isForeign(accountOf(x), home, config))) {
                    flag("foreign-account", `${sid(s)} of '${r.name}' allows ${p}, another account: add it to trustedAccounts if intended`);
                }
            }
        },
    );
}
