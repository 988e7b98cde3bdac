/**
 * The real-time window function: a Kinesis event source mapping with a 60 s tumbling window
 * (`tumblingWindowInSeconds`) invokes it one or more times per window and shard, handing back
 * the `state` the previous invocation returned. Each invocation adds its records to the counts;
 * the window's final invocation (`isFinalInvokeForWindow`, or `isWindowTerminatedEarly` when the
 * state outgrew 1 MB) publishes them as CloudWatch metrics in embedded metric format, stamped
 * with the window's start, so each shard's per-minute counts sum up in CloudWatch.
 *
 * Malformed records are counted (MalformedRecords) and skipped: nothing in a batch fails on its
 * own, so `batchItemFailures` stays empty and a bad record never holds up its shard. Counts are at
 * least once: Lambda may hand a record to two invocations after an error.
 */
import type { KinesisStreamStateResponse, KinesisStreamTumblingWindowEvent } from "aws-lambda";
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { REALTIME_EVENT_TYPES, RealtimeEnv, RealtimeEventType, RealtimeMetrics } from "../../lib/contract";
import { jsonObjectEntries } from "../shared/env";
import { addRecords, readState, streamNameOf, WindowState } from "./window";

export interface RealtimeSettings {
    /** Kinesis stream name -> the event type it carries. */
    streamTypes: Record<string, RealtimeEventType>;
    /** Value of the `lake` dimension. */
    lake: string;
}

/** Reads RealtimeEnv; a missing or bad value throws naming the variable (the function fails at init). */
export function settingsFromEnv(env: Record<string, string | undefined>): RealtimeSettings {
    const entries = jsonObjectEntries(env, RealtimeEnv.streamTypes, '{"<kinesis stream>":"impressions"}');
    if (!entries?.length || entries.some(([, t]) => !(REALTIME_EVENT_TYPES as readonly unknown[]).includes(t))) {
        throw new Error(`${RealtimeEnv.streamTypes} must map stream names to ${REALTIME_EVENT_TYPES.join(" or ")}, got ${env[RealtimeEnv.streamTypes]}`);
    }
    const lake = env[RealtimeEnv.lake];
    if (!lake) throw new Error(`${RealtimeEnv.lake} must name the lake (the metrics' ${RealtimeMetrics.lakeDimension} dimension)`);
    return { streamTypes: Object.fromEntries(entries) as Record<string, RealtimeEventType>, lake };
}

export interface HandlerDeps {
    settings: RealtimeSettings;
    logger: Logger;
    /** Namespace and `service` dimension set by the caller; the `lake` dimension is added here. */
    metrics: Metrics;
}

/** The tumbling-window event as Lambda sends it (the typings lack `shardId` and `eventSourceARN`). */
export type WindowEvent = KinesisStreamTumblingWindowEvent & { shardId?: string; eventSourceARN?: string };

export type WindowHandler = (event: WindowEvent) => Promise<KinesisStreamStateResponse>;

export function createHandler(deps: HandlerDeps): WindowHandler {
    const { settings, logger, metrics } = deps;
    metrics.setDefaultDimensions({ [RealtimeMetrics.lakeDimension]: settings.lake });
    const typeOfStream = (name: string | undefined) => (name ? settings.streamTypes[name] : undefined);

    return async (event) => {
        const before = readState(event.state);
        const state = addRecords(before, event.Records ?? [], (name) => typeOfStream(name ?? streamNameOf(event.eventSourceARN)));
        const added = state.malformed - before.malformed;
        if (added > 0) logger.warn("malformed records skipped", { shardId: event.shardId, window: event.window, malformed: added });
        if (event.isFinalInvokeForWindow || event.isWindowTerminatedEarly) publish(event, state);
        return { state: { ...state }, batchItemFailures: [] };
    };

    /** One EMF document for the window: every type this stream carries (0 included) and the malformed count. */
    function publish(event: WindowEvent, state: WindowState): void {
        const start = Date.parse(event.window?.start ?? "");
        const streamType = typeOfStream(streamNameOf(event.eventSourceARN ?? event.Records?.[0]?.eventSourceARN));
        // An empty window still reports its own type's 0: "no beacons this minute" rather than a gap.
        const types = REALTIME_EVENT_TYPES.filter((t) => t === streamType || state.counts[t] > 0);
        for (const t of types) metrics.addMetric(RealtimeMetrics.counts[t], MetricUnit.Count, state.counts[t]);
        metrics.addMetric(RealtimeMetrics.malformed, MetricUnit.Count, state.malformed);
        if (Number.isFinite(start)) metrics.setTimestamp(start);
        else logger.error("window without a start; metrics stamped with the current time", { window: event.window });
        logger.info("window closed", { shardId: event.shardId, window: event.window, early: event.isWindowTerminatedEarly, ...state });
        metrics.publishStoredMetrics();
    }
}
