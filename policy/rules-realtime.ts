/**
 * The real-time and serving rules (DynamoDB tables, stream event source mappings, EventBridge
 * Scheduler schedules), as @pulumi/policy policies in the style of ./rules/: pure, no
 * PolicyPack built here. The pack lists `realtimePolicies` next to the others.
 *
 * Values still unknown during preview (a key ARN) count as set: `isSet`/`known`.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { prodResourceRule, resourceRule } from "./define";
import { isSet, known } from "./resources";

export const RealtimeTypes = {
    table: ["aws:dynamodb/table:Table"],
    eventSourceMapping: ["aws:lambda/eventSourceMapping:EventSourceMapping"],
    schedule: ["aws:scheduler/schedule:Schedule"],
} as const;

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

/** `arn:<partition>:<service>:...` -> service, when known. */
const serviceOf = (arn: unknown) => (typeof arn === "string" && arn.startsWith("arn:") ? arn.split(":")[2] : undefined);

export function streamMappingFailureHandling(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-stream-mapping-failure-handling",
            description:
                "Kinesis and DynamoDB stream event source mappings report partial batch failures, bound their retries and send skipped batches to an on-failure destination, so a poison record neither blocks its shard nor disappears unnoticed.",
            conditions: {
                "partial-batch": "functionResponseTypes includes ReportBatchItemFailures",
                "bounded-retries": "maximumRetryAttempts is set and not -1",
                "on-failure": "destinationConfig.onFailure.destinationArn is set",
            },
        },
        RealtimeTypes.eventSourceMapping,
        (props, args, flag) => {
            const service = serviceOf(known(props, "eventSourceArn"));
            // Only stream sources; SQS mappings have their own rule (sqs-consumed-queue-dlq).
            if (service !== undefined && service !== "kinesis" && service !== "dynamodb") args.notApplicable(`source ${service}`);
            if (service === undefined && !isSet(props, "startingPosition")) args.notApplicable("not a stream source");
            const types = known(props, "functionResponseTypes");
            if (!Array.isArray(types) || !types.includes("ReportBatchItemFailures")) {
                flag("partial-batch", "a failing record replays its whole batch: set functionResponseTypes ['ReportBatchItemFailures']");
            }
            const retries = known(props, "maximumRetryAttempts");
            if (retries !== undefined && !(Number(retries) >= 0))
                flag("bounded-retries", `maximumRetryAttempts ${retries} retries a failing batch until its records expire: bound it`);
            if (retries === undefined && isSet(props, "eventSourceArn"))
                flag("bounded-retries", "maximumRetryAttempts unset (-1: until the records expire): bound it");
            if (!isSet(known(known(props, "destinationConfig"), "onFailure"), "destinationArn")) {
                flag("on-failure", "skipped batches leave no trace: set destinationConfig.onFailure.destinationArn (an SQS queue or SNS topic)");
            }
        },
    );
}

export function scheduleDeadLetter(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "scheduler-target-dlq",
            description:
                "EventBridge Scheduler schedules retry their target; those that invoke a Lambda function (asynchronously, so a run the scheduler cannot deliver leaves no other trace) also send undeliverable invocations to a dead-letter queue.",
            conditions: { dlq: "a Lambda target has target.deadLetterConfig.arn", retries: "target.retryPolicy is set" },
        },
        RealtimeTypes.schedule,
        (props, _args, flag) => {
            const target = known(props, "target");
            const arn = known(target, "arn");
            // Unknown in preview (a function created in the same update) counts as a Lambda target.
            const lambdaTarget = arn === undefined || (typeof arn === "string" && arn.split(":")[2] === "lambda");
            if (lambdaTarget && !isSet(known(target, "deadLetterConfig"), "arn"))
                flag("dlq", "an undeliverable run is dropped: set target.deadLetterConfig {arn: <SQS queue ARN>}");
            if (!isSet(target, "retryPolicy")) flag("retries", "no retry policy: set target.retryPolicy {maximumRetryAttempts, maximumEventAgeInSeconds}");
        },
    );
}

export const realtimePolicies: ResourceValidationPolicy[] = [
    dynamodbTableCmk(),
    dynamodbProdDurability(),
    streamMappingFailureHandling(),
    scheduleDeadLetter(),
];
