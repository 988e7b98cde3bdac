/** The operations area: the alarm topic with its key, and the alarms of each zone. */
export * from "./alarm-topic";
export * from "./policies";
export * from "./zone-alarms";
