/**
 * The real-time area's args and their defaults, the one place they live: `Realtime` applies them
 * (`realtimeWithDefaults`) and lib/config takes its `realtime.*` defaults from here. Pure
 * (types only from Pulumi), so the config loads it without the Pulumi runtime.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RealtimeEventType } from "../../lib/contract";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import type { LambdaVpc } from "../network/function-vpc";
import { withDefaults } from "../../lib/defaults";

/** What the function needs of a Kinesis-fed stream (a `DeliveryStream` with a Kinesis source satisfies it). */
export interface RealtimeSource {
    kinesisStreamName?: pulumi.Input<string>;
    kinesisStreamArn?: pulumi.Input<string>;
    kinesisKeyArn?: pulumi.Input<string>;
}

/**
 * The stream of each event type: an interface with each member written out, as the component
 * package's schema analyzer reads only declared members (it takes a mapped type's for any).
 */
export interface RealtimeStreams extends Record<RealtimeEventType, RealtimeSource> {
    impressions: RealtimeSource;
    clicks: RealtimeSource;
}

export interface RealtimeArgs {
    /** The stream of each event type; each must be Kinesis-fed. Required. */
    streams: RealtimeStreams;
    /** Account scope, the function's log retention and the logs key (`logsKeyArn` required). Required. */
    context: LakeContext;
    /** Key of the on-failure queue (one SQS may use, e.g. the analytics CMK). Required. */
    failureKeyArn: pulumi.Input<string>;
    /**
     * Kinesis records per invocation (1-10000).
     * @default 500
     */
    batchSize?: number;
    /**
     * Seconds the event source waits to fill a batch (0-300).
     * @default 5
     */
    maxBatchingWindowSeconds?: number;
    /**
     * Retries of a failing batch before it is skipped and reported to the on-failure queue (0-10000).
     * @default 5
     */
    maxRetryAttempts?: number;
    /**
     * X-Ray active tracing of the function (the lake passes `ingestApi.tracing`, its one tracing setting).
     * @default false
     */
    tracing?: boolean;
    /**
     * POWERTOOLS_LOG_LEVEL of the function.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * The function's code.
     * @default functions/realtime-counts bundled by lib/bundle
     */
    code?: pulumi.asset.Archive;
    /**
     * Run in these subnets with these security groups (the lake: `network.lambdasInVpc`). The
     * function calls no AWS API itself (Lambda polls the streams and sends failures; metrics are
     * log lines), so it needs no endpoint.
     * @default not in a VPC
     */
    vpc?: LambdaVpc;
}

export const REALTIME_DEFAULTS = {
    batchSize: 500,
    maxBatchingWindowSeconds: 5,
    maxRetryAttempts: 5,
    tracing: false,
    logLevel: "INFO",
} as const satisfies Required<Omit<RealtimeArgs, "streams" | "context" | "failureKeyArn" | "code" | "vpc">>;

/** The args with every default applied (the context's too); `code` and `vpc` stay optional. */
export type ResolvedRealtimeArgs = Required<Omit<RealtimeArgs, "context" | "code" | "vpc">> &
    Pick<RealtimeArgs, "code" | "vpc"> & { context: ResolvedLakeContext };

/**
 * Integer ranges of the Kinesis event source mapping settings Lambda accepts (BatchSize up to
 * 10000, MaximumBatchingWindowInSeconds up to 300, MaximumRetryAttempts up to 10000; its -1,
 * retry forever, is not offered: a poison batch would block its shard until the records expire).
 */
export const REALTIME_LIMITS = {
    batchSize: [1, 10000],
    maxBatchingWindowSeconds: [0, 300],
    maxRetryAttempts: [0, 10000],
} as const;

/** `args` with the defaults of the fields it leaves out (or sets to undefined); throws on a setting Lambda refuses, so a program fails before deploying. */
export function realtimeWithDefaults(args: RealtimeArgs): ResolvedRealtimeArgs {
    const resolved: ResolvedRealtimeArgs = { ...args, ...withDefaults(args, REALTIME_DEFAULTS), context: lakeContext(args.context) };
    for (const key of Object.keys(REALTIME_LIMITS) as (keyof typeof REALTIME_LIMITS)[]) {
        const [min, max] = REALTIME_LIMITS[key];
        const value = resolved[key];
        if (!(Number.isInteger(value) && value >= min && value <= max)) throw new Error(`Realtime: ${key} ${value} is not an integer in ${min}-${max}`);
    }
    return resolved;
}
