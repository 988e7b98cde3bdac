/**
 * IAM roles the way every area makes them. `serviceRole`: a role a service assumes, with its trust
 * policy (lib/iam `serviceTrustPolicy`), for the Lambda, Glue, Firehose and API Gateway roles.
 * `roleWithPolicy`: such a role (or one of other args) with its inline policy, the pair most
 * areas need. Functions rather than components, so each resource keeps its name and parent, and so
 * its URN.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./iam";

export interface ServiceRoleArgs {
    /** Service principal that assumes the role, e.g. `glue.amazonaws.com`. Required. */
    service: string;
    /** Description of the role. Required. */
    description: pulumi.Input<string>;
    /** The account, for the services whose documented trust names it (lib/trust.ts, e.g. Firehose's sts:ExternalId). Default: none. */
    accountId?: pulumi.Input<string>;
}

/** Creates the role `name` as a child of `parent`. */
export function serviceRole(name: string, args: ServiceRoleArgs, parent: pulumi.Resource): aws.iam.Role {
    const assumeRolePolicy =
        args.accountId === undefined
            ? JSON.stringify(serviceTrustPolicy(args.service))
            : pulumi.output(args.accountId).apply((account) => JSON.stringify(serviceTrustPolicy(args.service, account)));
    return new aws.iam.Role(name, { description: args.description, assumeRolePolicy }, { parent });
}

export interface RoleWithPolicyArgs {
    /** The role: a service role's args, or any role's (a persona's, trusting principals). Required. */
    role: ServiceRoleArgs | aws.iam.RoleArgs;
    /** The inline policy (JSON); a function of the role where the policy names it. Required. */
    policy: pulumi.Input<string> | ((role: aws.iam.Role) => pulumi.Input<string>);
    /** Name of the policy resource. Default: `<prefix>-policy`. */
    policyName?: string;
}

export interface RoleWithPolicy {
    role: aws.iam.Role;
    /** What a resource that acts through the role depends on, so it never acts without its permissions. */
    policy: aws.iam.RolePolicy;
}

/** Creates the role `<prefix>-role` and its inline policy as children of `parent`. */
export function roleWithPolicy(prefix: string, args: RoleWithPolicyArgs, parent: pulumi.Resource): RoleWithPolicy {
    const name = `${prefix}-role`;
    const role = "service" in args.role ? serviceRole(name, args.role, parent) : new aws.iam.Role(name, args.role, { parent });
    const document = typeof args.policy === "function" ? args.policy(role) : args.policy;
    const policy = new aws.iam.RolePolicy(args.policyName ?? `${prefix}-policy`, { role: role.name, policy: document }, { parent });
    return { role, policy };
}
