/**
 * A Lambda function in the lake VPC (config `network.lambdasInVpc`): its `vpcConfig` and the ENI
 * permissions its role needs, shared by the zone processors, the real-time function and the
 * serving functions.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonOf } from "../../lib/outputs";
import type { AccountScope } from "../../lib/account-scope";
import { lambdaVpcAccessPolicy } from "./settings";

/** The VPC a function runs in: its subnets and security groups, and where their ARNs start. */
export interface LambdaVpc {
    scope: pulumi.Input<AccountScope>;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string[]>;
    securityGroupIds: pulumi.Input<string>[];
}

/** The function's `vpcConfig` (undefined outside a VPC). */
export function vpcConfigOf(vpc: LambdaVpc | undefined): aws.types.input.lambda.FunctionVpcConfig | undefined {
    return vpc && { subnetIds: vpc.subnetIds, securityGroupIds: vpc.securityGroupIds };
}

/**
 * In a VPC: the ENI permissions (`<prefix>-vpc-access`), in a policy of their own so a stack
 * without a VPC keeps its resources as they were. The function depends on it: Lambda checks the
 * role's ENI permissions when it creates or updates the function.
 */
export function vpcAccessPolicies(prefix: string, vpc: LambdaVpc | undefined, role: aws.iam.Role, parent: pulumi.Resource): aws.iam.RolePolicy[] {
    if (!vpc) return [];
    const policy = jsonOf(
        { scope: vpc.scope, vpcId: vpc.vpcId, subnetIds: vpc.subnetIds, securityGroupIds: pulumi.all(vpc.securityGroupIds) },
        lambdaVpcAccessPolicy,
    );
    return [new aws.iam.RolePolicy(`${prefix}-vpc-access`, { role: role.name, policy }, { parent })];
}
