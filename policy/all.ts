/**
 * Every policy of the pack: the lake's core rules (./rules), the catalog/query/ETL rules
 * (./rules-analytics), the ingest rules (./rules-ingest) and the governance rules (./rules-governance). The pack's entry serves this list;
 * tests evaluate it against the recorded stacks.
 */
import { Policies } from "@pulumi/policy";
import { policies } from "./rules";
import { analyticsPolicies } from "./rules-analytics";
import { governancePolicies } from "./rules-governance";
import { ingestPolicies } from "./rules-ingest";

export const allPolicies: Policies = [...policies, ...analyticsPolicies, ...ingestPolicies, ...governancePolicies];
