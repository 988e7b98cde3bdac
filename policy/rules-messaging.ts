/**
 * The lake's rules for its queues and topics beyond encryption at rest of queues, in the order they
 * are reported; each lives in its service's file under ./rules (sqs.ts, sns.ts). Every SQS queue
 * (dead-letter queues too) and every SNS topic refuses requests without TLS, and topics are
 * encrypted with a customer managed key.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { snsCmkEncryption, snsTlsOnly } from "./rules/sns";
import { sqsTlsOnly } from "./rules/sqs";

/** Every queue and topic rule, in the order they are reported. */
export const messagingPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [sqsTlsOnly(), snsCmkEncryption(), snsTlsOnly()];
