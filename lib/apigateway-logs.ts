/** Log groups API Gateway writes to by name. Pure; the ingest API declares them and the pack checks they are declared. */

/**
 * The group API Gateway writes a REST API stage's execution logs to (it creates it, without
 * retention or key, unless the stack declares it first).
 */
export function executionLogGroupName(restApiId: string, stageName: string): string {
    return `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;
}
