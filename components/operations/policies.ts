/** The operations area's documents: the alarm topic's key policy and topic policy. Pure. */
import { AccountScope, PolicyDocument, accountRootArn, doc, keyAdministration } from "../../lib/iam";

/**
 * Key policy of the alarm topic's CMK: the account administers it; CloudWatch alarms of this
 * account and EventBridge rules may publish to the topic encrypted with it (a publisher to an
 * encrypted topic needs GenerateDataKey and Decrypt on its key). The EventBridge statement is the
 * one AWS documents for encrypted SNS targets ("Why isn't my Amazon SNS topic receiving
 * EventBridge notifications?", AWS Knowledge Center), without a source condition: which rules may
 * publish is decided by the topic policy (each rule by `aws:SourceArn`).
 */
export function alarmKeyPolicy({ partition, accountId }: { partition: string; accountId: string }): PolicyDocument {
    const publish = ["kms:GenerateDataKey*", "kms:Decrypt"];
    return doc(
        keyAdministration(partition, accountId),
        {
            Sid: "AllowCloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: publish,
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
        { Sid: "AllowEventBridgeRules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: publish, Resource: "*" },
    );
}

export interface AlarmTopicPolicyArgs extends AccountScope {
    topicArn: string;
    /** ARNs of the EventBridge rules that publish failure events. */
    ruleArns: string[];
}

/**
 * Topic policy of the alarm topic. Setting one replaces SNS's default policy, so it restates the
 * account's own use, then lets this account's CloudWatch alarms and the lake's failure-event
 * rules (by `aws:SourceArn`, each rule by ARN) publish, over TLS only.
 */
export function alarmTopicPolicy(a: AlarmTopicPolicyArgs): PolicyDocument {
    const statements = doc(
        {
            Sid: "AccountUse",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(a.partition, a.accountId) },
            Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"],
            Resource: a.topicArn,
        },
        {
            Sid: "AllowCloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: a.topicArn,
            Condition: {
                ArnLike: { "aws:SourceArn": `arn:${a.partition}:cloudwatch:${a.region}:${a.accountId}:alarm:*` },
                StringEquals: { "aws:SourceAccount": a.accountId },
            },
        },
    );
    if (a.ruleArns.length > 0) {
        statements.Statement.push({
            Sid: "AllowFailureEventRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: a.topicArn,
            Condition: { ArnEquals: { "aws:SourceArn": a.ruleArns } },
        });
    }
    statements.Statement.push({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: a.topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    return statements;
}
