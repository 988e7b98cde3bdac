/** The operations area's documents: the alarm topic's key policy. Pure. */
import { PolicyDocument, doc, keyAdministration } from "../../lib/iam";

/**
 * Key policy of the alarm topic's CMK: the account administers it, CloudWatch alarms of this
 * account may publish to the topic encrypted with it.
 */
export function alarmKeyPolicy({ partition, accountId }: { partition: string; accountId: string }): PolicyDocument {
    return doc(
        keyAdministration(partition, accountId),
        {
            Sid: "AllowCloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    );
}
