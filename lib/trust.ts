/**
 * What each AWS service sends when it assumes a role, so a trust policy can require it (confused-
 * deputy protection) without requiring what the service never sends: a condition on a key the
 * service does not supply makes every AssumeRole by that service fail. ONE table, read by the
 * components' trust-policy builders (`serviceTrustPolicy`) and by the policy pack's trust rule
 * (policy/rules/iam.ts), so the two cannot drift apart.
 *
 * Add a service only with the conditions its own documentation shows in the trust policy of the
 * role it assumes, and cite that page. Pure: no Pulumi imports (the policy pack loads it).
 */
import type { PolicyDocument, Statement } from "./policy-document";

/** Where a condition's value comes from. */
export type TrustValue = "accountId";

export interface TrustCondition {
    operator: "StringEquals";
    key: string;
    value: TrustValue;
}

export interface ServiceTrust {
    /** Service principal, e.g. `lambda.amazonaws.com`. */
    principal: string;
    /** Conditions the service documents for its role's trust policy; [] when documented without one. */
    conditions: readonly TrustCondition[];
    /** The AWS page showing that trust policy. */
    documentation: string;
}

const SERVICES: readonly ServiceTrust[] = [
    {
        // Execution role trust policy: the principal only.
        principal: "lambda.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
    },
    {
        // Service role for crawlers and jobs: the principal only.
        principal: "glue.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html",
    },
    {
        // "Grant Firehose access to an Amazon S3 destination": sts:ExternalId is the account id.
        principal: "firehose.amazonaws.com",
        conditions: [{ operator: "StringEquals", key: "sts:ExternalId", value: "accountId" }],
        documentation: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3",
    },
    {
        // The account-wide CloudWatch logging role: documented without a condition.
        principal: "apigateway.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
    },
    {
        // Scheduler execution role: aws:SourceAccount is the schedule's account.
        principal: "scheduler.amazonaws.com",
        conditions: [{ operator: "StringEquals", key: "aws:SourceAccount", value: "accountId" }],
        documentation: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role",
    },
    {
        // Flow-log delivery role: aws:SourceAccount (and an aws:SourceArn of the account's flow logs).
        principal: "vpc-flow-logs.amazonaws.com",
        conditions: [{ operator: "StringEquals", key: "aws:SourceAccount", value: "accountId" }],
        documentation: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
    },
    {
        // Role Redshift assumes for COPY and Spectrum: the principal only.
        principal: "redshift.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html",
    },
    {
        // EMR Serverless job runtime role: the principal only.
        principal: "emr-serverless.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html",
    },
    {
        // EMR service role: aws:SourceAccount (and an aws:SourceArn of the account's clusters).
        principal: "elasticmapreduce.amazonaws.com",
        conditions: [{ operator: "StringEquals", key: "aws:SourceAccount", value: "accountId" }],
        documentation: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html",
    },
    {
        // Role CloudTrail delivers events to CloudWatch Logs with: the principal only (the page
        // notes that this role does not support aws:SourceArn or aws:SourceAccount).
        principal: "cloudtrail.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html",
    },
    {
        // Role a registered S3 location is accessed with ("Requirements for roles used to register
        // locations"): the principal only (sts:SetContext is for IAM Identity Center users, not used here).
        principal: "lakeformation.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/lake-formation/latest/dg/registration-role.html",
    },
    {
        // Role of the EMR cluster's EC2 instance profile: the principal only.
        principal: "ec2.amazonaws.com",
        conditions: [],
        documentation: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-for-ec2.html",
    },
];

/** The table entry of a service principal, or undefined when the table does not know it. */
export function serviceTrust(principal: string): ServiceTrust | undefined {
    return SERVICES.find((s) => s.principal === principal);
}

/** Every service principal the table knows. */
export function trustedServices(): string[] {
    return SERVICES.map((s) => s.principal);
}

/** The values conditions may need (only the services whose entry names them need them). */
export interface TrustContext {
    accountId?: string;
}

/** The Condition block a trust statement for `principal` carries; undefined when documented without one. */
export function trustConditions(principal: string, ctx: TrustContext = {}): Statement["Condition"] {
    const entry = serviceTrust(principal);
    if (!entry) throw new Error(`lib/trust.ts: no trust entry for ${principal}: add it with the conditions its documentation shows`);
    if (entry.conditions.length === 0) return undefined;
    const condition: Record<string, Record<string, string>> = {};
    for (const c of entry.conditions) {
        const value = ctx[c.value];
        if (value === undefined) throw new Error(`lib/trust.ts: the trust policy of ${principal} needs ${c.value} (${c.key})`);
        condition[c.operator] = { ...condition[c.operator], [c.key]: value };
    }
    return condition;
}

/**
 * Trust policy letting exactly `principal` assume the role, with the conditions that service
 * documents; its statement is `sid` (lib/iam names it after the service).
 */
export function serviceTrustPolicy(principal: string, ctx: TrustContext, sid: string): PolicyDocument {
    const condition = trustConditions(principal, ctx);
    const statement: Statement = {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: principal },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
    };
    return { Version: "2012-10-17", Statement: [statement] };
}
