/** The catalog area's documents: a zone crawler's role policy. Pure. */
import type { AccountScope } from "../../lib/account-scope";
import {
    CATALOG_DELETE,
    CATALOG_READ,
    CATALOG_WRITE,
    KEY_READ_WRITE,
    PolicyDocument,
    Statement,
    catalogArns,
    catalogKeyUse,
    doc,
    glueLogs,
    objectsArn,
    useKeys,
} from "../../lib/iam";

export interface CrawlerPolicyArgs {
    scope: AccountScope;
    /** The zone bucket crawled and its key (none: an SSE-S3 bucket, nothing to decrypt with). */
    bucketArn: string;
    bucketKeyArn?: string;
    /** The zone's database. */
    database: string;
    /** Analytics key (the security configuration's CloudWatch encryption, the event queues). */
    analyticsKeyArn: string;
    /** S3 event mode: the crawler's queue and DLQ. */
    eventQueueArns?: string[];
    /** The crawler's name: the one log stream it writes. */
    crawlerName: string;
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`). Default none. */
    catalogKeyArns?: string[];
}

/**
 * Where crawlers log: `/aws-glue/crawlers`, or with a security configuration that encrypts logs
 * `/aws-glue/crawlers-role/<role>-<security configuration>`; each crawler's stream is its name.
 */
export const CRAWLER_LOG_GROUPS = ["/aws-glue/crawlers", "/aws-glue/crawlers-role/*"];

/**
 * A zone crawler: read that zone's bucket and decrypt with its key, maintain tables and
 * partitions of that zone's database only, write its own log stream (encrypted with the analytics
 * key) and, in S3 event mode, consume its own event queue.
 */
export function crawlerPolicy(a: CrawlerPolicyArgs): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "ReadZoneObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objectsArn(a.bucketArn) },
        { Sid: "ListZoneBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: a.bucketArn },
        ...(a.bucketKeyArn ? [useKeys("DecryptZone", [a.bucketKeyArn])] : []),
        useKeys("UseAnalyticsKey", [a.analyticsKeyArn], KEY_READ_WRITE),
        {
            Sid: "MaintainZoneCatalog",
            Effect: "Allow",
            Action: [...CATALOG_READ, ...CATALOG_WRITE, ...CATALOG_DELETE],
            Resource: catalogArns(a.scope, [a.database]),
        },
        ...catalogKeyUse(a.catalogKeyArns ?? []),
        glueLogs(a.scope, CRAWLER_LOG_GROUPS, a.crawlerName),
    ];
    if (a.eventQueueArns?.length) {
        statements.push({
            Sid: "ConsumeEventQueue",
            Effect: "Allow",
            Action: [
                "sqs:ReceiveMessage",
                // DeleteMessageBatch is authorized by sqs:DeleteMessage (it is not an IAM action of its own).
                "sqs:DeleteMessage",
                "sqs:GetQueueUrl",
                "sqs:GetQueueAttributes",
                "sqs:SetQueueAttributes",
                "sqs:ListDeadLetterSourceQueues",
                "sqs:ListQueueTags",
                "sqs:PurgeQueue",
            ],
            Resource: a.eventQueueArns,
        });
    }
    return doc(...statements);
}
