/**
 * Redrive a zone's dead-letter queue back to its event queue, once the cause is fixed (an IAM or
 * KMS setting, a bug, an outage). The sources of those messages were never tagged as processed,
 * so the landing zone's lifecycle has kept them.
 *
 *   npm run redrive -- --stack dev --zone drop [--rate 10] [--status] [--region R] [--endpoint URL] [--dlq-url URL]
 *
 * The DLQ comes from the stack's `dlqUrls` output (`pulumi stack output dlqUrls --stack S --json`)
 * unless --dlq-url names it. SQS StartMessageMoveTask moves every message back to the queue it
 * came from (the zone's event queue), at most --rate messages per second if given (1-500);
 * --status lists the DLQ's move tasks instead. Needs sqs:StartMessageMoveTask,
 * sqs:ListMessageMoveTasks, sqs:GetQueueAttributes and sqs:ReceiveMessage/DeleteMessage on the
 * DLQ, sqs:SendMessage on the event queue (and the zone key, which encrypts both).
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { GetQueueAttributesCommand, ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from "@aws-sdk/client-sqs";

export interface RedriveOptions {
    stack?: string;
    zone?: string;
    dlqUrl?: string;
    /** Messages per second; SQS's own (system-optimised) rate when undefined. */
    rate?: number;
    status: boolean;
    region?: string;
    endpoint?: string;
}

export class UsageError extends Error {}

const USAGE = "usage: npm run redrive -- --stack <stack> --zone <zone> [--rate 1-500] [--status] [--region R] [--endpoint URL] [--dlq-url URL]";

export function parseRedriveArgs(argv: string[]): RedriveOptions {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                zone: { type: "string" },
                "dlq-url": { type: "string" },
                rate: { type: "string" },
                status: { type: "boolean", default: false },
                region: { type: "string" },
                endpoint: { type: "string" },
            },
        }));
    } catch (e) {
        throw new UsageError(`${(e as Error).message}\n${USAGE}`);
    }
    if (!values["dlq-url"] && !(values.stack && values.zone)) throw new UsageError(`give --stack and --zone (or --dlq-url)\n${USAGE}`);
    let rate: number | undefined;
    if (values.rate !== undefined) {
        rate = Number(values.rate);
        // StartMessageMoveTask's MaxNumberOfMessagesPerSecond is 1-500.
        if (!Number.isInteger(rate) || rate < 1 || rate > 500)
            throw new UsageError(`--rate must be an integer from 1 to 500, got ${JSON.stringify(values.rate)}`);
    }
    return {
        stack: values.stack,
        zone: values.zone,
        dlqUrl: values["dlq-url"],
        rate,
        status: values.status ?? false,
        region: values.region,
        endpoint: values.endpoint,
    };
}

/** The zone's DLQ URL from the stack's `dlqUrls` output (zone -> URL). */
export function dlqUrlOf(dlqUrls: unknown, zone: string): string {
    const urls = dlqUrls && typeof dlqUrls === "object" ? (dlqUrls as Record<string, unknown>) : {};
    const url = urls[zone];
    if (typeof url !== "string" || !url) throw new UsageError(`the stack has no DLQ for zone '${zone}' (zones: ${Object.keys(urls).join(", ") || "none"})`);
    return url;
}

/** `pulumi stack output dlqUrls --stack S --json`, the way an operator would read it. */
function stackDlqUrls(stack: string): unknown {
    const out = spawnSync("pulumi", ["stack", "output", "dlqUrls", "--stack", stack, "--json"], { encoding: "utf8" });
    if (out.error || out.status !== 0) {
        throw new UsageError(`could not read the stack's dlqUrls output (${out.error?.message ?? out.stderr.trim()}); pass --dlq-url instead`);
    }
    return JSON.parse(out.stdout);
}

export interface RedriveResult {
    dlqArn: string;
    /** Messages in the DLQ when the task started (approximate, as SQS counts). */
    messages: number;
    /** Handle of the started move task; undefined when there was nothing to move or for --status. */
    taskHandle?: string;
    tasks?: { status?: string; moved?: number; toMove?: number; started?: number; failure?: string }[];
}

export async function redrive(sqs: SQSClient, dlqUrl: string, opts: Pick<RedriveOptions, "rate" | "status">): Promise<RedriveResult> {
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn", "ApproximateNumberOfMessages"] }));
    const dlqArn = attrs.Attributes?.QueueArn;
    if (!dlqArn) throw new Error(`${dlqUrl} has no QueueArn`);
    const messages = Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0);
    if (opts.status) {
        const list = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }));
        const tasks = (list.Results ?? []).map((t) => ({
            status: t.Status,
            moved: t.ApproximateNumberOfMessagesMoved,
            toMove: t.ApproximateNumberOfMessagesToMove,
            started: t.StartedTimestamp,
            failure: t.FailureReason,
        }));
        return { dlqArn, messages, tasks };
    }
    if (messages === 0) return { dlqArn, messages };
    // No DestinationArn: SQS returns each message to the queue it was dead-lettered from.
    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: opts.rate }));
    return { dlqArn, messages, taskHandle: task.TaskHandle };
}

export async function main(argv: string[]): Promise<number> {
    try {
        const opts = parseRedriveArgs(argv);
        const dlqUrl = opts.dlqUrl ?? dlqUrlOf(stackDlqUrls(opts.stack!), opts.zone!);
        const sqs = new SQSClient({ region: opts.region, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
        const result = await redrive(sqs, dlqUrl, opts);
        if (result.tasks) console.log(JSON.stringify({ dlq: result.dlqArn, messages: result.messages, tasks: result.tasks }, null, 2));
        else if (!result.taskHandle) console.log(`${result.dlqArn} is empty: nothing to redrive`);
        else console.log(`moving ~${result.messages} messages from ${result.dlqArn} back to their queue (task ${result.taskHandle}); follow it with --status`);
        return 0;
    } catch (e) {
        console.error(e instanceof UsageError ? e.message : `redrive failed: ${(e as Error).message}`);
        return e instanceof UsageError ? 2 : 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
