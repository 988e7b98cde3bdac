/** CloudWatch Logs log group rules: a retention and a customer managed key. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { Types, isSet, known } from "../resources";
import { isAwsManagedKey } from "./kms";

export function logGroupRetention(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "log-group-retention",
            description: "CloudWatch log groups set retentionInDays (never 'keep forever').",
            conditions: { forever: "retentionInDays is a positive number" },
        },
        Types.logGroup,
        (group, _args, flag) => {
            if (!(Number(group.retentionInDays) > 0)) flag("forever", "log group keeps logs forever: set retentionInDays (from config logRetentionDays)");
        },
    );
}

export function logGroupCmkEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "log-group-cmk-encryption",
            description: "CloudWatch log groups are encrypted with a customer managed KMS key (kmsKeyId).",
            conditions: { "no-key": "kmsKeyId is set", "aws-managed-key": "the key is a customer managed key" },
        },
        Types.logGroup,
        (group, _args, flag) => {
            if (!isSet(group, "kmsKeyId")) flag("no-key", "log group is encrypted only with CloudWatch's own key: set kmsKeyId to the logs CMK");
            else if (isAwsManagedKey(known(group, "kmsKeyId"))) flag("aws-managed-key", "log group names an AWS managed key: use a customer managed key");
        },
    );
}
