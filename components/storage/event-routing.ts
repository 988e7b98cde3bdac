/**
 * How a zone's object-created events reach their consumers. Pure.
 *
 * S3 keeps one notification configuration per bucket and rejects two of its rules that overlap
 * for one event type ("Configuration is ambiguously defined", see
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html), so a
 * bucket cannot notify the zone processor's queue and a crawler's queue with the same unfiltered
 * rule. The zone bucket instead turns on EventBridge delivery (`eventbridge: true`), and each
 * consumer gets its own EventBridge rule (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
 * The processor's rule leaves out the zone's own quarantine output (quarantine copies, error
 * reports, Firehose error objects): those would each be a message and a skipped invocation.
 * A Glue crawler in S3 event mode keeps the one queue rule of the bucket's notification: Glue
 * documents S3's notification format for it (directly, or through SNS), not EventBridge's
 * (https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-event-notifications.html).
 */
import { OBJECT_CREATED_DETAIL_TYPE, QUARANTINE_PREFIX, S3_EVENT_SOURCE } from "../../lib/contract";

/**
 * EventBridge pattern of the objects a zone processor promotes: objects created in `bucketName`,
 * except under the quarantine prefix (`anything-but` with `prefix`, documented for event buses:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
export function processorEventPattern(bucketName: string): Record<string, unknown> {
    return {
        source: [S3_EVENT_SOURCE],
        "detail-type": [OBJECT_CREATED_DETAIL_TYPE],
        detail: {
            bucket: { name: [bucketName] },
            object: { key: [{ "anything-but": { prefix: QUARANTINE_PREFIX } }] },
        },
    };
}
