/**
 * Rules for what AWS itself would refuse or quietly do otherwise, which the mocks accept: a bucket
 * notification S3 rejects as ambiguous; API Gateway execution logging into a group it creates
 * itself (no retention, no key); IAM actions that do not exist or cannot match as written (IAM
 * accepts them and never grants anything), among them KMS actions gated on a grant-only condition key;
 * policy documents outside the IAM policy grammar (IAM, S3, SQS, SNS and KMS refuse them). In the
 * order they are reported; each lives in its service's file under ./rules (s3.ts, apigateway.ts,
 * iam.ts). The pack lists `awsPolicies`.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { apigatewayExecutionLogsDeclared } from "./rules/apigateway";
import { iamActionsValid, iamPolicyGrammar } from "./rules/iam";
import { bucketNotificationUnambiguous } from "./rules/s3";

export const awsPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    bucketNotificationUnambiguous(),
    apigatewayExecutionLogsDeclared(),
    iamActionsValid(),
    iamPolicyGrammar(),
];
