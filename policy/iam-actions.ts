/**
 * What the Service Authorization Reference says about IAM action names the lake's documents use
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 * IAM accepts a policy naming an action that does not exist and simply never matches it, so a
 * misspelt or invented action is a silent gap. Pure data; policy/rules/iam.ts checks against it.
 */

/**
 * Every action of the services listed, as the reference gives them: an action of such a service
 * outside its list does not exist.
 */
export const COMPLETE_ACTION_LISTS: Readonly<Record<string, readonly string[]>> = {
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
    sqs: [
        "AddPermission",
        "CancelMessageMoveTask",
        "ChangeMessageVisibility",
        "CreateQueue",
        "DeleteMessage",
        "DeleteQueue",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "ListMessageMoveTasks",
        "ListQueueTags",
        "ListQueues",
        "PurgeQueue",
        "ReceiveMessage",
        "RemovePermission",
        "SendMessage",
        "SetQueueAttributes",
        "StartMessageMoveTask",
        "TagQueue",
        "UntagQueue",
    ],
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondatafirehose.html
    firehose: [
        "CreateDeliveryStream",
        "DeleteDeliveryStream",
        "DescribeDeliveryStream",
        "ListDeliveryStreams",
        "ListTagsForDeliveryStream",
        "PutRecord",
        "PutRecordBatch",
        "StartDeliveryStreamEncryption",
        "StopDeliveryStreamEncryption",
        "TagDeliveryStream",
        "UntagDeliveryStream",
        "UpdateDestination",
    ],
};

/**
 * API operations that are not IAM actions, with the action that authorizes them: batch and
 * convenience calls an SDK offers but IAM knows by another name.
 */
export const NOT_IAM_ACTIONS: Readonly<Record<string, string>> = {
    "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
    "sqs:SendMessageBatch": "sqs:SendMessage",
    "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    "s3:ListObjects": "s3:ListBucket",
    "s3:ListObjectsV2": "s3:ListBucket",
    "s3:ListObjectVersions": "s3:ListBucketVersions",
    "s3:HeadObject": "s3:GetObject",
    "s3:HeadBucket": "s3:ListBucket",
    "s3:CopyObject": "s3:GetObject on the source and s3:PutObject on the target",
    "s3:DeleteObjects": "s3:DeleteObject",
    "s3:UploadPart": "s3:PutObject",
    "s3:CreateMultipartUpload": "s3:PutObject",
    "s3:CompleteMultipartUpload": "s3:PutObject",
    "s3:PutBucketNotificationConfiguration": "s3:PutBucketNotification",
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
    "kinesis:PutRecordBatch": "kinesis:PutRecords",
    "lambda:Invoke": "lambda:InvokeFunction",
};

/** `service:Action`, where the action may hold the wildcards `*` and `?` (the policy grammar's action_string). */
export const ACTION_FORM = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/;

/** Why `action` is not a valid IAM action, or undefined when nothing says it is invalid. */
export function invalidAction(action: string): string | undefined {
    if (action === "*") return undefined;
    const m = ACTION_FORM.exec(action);
    if (!m) return `'${action}' is not of the form service:Action`;
    const [, service, name] = m;
    if (NOT_IAM_ACTIONS[action]) return `'${action}' is an API operation, not an IAM action: IAM authorizes it as ${NOT_IAM_ACTIONS[action]}`;
    const complete = COMPLETE_ACTION_LISTS[service];
    if (complete && !/[*?]/.test(name) && !complete.includes(name)) return `'${action}' is not an action of ${service} (Service Authorization Reference)`;
    return undefined;
}
