/**
 * The governance and operations rules, in the order they are reported; each lives in its
 * service's file under ./rules (cloudtrail.ts, resource-policies.ts for service principals on topic
 * and bucket policies, tagging.ts, lakeformation.ts, macie.ts). The pack lists `governancePolicies` next to the others.
 */
import { Policies } from "@pulumi/policy";
import { trailCloudWatchLogs, trailDataEvents, trailHardened } from "./rules/cloudtrail";
import { lakeFormationAdminsConfigured, lakeFormationHybridRegistration, lakeFormationNoIamAllowedOnPii } from "./rules/lakeformation";
import { macieDiscoveryScoped } from "./rules/macie";
import { servicePrincipalsScoped } from "./rules/resource-policies";
import { costAllocationTags } from "./rules/tagging";

export const governancePolicies: Policies = [
    trailHardened(),
    trailDataEvents(),
    trailCloudWatchLogs(),
    servicePrincipalsScoped(),
    costAllocationTags(),
    lakeFormationHybridRegistration(),
    lakeFormationAdminsConfigured(),
    lakeFormationNoIamAllowedOnPii(),
    macieDiscoveryScoped(),
];
