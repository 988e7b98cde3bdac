/** The security area's documents: the analytics key's policy. Pure. */
import { AccountScope, PolicyDocument, doc, glueLogGroupsArn, keyAdministration } from "../../lib/iam";

/**
 * Key policy of the analytics CMK (Glue security configurations, Athena results, ETL artifacts,
 * crawler event queues). The account administers it, so IAM policies grant its use; CloudWatch
 * Logs may use it for Glue's log groups only; S3 and SQS may use it for the crawler event queues
 * S3 notifies (this account only).
 */
export function analyticsKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(
        keyAdministration(s.partition, s.accountId),
        {
            Sid: "AllowGlueLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${s.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": glueLogGroupsArn(s) } },
        },
        {
            Sid: "AllowS3AndSqsServiceUse",
            Effect: "Allow",
            Principal: { Service: ["s3.amazonaws.com", "sqs.amazonaws.com"] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
        },
    );
}
