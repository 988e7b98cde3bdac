/** The warehouse's Redshift parameters. Pure; the warehouse sets them and the pack checks them. */

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
