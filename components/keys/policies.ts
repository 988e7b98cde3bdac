/** The security area's documents: the analytics key's and the logs key's policies. Pure. */
import type { AccountScope } from "../../lib/account-scope";
import { PolicyDocument, Statement, doc, glueLogGroupsArn, keyAdministration, logGroupArn, s3EventNotificationsKeyUse } from "../../lib/iam";

/**
 * What CloudWatch Logs does with a log group's key, for the groups `logGroups` (an ARN pattern)
 * only: the encryption context of every request names the log group
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
function logsServiceUse(sid: string, s: AccountScope, logGroups: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: `logs.${s.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroups } },
    };
}

/**
 * Key policy of the analytics CMK (Glue security configurations, Athena results, ETL artifacts,
 * crawler event queues). The account administers it, so IAM policies grant its use; CloudWatch
 * Logs may use it for Glue's log groups only; S3 may use it to notify the crawler event queues
 * encrypted with it (this account only; SQS uses the key with its callers' permissions).
 */
export function analyticsKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(
        keyAdministration(s.partition, s.accountId),
        logsServiceUse("AllowGlueLogGroups", s, glueLogGroupsArn(s)),
        s3EventNotificationsKeyUse(s.accountId),
    );
}

/**
 * Key policy of the logs CMK, which encrypts the lake's own log groups (Lambda, API Gateway
 * access logs, Firehose delivery errors): the account administers it; CloudWatch Logs may use it
 * for this account's log groups in this region, and nothing else may.
 */
export function logsKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(keyAdministration(s.partition, s.accountId), logsServiceUse("AllowAccountLogGroups", s, logGroupArn(s, "*")));
}
