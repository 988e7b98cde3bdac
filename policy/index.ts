/**
 * Entry of the `datalake-policies` pack, run by `pulumi preview --policy-pack policy`.
 * Constructing the PolicyPack starts the analyzer's gRPC server, so nothing else imports this
 * file: tests import the rules (./all, ./rules, ...) and call them directly.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";

new PolicyPack("datalake-policies", {
    policies: allPolicies,
    enforcementLevel: "mandatory",
    description: "The serverless data lake's own security and durability rules.",
});
