/**
 * The real-time and serving rules, in the order they are reported; each lives in its service's
 * file under ./rules (dynamodb.ts, lambda.ts for stream event source mappings, scheduler.ts). The
 * pack lists `realtimePolicies` next to the others.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { dynamodbProdDurability, dynamodbTableCmk } from "./rules/dynamodb";
import { streamMappingFailureHandling } from "./rules/lambda";
import { scheduleDeadLetter } from "./rules/scheduler";

export const realtimePolicies: ResourceValidationPolicy[] = [
    dynamodbTableCmk(),
    dynamodbProdDurability(),
    streamMappingFailureHandling(),
    scheduleDeadLetter(),
];
