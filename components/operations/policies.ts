/** The operations area's documents: the alarm topic's key policy and topic policy. Pure. */
import { PolicyDocument, doc, keyAdministration, publisherKeyUse } from "../../lib/iam";

/**
 * Key policy of the alarm topic's CMK: the account administers it, CloudWatch alarms of this
 * account and EventBridge rules may publish to the topic encrypted with it (SNS encrypts with the
 * publisher's permissions: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 * The EventBridge statement is the one that page shows for events.amazonaws.com, without a source
 * condition: which rules may publish is decided by the topic policy (each rule by `aws:SourceArn`).
 */
export function alarmKeyPolicy({ partition, accountId }: { partition: string; accountId: string }): PolicyDocument {
    return doc(
        keyAdministration(partition, accountId),
        publisherKeyUse("AllowCloudWatchAlarms", "cloudwatch.amazonaws.com", accountId),
        publisherKeyUse("AllowEventBridgeRules", "events.amazonaws.com"),
    );
}

export interface AlarmTopicPolicyArgs {
    topicArn: string;
    partition: string;
    region: string;
    accountId: string;
    /** ARNs of the EventBridge rules that publish failure events. Default none. */
    ruleArns?: string[];
}

/**
 * Policy of the alarm topic: this account's CloudWatch alarms (in this region) and the lake's
 * failure-event rules (each by `aws:SourceArn`) may publish, and nobody may publish without TLS. The account's own IAM principals keep what their identity
 * policies grant (same-account access needs no resource-policy grant).
 */
export function alarmTopicPolicy(a: AlarmTopicPolicyArgs): PolicyDocument {
    return doc(
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
        ...(a.ruleArns?.length
            ? [
                  {
                      Sid: "AllowFailureEventRules",
                      Effect: "Allow" as const,
                      Principal: { Service: "events.amazonaws.com" },
                      Action: "sns:Publish",
                      Resource: a.topicArn,
                      Condition: { ArnEquals: { "aws:SourceArn": a.ruleArns } },
                  },
              ]
            : []),
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: a.topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    );
}
