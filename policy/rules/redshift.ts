/**
 * Redshift rules (provisioned clusters and Serverless): private, encrypted with a customer managed
 * key, TLS only, audit logs exported. Values still unknown during preview (a key ARN) count as set.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule, stackRule } from "../define";
import { WarehouseTypes, isSet, known, referenced } from "../resources";
import { WORKGROUP_CONFIG_PARAMETERS } from "../../lib/warehouse-parameters";

export const REDSHIFT_PORT = 5439;
/** The audit logs a warehouse must export: connections, user changes, every query. */
export const AUDIT_LOGS = ["connectionlog", "userlog", "useractivitylog"];
const ANYWHERE = ["0.0.0.0/0", "::/0"];

const truthy = (v: unknown) => v === true || v === "true";

/** Clusters and workgroups set `publiclyAccessible: false` explicitly. */
export function warehouseNotPublic(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "redshift-not-public",
            description: "Redshift clusters and serverless workgroups are not publicly accessible (publiclyAccessible false).",
            conditions: { "publicly-accessible": "publiclyAccessible is explicitly false" },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.workgroup],
        (props, _args, flag) => {
            if (known(props, "publiclyAccessible") !== false) {
                flag(
                    "publicly-accessible",
                    `publiclyAccessible is ${known(props, "publiclyAccessible") ?? "unset"}: set it false; clients reach the warehouse inside the VPC`,
                );
            }
        },
    );
}

/** No security group opens Redshift's port to the internet. */
export function warehousePortNotOpen(): ResourceValidationPolicy {
    const covers = (from: unknown, to: unknown, protocol: unknown) =>
        protocol === "-1" || protocol === "all" || (Number(from) <= REDSHIFT_PORT && Number(to) >= REDSHIFT_PORT);
    return resourceRule(
        {
            name: "redshift-port-not-open-to-internet",
            description: `No security group rule opens ${REDSHIFT_PORT} (Redshift) to 0.0.0.0/0 or ::/0.`,
            conditions: { "open-to-internet": `no ingress covering ${REDSHIFT_PORT} from 0.0.0.0/0 or ::/0` },
        },
        [...WarehouseTypes.ingressRule, ...WarehouseTypes.securityGroup],
        (props, _args, flag) => {
            const rules: Props[] = WarehouseTypes.ingressRule.includes(_args.type as never)
                ? [
                      {
                          cidrBlocks: [known(props, "cidrIpv4"), known(props, "cidrIpv6")],
                          fromPort: known(props, "fromPort"),
                          toPort: known(props, "toPort"),
                          protocol: known(props, "ipProtocol"),
                      },
                  ]
                : ((known(props, "ingress") as Props[] | undefined) ?? []).map((r) => ({
                      ...r,
                      cidrBlocks: [...(r.cidrBlocks ?? []), ...(r.ipv6CidrBlocks ?? [])],
                  }));
            for (const r of rules) {
                const open = (r.cidrBlocks as unknown[]).filter((c) => typeof c === "string" && ANYWHERE.includes(c));
                if (open.length && covers(r.fromPort, r.toPort, r.protocol)) {
                    flag(
                        "open-to-internet",
                        `ingress ${r.protocol} ${r.fromPort}-${r.toPort} from ${open.join(", ")} exposes Redshift's port ${REDSHIFT_PORT}: allow only the clients' networks or security groups`,
                    );
                }
            }
        },
    );
}

/** Clusters encrypted with a customer managed key; serverless namespaces with one too. */
export function warehouseEncrypted(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "redshift-cmk-encryption",
            description: "Redshift clusters (encrypted true) and serverless namespaces are encrypted with a customer managed KMS key (kmsKeyId).",
            conditions: { encrypted: "a cluster sets encrypted true", "customer-key": "kmsKeyId names a customer managed key" },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.namespace],
        (props, args, flag) => {
            if (WarehouseTypes.cluster.includes(args.type as never) && !truthy(known(props, "encrypted"))) {
                flag("encrypted", `encrypted is ${known(props, "encrypted") ?? "unset"}: set encrypted "true"`);
            }
            if (!isSet(props, "kmsKeyId")) flag("customer-key", "no kmsKeyId: the warehouse would use an AWS owned key; set the warehouse's CMK");
        },
    );
}

function parametersRequireSsl(parameters: Props[] | undefined, key: string, value: string): boolean {
    return (parameters ?? []).some((p) => p[key] === "require_ssl" && String(p[value]).toLowerCase() === "true");
}

/**
 * Clients must use TLS: the cluster's parameter group, or the workgroup's config, sets require_ssl;
 * the workgroup's config names every parameter AWS returns, or it differs on every `up` (the
 * provider reads the whole set back).
 */
export function warehouseRequiresSsl(): StackValidationPolicy {
    const workgroupKeys = Object.keys(WORKGROUP_CONFIG_PARAMETERS);
    return stackRule(
        {
            name: "redshift-require-ssl",
            description:
                "Redshift requires TLS: the cluster's parameter group or the workgroup's configParameters set require_ssl true; the workgroup's configParameters are complete.",
            conditions: {
                "parameter-group": "a cluster names a parameter group of the stack (the default one has require_ssl false)",
                "require-ssl": "the parameter group or the workgroup's configParameters set require_ssl true",
                "complete-config": `the workgroup's configParameters set every parameter AWS returns (${workgroupKeys.join(", ")})`,
            },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.workgroup],
        (r, all, flag) => {
            if (WarehouseTypes.workgroup.includes(r.type as never)) {
                const parameters: Props[] | undefined = known(r.props, "configParameters");
                if (!parametersRequireSsl(parameters, "parameterKey", "parameterValue"))
                    flag("require-ssl", "configParameters lack require_ssl = true: clients could connect without TLS");
                const missing = workgroupKeys.filter((k) => !(parameters ?? []).some((p) => p.parameterKey === k));
                if (parameters !== undefined && missing.length)
                    flag("complete-config", `configParameters lack ${missing.join(", ")}: AWS returns them, so the workgroup would differ on every up`);
                return;
            }
            const groups = referenced(
                r,
                "clusterParameterGroupName",
                all.filter((x) => WarehouseTypes.parameterGroup.includes(x.type as never)),
            );
            if (groups.length === 0) {
                flag("parameter-group", "no clusterParameterGroupName of this stack: the default parameter group has require_ssl false");
            } else if (!groups.every((g) => parametersRequireSsl(known(g.props, "parameters"), "name", "value"))) {
                flag("require-ssl", `parameter group ${groups.map((g) => g.name).join(", ")} does not set require_ssl true`);
            }
        },
    );
}

function missingLogs(logExports: unknown): string[] {
    const set = Array.isArray(logExports) ? logExports : [];
    return AUDIT_LOGS.filter((l) => !set.includes(l));
}

/** Every cluster has audit logging with all three logs; every namespace exports them. */
export function warehouseAuditLogging(): StackValidationPolicy {
    return stackRule(
        {
            name: "redshift-audit-logging",
            description: `Redshift audit logging exports ${AUDIT_LOGS.join(", ")}: an aws.redshift.Logging per cluster, logExports on namespaces.`,
            conditions: { "logging-enabled": "every cluster has an aws.redshift.Logging", "all-logs": `the exports include ${AUDIT_LOGS.join(", ")}` },
        },
        [...WarehouseTypes.cluster, ...WarehouseTypes.namespace],
        (r, all, flag) => {
            if (WarehouseTypes.namespace.includes(r.type as never)) {
                const missing = missingLogs(known(r.props, "logExports"));
                if (missing.length) flag("all-logs", `logExports lacks ${missing.join(", ")}`);
                return;
            }
            // By identifier when both are known, else by the Logging's dependency on the cluster.
            const id = known(r.props, "clusterIdentifier");
            const loggings = all.filter(
                (l: PolicyResource) =>
                    WarehouseTypes.logging.includes(l.type as never) &&
                    ((id !== undefined && known(l.props, "clusterIdentifier") === id) || referenced(l, "clusterIdentifier", [r]).includes(r)),
            );
            if (loggings.length === 0) {
                flag("logging-enabled", "no aws.redshift.Logging for this cluster: connections and queries are not audited");
                return;
            }
            const missing = missingLogs(loggings.flatMap((l) => (known(l.props, "logExports") as string[] | undefined) ?? []));
            if (missing.length) flag("all-logs", `audit logging lacks ${missing.join(", ")}`);
        },
    );
}
