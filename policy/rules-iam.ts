/**
 * Rules on who may do what, in the order they are reported: identity and trust policies
 * (./rules/iam.ts), the accounts resource policies name (./rules/resource-policies.ts), and Lambda
 * invoke permissions (./rules/lambda.ts).
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    iamKeyAndBucketActionsScoped,
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamPassRoleScoped,
    iamTrustPrincipals,
    iamTrustServiceConditions,
} from "./rules/iam";
import { lambdaPermissionPrincipal } from "./rules/lambda";
import { resourcePolicyNoForeignPrincipal } from "./rules/resource-policies";

/** Every IAM and resource-policy rule, in the order they are reported. */
export const iamPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    iamNoWildcardAction(),
    iamNoWildcardResource(),
    iamPassRoleScoped(),
    iamKeyAndBucketActionsScoped(),
    iamTrustPrincipals(),
    iamTrustServiceConditions(),
    resourcePolicyNoForeignPrincipal(),
    lambdaPermissionPrincipal(),
];
