/**
 * The storage area's component args and their defaults, the one place they live: `Zone` and
 * `AccessLogsBucket` apply them (`zoneWithDefaults`, `accessLogsBucketWithDefaults`), and
 * DataLake resolves its zones with `zoneLifecycle` (`lakeZones`, ../data-lake-args.ts). Pure (types only from
 * Pulumi), so the config loads it without the Pulumi runtime.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";

/** Archive tiers a lifecycle rule may transition to; only GLACIER_IR is readable without a restore. */
export const ArchiveStorageClass = { GLACIER_IR: "GLACIER_IR", GLACIER: "GLACIER", DEEP_ARCHIVE: "DEEP_ARCHIVE" } as const;
export type ArchiveStorageClass = (typeof ArchiveStorageClass)[keyof typeof ArchiveStorageClass];
export const ARCHIVE_STORAGE_CLASSES = Object.values(ArchiveStorageClass);

/**
 * Lambda's guidance: a queue's visibility timeout is at least 6x its consumer's timeout. Lambda's
 * 900 s ceiling keeps it within SQS's 43200 s.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** SQS's longest message retention (14 days): the zone queues and their DLQs keep messages this long. */
export const SQS_MAX_RETENTION_SECONDS = 14 * 24 * 3600;

/** How long a zone's objects are kept and where they tier to. Without a field, its default; without `expireDays` and transitions, current objects stay in STANDARD forever. */
export interface ZoneLifecycle {
    /**
     * Current objects that were consumed (tagged promoted or quarantined; left-for-batch ones once
     * their Glue job retagged them promoted) expire after this many days; untagged ones (retried,
     * in the DLQ) never do.
     * @default no expiry
     */
    expireDays?: number;
    /**
     * Quarantine copies and their error reports (`quarantine/`) expire after this many days.
     * @default 365
     */
    quarantineRetentionDays?: number;
    /**
     * Transition to STANDARD_IA after this many days (>= 30, S3's minimum).
     * @default no transition
     */
    infrequentAccessDays?: number;
    /**
     * Transition to `archiveStorageClass` after this many days.
     * @default no transition
     */
    glacierDays?: number;
    /**
     * Storage class of the `glacierDays` transition. GLACIER_IR (Glacier Instant Retrieval) is read
     * like STANDARD_IA; GLACIER (Flexible Retrieval) and DEEP_ARCHIVE need a restore before any read.
     * @default "GLACIER_IR"
     */
    archiveStorageClass?: ArchiveStorageClass;
    /**
     * Noncurrent versions expire after this many days.
     * @default 30
     */
    noncurrentExpireDays?: number;
    /**
     * Incomplete multipart uploads are aborted after this many days.
     * @default 7
     */
    abortMultipartDays?: number;
}

/** The lifecycle with its defaults applied. */
export type ResolvedZoneLifecycle = ZoneLifecycle & Required<Pick<ZoneLifecycle, keyof typeof ZONE_DEFAULTS.lifecycle>>;

/**
 * A further queue the bucket's object-created events go to in S3's own notification format (a
 * Glue crawler's in S3 event mode). At most one rule per event type and key filter: S3 refuses
 * overlapping rules (event-routing.ts).
 */
export interface NotificationQueueTarget {
    /** Short name, used in child resource names and as the notification id. Required. */
    name: string;
    /** The queue's ARN. Required. */
    queueArn: pulumi.Input<string>;
    /** The queue's URL; the zone attaches a policy letting this bucket send to it. Required. */
    queueUrl: pulumi.Input<string>;
    /**
     * Only keys under this prefix are sent.
     * @default every key
     */
    filterPrefix?: string;
}

export interface ZoneArgs {
    /** The zone's name, e.g. `raw`: in its key alias, its access log prefix and its descriptions. Required. */
    name: string;
    /** Account scope (key administration, `aws:SourceAccount` conditions) and `retainData`. Required. */
    context: LakeContext;
    /** Name of the server access logs bucket the zone's bucket logs to (AccessLogsBucket). Required. */
    accessLogsBucket: pulumi.Input<string>;
    /**
     * Expiry and tiering of the zone's objects.
     * @default quarantine kept 365 days, noncurrent versions 30, incomplete uploads 7; no expiry, no transition
     */
    lifecycle?: ZoneLifecycle;
    /**
     * Timeout (s) of the queue's consumer; the queue's visibility timeout is `VISIBILITY_TIMEOUT_FACTOR` times this.
     * @default 300 (the zone processor's default timeout)
     */
    consumerTimeoutSeconds?: number;
    /**
     * Receives before a message moves to the DLQ.
     * @default 5
     */
    maxReceiveCount?: number;
    /**
     * Give the zone an event queue (with its DLQ and the EventBridge rule feeding it) for a
     * processor to consume; false for a zone nothing promotes out of, which then has no queue (a
     * queue nobody reads only fills up).
     * @default true
     */
    eventQueue?: boolean;
    /**
     * Queues the bucket's notification sends S3-format events to.
     * @default none
     */
    extraNotificationQueues?: NotificationQueueTarget[];
}

export const ZONE_DEFAULTS = {
    lifecycle: { quarantineRetentionDays: 365, archiveStorageClass: "GLACIER_IR", noncurrentExpireDays: 30, abortMultipartDays: 7 },
    consumerTimeoutSeconds: 300,
    maxReceiveCount: 5,
    eventQueue: true,
} as const satisfies Omit<Required<ZoneArgs>, "name" | "context" | "accessLogsBucket" | "extraNotificationQueues" | "lifecycle"> & {
    lifecycle: ZoneLifecycle;
};

/** The zone's args with every default applied (the context's too). */
export type ResolvedZoneArgs = Required<Omit<ZoneArgs, "context" | "lifecycle">> & { context: ResolvedLakeContext; lifecycle: ResolvedZoneLifecycle };

/** `lifecycle` with the defaults of the fields it leaves out (fields it sets, even to undefined, keep no undefined key). */
export function zoneLifecycle(lifecycle: ZoneLifecycle = {}): ResolvedZoneLifecycle {
    const given = Object.fromEntries(Object.entries(lifecycle).filter(([, v]) => v !== undefined)) as ZoneLifecycle;
    return { ...ZONE_DEFAULTS.lifecycle, ...given };
}

/** A lifecycle field to change, and why. */
export interface LifecycleIssue {
    field: keyof ZoneLifecycle;
    message: string;
}

/**
 * The transitions and expiry of `lifecycle` out of order: S3 keeps an object 30 days in
 * STANDARD_IA before a further transition, and an expiry at or before a transition defeats it.
 * `Zone` refuses them; lib/config reports them for the stack config's zones.
 */
export function zoneLifecycleIssues(l: ZoneLifecycle): LifecycleIssue[] {
    const issues: LifecycleIssue[] = [];
    if (l.infrequentAccessDays && l.glacierDays && l.glacierDays < l.infrequentAccessDays + 30) {
        issues.push({ field: "glacierDays", message: "glacierDays must be at least infrequentAccessDays + 30 (S3 keeps objects 30 days in STANDARD_IA)" });
    }
    if (l.expireDays && [l.infrequentAccessDays, l.glacierDays].some((t) => t && l.expireDays! <= t)) {
        issues.push({ field: "expireDays", message: "expireDays must be later than every transition" });
    }
    return issues;
}

/** `args` with the defaults of the fields it leaves out. */
export function zoneWithDefaults(args: ZoneArgs): ResolvedZoneArgs {
    return {
        ...args,
        context: lakeContext(args.context),
        lifecycle: zoneLifecycle(args.lifecycle),
        consumerTimeoutSeconds: args.consumerTimeoutSeconds ?? ZONE_DEFAULTS.consumerTimeoutSeconds,
        maxReceiveCount: args.maxReceiveCount ?? ZONE_DEFAULTS.maxReceiveCount,
        eventQueue: args.eventQueue ?? ZONE_DEFAULTS.eventQueue,
        extraNotificationQueues: args.extraNotificationQueues ?? [],
    };
}

export interface AccessLogsBucketArgs {
    /** The account whose S3 logging service may write here (`aws:SourceAccount`), and `retainData`. Required. */
    context: LakeContext;
    /**
     * Days after which log objects expire.
     * @default 365 when `context.retainData`, else 30
     */
    expireDays?: number;
}

/** The access logs bucket's args with every default applied (the context's too). */
export type ResolvedAccessLogsBucketArgs = { context: ResolvedLakeContext; expireDays: number };

export const ACCESS_LOGS_BUCKET_DEFAULTS = { expireDays: { retained: 365, destroyable: 30 } } as const;

/** `args` with the defaults of the fields it leaves out. */
export function accessLogsBucketWithDefaults(args: AccessLogsBucketArgs): ResolvedAccessLogsBucketArgs {
    const context = lakeContext(args.context);
    const { retained, destroyable } = ACCESS_LOGS_BUCKET_DEFAULTS.expireDays;
    return { context, expireDays: args.expireDays ?? (context.retainData ? retained : destroyable) };
}
