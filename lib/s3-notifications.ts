/**
 * When S3 refuses a bucket's notification configuration: it keeps one per bucket and rejects two of
 * its rules that overlap for one event type ("Configuration is ambiguously defined", see
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
 * Pure; the storage components route events around it and the pack's
 * `bucket-notification-unambiguous` rule checks it.
 */

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
