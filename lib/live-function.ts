/**
 * Safe deploys (issue 21): every Lambda function of the lake is published (`publish: true`: each
 * change of its code or configuration becomes a new immutable version) and invoked only through
 * its `live` alias, which event source mappings, rule and schedule targets, API integrations and
 * invoke permissions name. How a new version takes the alias's traffic is the deploy strategy:
 * `AllAtOnce` moves the alias in the same update; a gradual strategy lets the automation driver
 * (automation/rollout.ts) shift it in steps through the alias's weighted routing while it watches
 * the function's rollback alarms, and roll it back when one fires (README "Safe deploys" compares
 * this with CodeDeploy). Built once here so that no function of the lake is created otherwise.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The alias every event source invokes. */
export const LIVE_ALIAS = "live";

/**
 * The strategies: CodeDeploy's predefined Lambda deployment configurations (their names without
 * `CodeDeployDefault.Lambda`), so that the shapes are the familiar ones
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html).
 */
export const DEPLOY_STRATEGIES = [
    "AllAtOnce",
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
] as const;
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

/**
 * A gradual rollout in progress, set by the automation driver for one `up` (never by hand): the
 * alias stays on the version it served before and routes `weight` of the invocations to the new one.
 */
export interface Rollout {
    /** Share of invocations the new version takes, 0 (rolled back) to below 1 (Lambda's routing weight range is 0.0-1.0). */
    weight: number;
    /** The version each function's alias served before the rollout, by physical function name. */
    stableVersions: Record<string, string>;
}

/** How new versions take traffic; travels in the lake's context. */
export interface DeploymentSettings {
    /**
     * One of DEPLOY_STRATEGIES (a string, not their union, so the component package's schema can carry it; checked by `liveFunction`).
     * @default "AllAtOnce"
     */
    strategy?: string;
    /** A rollout step in progress (the driver's). @default none: the alias takes the newest version */
    rollout?: Rollout;
}

export const DEPLOYMENT_DEFAULTS = { strategy: "AllAtOnce" } as const satisfies DeploymentSettings;

/** In the logical name of every rollback alarm (`<function>-rollback-errors`, `-rollback-failures-<i>`): how the driver finds them. */
export const ROLLBACK_ALARM_MARK = "-rollback-";

/** Period (s) of the rollback alarms: a canary step lasts minutes, so they judge each minute. */
export const ROLLBACK_ALARM_PERIOD_SECONDS = 60;

export interface LiveFunctionOptions {
    /** How new versions take traffic. @default DEPLOYMENT_DEFAULTS */
    deployment?: DeploymentSettings;
    /**
     * Names of the queues the function's failures end in (its source queue's DLQ, its on-failure
     * destination, its dead-letter queue): in a gradual deploy a message arriving there rolls back. @default []
     */
    failureQueueNames?: pulumi.Input<string>[];
}

export interface LiveFunction {
    function: aws.lambda.Function;
    /** What every event source names: `arn` for mappings and targets, `invokeArn` for API integrations, `name` as a permission's qualifier. */
    alias: aws.lambda.Alias;
    /** Gradual strategies only: the alarms the driver watches during a rollout (errors of the alias, messages reaching a failure queue). */
    rollbackAlarms: aws.cloudwatch.MetricAlarm[];
}

/** The strategy of `deployment`, its default applied; an unknown one is refused, naming the allowed. */
export function deployStrategy(deployment: DeploymentSettings | undefined): DeployStrategy {
    const strategy = deployment?.strategy ?? DEPLOYMENT_DEFAULTS.strategy;
    if (!(DEPLOY_STRATEGIES as readonly string[]).includes(strategy)) {
        throw new Error(`deployment.strategy ${JSON.stringify(strategy)}: one of ${DEPLOY_STRATEGIES.join(", ")}`);
    }
    return strategy as DeployStrategy;
}

/** Whether versions take traffic in steps (every strategy but `AllAtOnce`). */
export function isGradual(deployment: DeploymentSettings | undefined): boolean {
    return deployStrategy(deployment) !== "AllAtOnce";
}

/**
 * The alias's version and routing for `version`, the function's newest: with no rollout (or none
 * for this function, or nothing new) the newest alone; during one the stable version, with
 * `weight` routed to the newest (none at weight 0: a rollback). Pure.
 */
export function aliasTarget(
    functionName: string,
    version: string,
    rollout: Rollout | undefined,
): { functionVersion: string; routingConfig?: { additionalVersionWeights: Record<string, number> } } {
    const stable = rollout?.stableVersions[functionName];
    if (stable === undefined || stable === version) return { functionVersion: version };
    if (!(rollout!.weight >= 0 && rollout!.weight < 1)) throw new Error(`rollout weight ${rollout!.weight}: a routing weight is at least 0 and below 1`);
    return { functionVersion: stable, ...(rollout!.weight > 0 ? { routingConfig: { additionalVersionWeights: { [version]: rollout!.weight } } } : {}) };
}

/**
 * The function `name` (published), its `<name>-live` alias and, for a gradual strategy, its
 * rollback alarms (`<name>-rollback-errors`, `<name>-rollback-failures-<i>`), all children of
 * `opts.parent`.
 */
export function liveFunction(
    name: string,
    args: aws.lambda.FunctionArgs,
    options: LiveFunctionOptions,
    opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource },
): LiveFunction {
    const fn = new aws.lambda.Function(name, { ...args, publish: true }, opts);
    const target = pulumi.all([fn.name, fn.version]).apply(([n, v]) => aliasTarget(n, v, options.deployment?.rollout));
    const alias = new aws.lambda.Alias(
        `${name}-${LIVE_ALIAS}`,
        {
            name: LIVE_ALIAS,
            description: "What every event source invokes; moved by the deploy strategy",
            functionName: fn.name,
            functionVersion: target.functionVersion,
            // Left out after a rollout, the provider sends an empty routing config and waits for
            // the weights to clear (terraform-provider-aws internal/service/lambda/alias.go, resourceAliasUpdate).
            routingConfig: target.routingConfig,
        },
        { parent: opts.parent },
    );
    const rollbackAlarms = isGradual(options.deployment) ? rollbackAlarmsOf(name, fn, options.failureQueueNames ?? [], opts.parent) : [];
    return { function: fn, alias, rollbackAlarms };
}

/** Errors of invocations through the alias, and any message reaching one of the failure queues, each minute. */
function rollbackAlarmsOf(
    name: string,
    fn: aws.lambda.Function,
    failureQueueNames: pulumi.Input<string>[],
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
    const common = {
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        // No invocation or no message in a minute is no failure.
        treatMissingData: "notBreaching",
    };
    const errors = new aws.cloudwatch.MetricAlarm(
        `${name}${ROLLBACK_ALARM_MARK}errors`,
        {
            ...common,
            alarmDescription: pulumi.interpolate`Rollback: invocations of ${fn.name} through its ${LIVE_ALIAS} alias fail`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.name, Resource: pulumi.interpolate`${fn.name}:${LIVE_ALIAS}` },
            statistic: "Sum",
            period: ROLLBACK_ALARM_PERIOD_SECONDS,
        },
        { parent },
    );
    // The queue's growth, not its depth: messages left from before the rollout must not roll it
    // back, and SQS's NumberOfMessagesSent leaves out what a redrive policy moves into a DLQ.
    const failures = failureQueueNames.map(
        (queueName, i) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}${ROLLBACK_ALARM_MARK}failures-${i}`,
                {
                    ...common,
                    alarmDescription: pulumi.interpolate`Rollback: failures of ${fn.name} reach ${queueName}`,
                    metricQueries: [
                        {
                            id: "visible",
                            metric: {
                                namespace: "AWS/SQS",
                                metricName: "ApproximateNumberOfMessagesVisible",
                                dimensions: { QueueName: queueName },
                                stat: "Maximum",
                                period: ROLLBACK_ALARM_PERIOD_SECONDS,
                            },
                        },
                        { id: "growth", expression: "DIFF(visible)", label: "Messages added in the minute", returnData: true },
                    ],
                },
                { parent },
            ),
    );
    return [errors, ...failures];
}
