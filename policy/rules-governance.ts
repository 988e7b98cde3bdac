/**
 * The governance and operations rules (CloudTrail, service principals on topic and bucket
 * policies, cost allocation tags), as @pulumi/policy policies in the style of ./rules/: pure, no
 * PolicyPack built here. The pack lists `governancePolicies` next to the others.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule } from "./define";
import { PolicyDocumentError, conditionValues, isAllow, statements } from "./documents";
import { isSet, known, tag } from "./resources";
import { COST_TAGS } from "../lib/ownership";
import { taggableTypes } from "../lib/taggable";

export const GovernanceTypes = {
    trail: "aws:cloudtrail/trail:Trail",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

/** Tag keys every tagged lake resource carries (lib/ownership COST_TAGS). */
export const COST_TAG_KEYS = Object.values(COST_TAGS);

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

/**
 * Topic and bucket policies let a service principal in only for this account's or this
 * resource's calls (`aws:SourceArn` or `aws:SourceAccount`): otherwise any account's use of that
 * service could act on the resource (the confused deputy).
 */
export function servicePrincipalsScoped(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "service-principal-scoped",
            description: "Topic and bucket policies allow service principals only with aws:SourceArn or aws:SourceAccount.",
            conditions: {
                "unscoped-service": "an Allow to a service principal carries aws:SourceArn or aws:SourceAccount",
                "unreadable-policy": "the policy document is JSON",
            },
        },
        [GovernanceTypes.topicPolicy, GovernanceTypes.bucketPolicy],
        (props, _args, flag) => {
            let all;
            try {
                // A document still unknown at preview (built from ARNs) is judged at `up`.
                all = statements(known(props, "policy"));
            } catch (e) {
                if (!(e instanceof PolicyDocumentError)) throw e;
                flag("unreadable-policy", e.message);
                return;
            }
            for (const s of all) {
                const principal = s.Principal as { Service?: unknown } | undefined;
                if (!isAllow(s) || typeof principal !== "object" || principal === null || principal.Service === undefined) continue;
                const scoped = ["aws:SourceArn", "aws:SourceAccount"].some(
                    (k) => conditionValues(s, ["StringEquals", "ArnEquals", "ArnLike", "StringLike"], k).length > 0,
                );
                if (!scoped)
                    flag(
                        "unscoped-service",
                        `statement ${s.Sid ?? "(no Sid)"} allows ${JSON.stringify(principal.Service)} without an aws:SourceArn or aws:SourceAccount condition`,
                    );
            }
        },
    );
}

/**
 * Every taggable resource carries project, stack and area: the types whose args take a `tags` map
 * in the installed @pulumi/aws (lib/taggable), the same set the program tags.
 */
export function costAllocationTags(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "cost-allocation-tags",
            description: `Taggable resources carry the cost allocation tags ${COST_TAG_KEYS.join(", ")}.`,
            conditions: { "missing-cost-tags": `tags include ${COST_TAG_KEYS.join(", ")}` },
        },
        [...taggableTypes()],
        (props, _args, flag) => {
            const missing = COST_TAG_KEYS.filter((k) => !tag(props, k));
            if (missing.length) flag("missing-cost-tags", `missing cost allocation tags: ${missing.join(", ")}`);
        },
    );
}

export const governancePolicies: ResourceValidationPolicy[] = [
    trailHardened(),
    trailDataEvents(),
    trailCloudWatchLogs(),
    servicePrincipalsScoped(),
    costAllocationTags(),
];
