/**
 * The operations area: the alarm topic with its key; the resource registry that sees the lake's
 * graph; the signals derived from it (metric alarms in one group per owner, failure events);
 * the failure-event rules, the topic policy, the ops dashboard and Glue's log groups.
 */
export * from "./alarm-groups";
export * from "./alarm-topic";
export * from "./dashboard";
export * from "./monitoring";
export * from "./policies";
export * from "./registry";
export * from "./signals";
