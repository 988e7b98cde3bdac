/**
 * Every policy of the pack: the lake's core rules (./rules/, a file per service), IAM and
 * resource-policy rules (./rules-iam), queue and topic rules (./rules-messaging), the
 * catalog/query/ETL rules (./rules-analytics), the ingest rules (./rules-ingest), the governance
 * rules (./rules-governance), the rules of the optional warehouse, EMR and network
 * (./rules-warehouse) the real-time and serving rules (./rules-realtime), the safe-deploy rules
 * (./rules-deploys) and what AWS itself
 * refuses or does quietly otherwise (./rules-aws). The pack's entry serves this list; tests
 * evaluate it against the recorded stacks.
 */
import { Policies } from "@pulumi/policy";
import { policies } from "./rules";
import { analyticsPolicies } from "./rules-analytics";
import { governancePolicies } from "./rules-governance";
import { iamPolicies } from "./rules-iam";
import { ingestPolicies } from "./rules-ingest";
import { messagingPolicies } from "./rules-messaging";
import { realtimePolicies } from "./rules-realtime";
import { deployPolicies } from "./rules-deploys";
import { warehousePolicies } from "./rules-warehouse";
import { awsPolicies } from "./rules-aws";

export const allPolicies: Policies = [
    ...policies,
    ...iamPolicies,
    ...messagingPolicies,
    ...analyticsPolicies,
    ...ingestPolicies,
    ...governancePolicies,
    ...warehousePolicies,
    ...realtimePolicies,
    ...deployPolicies,
    ...awsPolicies,
];
