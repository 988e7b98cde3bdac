/**
 * AWS list prices (USD, on-demand, no free tier, no Savings Plans) the cost estimate
 * (automation/cost.ts) and the README's cost table (scripts/cost-docs.ts) both read: one row per
 * billed dimension, per region the stacks use. Each row cites the AWS pricing page it comes from
 * and says how far it was confirmed: the stored copies of those pages (searched on PRICES_AS_OF)
 * show the pricing model and, for some rows, the us-east-1 rate; AWS renders most regional rates in
 * the browser, so a rate not seen there is marked and is the list price as last known: check it
 * before relying on it.
 */

export const PRICES_AS_OF = "2026-12-07";

export const REGIONS = ["us-east-1", "eu-west-1"] as const;
export type Region = (typeof REGIONS)[number];

/** Hours in a billing month, as AWS's own calculator uses. */
export const HOURS_PER_MONTH = 730;
/** Days in a month for per-day usage. */
export const DAYS_PER_MONTH = 30;

/**
 * `fixed`: billed while the resource exists; `scheduled`: billed by the stack's own schedules
 * (crawlers, jobs, loads), also when no data arrives; `usage`: grows with data and traffic.
 */
export type CostKind = "fixed" | "scheduled" | "usage";

export interface Price {
    service: string;
    /** What one unit is, e.g. `key-month`, `GB ingested`. */
    unit: string;
    usd: Record<Region, number>;
    kind: CostKind;
    /** The AWS pricing pages. */
    sources: string[];
    /** How far the stored page confirmed the rates. */
    confirmed: string;
}

const KMS = "https://aws.amazon.com/kms/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const REDSHIFT = "https://aws.amazon.com/redshift/pricing/";
const KINESIS = "https://aws.amazon.com/kinesis/data-streams/pricing/";
const FIREHOSE = "https://aws.amazon.com/firehose/pricing/";
const EMR = "https://aws.amazon.com/emr/pricing/";
const EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
const EBS = "https://aws.amazon.com/ebs/pricing/";
const SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";
const WAF = "https://aws.amazon.com/waf/pricing/";
const ROUTE53 = "https://aws.amazon.com/route53/pricing/";
const CLOUDTRAIL = "https://aws.amazon.com/cloudtrail/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const LAMBDA = "https://aws.amazon.com/lambda/pricing/";
const APIGATEWAY = "https://aws.amazon.com/api-gateway/pricing/";
const ATHENA = "https://aws.amazon.com/athena/pricing/";
const GLUE = "https://aws.amazon.com/glue/pricing/";
const DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
const SQS = "https://aws.amazon.com/sqs/pricing/";

const SEEN_BOTH = "rate seen on the stored page, the same in every region";
const NAT_SEEN = "not on the stored AWS page; third-party summaries give $0.045 (us-east-1) and $0.048-0.052 (Europe)";
const WAF_SEEN =
    "not on the stored AWS page; an AWS blog post says WAF prices are the same in every region, third-party summaries (c3x.dev, awsnegotiations.com) give these rates";
const NOT_SEEN = "rates not confirmed by the stored pages (list prices as last known)";

function row(service: string, unit: string, kind: CostKind, usEast1: number, euWest1: number, source: string | string[], confirmed: string): Price {
    return { service, unit, kind, usd: { "us-east-1": usEast1, "eu-west-1": euWest1 }, sources: [source].flat(), confirmed };
}

export const PRICES = {
    kmsKey: row(
        "KMS",
        "customer managed key-month",
        "fixed",
        1,
        1,
        KMS,
        `${SEEN_BOTH} ($1/month per key, prorated hourly; each automatic rotation adds $1/month for the first two rotations, not counted here)`,
    ),
    alarmMetric: row(
        "CloudWatch",
        "standard-resolution alarm metric-month",
        "fixed",
        0.1,
        0.1,
        CLOUDWATCH,
        `${NOT_SEEN}; $0.10 per alarm-month in a third-party summary (c3x.dev); the page lists 10 free alarm metrics per account`,
    ),
    alarmMetricHighRes: row("CloudWatch", "high-resolution alarm metric-month", "fixed", 0.3, 0.3, CLOUDWATCH, NOT_SEEN),
    dashboard: row(
        "CloudWatch",
        "dashboard-month (beyond 3 free)",
        "fixed",
        3,
        3,
        CLOUDWATCH,
        `${NOT_SEEN}; the page lists 3 free custom dashboards per account`,
    ),
    logsIngested: row("CloudWatch Logs", "GB ingested (standard class)", "usage", 0.5, 0.57, CLOUDWATCH, NOT_SEEN),
    logsStored: row("CloudWatch Logs", "GB-month archived", "usage", 0.03, 0.03, CLOUDWATCH, NOT_SEEN),
    interfaceEndpointHour: row(
        "PrivateLink",
        "interface endpoint AZ-hour",
        "fixed",
        0.01,
        0.011,
        PRIVATELINK,
        `${NOT_SEEN}; the page bills each endpoint per AZ per hour`,
    ),
    interfaceEndpointGb: row(
        "PrivateLink",
        "GB processed (first PB)",
        "usage",
        0.01,
        0.01,
        PRIVATELINK,
        "$0.01 per GB for the first PB seen on a copy of the page; region not stated there",
    ),
    natGatewayHour: row("VPC", "NAT gateway-hour", "fixed", 0.045, 0.048, VPC, NAT_SEEN),
    natGatewayGb: row("VPC", "GB processed by a NAT gateway", "usage", 0.045, 0.048, VPC, NAT_SEEN),
    publicIpv4Hour: row("VPC", "public IPv4 address-hour", "fixed", 0.005, 0.005, VPC, `${NOT_SEEN}; $0.005 per hour in a third-party summary (cloudburn.io)`),
    "redshift:ra3.large": row("Redshift", "ra3.large node-hour", "fixed", 0.543, 0.594, REDSHIFT, NOT_SEEN),
    "redshift:ra3.xlplus": row("Redshift", "ra3.xlplus node-hour", "fixed", 1.086, 1.188, REDSHIFT, NOT_SEEN),
    "redshift:ra3.4xlarge": row("Redshift", "ra3.4xlarge node-hour", "fixed", 3.26, 3.563, REDSHIFT, NOT_SEEN),
    "redshift:ra3.16xlarge": row("Redshift", "ra3.16xlarge node-hour", "fixed", 13.04, 14.25, REDSHIFT, NOT_SEEN),
    redshiftRpuHour: row("Redshift Serverless", "RPU-hour (60 s minimum per query)", "scheduled", 0.375, 0.375, REDSHIFT, NOT_SEEN),
    redshiftStorage: row("Redshift", "managed storage GB-month", "usage", 0.024, 0.024, REDSHIFT, NOT_SEEN),
    secret: row("Secrets Manager", "secret-month", "fixed", 0.4, 0.4, SECRETS, `${NOT_SEEN}; $0.40 per secret-month in a third-party summary (hivebook.wiki)`),
    kinesisStreamHour: row(
        "Kinesis Data Streams",
        "on-demand stream-hour",
        "fixed",
        0.04,
        0.044,
        KINESIS,
        `${NOT_SEEN}; the page bills each on-demand stream per hour`,
    ),
    kinesisGbIn: row("Kinesis Data Streams", "on-demand GB written", "usage", 0.08, 0.088, KINESIS, NOT_SEEN),
    kinesisGbOut: row("Kinesis Data Streams", "on-demand GB read", "usage", 0.04, 0.044, KINESIS, NOT_SEEN),
    kinesisShardHour: row("Kinesis Data Streams", "provisioned shard-hour", "fixed", 0.015, 0.017, KINESIS, `${NOT_SEEN}; $0.015 in a third-party example`),
    firehoseGb: row("Data Firehose", "GB ingested, Direct PUT (5 KB record rounding)", "usage", 0.029, 0.031, FIREHOSE, NOT_SEEN),
    "emr:m5.xlarge": row("EMR", "m5.xlarge node-hour (EC2 + EMR)", "fixed", 0.192 + 0.048, 0.214 + 0.048, [EMR, EC2], NOT_SEEN),
    ebsGp3: row("EBS", "gp3 GB-month", "fixed", 0.08, 0.088, EBS, NOT_SEEN),
    emrServerlessVcpuHour: row("EMR Serverless", "ARM vCPU-hour", "usage", 0.04209, 0.04209, EMR, NOT_SEEN),
    emrServerlessGbHour: row("EMR Serverless", "ARM memory GB-hour", "usage", 0.00463, 0.00463, EMR, NOT_SEEN),
    wafWebAcl: row("WAF", "web ACL-month", "fixed", 5, 5, WAF, WAF_SEEN),
    wafRule: row(
        "WAF",
        "rule-month (a managed rule group counted as one)",
        "fixed",
        1,
        1,
        WAF,
        `${WAF_SEEN}; the two summaries disagree on whether a managed rule group counts as one rule or several`,
    ),
    wafRequests: row("WAF", "million requests", "usage", 0.6, 0.6, WAF, WAF_SEEN),
    route53Zone: row("Route 53", "hosted zone-month", "fixed", 0.5, 0.5, ROUTE53, NOT_SEEN),
    cloudtrailDataEvents: row("CloudTrail", "100,000 data events", "usage", 0.1, 0.1, CLOUDTRAIL, `${NOT_SEEN}; the first copy of management events is free`),
    s3Storage: row("S3", "Standard GB-month (first 50 TB)", "usage", 0.023, 0.023, S3, NOT_SEEN),
    s3Put: row("S3", "1,000 PUT/COPY/POST/LIST requests", "usage", 0.005, 0.005, S3, NOT_SEEN),
    s3Get: row("S3", "1,000 GET/SELECT requests", "usage", 0.0004, 0.0004, S3, NOT_SEEN),
    "lambda:x86_64": row("Lambda", "x86 GB-second", "usage", 0.0000166667, 0.0000166667, LAMBDA, NOT_SEEN),
    "lambda:arm64": row("Lambda", "Arm GB-second", "usage", 0.0000133334, 0.0000133334, LAMBDA, NOT_SEEN),
    lambdaRequests: row("Lambda", "million requests", "usage", 0.2, 0.2, LAMBDA, NOT_SEEN),
    apiRequests: row("API Gateway", "million REST API requests (first 333 M)", "usage", 3.5, 3.5, APIGATEWAY, NOT_SEEN),
    athenaTb: row(
        "Athena",
        "TB scanned (10 MB minimum per query)",
        "usage",
        5,
        5,
        ATHENA,
        `${NOT_SEEN}; $5 per TB with a 10 MB minimum in third-party summaries (athena.guide, Stanford rcpedia)`,
    ),
    glueDpuHour: row(
        "Glue",
        "DPU-hour (Spark jobs: 1 minute minimum; crawlers: 10 minutes minimum per run)",
        "scheduled",
        0.44,
        0.44,
        GLUE,
        "$0.44 per DPU-hour in the page's own examples; its per-region table not confirmed",
    ),
    dynamoWrites: row("DynamoDB", "million on-demand write request units", "usage", 0.625, 0.7063, DYNAMODB, NOT_SEEN),
    dynamoReads: row("DynamoDB", "million on-demand read request units", "usage", 0.125, 0.1413, DYNAMODB, NOT_SEEN),
    dynamoStorage: row("DynamoDB", "GB-month stored (first 25 GB free)", "usage", 0.25, 0.283, DYNAMODB, NOT_SEEN),
    sqsRequests: row(
        "SQS",
        "million requests (64 KB chunks)",
        "usage",
        0.4,
        0.4,
        SQS,
        `${NOT_SEEN}; $0.40 per million standard requests in us-east-1 in third-party summaries (cloudburn.io, factualminds.com)`,
    ),
} satisfies Record<string, Price>;

export type PriceId = keyof typeof PRICES;

/** A region's rate for a price, or undefined for a region the table does not cover. */
export function rate(id: PriceId, region: string): number | undefined {
    return (PRICES[id].usd as Record<string, number>)[region];
}
