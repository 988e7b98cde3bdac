/**
 * Alarms of one zone, both to the alarm topic: messages in its DLQ (poison events that exhausted
 * their retries) and errors of the processor consuming its queue, if it has one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Evaluation period of the alarms (s). */
const PERIOD_SECONDS = 300;

export interface ZoneAlarmsArgs {
    /** Zone name, for descriptions. Required. */
    zoneName: string;
    /** SNS topic the alarms notify on alarm and on recovery. Required. */
    topicArn: pulumi.Input<string>;
    /** Name of the zone's DLQ. Required. */
    dlqName: pulumi.Input<string>;
    /** Name of the processor consuming the zone's queue. Default: none (no errors alarm). */
    functionName?: pulumi.Input<string>;
}

export class ZoneAlarms extends pulumi.ComponentResource {
    readonly dlqAlarm: aws.cloudwatch.MetricAlarm;
    readonly errorsAlarm?: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: ZoneAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:ZoneAlarms", name, {}, opts);
        const child = { parent: this };
        const common = {
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: 1,
            period: PERIOD_SECONDS,
            treatMissingData: "notBreaching",
            alarmActions: [args.topicArn],
            okActions: [args.topicArn],
        };
        this.dlqAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-dlq-messages`,
            {
                ...common,
                alarmDescription: `Zone ${args.zoneName}: events in the dead-letter queue (retries exhausted)`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: args.dlqName },
                statistic: "Maximum",
            },
            child,
        );
        if (args.functionName) {
            this.errorsAlarm = new aws.cloudwatch.MetricAlarm(
                `${name}-processor-errors`,
                {
                    ...common,
                    alarmDescription: `Zone ${args.zoneName}: its processor's invocations fail`,
                    namespace: "AWS/Lambda",
                    metricName: "Errors",
                    dimensions: { FunctionName: args.functionName },
                    statistic: "Sum",
                },
                child,
            );
        }
        this.registerOutputs({});
    }
}
