/**
 * The operations area: the alarm topic with its key; the resource registry that sees the lake's
 * graph; the signals derived from it (metric alarms in one group per owner, failure events);
 * the failure-event rules, the topic policy, the ops dashboard and Glue's log groups. Its
 * settings (alarm thresholds) are its own, each defaulted (args.ts); DataLake maps the stack
 * config's `operations` onto them.
 *
 * Operations for any root a program builds (DataLake does the same for the whole lake):
 *
 *     const registry = new ResourceRegistry();
 *     const zone = new Zone("raw", { ... }, { transformations: [registry.observe] });
 *     const topic = new AlarmTopic("alarms", { scope, retainData: false });
 *     const signals = deriveSignals(registry, { queueAgeAlarmSeconds: 900 }); // thresholds optional
 *     alarmGroups(signals.alarms, topic.topicArn, topic);
 *
 * `registry.observe` as a transformation of the root records every resource it builds (children
 * included); `deriveSignals` turns that graph into metric alarms (one group per owning component)
 * and failure events; `alarmGroups` declares the alarms. For the failure-event rules, the topic
 * policy and the ops dashboard, pass `signals.events` and the topic to `failureRules` /
 * `Monitoring`. Cost tags need nothing more: each area's component tags what it builds itself
 * (`ownedBy`, lib/ownership.ts: project, stack, area). examples/zone is a runnable program doing this.
 */
export * from "./args";
export * from "./alarm-groups";
export * from "./alarm-topic";
export * from "./dashboard";
export * from "./monitoring";
export * from "./policies";
export * from "./registry";
export * from "./signals";
