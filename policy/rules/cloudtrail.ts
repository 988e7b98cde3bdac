/** CloudTrail rules: hardened trails, S3 data events, delivery to CloudWatch Logs. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule } from "../define";
import { GovernanceTypes, isSet, known } from "../resources";

/** A trail is multi-region, validates its log files and encrypts them with a CMK. */
export function trailHardened(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "cloudtrail-trail-hardened",
            description: "CloudTrail trails are multi-region, validate log files and encrypt them with a KMS key.",
            conditions: {
                "single-region": "isMultiRegionTrail is true",
                "no-log-validation": "enableLogFileValidation is true",
                "no-kms-key": "kmsKeyId names a key",
            },
        },
        [GovernanceTypes.trail],
        (props, _args, flag) => {
            if (known(props, "isMultiRegionTrail") !== true) flag("single-region", "the trail must be multi-region (isMultiRegionTrail: true)");
            if (known(props, "enableLogFileValidation") !== true)
                flag("no-log-validation", "the trail must validate its log files (enableLogFileValidation: true)");
            // A key the stack creates has an ARN unknown at preview: set all the same.
            if (!isSet(props, "kmsKeyId")) flag("no-kms-key", "the trail must encrypt its logs with a KMS key (kmsKeyId)");
        },
    );
}

/** A trail logs S3 object (data) events for named buckets, and management events. */
export function trailDataEvents(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "cloudtrail-s3-data-events",
            description: "CloudTrail trails log management events and S3 object events of the lake's buckets.",
            conditions: {
                "no-management-events": "an advanced event selector logs eventCategory Management",
                "no-s3-data-events": "an advanced event selector logs eventCategory Data of AWS::S3::Object",
                "data-events-unscoped": "the S3 data selector names buckets (resources.ARN startsWith)",
            },
        },
        [GovernanceTypes.trail],
        (props, _args, flag) => {
            const selectors: Props[] = known(props, "advancedEventSelectors") ?? [];
            const field = (s: Props, name: string): Props | undefined => (s.fieldSelectors ?? []).find((f: Props) => f.field === name);
            const has = (s: Props, name: string, value: string) => (field(s, name)?.equals ?? []).includes(value);
            if (!selectors.some((s) => has(s, "eventCategory", "Management"))) flag("no-management-events", "the trail must log management events");
            const data = selectors.find((s) => has(s, "eventCategory", "Data") && has(s, "resources.type", "AWS::S3::Object"));
            if (!data) flag("no-s3-data-events", "the trail must log S3 object (data) events");
            else if (!(field(data, "resources.ARN")?.startsWiths ?? []).length)
                flag("data-events-unscoped", "the trail's S3 data events must name the lake's buckets (resources.ARN startsWith)");
        },
    );
}

/**
 * A trail also delivers to CloudWatch Logs, where metric filters and alarms can watch its events
 * (CloudTrail.5, CKV2_AWS_10): a log group (its ARN with the `:*` CloudTrail requires) and the
 * role CloudTrail writes it with.
 */
export function trailCloudWatchLogs(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "cloudtrail-cloudwatch-logs",
            description:
                "CloudTrail trails deliver their events to a CloudWatch Logs group (cloudWatchLogsGroupArn ending in :*) through a role (cloudWatchLogsRoleArn).",
            conditions: {
                "no-log-group": "cloudWatchLogsGroupArn names a log group",
                "group-arn-form": "a known cloudWatchLogsGroupArn ends with :*",
                "no-role": "cloudWatchLogsRoleArn names a role",
            },
        },
        [GovernanceTypes.trail],
        (props, _args, flag) => {
            if (!isSet(props, "cloudWatchLogsGroupArn")) flag("no-log-group", "the trail must deliver to CloudWatch Logs (cloudWatchLogsGroupArn)");
            const group = known(props, "cloudWatchLogsGroupArn");
            if (typeof group === "string" && group !== "" && !group.endsWith(":*"))
                flag("group-arn-form", `cloudWatchLogsGroupArn ${group} must end with :* (the group's log streams), or CloudTrail refuses it`);
            if (!isSet(props, "cloudWatchLogsRoleArn"))
                flag("no-role", "the trail needs the role CloudTrail writes its log group with (cloudWatchLogsRoleArn)");
        },
    );
}
