/**
 * Every policy of the pack: the lake's core rules (./rules), the catalog/query/ETL rules
 * (./rules-analytics), the ingest rules (./rules-ingest) and the warehouse, EMR and network rules
 * (./rules-warehouse). The pack's entry serves this list;
 * tests evaluate it against the recorded stacks.
 */
import { Policies } from "@pulumi/policy";
import { policies } from "./rules";
import { analyticsPolicies } from "./rules-analytics";
import { ingestPolicies } from "./rules-ingest";
import { warehousePolicies } from "./rules-warehouse";

export const allPolicies: Policies = [...policies, ...analyticsPolicies, ...ingestPolicies, ...warehousePolicies];
