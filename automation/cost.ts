/**
 * The monthly cost of a stack from its resources (type, inputs, area), before `pulumi up`: a pure
 * function over the records a preview's events carry (automation/main.ts `cost`) or the mocks
 * record (harness/program.ts), priced with automation/prices.ts under stated usage assumptions.
 * Fixed parts (keys, alarms, endpoints, NAT, nodes, streams) come from the resources alone;
 * scheduled parts (crawlers, Glue jobs, warehouse loads) from their schedules; usage parts from
 * the assumptions below, which `--usage KEY=VALUE` overrides. A type the table does not know is
 * listed as not priced, never counted as zero.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { DAYS_PER_MONTH, HOURS_PER_MONTH, PRICES, PRICES_AS_OF, REGIONS, rate, type CostKind, type PriceId } from "./prices";
import { SCRIPTS } from "../components/etl/job-settings";

/** One resource as the estimator sees it. */
export interface CostResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** The `area` cost tag (lib/ownership.ts), or the one `resolveAreas` found for it. */
    area?: string;
    urn?: string;
    parent?: string;
    /** false for component resources. */
    custom?: boolean;
}

/** The usage assumptions, each with what it means; the values are per day unless named otherwise. */
export const USAGE_DOCS = {
    ingestGbPerDay: "GB a day arriving through the delivery streams (split evenly between them; Kinesis-fed ones also pay the stream's GB in and out)",
    apiRequestsPerDay: "ingest API requests a day (API Gateway, WAF, the API function)",
    invocationsPerDay: "invocations a day of every other Lambda function",
    functionSeconds: "average duration of an invocation of every other function, seconds",
    apiFunctionSeconds: "average duration of the API function per request, seconds",
    storedGb: "GB stored in S3 Standard, split evenly between the buckets",
    s3WritesPerDay: "S3 PUT/COPY/LIST requests a day, split between the buckets (also CloudTrail data events)",
    s3ReadsPerDay: "S3 GET requests a day, split between the buckets (also CloudTrail data events)",
    athenaGbScannedPerDay: "GB Athena scans a day",
    glueJobMinutes: "minutes each scheduled Glue job run lasts (billed from 1 minute)",
    curateRunsPerDay: "curate job runs a day (the curation starter starts one per batch of raw arrivals: at most one per batching window)",
    optimizerDpuHoursPerDay: "DPU-hours a day each Glue table optimizer of a curated table runs (compaction, snapshot retention, orphan-file deletion)",
    crawlerMinutes: "minutes each crawler run lasts (billed from 10 minutes)",
    crawlerDpu: "DPUs a crawler run uses (Glue chooses; not configurable)",
    warehouseLoadMinutes: "minutes each scheduled warehouse load keeps Redshift Serverless at its base capacity (billed from 60 s)",
    warehouseGb: "GB the warehouse stores (Redshift managed storage)",
    emrVcpuHoursPerDay: "EMR Serverless vCPU-hours of jobs a day (each vCPU with 4 GB)",
    logGbPerGroupPerDay: "GB of logs a day per log group",
    natGbPerDay: "GB a day through each NAT gateway",
    endpointGbPerDay: "GB a day through each interface endpoint",
    tableWritesPerDay: "DynamoDB write request units a day per on-demand table",
    tableReadsPerDay: "DynamoDB read request units a day per on-demand table",
    tableGb: "GB stored per DynamoDB table",
    queueRequestsPerDay: "SQS requests a day per queue (a Lambda event source's pollers alone send ~21,600)",
} as const;

export type UsageKey = keyof typeof USAGE_DOCS;
export type Usage = Record<UsageKey, number>;

/** A small lake in daily use: the default of `automation/main.ts cost`. */
export const TYPICAL_USAGE: Usage = {
    ingestGbPerDay: 1,
    apiRequestsPerDay: 100_000,
    invocationsPerDay: 1_000,
    functionSeconds: 2,
    apiFunctionSeconds: 0.1,
    storedGb: 100,
    s3WritesPerDay: 20_000,
    s3ReadsPerDay: 100_000,
    athenaGbScannedPerDay: 10,
    glueJobMinutes: 5,
    curateRunsPerDay: 24,
    optimizerDpuHoursPerDay: 0.05,
    crawlerMinutes: 10,
    crawlerDpu: 2,
    warehouseLoadMinutes: 5,
    warehouseGb: 10,
    emrVcpuHoursPerDay: 2,
    logGbPerGroupPerDay: 0.01,
    natGbPerDay: 1,
    endpointGbPerDay: 1,
    tableWritesPerDay: 100_000,
    tableReadsPerDay: 100_000,
    tableGb: 1,
    queueRequestsPerDay: 25_000,
};

/** No data and no traffic: what the stack costs by existing and running its schedules. */
export const IDLE_USAGE: Usage = {
    ...(Object.fromEntries(Object.keys(TYPICAL_USAGE).map((k) => [k, 0])) as Usage),
    glueJobMinutes: 1,
    crawlerMinutes: 10,
    crawlerDpu: 2,
    warehouseLoadMinutes: 1,
};

/** One priced part of one resource. */
export interface CostLine {
    resource: string;
    type: string;
    area: string;
    toggle: string;
    price: PriceId;
    kind: CostKind;
    quantity: number;
    unit: string;
    monthlyUsd: number;
}

export interface CostEstimate {
    region: string;
    pricesAsOf: string;
    usage: Usage;
    lines: CostLine[];
    /** Resources of a type the table does not know: their cost is missing from the total. */
    notPriced: { resource: string; type: string; area: string; reason: string }[];
    byArea: Record<string, number>;
    byToggle: Record<string, number>;
    byKind: Record<CostKind, number>;
    totalUsd: number;
}

/**
 * Types that bill nothing themselves, with why: most have no charge of their own; the rest bill
 * as another resource's line or stay within a free allowance, said here rather than silently.
 */
export const FREE_TYPES: Record<string, string> = {
    ...Object.fromEntries(
        [
            ...["account", "apiKey", "deployment", "integration", "method", "methodSettings", "resource", "stage", "usagePlan", "usagePlanKey"].map(
                (t) => `aws:apigateway/${t}:${t[0].toUpperCase()}${t.slice(1)}`,
            ),
            "aws:athena/namedQuery:NamedQuery",
            "aws:cloudwatch/eventRule:EventRule",
            "aws:cloudwatch/eventTarget:EventTarget",
            "aws:cloudwatch/logStream:LogStream",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "aws:ec2/flowLog:FlowLog",
            "aws:ec2/internetGateway:InternetGateway",
            "aws:ec2/route:Route",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/vpc:Vpc",
            "aws:emr/securityConfiguration:SecurityConfiguration",
            "aws:glue/catalogDatabase:CatalogDatabase",
            "aws:glue/catalogTable:CatalogTable",
            "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
            "aws:glue/securityConfiguration:SecurityConfiguration",
            "aws:glue/trigger:Trigger",
            "aws:glue/workflow:Workflow",
            "aws:iam/instanceProfile:InstanceProfile",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:kms/alias:Alias",
            "aws:lambda/alias:Alias",
            "aws:kms/grant:Grant",
            "aws:lambda/eventSourceMapping:EventSourceMapping",
            "aws:lambda/layerVersion:LayerVersion",
            "aws:lambda/permission:Permission",
            "aws:lakeformation/permissions:Permissions",
            "aws:redshift/logging:Logging",
            "aws:redshift/parameterGroup:ParameterGroup",
            "aws:redshift/subnetGroup:SubnetGroup",
            "aws:redshiftserverless/namespace:Namespace",
            ...["BucketLifecycleConfiguration", "BucketLogging", "BucketNotification", "BucketObjectv2", "BucketOwnershipControls", "BucketPolicy"].map(
                (t) => `aws:s3/${t[0].toLowerCase()}${t.slice(1)}:${t}`,
            ),
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:scheduler/schedule:Schedule",
            "aws:sns/topic:Topic",
            "aws:sns/topicPolicy:TopicPolicy",
            "aws:sns/topicSubscription:TopicSubscription",
            "aws:sqs/queuePolicy:QueuePolicy",
            "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:wafv2/webAclAssociation:WebAclAssociation",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
            "tls:index/privateKey:PrivateKey",
            "tls:index/selfSignedCert:SelfSignedCert",
        ].map((t) => [t, "no charge of its own"]),
    ),
    "aws:redshiftserverless/namespace:Namespace": "compute bills on the workgroup; its managed admin secret is priced below",
    "aws:scheduler/schedule:Schedule": "EventBridge Scheduler: 14 million invocations a month free",
    "aws:sns/topic:Topic": "alarm notifications: within SNS's free million publishes",
    "aws:ec2/flowLog:FlowLog": "its logs bill as the log group's ingestion",
    "aws:s3/bucketObjectv2:BucketObjectv2": "bills as its bucket's storage",
    "aws:glue/catalogTable:CatalogTable": "the Data Catalog's first million objects are free",
    // Macie (macie2 Account, ClassificationJob) is left unpriced on purpose: it bills every bucket of the account and the GB its jobs inspect (README "Lake Formation and Macie").
    ...Object.fromEntries(
        ["resource:Resource", "lfTag:LfTag", "resourceLfTags:ResourceLfTags", "optIn:OptIn", "dataLakeSettings:DataLakeSettings"].map((t) => [
            `aws:lakeformation/${t}`,
            "database, table, column and tag-based access control is free (aws.amazon.com/lake-formation/pricing); LF bills governed tables, row/cell filtering and its storage optimizer, none used here",
        ]),
    ),
    // The ingest API's custom domain (ingestApi.domain).
    "aws:acm/certificate:Certificate": "ACM public certificates are free",
    "aws:acm/certificateValidation:CertificateValidation": "a wait for the certificate, not a resource",
    "aws:apigateway/domainName:DomainName": "API Gateway bills requests, not custom domains",
    "aws:apigateway/basePathMapping:BasePathMapping": "no charge of its own",
    "aws:route53/record:Record": "records bill within their hosted zone; alias queries to API Gateway are free",
    "aws:secretsmanager/secretVersion:SecretVersion": "bills as its secret (a secret-month covers its versions)",
};

const NAMES: Record<string, number> = Object.fromEntries([
    ...["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].map((d, i) => [d, i + 1]),
    ...["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].map((m, i) => [m, i + 1]),
]);

/** Mean runs a month of an EventBridge/Glue `cron(...)` or `rate(...)` expression. */
export function runsPerMonth(expression: string | undefined): number {
    if (!expression) return 0;
    const rateMatch = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
    if (rateMatch) {
        const minutes = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 }[rateMatch[2]]!;
        return (DAYS_PER_MONTH * 1440) / (Number(rateMatch[1]) * minutes);
    }
    const cron = /^cron\((.+)\)$/.exec(expression.trim());
    if (!cron) throw new Error(`cannot read schedule "${expression}"`);
    const [minute, hour, dayOfMonth, month, dayOfWeek] = cron[1]
        .trim()
        .toUpperCase()
        .replace(/[A-Z]{3}/g, (n) => String(NAMES[n] ?? n))
        .split(/\s+/);
    const count = (field: string, size: number): number =>
        field
            .split(",")
            .map((part) => {
                if (!/^(\*|\?|\d+(-\d+)?)(\/\d+)?$/.test(part)) return NaN;
                const [range, step] = part.split("/");
                // `a/b` starts at a and repeats to the end of the field.
                const span =
                    range === "*" || range === "?"
                        ? size
                        : range.includes("-")
                          ? Number(range.split("-")[1]) - Number(range.split("-")[0]) + 1
                          : step
                            ? size - Number(range)
                            : 1;
                return Math.ceil(span / Number(step ?? 1));
            })
            .reduce((a, b) => a + b, 0);
    const daily = count(minute, 60) * count(hour, 24);
    const days =
        dayOfMonth !== "*" && dayOfMonth !== "?"
            ? count(dayOfMonth, 31)
            : dayOfWeek !== "*" && dayOfWeek !== "?"
              ? (count(dayOfWeek, 7) * DAYS_PER_MONTH) / 7
              : DAYS_PER_MONTH;
    const months = month === "*" || month === "?" ? 1 : count(month, 12) / 12;
    const runs = daily * days * months;
    // L, W and # (last, weekday, nth) are not modelled.
    if (!Number.isFinite(runs)) throw new Error(`cannot read schedule "${expression}"`);
    return runs;
}

/** Glue DPUs of one worker. */
const WORKER_DPU: Record<string, number> = { "G.025X": 0.25, "G.1X": 1, "G.2X": 2, "G.4X": 4, "G.8X": 8 };

interface Part {
    price: PriceId;
    quantity: number;
}

interface PriceContext {
    usage: Usage;
    counts: Record<string, number>;
    all: CostResource[];
    glueRuns: (kind: "jobName" | "crawlerName", name: string) => number;
}

const perDay = (n: number) => n * DAYS_PER_MONTH;

/** How a preview shows a value not known before `up` (e.g. the ids of subnets to be created). */
export const UNKNOWN: string = unknownValue;

/**
 * The AZs of an interface endpoint: one per subnet; while its subnets are still to be created
 * (a first preview), the VPC's AZ count.
 */
function endpointAzs(r: CostResource, c: PriceContext): number {
    if (Array.isArray(r.inputs.subnetIds)) return r.inputs.subnetIds.length;
    return c.all.find((x) => x.type === "awsx:ec2:Vpc")?.inputs.numberOfAvailabilityZones ?? 2;
}

/** The billed parts of one resource; a type missing here and from FREE_TYPES is not priced. */
const PRICERS: Record<string, (r: CostResource, c: PriceContext) => Part[]> = {
    "aws:kms/key:Key": () => [{ price: "kmsKey", quantity: 1 }],
    "aws:cloudwatch/metricAlarm:MetricAlarm": (r) => {
        const queries: any[] = r.inputs.metricQueries ?? [];
        const metrics = queries.length ? queries.filter((q) => q.metric).length : 1;
        const period = queries.length ? Math.min(...queries.filter((q) => q.metric).map((q) => q.metric.period ?? 60)) : (r.inputs.period ?? 60);
        return [{ price: period < 60 ? "alarmMetricHighRes" : "alarmMetric", quantity: metrics }];
    },
    "aws:cloudwatch/dashboard:Dashboard": () => [{ price: "dashboard", quantity: 1 }],
    "aws:cloudwatch/logGroup:LogGroup": (r, c) => {
        const gb = perDay(c.usage.logGbPerGroupPerDay);
        const retentionMonths = Math.min((r.inputs.retentionInDays ?? 3653) / DAYS_PER_MONTH, 12);
        return [
            { price: "logsIngested", quantity: gb },
            // Steady state after a year: what the retention keeps.
            { price: "logsStored", quantity: gb * retentionMonths },
        ];
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": (r, c) =>
        r.inputs.vpcEndpointType === "Interface"
            ? [
                  { price: "interfaceEndpointHour", quantity: endpointAzs(r, c) * HOURS_PER_MONTH },
                  { price: "interfaceEndpointGb", quantity: perDay(c.usage.endpointGbPerDay) },
              ]
            : [],
    "aws:ec2/natGateway:NatGateway": (_r, c) => [
        { price: "natGatewayHour", quantity: HOURS_PER_MONTH },
        { price: "natGatewayGb", quantity: perDay(c.usage.natGbPerDay) },
    ],
    "aws:ec2/eip:Eip": () => [{ price: "publicIpv4Hour", quantity: HOURS_PER_MONTH }],
    // awsx's VPC registers its NAT gateways and addresses itself; the mocks record only the
    // component, so it stands in for them when they are absent.
    "awsx:ec2:Vpc": (r, c) => {
        if (c.all.some((x) => x.type === "aws:ec2/natGateway:NatGateway" && x.parent === r.urn)) return [];
        const strategy = r.inputs.natGateways?.strategy ?? "None";
        const gateways = strategy === "Single" ? 1 : strategy === "OnePerAz" ? (r.inputs.numberOfAvailabilityZones ?? 2) : 0;
        if (!gateways) return [];
        return [
            { price: "natGatewayHour", quantity: gateways * HOURS_PER_MONTH },
            { price: "natGatewayGb", quantity: gateways * perDay(c.usage.natGbPerDay) },
            { price: "publicIpv4Hour", quantity: gateways * HOURS_PER_MONTH },
        ];
    },
    "aws:redshift/cluster:Cluster": (r, c) => {
        const price = `redshift:${r.inputs.nodeType}`;
        if (!(price in PRICES)) throw new NotPriced(`node type ${r.inputs.nodeType} is not in the price table`);
        return [
            { price: price as PriceId, quantity: (r.inputs.numberOfNodes ?? 1) * HOURS_PER_MONTH },
            { price: "redshiftStorage", quantity: c.usage.warehouseGb },
            ...(r.inputs.manageMasterPassword ? [{ price: "secret" as const, quantity: 1 }] : []),
        ];
    },
    "aws:redshiftserverless/workgroup:Workgroup": (r, c) => {
        const namespace = c.all.find((x) => x.type === "aws:redshiftserverless/namespace:Namespace" && x.inputs.namespaceName === r.inputs.namespaceName);
        // The warehouse's loads: the Redshift Data API schedules beside the workgroup (their
        // input names it, but a preview may not know the input yet).
        const loads = c.all
            .filter(
                (x) => x.type === "aws:scheduler/schedule:Schedule" && x.parent === r.parent && String(x.inputs.target?.arn ?? "").includes(":redshiftdata:"),
            )
            .reduce((sum, s) => sum + runsPerMonth(s.inputs.scheduleExpression), 0);
        const minutes = Math.max(c.usage.warehouseLoadMinutes, 1);
        return [
            { price: "redshiftRpuHour", quantity: (r.inputs.baseCapacity ?? 128) * loads * (minutes / 60) },
            { price: "redshiftStorage", quantity: c.usage.warehouseGb },
            ...(namespace?.inputs.manageAdminPassword ? [{ price: "secret" as const, quantity: 1 }] : []),
        ];
    },
    "aws:secretsmanager/secret:Secret": () => [{ price: "secret", quantity: 1 }],
    "aws:kinesis/stream:Stream": (r, c) => {
        const gb = perDay(c.usage.ingestGbPerDay) / Math.max(c.counts["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"] ?? 1, 1);
        if (r.inputs.streamModeDetails?.streamMode === "ON_DEMAND") {
            return [
                { price: "kinesisStreamHour", quantity: HOURS_PER_MONTH },
                { price: "kinesisGbIn", quantity: gb },
                { price: "kinesisGbOut", quantity: gb },
            ];
        }
        return [{ price: "kinesisShardHour", quantity: (r.inputs.shardCount ?? 1) * HOURS_PER_MONTH }];
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (r, c) => [
        { price: "firehoseGb", quantity: perDay(c.usage.ingestGbPerDay) / c.counts[r.type] },
    ],
    "aws:emr/cluster:Cluster": (r) => {
        const parts: Part[] = [];
        for (const group of [r.inputs.masterInstanceGroup, r.inputs.coreInstanceGroup].filter(Boolean)) {
            const price = `emr:${group.instanceType}`;
            if (!(price in PRICES)) throw new NotPriced(`instance type ${group.instanceType} is not in the price table`);
            const nodes = group.instanceCount ?? 1;
            parts.push({ price: price as PriceId, quantity: nodes * HOURS_PER_MONTH });
            const ebsGb = (group.ebsConfigs ?? []).reduce((s: number, e: any) => s + (e.size ?? 0) * (e.volumesPerInstance ?? 1), 0);
            if (ebsGb) parts.push({ price: "ebsGp3", quantity: nodes * ebsGb });
        }
        return parts;
    },
    "aws:emrserverless/application:Application": (_r, c) => [
        { price: "emrServerlessVcpuHour", quantity: perDay(c.usage.emrVcpuHoursPerDay) },
        { price: "emrServerlessGbHour", quantity: perDay(c.usage.emrVcpuHoursPerDay) * 4 },
    ],
    "aws:wafv2/webAcl:WebAcl": (r, c) => [
        { price: "wafWebAcl", quantity: 1 },
        { price: "wafRule", quantity: (r.inputs.rules ?? []).length },
        { price: "wafRequests", quantity: perDay(c.usage.apiRequestsPerDay) / 1e6 },
    ],
    "aws:route53/zone:Zone": () => [{ price: "route53Zone", quantity: 1 }],
    "aws:cloudtrail/trail:Trail": (r, c) => {
        const dataEvents = (r.inputs.advancedEventSelectors ?? []).some((s: any) =>
            s.fieldSelectors?.some((f: any) => f.field === "eventCategory" && f.equals?.includes("Data")),
        );
        return dataEvents ? [{ price: "cloudtrailDataEvents", quantity: perDay(c.usage.s3WritesPerDay + c.usage.s3ReadsPerDay) / 1e5 }] : [];
    },
    "aws:s3/bucket:Bucket": (r, c) => {
        const buckets = c.counts[r.type];
        return [
            { price: "s3Storage", quantity: c.usage.storedGb / buckets },
            { price: "s3Put", quantity: perDay(c.usage.s3WritesPerDay) / buckets / 1000 },
            { price: "s3Get", quantity: perDay(c.usage.s3ReadsPerDay) / buckets / 1000 },
        ];
    },
    "aws:lambda/function:Function": (r, c) => {
        // The ingest API's function runs once per API request.
        const api =
            r.area === "ingest" &&
            c.all.some(
                (x) =>
                    x.type === "aws:lambda/permission:Permission" && x.inputs.principal === "apigateway.amazonaws.com" && x.inputs.function === r.inputs.name,
            );
        const invocations = perDay(api ? c.usage.apiRequestsPerDay : c.usage.invocationsPerDay);
        const seconds = api ? c.usage.apiFunctionSeconds : c.usage.functionSeconds;
        const arch = r.inputs.architectures?.[0] === "arm64" ? "lambda:arm64" : "lambda:x86_64";
        return [
            { price: arch, quantity: (invocations * seconds * (r.inputs.memorySize ?? 128)) / 1024 },
            { price: "lambdaRequests", quantity: invocations / 1e6 },
        ];
    },
    "aws:apigateway/restApi:RestApi": (_r, c) => [{ price: "apiRequests", quantity: perDay(c.usage.apiRequestsPerDay) / 1e6 }],
    "aws:athena/workgroup:Workgroup": (_r, c) => [{ price: "athenaTb", quantity: perDay(c.usage.athenaGbScannedPerDay) / 1024 }],
    "aws:glue/crawler:Crawler": (r, c) => {
        const runs = runsPerMonth(r.inputs.schedule) + c.glueRuns("crawlerName", r.inputs.name);
        return [{ price: "glueDpuHour", quantity: runs * c.usage.crawlerDpu * (Math.max(c.usage.crawlerMinutes, 10) / 60) }];
    },
    "aws:glue/job:Job": (r, c) => {
        // The curate job runs when raw data arrives (the curation starter) and, with Glue-owned tables, once per workflow run (after_raw).
        const started = String(r.inputs.command?.scriptLocation ?? "").endsWith(`/${SCRIPTS.curateTables}`) ? perDay(c.usage.curateRunsPerDay) : 0;
        const runs = c.glueRuns("jobName", r.inputs.name) + started;
        const dpu =
            r.inputs.command?.name === "pythonshell"
                ? (r.inputs.maxCapacity ?? 0.0625)
                : (WORKER_DPU[r.inputs.workerType] ?? 1) * (r.inputs.numberOfWorkers ?? 10);
        return [{ price: "glueDpuHour", quantity: runs * dpu * (Math.max(c.usage.glueJobMinutes, 1) / 60) }];
    },
    "aws:glue/catalogTableOptimizer:CatalogTableOptimizer": (_r, c) => [{ price: "glueDpuHour", quantity: perDay(c.usage.optimizerDpuHoursPerDay) }],
    "aws:dynamodb/table:Table": (r, c) => {
        if (r.inputs.billingMode !== "PAY_PER_REQUEST") throw new NotPriced("provisioned capacity is not in the price table");
        return [
            { price: "dynamoWrites", quantity: perDay(c.usage.tableWritesPerDay) / 1e6 },
            { price: "dynamoReads", quantity: perDay(c.usage.tableReadsPerDay) / 1e6 },
            { price: "dynamoStorage", quantity: c.usage.tableGb },
        ];
    },
    "aws:sqs/queue:Queue": (_r, c) => [{ price: "sqsRequests", quantity: perDay(c.usage.queueRequestsPerDay) / 1e6 }],
};

class NotPriced extends Error {}

/**
 * The config toggles (lib/config/) a cost belongs to: by the area a toggle's component owns,
 * else by type. What a toggle adds in another area (its alarms in `operations`, the Kinesis keys
 * in `ingest`) counts under `always on`.
 */
export const TOGGLES: { toggle: string; area?: string; typePrefix?: string }[] = [
    { toggle: "redshift.mode", area: "warehouse" },
    { toggle: "emr.mode", area: "emr" },
    { toggle: "network (VPC, NAT, endpoints)", area: "network" },
    { toggle: "realtime.enabled", area: "realtime" },
    { toggle: "serving.enabled", area: "serving" },
    { toggle: "ingestApi.waf.enabled", typePrefix: "aws:wafv2/" },
    { toggle: "governance.trail.enabled", typePrefix: "aws:cloudtrail/" },
    { toggle: "streams[].source: kinesis", typePrefix: "aws:kinesis/stream:" },
    { toggle: "ingestApi.enabled", typePrefix: "aws:apigateway/" },
];
export const ALWAYS_ON = "always on";

export function toggleOf(type: string, area: string): string {
    return TOGGLES.find((t) => t.area === area || (t.typePrefix && type.startsWith(t.typePrefix)))?.toggle ?? ALWAYS_ON;
}

export const UNATTRIBUTED = "unattributed";

/**
 * Areas for the resources without an `area` tag (components, and types AWS cannot tag): the area
 * most of the tagged children of the nearest ancestor carry, as `ownedBy` declared it there.
 */
export function resolveAreas(resources: CostResource[]): CostResource[] {
    const childAreas = new Map<string, Map<string, number>>();
    for (const r of resources) {
        if (!r.parent || !r.area) continue;
        const counts = childAreas.get(r.parent) ?? new Map<string, number>();
        counts.set(r.area, (counts.get(r.area) ?? 0) + 1);
        childAreas.set(r.parent, counts);
    }
    const byUrn = new Map(resources.filter((r) => r.urn).map((r) => [r.urn!, r]));
    const areaAt = (urn: string | undefined): string | undefined => {
        for (let at = urn; at; at = byUrn.get(at)?.parent) {
            const counts = childAreas.get(at);
            if (counts) return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
        }
        return undefined;
    };
    return resources.map((r) => (r.area ? r : { ...r, area: areaAt(r.custom === false ? r.urn : r.parent) ?? UNATTRIBUTED }));
}

const round = (n: number) => Math.round(n * 100) / 100;

function addTo(totals: Record<string, number>, key: string, usd: number): void {
    totals[key] = (totals[key] ?? 0) + usd;
}

/** The monthly estimate of `resources` in `region` under `usage`. */
export function estimateCost(resources: CostResource[], region: string, usage: Usage = TYPICAL_USAGE): CostEstimate {
    if (!(REGIONS as readonly string[]).includes(region)) {
        throw new Error(`no prices for region ${region}: automation/prices.ts covers ${REGIONS.join(", ")}`);
    }
    const resolved = resolveAreas(resources);
    const counts: Record<string, number> = {};
    for (const r of resolved) counts[r.type] = (counts[r.type] ?? 0) + 1;
    const glueRuns = (kind: "jobName" | "crawlerName", name: string): number => {
        const triggers = resolved.filter((t) => t.type === "aws:glue/trigger:Trigger");
        // A conditional trigger runs as often as the scheduled trigger that starts its workflow.
        const scheduleOf = (t: CostResource): number =>
            t.inputs.type === "SCHEDULED"
                ? runsPerMonth(t.inputs.schedule)
                : t.inputs.type === "CONDITIONAL"
                  ? Math.max(0, ...triggers.filter((s) => s.inputs.type === "SCHEDULED" && s.inputs.workflowName === t.inputs.workflowName).map(scheduleOf))
                  : 0;
        return triggers.filter((t) => (t.inputs.actions ?? []).some((a: any) => a[kind] === name)).reduce((sum, t) => sum + scheduleOf(t), 0);
    };
    const context: PriceContext = { usage, counts, all: resolved, glueRuns };
    const estimate: CostEstimate = {
        region,
        pricesAsOf: PRICES_AS_OF,
        usage,
        lines: [],
        notPriced: [],
        byArea: {},
        byToggle: {},
        byKind: { fixed: 0, scheduled: 0, usage: 0 },
        totalUsd: 0,
    };
    for (const r of resolved) {
        const area = r.area ?? UNATTRIBUTED;
        const pricer = PRICERS[r.type];
        if (!pricer) {
            // Components, providers and the stack bill nothing; an unknown AWS type must be seen.
            if (r.custom === false || r.type.startsWith("pulumi:") || FREE_TYPES[r.type]) continue;
            estimate.notPriced.push({ resource: r.name, type: r.type, area, reason: "type not in the price table" });
            continue;
        }
        let parts: Part[];
        try {
            parts = pricer(r, context);
        } catch (e) {
            if (!(e instanceof NotPriced)) throw e;
            estimate.notPriced.push({ resource: r.name, type: r.type, area, reason: e.message });
            continue;
        }
        for (const part of parts) {
            const price = PRICES[part.price];
            const monthlyUsd = part.quantity * rate(part.price, region)!;
            const line: CostLine = {
                resource: r.name,
                type: r.type,
                area,
                toggle: toggleOf(r.type, area),
                price: part.price,
                kind: price.kind,
                quantity: part.quantity,
                unit: price.unit,
                monthlyUsd,
            };
            estimate.lines.push(line);
            addTo(estimate.byArea, area, monthlyUsd);
            addTo(estimate.byToggle, line.toggle, monthlyUsd);
            estimate.byKind[line.kind] += monthlyUsd;
            estimate.totalUsd += monthlyUsd;
        }
    }
    for (const totals of [estimate.byArea, estimate.byToggle, estimate.byKind] as Record<string, number>[]) {
        for (const k of Object.keys(totals)) totals[k] = round(totals[k]);
    }
    estimate.totalUsd = round(estimate.totalUsd);
    return estimate;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The estimate as a Markdown report: totals by area, by toggle, by price, and what was not priced. */
export function costMarkdown(e: CostEstimate, title: string): string {
    const sorted = (totals: Record<string, number>) => Object.entries(totals).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const byPrice: Record<string, { quantity: number; usd: number }> = {};
    for (const l of e.lines) {
        const p = (byPrice[l.price] ??= { quantity: 0, usd: 0 });
        p.quantity += l.quantity;
        p.usd += l.monthlyUsd;
    }
    const lines = [
        `### ${title}: ~${usd(e.totalUsd)} a month`,
        "",
        `${e.region}, list prices of ${e.pricesAsOf} (automation/prices.ts): fixed ${usd(e.byKind.fixed)}, scheduled ${usd(e.byKind.scheduled)}, usage ${usd(e.byKind.usage)}.`,
        "",
        "| area | USD/month |",
        "| --- | ---: |",
        ...sorted(e.byArea).map(([k, v]) => `| ${k} | ${usd(v)} |`),
        "",
        "| toggle | USD/month |",
        "| --- | ---: |",
        ...sorted(e.byToggle).map(([k, v]) => `| ${k} | ${usd(v)} |`),
        "",
        "| price | quantity | USD/month |",
        "| --- | ---: | ---: |",
        ...Object.entries(byPrice)
            .filter(([, p]) => p.usd > 0)
            .sort((a, b) => b[1].usd - a[1].usd)
            .map(([id, p]) => `| ${PRICES[id as PriceId].service}: ${PRICES[id as PriceId].unit} | ${Number(p.quantity.toPrecision(4))} | ${usd(p.usd)} |`),
        "",
        `Usage assumed (per day unless named): ${Object.entries(e.usage)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}.`,
    ];
    if (e.notPriced.length) {
        lines.push("", `**Not priced** (missing from the total): ${e.notPriced.map((n) => `${n.resource} (${n.type}: ${n.reason})`).join("; ")}.`);
    }
    return `${lines.join("\n")}\n`;
}

/** `KEY=VALUE` -> a usage assumption and its value; throws on an unknown key or a bad number. */
export function parseUsagePair(pair: string): [UsageKey, number] {
    const eq = pair.indexOf("=");
    const [key, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (eq <= 0 || !(key in USAGE_DOCS)) throw new Error(`expected KEY=NUMBER with KEY one of ${Object.keys(USAGE_DOCS).join(", ")}, got "${pair}"`);
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`${key} must be a number >= 0, got "${value}"`);
    return [key as UsageKey, n];
}
