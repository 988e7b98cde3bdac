/** Pure pieces of the serving area: code folders, physical names and the functions' environments. */
import { METRICS_NAMESPACE, TrafficEnv } from "../../lib/contract";
import { boundedName, NameRules } from "../../lib/names";

export const TRAFFIC_JOB_CODE = "traffic-job";
export const TRAFFIC_API_CODE = "traffic-api";

/** `<project>-<stack>-<suffix>` within Lambda's 64 characters. */
export function trafficFunctionName(project: string, stack: string, code: string): string {
    return boundedName([project, stack, code], NameRules.lambdaFunction);
}

export function trafficJobEnv(a: { tableName: string; curatedBucket: string; logLevel: string }): Record<string, string> {
    return {
        [TrafficEnv.tableName]: a.tableName,
        [TrafficEnv.curatedBucket]: a.curatedBucket,
        [TrafficEnv.serviceName]: TRAFFIC_JOB_CODE,
        [TrafficEnv.metricsNamespace]: METRICS_NAMESPACE,
        [TrafficEnv.logLevel]: a.logLevel,
    };
}

export function trafficApiEnv(a: { tableName: string; maxRangeDays: number; logLevel: string }): Record<string, string> {
    return {
        [TrafficEnv.tableName]: a.tableName,
        [TrafficEnv.maxRangeDays]: String(a.maxRangeDays),
        [TrafficEnv.serviceName]: TRAFFIC_API_CODE,
        [TrafficEnv.metricsNamespace]: METRICS_NAMESPACE,
        [TrafficEnv.logLevel]: a.logLevel,
    };
}
