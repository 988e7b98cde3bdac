/**
 * An IAM role a service assumes, with its trust policy (lib/iam `serviceTrustPolicy`): the one
 * way every area makes its Lambda, Glue, Firehose and API Gateway roles. A function rather than a
 * component, so each role keeps its name and parent, and so its URN.
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
