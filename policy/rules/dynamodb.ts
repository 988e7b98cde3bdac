/** DynamoDB table rules: a customer managed key; in prod, point-in-time recovery and deletion protection. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { prodResourceRule, resourceRule } from "../define";
import { RealtimeTypes, isSet, known } from "../resources";

export function dynamodbTableCmk(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "dynamodb-table-cmk-encryption",
            description: "DynamoDB tables are encrypted with a customer managed KMS key (serverSideEncryption {enabled, kmsKeyArn}).",
            conditions: { "customer-managed-key": "serverSideEncryption is enabled with a kmsKeyArn (not the AWS owned or AWS managed key)" },
        },
        RealtimeTypes.table,
        (props, _args, flag) => {
            const sse = known(props, "serverSideEncryption");
            if (known(sse, "enabled") !== true || !isSet(sse, "kmsKeyArn")) {
                flag(
                    "customer-managed-key",
                    "table uses an AWS owned or managed key: set serverSideEncryption {enabled: true, kmsKeyArn: <customer managed key>}",
                );
            }
        },
    );
}

export function dynamodbProdDurability(): ResourceValidationPolicy {
    return prodResourceRule(
        {
            name: "dynamodb-prod-pitr-deletion-protection",
            description: "In prod, DynamoDB tables have point-in-time recovery and deletion protection on.",
            conditions: { pitr: "pointInTimeRecovery.enabled is true", "deletion-protection": "deletionProtectionEnabled is true" },
        },
        RealtimeTypes.table,
        (props, _args, flag) => {
            if (known(known(props, "pointInTimeRecovery"), "enabled") !== true)
                flag("pitr", "prod table without point-in-time recovery: set pointInTimeRecovery {enabled: true}");
            if (known(props, "deletionProtectionEnabled") !== true)
                flag("deletion-protection", "prod table can be deleted: set deletionProtectionEnabled true");
        },
    );
}
