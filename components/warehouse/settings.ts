/** The warehouse's names, ports and parameters. Pure. */
import { NameRules, boundedName } from "../../lib/names";

/** Redshift's port; the security group opens only this. */
export const REDSHIFT_PORT = 5439;

/** Audit logs Redshift exports (user activity needs `enable_user_activity_logging`). */
export const AUDIT_LOG_EXPORTS = ["connectionlog", "userlog", "useractivitylog"] as const;

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
