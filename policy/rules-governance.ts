/**
 * The governance and operations rules, in the order they are reported; each lives in its
 * service's file under ./rules (cloudtrail.ts, resource-policies.ts for service principals on topic
 * and bucket policies, tagging.ts). The pack lists `governancePolicies` next to the others.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { trailCloudWatchLogs, trailDataEvents, trailHardened } from "./rules/cloudtrail";
import { servicePrincipalsScoped } from "./rules/resource-policies";
import { costAllocationTags } from "./rules/tagging";

export const governancePolicies: ResourceValidationPolicy[] = [
    trailHardened(),
    trailDataEvents(),
    trailCloudWatchLogs(),
    servicePrincipalsScoped(),
    costAllocationTags(),
];
