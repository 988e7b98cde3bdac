/**
 * The safe-deploy rules (issue 21), in the order they are reported; each lives in its service's
 * file under ./rules (lambda.ts). The pack lists `deployPolicies` next to the others.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { lambdaInvokedThroughAlias, lambdaProdRollbackAlarm, lambdaPublishedBehindAlias } from "./rules/lambda";

export const deployPolicies: StackValidationPolicy[] = [lambdaPublishedBehindAlias(), lambdaInvokedThroughAlias(), lambdaProdRollbackAlarm()];
