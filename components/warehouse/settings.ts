/** The warehouse's names, ports and parameters. Pure. */
import { NameRules, boundedName } from "../../lib/names";

/** Redshift's port; the security group opens only this. */
export const REDSHIFT_PORT = 5439;

/** Audit logs Redshift exports (user activity needs `enable_user_activity_logging`). */
export const AUDIT_LOG_EXPORTS = ["connectionlog", "userlog", "useractivitylog"] as const;

/** Parameters of the cluster's parameter group: TLS only, user activity logged. */
export const WAREHOUSE_PARAMETERS = { require_ssl: "true", enable_user_activity_logging: "true" } as const;

/**
 * The workgroup's config: every parameter Redshift Serverless returns for a workgroup
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_ConfigParameter.html,
 * the query monitoring metric it sets by default included), at the value a new workgroup gets,
 * and `WAREHOUSE_PARAMETERS` over them. The provider reads the whole set back into
 * `configParameters`, so a partial set differs from what AWS returns on every `up`.
 */
export const WORKGROUP_CONFIG_PARAMETERS: Record<string, string> = {
    auto_mv: "true",
    datestyle: "ISO, MDY",
    enable_case_sensitive_identifier: "false",
    max_query_execution_time: "14400",
    query_group: "default",
    search_path: "$user, public",
    use_fips_ssl: "false",
    ...WAREHOUSE_PARAMETERS,
};

/** Provisioned parameter group family (Redshift 1.0 engine). */
export const PARAMETER_GROUP_FAMILY = "redshift-2.0";

/**
 * Cluster identifier, namespace and workgroup name: `<project>-<stack>-warehouse`, lowercase
 * letters, digits and single hyphens, starting with a letter, at most 63 characters.
 */
export function warehouseIdentifier(project: string, stack: string): string {
    const name = boundedName(
        [project, stack, "warehouse"].map((p) => p.toLowerCase()),
        NameRules.redshift,
    );
    if (!/^[a-z]/.test(name)) throw new Error(`warehouse identifier "${name}" must start with a letter (project ${project}, stack ${stack})`);
    return name;
}

/**
 * The audit log group Redshift writes for a provisioned cluster's log type. Redshift writes into
 * an existing group of that name, so the stack declares each one with a retention and the logs key
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html).
 */
export function clusterLogGroupName(clusterIdentifier: string, logType: string): string {
    return `/aws/redshift/cluster/${clusterIdentifier}/${logType}`;
}

/** The audit log group Redshift Serverless writes for a namespace's log type (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-audit-logging.html). */
export function serverlessLogGroupName(namespace: string, logType: string): string {
    return `/aws/redshift/${namespace}/${logType}`;
}

/** Final snapshot taken when a prod cluster is deleted. */
export function finalSnapshotIdentifier(clusterIdentifier: string): string {
    return `${clusterIdentifier}-final`;
}

/** The Data API statement name of a view's daily load (shown in the Redshift console's query history). */
export function loadStatementName(identifier: string, view: string): string {
    return `${identifier}-load-${view}`;
}

/** EventBridge Scheduler universal target of the Data API batch call. */
export function batchExecuteTarget(partition: string): string {
    return `arn:${partition}:scheduler:::aws-sdk:redshiftdata:batchExecuteStatement`;
}
