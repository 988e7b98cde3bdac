/**
 * The local stand-in for the Lambda service. moto cannot run function code without Docker, so each
 * aws:lambda/function the engine deployed (created in the emulator, which cannot run it) runs in
 * this process: the handler factory of its code folder (functions/<code>, read from the code
 * archive) is called with the function's environment and clients pointed at the emulator. Each recorded
 * SQS event source mapping is emulated as the Lambda service does it: ReceiveMessage up to the
 * batch size, an SQSEvent, the handler, DeleteMessage for every message not listed in
 * batchItemFailures; a thrown handler error fails the whole batch.
 *
 * One liberty, to keep a run short: failed messages are made visible again at once
 * (ChangeMessageVisibility 0) instead of after the queue's visibility timeout (6x the function
 * timeout, 30 minutes in dev). Receive counts and the redrive to the DLQ after maxReceiveCount are
 * the emulator's own.
 *
 * Least privilege (`clientsFor`): each function's clients, and the mapping's polling of its queue,
 * use the credentials of the function's own execution role (sts:AssumeRole in the emulator), as
 * the Lambda service does, so an emulator that enforces IAM refuses what the role does not grant.
 */
import { randomUUID } from "node:crypto";
import {
    ChangeMessageVisibilityBatchCommand,
    DeleteMessageBatchCommand,
    GetQueueAttributesCommand,
    ReceiveMessageCommand,
    type Message,
} from "@aws-sdk/client-sqs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createHandler as dropToRaw } from "../functions/drop-to-raw";
import { createHandler as realtimeCounts, settingsFromEnv as realtimeSettingsFromEnv } from "../functions/realtime-counts/handler";
import { createHandler as ingestApi, settingsFromEnv } from "../functions/ingest-api/handler";
import { createHandler as trafficApi, settingsFromEnv as trafficSettingsFromEnv } from "../functions/traffic-api/handler";
import { createJob as trafficJob, settingsFromEnv as trafficJobSettingsFromEnv } from "../functions/traffic-job/handler";
import { DuckDBInstance } from "@duckdb/node-api";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { makeHandler as startCuration, readStarterSettings } from "../functions/start-curation/starter";
import { makeHandler as zoneCopy, readCopySettings } from "../functions/zone-copy/processor";
import { METRICS_NAMESPACE } from "../lib/contract";
import type { RecordedResource } from "../harness/program";
import { functionCodeName, functionNamed } from "./graph";
import type { Clients } from "../harness/aws-double/emulator";

type AnyHandler = (event: any, context: Context) => Promise<any>;

export interface LocalFunction {
    /** Physical function name (recorded). */
    name: string;
    /** Code folder under functions/. */
    code: string;
    /** Environment as deployed (the emulator's names). */
    env: Record<string, string>;
    timeoutSeconds: number;
    memoryMb: number;
    handler: AnyHandler;
    /** Its execution role's ARN, as deployed. */
    roleArn: string;
    /** Clients it calls AWS with: its role's credentials when the runtime has `clientsFor`, else the runtime's. */
    clients: Clients;
    /** The metrics documents (EMF) it published, in order. */
    published: EmfDocument[];
}

/** An embedded-metric-format document as Powertools serializes it. */
export type EmfDocument = ReturnType<Metrics["serializeMetrics"]>;

export interface RuntimeOptions {
    /** Powertools log level of the functions. Default "SILENT" (the run prints its own summary). */
    logLevel?: string;
    /** Clients with the credentials of an execution role (least privilege). Default: every function uses the runtime's clients. */
    clientsFor?: (roleArn: string) => Clients;
}

interface FactoryDeps {
    env: Record<string, string>;
    clients: Clients;
    logger: Logger;
    metrics: Metrics;
}

/**
 * Metrics that print nothing but keep what each flush would have published: there is no
 * CloudWatch here, EMF lines would bury the summary, and the run reads the documents instead.
 * Powertools reads POWERTOOLS_METRICS_DISABLED when the instance is built; it is set only for that.
 */
class RecordingMetrics extends Metrics {
    readonly published: EmfDocument[] = [];

    override publishStoredMetrics(): this {
        if (this.hasStoredMetrics()) this.published.push(this.serializeMetrics());
        return super.publishStoredMetrics();
    }
}

/** How each function's handler is built from its environment and clients (its index.ts, with the emulator's clients). */
const FACTORIES: Record<string, (deps: FactoryDeps) => Promise<AnyHandler>> = {
    "drop-to-raw": async ({ env, clients, logger, metrics }) => dropToRaw({ s3: clients.s3, env, logger, metrics }) as AnyHandler,
    "zone-copy": async ({ env, clients, logger, metrics }) => zoneCopy(readCopySettings(env), { s3: clients.s3, logger, metrics }) as AnyHandler,
    "start-curation": async ({ env, clients, logger, metrics }) =>
        startCuration(readStarterSettings(env), { glue: clients.glue, logger, metrics }) as AnyHandler,
    "ingest-api": async ({ env, clients, logger, metrics }) =>
        ingestApi({ firehose: clients.firehose, kinesis: clients.kinesis, settings: settingsFromEnv(env), logger, metrics }) as AnyHandler,
    "traffic-api": async ({ env, clients, logger, metrics }) =>
        trafficApi({ dynamo: DynamoDBDocumentClient.from(clients.dynamodb), settings: trafficSettingsFromEnv(env), logger, metrics }) as AnyHandler,
    "traffic-job": async ({ env, clients, logger, metrics }) => {
        let duckdb: Promise<DuckDBInstance> | undefined;
        return trafficJob({
            s3: clients.s3,
            dynamo: DynamoDBDocumentClient.from(clients.dynamodb),
            // As its index.ts: parquet is built in, nothing is downloaded.
            duckdb: () => (duckdb ??= DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" })),
            settings: trafficJobSettingsFromEnv(env),
            logger,
            metrics,
        }) as AnyHandler;
    },
    // Calls no AWS API itself: the event source mapping (local/streams.ts) reads its streams with its role.
    "realtime-counts": async ({ env, logger, metrics }) => realtimeCounts({ settings: realtimeSettingsFromEnv(env), logger, metrics }) as AnyHandler,
};

/** A Lambda context for an in-process invocation. */
export function lambdaContext(fn: Pick<LocalFunction, "name" | "timeoutSeconds" | "memoryMb">, region: string): Context {
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName: fn.name,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${fn.name}`,
        memoryLimitInMB: String(fn.memoryMb),
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: "local",
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}

/** A RecordingMetrics (above) that prints nothing. */
function quietMetrics(namespace: string, serviceName: string, logger: Logger): RecordingMetrics {
    const before = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    try {
        // Its own warnings (e.g. a batch with nothing to count) go to the function's logger.
        return new RecordingMetrics({ namespace, serviceName, logger });
    } finally {
        if (before === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
        else process.env.POWERTOOLS_METRICS_DISABLED = before;
    }
}

/** Every recorded Lambda whose code has a factory, keyed by recorded URN. */
export async function loadFunctions(
    resources: RecordedResource[],
    clients: Clients,
    opts: RuntimeOptions = {},
): Promise<{ functions: Map<string, LocalFunction> }> {
    const functions = new Map<string, LocalFunction>();
    for (const r of resources.filter((x) => x.type === "aws:lambda/function:Function")) {
        const code = await functionCodeName(r);
        const factory = FACTORIES[code];
        if (!factory) continue;
        const props = r.props;
        const env: Record<string, string> = { ...(props.environment?.variables ?? {}) };
        const serviceName = env.POWERTOOLS_SERVICE_NAME ?? code;
        const logger = new Logger({ serviceName, logLevel: (opts.logLevel ?? "SILENT") as "SILENT" });
        const roleArn: string = props.role;
        const own = opts.clientsFor?.(roleArn) ?? clients;
        const metrics = quietMetrics(env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName, logger);
        const handler = await factory({ env, clients: own, logger, metrics });
        functions.set(r.urn, {
            name: props.name,
            code,
            env,
            timeoutSeconds: props.timeout ?? 3,
            memoryMb: props.memorySize ?? 128,
            handler,
            roleArn,
            clients: own,
            published: metrics.published,
        });
    }
    return { functions };
}

/** One emulated SQS event source mapping. */
export interface QueueMapping {
    name: string;
    queueUrl: string;
    queueArn: string;
    batchSize: number;
    reportsBatchItemFailures: boolean;
    fn: LocalFunction;
}

/** The deployed event source mappings from SQS queues, resolved to emulator queues and local functions. */
export function queueMappings(resources: RecordedResource[], functions: Map<string, LocalFunction>): QueueMapping[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources
        .filter((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && r.props.eventSourceArn?.startsWith("arn:aws:sqs:"))
        .map((m) => {
            const deps = m.dependencies.map((u) => byUrn.get(u)!).filter(Boolean);
            const queue = deps.find((d) => d.type === "aws:sqs/queue:Queue" && d.outputs.arn === m.props.eventSourceArn);
            const fnResource = functionNamed(m.props.functionName, resources);
            if (!queue) throw new Error(`${m.name}: its event source ${m.props.eventSourceArn} is not a recorded SQS queue`);
            const fn = fnResource && functions.get(fnResource.urn);
            if (!fn) throw new Error(`${m.name}: no local code for function ${m.props.functionName}`);
            return {
                name: m.name,
                queueUrl: queue.outputs.url,
                queueArn: queue.outputs.arn,
                // SQS hands out at most 10 messages per receive; Lambda's larger batches need a window.
                batchSize: Math.min(m.props.batchSize ?? 10, 10),
                reportsBatchItemFailures: (m.props.functionResponseTypes ?? []).includes("ReportBatchItemFailures"),
                fn,
            };
        });
}

export interface MappingStats {
    invocations: number;
    messages: number;
    /** Messages reported failed (or in a batch whose handler threw) and made visible again. */
    failedMessages: number;
    handlerErrors: number;
}

function toEvent(messages: Message[], queueArn: string, region: string): SQSEvent {
    return {
        Records: messages.map((m) => ({
            messageId: m.MessageId!,
            receiptHandle: m.ReceiptHandle!,
            body: m.Body ?? "",
            attributes: {
                ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
                SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
                SenderId: m.Attributes?.SenderId ?? "local",
                ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
            },
            messageAttributes: {},
            md5OfBody: m.MD5OfBody ?? "",
            eventSource: "aws:sqs",
            eventSourceARN: queueArn,
            awsRegion: region,
        })),
    };
}

/** Messages in a queue, visible or in flight. */
export async function queueDepth(clients: Clients, queueUrl: string): Promise<number> {
    const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** One poll of one mapping (with its function's clients, as Lambda polls with the execution role): receive a batch, invoke, delete what succeeded. Returns messages received. */
async function pollOnce(m: QueueMapping, region: string, stats: MappingStats): Promise<number> {
    const clients = m.fn.clients;
    const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: m.queueUrl, MaxNumberOfMessages: m.batchSize, WaitTimeSeconds: 0, MessageSystemAttributeNames: ["All"] }),
    );
    if (Messages.length === 0) return 0;
    stats.invocations++;
    stats.messages += Messages.length;
    let failed: Set<string>;
    try {
        const response: SQSBatchResponse | undefined = await m.fn.handler(toEvent(Messages, m.queueArn, region), lambdaContext(m.fn, region));
        failed = new Set(m.reportsBatchItemFailures ? (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : []);
    } catch {
        stats.handlerErrors++;
        failed = new Set(Messages.map((x) => x.MessageId!));
    }
    stats.failedMessages += failed.size;
    const done = Messages.filter((x) => !failed.has(x.MessageId!));
    const retry = Messages.filter((x) => failed.has(x.MessageId!));
    if (done.length) {
        await clients.sqs.send(
            new DeleteMessageBatchCommand({ QueueUrl: m.queueUrl, Entries: done.map((x, i) => ({ Id: String(i), ReceiptHandle: x.ReceiptHandle! })) }),
        );
    }
    if (retry.length) {
        await clients.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
                QueueUrl: m.queueUrl,
                Entries: retry.map((x, i) => ({ Id: String(i), ReceiptHandle: x.ReceiptHandle!, VisibilityTimeout: 0 })),
            }),
        );
    }
    return Messages.length;
}

/**
 * Polls every mapping in turn until a full round receives nothing and every mapped queue is empty
 * (processing one zone fills the next zone's queue). Throws if that takes longer than `timeoutMs`.
 */
export async function drainQueues(
    mappings: QueueMapping[],
    clients: Clients,
    opts: { region: string; timeoutMs?: number },
): Promise<Record<string, MappingStats>> {
    const stats: Record<string, MappingStats> = Object.fromEntries(
        mappings.map((m) => [m.name, { invocations: 0, messages: 0, failedMessages: 0, handlerErrors: 0 }]),
    );
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
        let received = 0;
        for (const m of mappings) received += await pollOnce(m, opts.region, stats[m.name]);
        if (received === 0) {
            const depths = await Promise.all(mappings.map((m) => queueDepth(clients, m.queueUrl)));
            if (depths.every((d) => d === 0)) return stats;
            await new Promise((r) => setTimeout(r, 100));
        }
        if (Date.now() > deadline) throw new Error(`queues not drained within ${opts.timeoutMs ?? 120_000} ms`);
    }
}
