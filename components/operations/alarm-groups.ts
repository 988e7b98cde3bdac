/**
 * The lake's metric alarms, one group component per owner of monitored resources (a zone, a
 * delivery stream, the ingest API, ...), each alarm `<group>-<signal id>`, notifying the alarm
 * topic on alarm and on recovery. A zone's group (`ZoneAlarms`, `<zone component>-alarms`) also
 * holds the alarms of the processor draining its queue, so the alarms that existed before they
 * were derived keep their names, parents and URNs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALARM_PERIOD_SECONDS, AlarmSignal } from "./signals";
import { ownedBy } from "../../lib/ownership";

/** A percentile statistic (`p99`, `p99.9`) goes to `extendedStatistic`, the rest to `statistic`. */
const PERCENTILE = /^p\d+(\.\d+)?$/;

/** Inputs of the MetricAlarm of `signal` (pure: tested directly). */
export function alarmArgs(signal: AlarmSignal, topicArn: pulumi.Input<string>): aws.cloudwatch.MetricAlarmArgs {
    const { metric } = signal;
    return {
        alarmDescription: signal.description,
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: metric.dimensions,
        ...(PERCENTILE.test(metric.stat) ? { extendedStatistic: metric.stat } : { statistic: metric.stat }),
        comparisonOperator: signal.comparisonOperator,
        threshold: signal.threshold,
        evaluationPeriods: signal.evaluationPeriods,
        period: ALARM_PERIOD_SECONDS,
        // No data means nothing happened (no messages, no invocations, no deliveries).
        treatMissingData: "notBreaching",
        alarmActions: [topicArn],
        okActions: [topicArn],
    };
}

export interface AlarmGroupArgs {
    /** The group's signals (all with the same owner). Required. */
    signals: AlarmSignal[];
    /** SNS topic the alarms notify. Required. */
    topicArn: pulumi.Input<string>;
}

function createAlarms(group: pulumi.ComponentResource, name: string, args: AlarmGroupArgs): Record<string, aws.cloudwatch.MetricAlarm> {
    return Object.fromEntries(
        args.signals.map((s) => [s.id, new aws.cloudwatch.MetricAlarm(`${name}-${s.id}`, alarmArgs(s, args.topicArn), { parent: group })]),
    );
}

/** Alarms of one zone and of the processor that drains its queue. */
export class ZoneAlarms extends pulumi.ComponentResource {
    /** Alarms by signal id (`dlq-messages`, `queue-age`, `processor-errors`, ...). */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;

    constructor(name: string, args: AlarmGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:ZoneAlarms", name, {}, ownedBy("operations", opts));
        this.alarms = createAlarms(this, name, args);
        this.registerOutputs({});
    }
}

/** Alarms of the resources of one component other than a zone. */
export class ResourceAlarms extends pulumi.ComponentResource {
    /** Alarms by signal id. */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;

    constructor(name: string, args: AlarmGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:ResourceAlarms", name, {}, ownedBy("operations", opts));
        this.alarms = createAlarms(this, name, args);
        this.registerOutputs({});
    }
}

/** One group per owner, `<owner name>-alarms`, children of `parent`; returns every alarm. */
export function alarmGroups(
    signals: AlarmSignal[],
    topicArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): { signal: AlarmSignal; alarm: aws.cloudwatch.MetricAlarm }[] {
    const byOwner = new Map<string, AlarmSignal[]>();
    for (const s of signals) byOwner.set(s.owner.name, [...(byOwner.get(s.owner.name) ?? []), s]);
    return [...byOwner.values()].flatMap((group) => {
        const owner = group[0].owner;
        const Group = owner.type === "datalake:storage:Zone" ? ZoneAlarms : ResourceAlarms;
        const { alarms } = new Group(`${owner.name}-alarms`, { signals: group, topicArn }, { parent });
        return group.map((signal) => ({ signal, alarm: alarms[signal.id] }));
    });
}
