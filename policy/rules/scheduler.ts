/** EventBridge Scheduler rules: every schedule has a dead-letter queue and retries. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { RealtimeTypes, isSet, known } from "../resources";

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
