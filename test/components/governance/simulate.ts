/**
 * IAM evaluation for the tests, through @cloud-copilot/iam-simulate (the AWS evaluation logic:
 * explicit Deny over Allow, action and resource wildcards, conditions, resource types checked
 * against the service's IAM reference data, unknown actions refused).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { ACCOUNT_ID } from "../../../harness/program";
import type { PolicyDocument } from "../../../lib/iam";

export const CALLER = `arn:aws:iam::${ACCOUNT_ID}:role/persona-session`;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "NotApplicable";

/**
 * The decision for `principal` calling `action` on `resource` with an identity policy and/or a
 * resource policy. `NotApplicable` when the action does not act on that kind of resource; any
 * other simulation error (an unknown action, a malformed policy) throws.
 */
export async function decide(
    action: string,
    resource: string,
    policies: { identity?: PolicyDocument; resource?: PolicyDocument; principal?: string; context?: Record<string, string | string[]> },
): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: policies.principal ?? CALLER,
                action,
                resource: { resource, accountId: ACCOUNT_ID },
                contextVariables: policies.context ?? {},
            },
            identityPolicies: policies.identity ? [{ name: "identity", policy: policies.identity }] : [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policies.resource,
        },
        {},
    );
    if (result.resultType === "error") {
        if (result.errors.message === "no.resource.types") return "NotApplicable";
        throw new Error(`simulating ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as Decision;
}

/** True when the identity policy allows `action` on `resource`. */
export async function allows(policy: PolicyDocument, action: string, resource: string, context?: Record<string, string | string[]>): Promise<boolean> {
    return (await decide(action, resource, { identity: policy, context })) === "Allowed";
}
