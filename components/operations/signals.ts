/**
 * What to watch, derived from the registry: one detector per resource type turns each observed
 * resource into its signals, either a CloudWatch metric alarm or a failure event EventBridge
 * matches. Adding a zone, a stream, a function or an area adds its signals; nothing here names a
 * zone, stream or function. Thresholds are the operations settings (args.ts), each defaulted.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type OperationsSettings, type ResolvedOperationsSettings, operationsWithDefaults } from "./args";
import {
    METRICS_NAMESPACE,
    PROCESSOR_METRIC_DIMENSION,
    ProcessorEnv,
    ProcessorMetric,
    QUALITY_METRICS_NAMESPACE,
    QUALITY_METRIC_DIMENSIONS,
    QualityMetric,
    ReconcileEnv,
    ReconcileMetric,
} from "../../lib/contract";
import type { ObservedResource, ResourceRegistry } from "./registry";

/** Alarm period (s): SQS and Firehose publish every minute to five minutes. */
export const ALARM_PERIOD_SECONDS = 300;

/** A metric, as alarms and dashboard widgets name it. */
export interface MetricRef {
    namespace: string;
    metricName: string;
    dimensions: Record<string, pulumi.Input<string>>;
    /** `Sum`, `Maximum`, ...; or a percentile such as `p99` (an extended statistic). */
    stat: string;
}

/** A metric alarm to create, filed under its owner's alarm group. */
export interface AlarmSignal {
    /** Unique in its group; the alarm's name is `<group>-<id>`. */
    id: string;
    /** The monitored resource. */
    subject: ObservedResource;
    /** The component whose alarm group holds it. */
    owner: ObservedResource;
    /** Dashboard section: the area of the monitored resource. */
    area: string;
    /** Dashboard widget title. */
    title: string;
    description: string;
    metric: MetricRef;
    comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    threshold: number;
    evaluationPeriods: number;
}

/** A failure event of a service, matched by an EventBridge rule that notifies the alarm topic. */
export interface EventSignal {
    subject: ObservedResource;
    area: string;
    /** Event source and detail type, e.g. `aws.glue` / `Glue Job State Change`. */
    source: string;
    detailType: string;
    /** The `detail` field naming the resource (e.g. `jobName`) and its value. */
    field: string;
    value: pulumi.Input<string>;
    /** `detail.state` values that mean failure. */
    states: string[];
}

export interface Signals {
    alarms: AlarmSignal[];
    events: EventSignal[];
}

/** Last segment of an ARN (`...:queue-name`). */
export function arnName(arn: string): string {
    return arn.slice(arn.lastIndexOf(":") + 1);
}

type AlarmSpec = Omit<AlarmSignal, "subject" | "owner" | "area" | "id"> & { kind: string };
/** A failure event before it is filed (its subject and area come from where it was found). */
export type FailureEvent = Omit<EventSignal, "subject" | "area">;
type Detector = (e: ObservedResource, ctx: DetectorContext) => (AlarmSpec | FailureEvent)[];

/**
 * A component whose work fails where no resource type shows it (a statement the scheduler starts
 * through an API) declares those failure events; they are read once the graph is built.
 */
export interface DeclaresFailureEvents {
    failureEvents(): FailureEvent[];
}

function declaresFailureEvents(r: pulumi.Resource): r is pulumi.Resource & DeclaresFailureEvents {
    return typeof (r as Partial<DeclaresFailureEvents>).failureEvents === "function";
}

interface DetectorContext {
    registry: ResourceRegistry;
    ops: ResolvedOperationsSettings;
    owner?: ObservedResource;
}

const gt = (threshold: number, evaluationPeriods = 1) => ({ comparisonOperator: "GreaterThanThreshold" as const, threshold, evaluationPeriods });

/**
 * The ARNs a resource sends its failures to: an event source mapping's on-failure destination, a
 * function's dead-letter queue, a schedule target's dead-letter queue.
 */
function failureDestinations(props: pulumi.Inputs): unknown[] {
    return [props.destinationConfig?.onFailure?.destinationArn, props.deadLetterConfig?.targetArn, props.target?.deadLetterConfig?.arn].filter(
        (d) => d !== undefined,
    );
}

function queueSignals(e: ObservedResource, ctx: DetectorContext): AlarmSpec[] {
    const queue = e.resource as aws.sqs.Queue;
    // A queue something sends its failures to (the same Output the sender was given): any message is one.
    const senders = ctx.registry.all().filter((r) => failureDestinations(r.props).includes(queue.arn));
    if (senders.length > 0) {
        return [
            {
                kind: "failure-messages",
                title: `${e.name}: failed events`,
                description: `${senders.map((r) => r.name).join(", ")} sent failed events to ${e.name} (retries exhausted)`,
                metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: queue.name }, stat: "Maximum" },
                ...gt(0),
            },
        ];
    }
    // A queue with a redrive target is consumed: its DLQ holds what the consumer gave up on.
    if (e.props.redrivePolicy === undefined) return [];
    const dlqName = pulumi.output(e.props.redrivePolicy as pulumi.Input<string>).apply((p) => arnName(JSON.parse(p).deadLetterTargetArn));
    const specs: AlarmSpec[] = [
        {
            kind: "dlq-messages",
            title: `${e.name}: messages in its DLQ`,
            description: `Messages of ${e.name} in its dead-letter queue (retries exhausted)`,
            metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: dlqName }, stat: "Maximum" },
            ...gt(0),
        },
    ];
    // A zone queue is drained continuously by the processor attached to its zone. A crawler's
    // event queue is read on the crawler's schedule, and a queue nothing drains
    // only ages: the age of their oldest message says nothing.
    if (ctx.owner?.type === "datalake:storage:Zone" && ctx.registry.hasAttached(ctx.owner)) {
        specs.push({
            kind: "queue-age",
            title: `${e.name}: age of the oldest message (s)`,
            description: `The oldest message of ${e.name} waits longer than ${ctx.ops.queueAgeAlarmSeconds} s: its consumer is stuck, throttled or failing`,
            metric: { namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: queue.name }, stat: "Maximum" },
            ...gt(ctx.ops.queueAgeAlarmSeconds),
        });
    }
    return specs;
}

/** The service name of a zone's reconciliation, or undefined for other functions. */
function reconcilerService(props: pulumi.Inputs): pulumi.Input<string> | undefined {
    const variables = props.environment?.variables;
    if (!variables || typeof variables !== "object" || !(ReconcileEnv.queueUrl in variables)) return undefined;
    return variables[ReconcileEnv.serviceName];
}

/** The hop name of a zone processor (its Powertools service name), or undefined for other functions. */
function processorHop(props: pulumi.Inputs): pulumi.Input<string> | undefined {
    const variables = props.environment?.variables;
    if (!variables || typeof variables !== "object" || !(ProcessorEnv.sourceZone in variables)) return undefined;
    return variables[ProcessorEnv.serviceName];
}

function functionSignals(e: ObservedResource): AlarmSpec[] {
    const fn = e.resource as aws.lambda.Function;
    const dimensions = { FunctionName: fn.name };
    const specs: AlarmSpec[] = [
        {
            kind: "errors",
            title: `${e.name}: errors`,
            description: `Invocations of ${e.name} fail`,
            metric: { namespace: "AWS/Lambda", metricName: "Errors", dimensions, stat: "Sum" },
            ...gt(0),
        },
        {
            kind: "throttles",
            title: `${e.name}: throttles`,
            description: `Invocations of ${e.name} are throttled (concurrency limits)`,
            metric: { namespace: "AWS/Lambda", metricName: "Throttles", dimensions, stat: "Sum" },
            ...gt(0),
        },
    ];
    const hop = processorHop(e.props);
    if (hop !== undefined) {
        // Partial batch failures are not function errors: only this metric sees a poison record
        // before it reaches the DLQ, receives x visibility timeout later.
        specs.push({
            kind: "failed-records",
            title: `${e.name}: failed records`,
            description: `${e.name} reported records as batch item failures (they are retried, then sent to the DLQ)`,
            metric: { namespace: METRICS_NAMESPACE, metricName: ProcessorMetric.failedRecords, dimensions: { [PROCESSOR_METRIC_DIMENSION]: hop }, stat: "Sum" },
            ...gt(0),
        });
    }
    const reconciler = reconcilerService(e.props);
    if (reconciler !== undefined) {
        // Each one is an object whose message was lost (aged out of the queue or its DLQ, or never sent).
        specs.push({
            kind: "reannounced",
            title: `${e.name}: objects announced again`,
            description: `${e.name} found objects no processor finished within their threshold and announced them again: their messages were lost`,
            metric: {
                namespace: METRICS_NAMESPACE,
                metricName: ReconcileMetric.objectsReannounced,
                dimensions: { [PROCESSOR_METRIC_DIMENSION]: reconciler },
                stat: "Sum",
            },
            ...gt(0),
        });
    }
    return specs;
}

function firehoseSignals(e: ObservedResource, ctx: DetectorContext): AlarmSpec[] {
    const stream = e.resource as aws.kinesis.FirehoseDeliveryStream;
    const interval = Number(e.props.extendedS3Configuration?.bufferingInterval ?? 300);
    const dimensions = { DeliveryStreamName: stream.name };
    return [
        {
            kind: "data-freshness",
            title: `${e.name}: age of the oldest undelivered record (s)`,
            description: `Records of ${e.name} wait longer than its buffer interval + ${ctx.ops.firehoseFreshnessMarginSeconds} s to reach S3`,
            metric: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions, stat: "Maximum" },
            ...gt(interval + ctx.ops.firehoseFreshnessMarginSeconds),
        },
        {
            kind: "delivery-failures",
            title: `${e.name}: successful S3 deliveries (ratio)`,
            description: `Deliveries of ${e.name} to S3 fail (records go to the error prefix or are retried)`,
            metric: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions, stat: "Minimum" },
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            evaluationPeriods: 1,
        },
    ];
}

function apiSignals(title: string, dimensions: Record<string, pulumi.Input<string>>, ops: ResolvedOperationsSettings): AlarmSpec[] {
    return [
        {
            kind: "5xx",
            title: `${title}: 5xx rate`,
            description: `More than ${ops.api5xxPercent}% of ${title}'s requests answer 5xx`,
            metric: { namespace: "AWS/ApiGateway", metricName: "5XXError", dimensions, stat: "Average" },
            ...gt(ops.api5xxPercent / 100),
        },
        {
            kind: "latency-p99",
            title: `${title}: p99 latency (ms)`,
            description: `p99 latency of ${title} above ${ops.apiLatencyP99Ms} ms for 15 minutes`,
            metric: { namespace: "AWS/ApiGateway", metricName: "Latency", dimensions, stat: "p99" },
            ...gt(ops.apiLatencyP99Ms, 3),
        },
    ];
}

function restStageSignals(e: ObservedResource, ctx: DetectorContext): AlarmSpec[] {
    // REST API metrics are dimensioned by the API's name: the RestApi of the same component.
    const apis = ctx.registry.ofType("aws:apigateway/restApi:RestApi").filter((a) => a.parent === e.parent);
    if (apis.length !== 1) throw new Error(`Stage ${e.name}: expected one RestApi beside it to name its metrics, found ${apis.length}`);
    const api = apis[0].resource as aws.apigateway.RestApi;
    return apiSignals(e.name, { ApiName: api.name, Stage: e.props.stageName as pulumi.Input<string> }, ctx.ops);
}

function httpStageSignals(e: ObservedResource, ctx: DetectorContext): AlarmSpec[] {
    return apiSignals(e.name, { ApiId: e.props.apiId as pulumi.Input<string>, Stage: (e.props.name as pulumi.Input<string>) ?? "$default" }, ctx.ops);
}

function redshiftClusterSignals(e: ObservedResource): AlarmSpec[] {
    const cluster = e.resource as aws.redshift.Cluster;
    return [
        {
            kind: "health",
            title: `${e.name}: health (1 healthy)`,
            description: `Redshift cluster ${e.name} fails its health check`,
            metric: { namespace: "AWS/Redshift", metricName: "HealthStatus", dimensions: { ClusterIdentifier: cluster.clusterIdentifier }, stat: "Minimum" },
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            evaluationPeriods: 2,
        },
    ];
}

/**
 * A curated table's data quality ruleset: the curate job publishes the score of each batch it
 * evaluates against it (etl/lakeetl/quality.py); below 1, some rule failed (rows quarantined, or
 * the batch stopped).
 */
function qualityRulesetSignals(e: ObservedResource, ctx: DetectorContext): AlarmSpec[] {
    const target = pulumi.output(e.props.targetTable as pulumi.Input<aws.types.input.glue.DataQualityRulesetTargetTable>);
    return [
        {
            // Named after the ruleset (`orders-quality-score`) even when it is its owner's only one.
            kind: `${shortName(e.name, ctx.owner?.name ?? "")}-score`,
            title: `${e.name}: data quality score (1 = every rule passed)`,
            description: `A batch of ${e.name}'s table failed a data quality rule: rows went to quarantine/<dataset>/quality/, or the batch was not committed`,
            metric: {
                namespace: QUALITY_METRICS_NAMESPACE,
                metricName: QualityMetric.score,
                dimensions: { [QUALITY_METRIC_DIMENSIONS.database]: target.databaseName, [QUALITY_METRIC_DIMENSIONS.table]: target.tableName },
                stat: "Minimum",
            },
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            evaluationPeriods: 1,
        },
    ];
}

export const failureEvent = (source: string, detailType: string, field: string, value: pulumi.Input<string>, states: string[]): FailureEvent => ({
    source,
    detailType,
    field,
    value,
    states,
});

/** One detector per type token: what each kind of resource contributes. */
const DETECTORS: Record<string, Detector> = {
    "aws:sqs/queue:Queue": queueSignals,
    "aws:lambda/function:Function": functionSignals,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehoseSignals,
    "aws:apigateway/stage:Stage": restStageSignals,
    "aws:apigatewayv2/stage:Stage": httpStageSignals,
    "aws:redshift/cluster:Cluster": redshiftClusterSignals,
    "aws:glue/dataQualityRuleset:DataQualityRuleset": qualityRulesetSignals,
    // Glue publishes job and crawler state changes to EventBridge, not as alarmable metrics.
    "aws:glue/job:Job": (e) => [
        failureEvent("aws.glue", "Glue Job State Change", "jobName", (e.resource as aws.glue.Job).name, ["FAILED", "TIMEOUT", "ERROR"]),
    ],
    "aws:glue/crawler:Crawler": (e) => [
        failureEvent("aws.glue", "Glue Crawler State Change", "crawlerName", (e.resource as aws.glue.Crawler).name, ["Failed"]),
    ],
    "aws:emrserverless/application:Application": (e) => [
        failureEvent("aws.emr-serverless", "EMR Serverless Job Run State Change", "applicationId", (e.resource as aws.emrserverless.Application).id, [
            "FAILED",
        ]),
    ],
    "aws:emr/cluster:Cluster": (e) => [
        failureEvent("aws.emr", "EMR Cluster State Change", "clusterId", (e.resource as aws.emr.Cluster).id, ["TERMINATED_WITH_ERRORS"]),
        failureEvent("aws.emr", "EMR Step Status Change", "clusterId", (e.resource as aws.emr.Cluster).id, ["FAILED"]),
    ],
};

/** Type tokens that have signals (what the tests count in the graph). */
export const MONITORED_TYPES = Object.keys(DETECTORS);

/**
 * Every signal of the resources in `registry`: alarms filed by owner, ids unique per owner (the
 * detector's kind, prefixed with the role of an attached component and, only where two resources
 * of one owner give the same kind, with each resource's name below its owner's).
 */
export function deriveSignals(registry: ResourceRegistry, settings: OperationsSettings = {}): Signals {
    const ops = operationsWithDefaults(settings);
    const pending: { signal: Omit<AlarmSignal, "id">; base: string; local: string }[] = [];
    const events: EventSignal[] = [];
    for (const e of registry.all()) {
        const area = registry.areaOf(e) ?? "lake";
        if (!e.custom && declaresFailureEvents(e.resource)) events.push(...e.resource.failureEvents().map((spec) => ({ ...spec, subject: e, area })));
        const detector = e.custom ? DETECTORS[e.type] : undefined;
        if (!detector) continue;
        const component = registry.ownerOf(e);
        for (const spec of detector(e, { registry, ops, owner: component })) {
            if (!("kind" in spec)) {
                events.push({ ...spec, subject: e, area });
                continue;
            }
            if (!component) throw new Error(`${e.type} ${e.name} has no owning component to file its alarms under`);
            const { kind, ...rest } = spec;
            const filing = registry.filingOf(component);
            pending.push({
                signal: { ...rest, subject: e, owner: filing.owner, area },
                base: `${filing.rolePrefix}${kind}`,
                local: shortName(e.name, component.name),
            });
        }
    }
    const count = new Map<string, number>();
    const key = (p: (typeof pending)[number]) => `${p.signal.owner.name}\u0000${p.base}`;
    for (const p of pending) count.set(key(p), (count.get(key(p)) ?? 0) + 1);
    const alarms = pending.map((p) => ({ ...p.signal, id: count.get(key(p))! > 1 ? `${p.local}-${p.base}` : p.base }));
    return { alarms, events };
}

/** `lake-ingest-http-function` below `lake-ingest-http` -> `function`. */
function shortName(name: string, ownerName: string): string {
    return name.startsWith(`${ownerName}-`) ? name.slice(ownerName.length + 1) : name;
}
