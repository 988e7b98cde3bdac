/**
 * Entry of the `datalake-policies` pack, run by `pulumi preview --policy-pack policy`.
 * Constructing the PolicyPack starts the analyzer's gRPC server, so nothing else imports this
 * file: tests import the rules from ./rules and call them directly.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("datalake-policies", {
    policies,
    enforcementLevel: "mandatory",
    description: "The serverless data lake's own security and durability rules.",
});
