/**
 * What the operator watches beyond the metric alarms, from the same derived signals: EventBridge
 * rules for services that report failures as events (Glue jobs and crawlers, EMR) notifying the
 * alarm topic (whose policy admits exactly these rules, by the ARNs `failureRules` names up
 * front), the ops dashboard, and (opt-in, account-level) Glue's own log groups with a retention.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allOf } from "../../lib/outputs";
import type { AccountScope } from "../../lib/account-scope";
import { NameRules, boundedName, dashboardName } from "../../lib/names";
import { dashboardBody, DashboardSection } from "./dashboard";
import type { ObservedResource } from "./registry";
import type { AlarmSignal, EventSignal } from "./signals";
import { ownedBy } from "../../lib/ownership";
import { operationsWithDefaults } from "./args";

/**
 * The log groups Glue writes to by default, one set per account and region: Spark jobs without
 * `--custom-logGroup-prefix` (the lake's own set one, components/etl), continuous logs, Python
 * shell jobs (the API ingest job), crawlers without log encryption
 * (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html). Without a
 * declaration Glue creates them with no retention, keeping logs forever.
 */
export const GLUE_DEFAULT_LOG_GROUPS = [
    "/aws-glue/jobs/output",
    "/aws-glue/jobs/error",
    "/aws-glue/jobs/logs-v2",
    "/aws-glue/python-jobs/output",
    "/aws-glue/python-jobs/error",
    "/aws-glue/crawlers",
] as const;

/**
 * Where a crawler whose security configuration encrypts logs writes:
 * `/aws-glue/crawlers-role/<role name>-<security configuration>` (components/catalog/policies.ts
 * grants it). A name of the lake's own, so declared always, not only on opt-in.
 */
export function encryptedCrawlerLogGroup(roleArn: string, securityConfiguration: string): string {
    const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
    return `/aws-glue/crawlers-role/${roleName}-${securityConfiguration}`;
}

/** `Glue Job State Change` -> `glue-job-state-change`. */
function slug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/** The EventBridge pattern matching failure events of `events` (one source and detail type). */
export function failurePattern(events: { source: string; detailType: string; field: string; states: string[] }[], values: string[]): string {
    const [first] = events;
    return JSON.stringify({
        source: [first.source],
        "detail-type": [first.detailType],
        detail: { state: [...new Set(events.flatMap((e) => e.states))], [first.field]: values },
    });
}

/** EventBridge's limit for rule names. */
/** The failure-event rules `events` need, by key (the detail type's slug), each with its physical name. */
export function failureRules(events: EventSignal[], project: string, stack: string): Map<string, { ruleName: string; events: EventSignal[] }> {
    const rules = new Map<string, { ruleName: string; events: EventSignal[] }>();
    for (const e of events) {
        const key = slug(e.detailType);
        const rule = rules.get(key) ?? { ruleName: boundedName([project, stack, key], NameRules.eventRule), events: [] };
        rule.events.push(e);
        rules.set(key, rule);
    }
    return rules;
}

/** `arn:<partition>:events:<region>:<account>:rule/<name>` (rules on the default bus), known before the rule exists. */
export function eventRuleArn(s: AccountScope, ruleName: string): string {
    return `arn:${s.partition}:events:${s.region}:${s.accountId}:rule/${ruleName}`;
}

export interface MonitoringArgs {
    /** The alarms created from the signals, for the dashboard. Required. */
    alarms: { signal: AlarmSignal; alarm: aws.cloudwatch.MetricAlarm }[];
    /** Failure events to route to the topic. Required. */
    events: EventSignal[];
    /** The alarm topic (its policy must admit the rules `failureRules` names). Required. */
    topic: aws.sns.Topic;
    /** Account, partition and region. Required. */
    scope: pulumi.Input<AccountScope>;
    /**
     * Declare Glue's default log groups (account-level names; config `operations.manageGlueLogGroups`).
     * @default false
     */
    manageGlueLogGroups?: boolean;
    /** Retention of those log groups (days). Required. */
    logRetentionDays: number;
    /** Key of those log groups: the analytics key, whose policy lets CloudWatch Logs use it for /aws-glue/*. Required. */
    analyticsKeyArn: pulumi.Input<string>;
    /** The lake's crawlers (registry entries): their encrypted log groups get the retention. Required. */
    crawlers: ObservedResource[];
}

export class Monitoring extends pulumi.ComponentResource {
    /** Failure-event rules by slug of their detail type. */
    readonly rules: Record<string, aws.cloudwatch.EventRule>;
    readonly dashboard: aws.cloudwatch.Dashboard;
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:Monitoring", name, {}, ownedBy("operations", opts));
        this.rules = this.failureRules(name, args);
        this.dashboard = this.opsDashboard(name, args);
        this.dashboardName = this.dashboard.dashboardName;
        this.crawlerLogGroups(name, args);
        if (operationsWithDefaults({ manageGlueLogGroups: args.manageGlueLogGroups }).manageGlueLogGroups) this.glueLogGroups(name, args);
        this.registerOutputs({ dashboardName: this.dashboardName });
    }

    /** One rule per source and detail type, listing the lake's resources, each to the topic. */
    private failureRules(name: string, args: MonitoringArgs): Record<string, aws.cloudwatch.EventRule> {
        return Object.fromEntries(
            [...failureRules(args.events, pulumi.getProject(), pulumi.getStack())].map(([key, { ruleName, events }]) => {
                const rule = new aws.cloudwatch.EventRule(
                    `${name}-${key}`,
                    {
                        name: ruleName,
                        description: `Failures of the lake's resources: ${events[0].detailType}`,
                        eventPattern: pulumi.all(events.map((e) => e.value)).apply((values) => failurePattern(events, values)),
                    },
                    { parent: this },
                );
                new aws.cloudwatch.EventTarget(`${name}-${key}-to-topic`, { rule: rule.name, arn: args.topic.arn }, { parent: this });
                return [key, rule];
            }),
        );
    }

    private opsDashboard(name: string, args: MonitoringArgs): aws.cloudwatch.Dashboard {
        const areas = [...new Set([...args.alarms.map((a) => a.signal.area), ...args.events.map((e) => e.area)])];
        const ruleAreas: Record<string, Set<string>> = {};
        for (const e of args.events) (ruleAreas[slug(e.detailType)] ??= new Set()).add(e.area);
        const sections = areas.map((area) =>
            allOf<DashboardSection>({
                area,
                alarms: pulumi.all(
                    args.alarms
                        .filter((a) => a.signal.area === area)
                        .map(({ signal, alarm }) =>
                            allOf({ alarmArn: alarm.arn, dimensions: pulumi.all(signal.metric.dimensions) }).apply(({ alarmArn, dimensions }) => ({
                                title: signal.title,
                                alarmArn,
                                threshold: signal.threshold,
                                metric: { ...signal.metric, dimensions },
                            })),
                        ),
                ),
                rules: pulumi.all(
                    Object.entries(this.rules)
                        .filter(([key]) => ruleAreas[key].has(area))
                        .map(([, rule]) => rule.name.apply((ruleName) => ({ title: `failure events: ${ruleName}`, ruleName }))),
                ),
            }),
        );
        return new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: dashboardName(pulumi.getProject(), pulumi.getStack(), "ops"),
                dashboardBody: allOf({ region: pulumi.output(args.scope).region, sections: pulumi.all(sections) }).apply((d) =>
                    dashboardBody(d.region, d.sections),
                ),
            },
            { parent: this },
        );
    }

    /** Each crawler's encrypted log group, with the stack's retention and the analytics key. */
    private crawlerLogGroups(name: string, args: MonitoringArgs): void {
        for (const crawler of args.crawlers) {
            const { role, securityConfiguration } = crawler.props;
            if (securityConfiguration === undefined) continue; // writes /aws-glue/crawlers (opt-in above)
            new aws.cloudwatch.LogGroup(
                `${name}-${crawler.name}-logs`,
                {
                    name: pulumi.all([role, securityConfiguration]).apply(([r, sc]) => encryptedCrawlerLogGroup(r, sc)),
                    retentionInDays: args.logRetentionDays,
                    kmsKeyId: args.analyticsKeyArn,
                },
                { parent: this },
            );
        }
    }

    private glueLogGroups(name: string, args: MonitoringArgs): void {
        for (const logGroupName of GLUE_DEFAULT_LOG_GROUPS) {
            new aws.cloudwatch.LogGroup(
                `${name}-glue${logGroupName.slice("/aws-glue".length).replace(/\//g, "-")}`,
                { name: logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.analyticsKeyArn },
                { parent: this },
            );
        }
    }
}
