/**
 * Every policy of the pack: the lake's core rules (./rules), the catalog/query/ETL rules
 * (./rules-analytics), the ingest rules (./rules-ingest) and what AWS itself refuses (./rules-aws). The pack's entry serves this list;
 * tests evaluate it against the recorded stacks.
 */
import { Policies } from "@pulumi/policy";
import { policies } from "./rules";
import { analyticsPolicies } from "./rules-analytics";
import { ingestPolicies } from "./rules-ingest";
import { awsPolicies } from "./rules-aws";

export const allPolicies: Policies = [...policies, ...analyticsPolicies, ...ingestPolicies, ...awsPolicies];
