/**
 * Pure pieces of the real-time area: the window function's environment (lib/contract
 * `RealtimeEnv`), its physical name, and the dashboard's body. Unit-tested directly;
 * components/realtime/realtime.ts wires them.
 */
import { METRICS_NAMESPACE, REALTIME_EVENT_TYPES, RealtimeEnv, RealtimeEventType, RealtimeMetrics } from "../../lib/contract";

/** Code folder (functions/<name>) of the window function. */
export const REALTIME_CODE = "realtime-counts";

export interface RealtimeFunctionEnvArgs {
    /** Kinesis stream name -> the event type it carries. */
    streamTypes: Record<string, RealtimeEventType>;
    /** The `lake` dimension: `<project>-<stack>`. */
    lake: string;
    logLevel: string;
}

export function realtimeFunctionEnv(a: RealtimeFunctionEnvArgs): Record<string, string> {
    return {
        [RealtimeEnv.streamTypes]: JSON.stringify(a.streamTypes),
        [RealtimeEnv.lake]: a.lake,
        [RealtimeEnv.serviceName]: RealtimeMetrics.service,
        [RealtimeEnv.metricsNamespace]: METRICS_NAMESPACE,
        [RealtimeEnv.logLevel]: a.logLevel,
    };
}

/** A metric of the window function, as a dashboard `metrics` row (namespace, name, dimensions, options). */
function metricRow(name: string, lake: string, options: Record<string, unknown>): unknown[] {
    return [METRICS_NAMESPACE, name, RealtimeMetrics.lakeDimension, lake, "service", RealtimeMetrics.service, options];
}

/**
 * The real-time dashboard (the RealTimeAdvertisingDashboard of reference 002, docs/references.md): impressions and clicks
 * per minute (Sum over 60 s: the window function publishes one count per window and shard), the
 * click-through rate as metric math (clicks / impressions, no point for a minute without
 * impressions rather than a division by zero), and the malformed records skipped.
 */
export function dashboardBody(a: { region: string; lake: string }): { widgets: object[] } {
    const perMinute = (type: RealtimeEventType, x: number) => ({
        type: "metric",
        x,
        y: 0,
        width: 8,
        height: 6,
        properties: {
            title: `${type[0].toUpperCase()}${type.slice(1)} per minute`,
            region: a.region,
            view: "timeSeries",
            stat: "Sum",
            period: 60,
            metrics: [metricRow(RealtimeMetrics.counts[type], a.lake, { label: type })],
            yAxis: { left: { min: 0 } },
        },
    });
    const [impressions, clicks] = REALTIME_EVENT_TYPES;
    return {
        widgets: [
            perMinute(impressions, 0),
            perMinute(clicks, 8),
            {
                type: "metric",
                x: 16,
                y: 0,
                width: 8,
                height: 6,
                properties: {
                    title: "Click-through rate (%)",
                    region: a.region,
                    view: "timeSeries",
                    stat: "Sum",
                    period: 60,
                    metrics: [
                        metricRow(RealtimeMetrics.counts.impressions, a.lake, { id: "impressions", visible: false }),
                        metricRow(RealtimeMetrics.counts.clicks, a.lake, { id: "clicks", visible: false }),
                        [{ id: "ctr", expression: "IF(impressions > 0, 100 * FILL(clicks, 0) / impressions)", label: "click-through rate (%)" }],
                    ],
                    yAxis: { left: { min: 0, label: "%" } },
                },
            },
            {
                type: "metric",
                x: 0,
                y: 6,
                width: 8,
                height: 6,
                properties: {
                    title: "Malformed records skipped per minute",
                    region: a.region,
                    view: "timeSeries",
                    stat: "Sum",
                    period: 60,
                    metrics: [metricRow(RealtimeMetrics.malformed, a.lake, { label: "malformed" })],
                    yAxis: { left: { min: 0 } },
                },
            },
        ],
    };
}
