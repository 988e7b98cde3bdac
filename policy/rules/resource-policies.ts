/** Bucket, queue, key and topic policies: no open principal without a narrowing condition. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { hasRestrictingCondition, isAllow, isEveryone, readStatements } from "../documents";
import { known } from "../resources";
import { RESOURCE_POLICY_PROPS } from "../rules-iam";

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
