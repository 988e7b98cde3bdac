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

/** One rule of a bucket notification (queue, topic or function), as `aws.s3.BucketNotification` takes it. */
export interface NotificationRule {
    id?: string;
    events: string[];
    filterPrefix?: string;
    filterSuffix?: string;
}

/** Two event types overlap when equal or when one is a wildcard (`s3:ObjectCreated:*`) covering the other. */
export function eventTypesOverlap(a: string, b: string): boolean {
    const covers = (w: string, e: string) => w.endsWith(":*") && e.startsWith(w.slice(0, -1));
    return a === b || covers(a, b) || covers(b, a);
}

/** Two prefix (or suffix) filters overlap when either is empty or one extends the other. */
function affixesOverlap(a: string | undefined, b: string | undefined, extends_: (x: string, y: string) => boolean): boolean {
    return !a || !b || extends_(a, b) || extends_(b, a);
}

/**
 * The pairs of rules S3 would refuse together: same (or overlapping) event type and key filters
 * that can both match one key. Empty for a configuration S3 accepts.
 */
export function overlappingRules(rules: NotificationRule[]): { a: string; b: string; event: string }[] {
    const found: { a: string; b: string; event: string }[] = [];
    rules.forEach((a, i) =>
        rules.slice(i + 1).forEach((b, j) => {
            const event = a.events.find((e) => b.events.some((f) => eventTypesOverlap(e, f)));
            if (
                event &&
                affixesOverlap(a.filterPrefix, b.filterPrefix, (x, y) => x.startsWith(y)) &&
                affixesOverlap(a.filterSuffix, b.filterSuffix, (x, y) => x.endsWith(y))
            ) {
                found.push({ a: a.id ?? `#${i}`, b: b.id ?? `#${i + j + 1}`, event });
            }
        }),
    );
    return found;
}
