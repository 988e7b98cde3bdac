/** Managed policies attached to roles, users and groups: none grants full access. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";

/** Inputs that carry managed policy ARNs, per resource type. */
const MANAGED_POLICY_PROPS: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

/** `*FullAccess` managed policies (AmazonS3FullAccess, AWSLambda_FullAccess, ...) and AdministratorAccess. */
export function isFullAccessPolicy(arn: string): boolean {
    const name = arn.split("/").pop() ?? "";
    return /FullAccess$/i.test(name) || name === "AdministratorAccess";
}

export function noFullAccessPolicies(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-full-access-managed-policies",
            description: "No *FullAccess (or AdministratorAccess) managed policy is attached to a role, user or group.",
            conditions: { "full-access": "no *FullAccess or AdministratorAccess managed policy" },
        },
        Object.keys(MANAGED_POLICY_PROPS),
        (props, args, flag) => {
            const value = props[MANAGED_POLICY_PROPS[args.type]];
            const arns = (Array.isArray(value) ? value : [value]).filter((a): a is string => typeof a === "string");
            for (const arn of arns.filter(isFullAccessPolicy)) {
                flag("full-access", `managed policy ${arn} grants full access: attach a least-privilege policy scoped to the zone's bucket, key and queue`);
            }
        },
    );
}
