/**
 * Rules for what AWS itself would refuse or ignore, which the mocks accept: a bucket notification
 * S3 rejects as ambiguous. Pure, in the style of ./rules.ts; the pack lists `awsPolicies`.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { NotificationRule, overlappingRules } from "../components/storage/event-routing";
import { resourceRule } from "./define";
import { known } from "./resources";

export const AwsTypes = {
    bucketNotification: ["aws:s3/bucketNotification:BucketNotification"],
} as const;

export function bucketNotificationUnambiguous(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "bucket-notification-unambiguous",
            description:
                "No two rules of a bucket notification (queues, topics, functions) overlap for one event type: S3 rejects such a configuration as ambiguously defined.",
        },
        AwsTypes.bucketNotification,
        (props, _args, report) => {
            const rules: NotificationRule[] = ["queues", "topics", "lambdaFunctions"].flatMap((k) => (known(props, k) ?? []) as NotificationRule[]);
            for (const o of overlappingRules(rules)) {
                report(
                    `rules '${o.a}' and '${o.b}' both match ${o.event} for overlapping key filters: S3 rejects the configuration ` +
                        `("Configuration is ambiguously defined"); fan out through EventBridge (eventbridge: true and one rule per consumer) instead`,
                );
            }
        },
    );
}

export const awsPolicies: ResourceValidationPolicy[] = [bucketNotificationUnambiguous()];
