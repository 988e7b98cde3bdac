/**
 * What a Lambda function needs before it first runs: its log group, declared with a retention and
 * the logs CMK (otherwise Lambda creates one that keeps logs forever, unencrypted by a key of ours), the execution role Lambda assumes and
 * the role's inline policy (with X-Ray trace writing when the function traces), and the
 * function's tracing mode. Shared by every function of the lake. A function rather than a
 * component so that the resources keep their names (`<prefix>-logs`, `<prefix>-role`,
 * `<prefix>-policy`) and parent, and so their URNs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyDocument, withTraceWriting } from "./iam";
import { lambdaLogGroupName } from "./names";
import { roleWithPolicy } from "./service-role";

export interface LambdaExecutionArgs {
    /** Physical name of the function; its log group is `/aws/lambda/<functionName>`. Required. */
    functionName: string;
    /** Description of the role. Required. */
    description: string;
    /** Log group retention in days (a CloudWatch value). Required. */
    logRetentionDays: number;
    /** The logs CMK the log group is encrypted with (components/keys LogsKey). Required. */
    logsKeyArn: pulumi.Input<string>;
    /** The role's inline policy document, given the log group's ARN. Required. */
    policy: (logGroupArn: pulumi.Output<string>) => pulumi.Input<PolicyDocument>;
    /** X-Ray active tracing: the function traces and its role may write traces. Required (one setting for every function). */
    tracing: boolean;
}

export interface LambdaExecution {
    logGroup: aws.cloudwatch.LogGroup;
    role: aws.iam.Role;
    /** The function should depend on it, so it never runs without its permissions. */
    policy: aws.iam.RolePolicy;
    /** The function's `tracingConfig`: `Active` with tracing, else Lambda's default `PassThrough`. */
    tracingConfig: { mode: "Active" | "PassThrough" };
}

/** Creates the log group, role and policy as children of `parent`, names prefixed with `prefix`. */
export function lambdaExecution(prefix: string, args: LambdaExecutionArgs, parent: pulumi.Resource): LambdaExecution {
    const logGroup = new aws.cloudwatch.LogGroup(
        `${prefix}-logs`,
        { name: lambdaLogGroupName(args.functionName), retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn },
        { parent },
    );
    const document = pulumi.output(args.policy(logGroup.arn));
    const { role, policy } = roleWithPolicy(
        prefix,
        {
            role: { service: "lambda.amazonaws.com", description: args.description },
            policy: document.apply((d) => JSON.stringify(args.tracing ? withTraceWriting(d) : d)),
        },
        parent,
    );
    return { logGroup, role, policy, tracingConfig: { mode: args.tracing ? "Active" : "PassThrough" } };
}
