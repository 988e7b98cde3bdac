/**
 * Lake Formation rules: registered locations in hybrid access mode with a role of the stack's own,
 * no grant to IAM_ALLOWED_PRINCIPALS that reaches personal data, and Lake Formation admins only
 * where the policy config lists them (the account keeps one admin list, which DataLakeSettings replaces).
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Props, resourceRule, stackRule } from "../define";
import { LakeFormationTypes, known } from "../resources";

const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";
/** The sensitivity tag's key, under any prefix the lake's `tagKeyPrefix` may give it (`sensitivity`, `prod_sensitivity`, `prodsensitivity`). */
const isSensitivityKey = (key: unknown) => typeof key === "string" && key.endsWith("sensitivity");
const PII = "pii";

export function lakeFormationHybridRegistration(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lakeformation-hybrid-registration",
            description:
                "Registered S3 locations use hybrid access mode (principals Lake Formation does not govern keep their IAM access) and a role of the stack's own, not the service-linked role (whose registrations cannot be edited and which the zone keys' policies do not name).",
            conditions: { "not-hybrid": "hybridAccessEnabled is true", "no-own-role": "roleArn is set and useServiceLinkedRole is not true" },
        },
        LakeFormationTypes.resource,
        (props, _args, flag) => {
            if (known(props, "hybridAccessEnabled") !== true) {
                flag(
                    "not-hybrid",
                    "location registered without hybrid access mode: every IAM-only reader of its tables loses access; set hybridAccessEnabled true",
                );
            }
            if (known(props, "useServiceLinkedRole") === true || props.roleArn === undefined) {
                flag("no-own-role", "location registered with the service-linked role: register it with a role scoped to the bucket and its key (roleArn)");
            }
        },
    );
}

/** Policy config of the admin rule: the admins the stack's config names (`governance.lakeFormation.admins`). */
export interface AdminsConfig {
    admins?: string[];
}

export function lakeFormationAdminsConfigured(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lakeformation-admins-configured",
            description:
                "DataLakeSettings replaces the account's Lake Formation admins and default permissions: its admins are IAM roles or users the policy config lists (`admins`), and it states the default permissions of new databases and tables (left out, they are cleared).",
            configSchema: { properties: { admins: { type: "array", items: { type: "string" } } } },
            conditions: {
                "not-configured": "every admin and read-only admin is listed in the policy config's admins",
                "not-iam-principal": "every admin is an IAM role or user ARN",
                "clears-defaults": "createDatabaseDefaultPermissions and createTableDefaultPermissions are set",
            },
        },
        LakeFormationTypes.settings,
        (props, args, flag) => {
            const listed = new Set(args.getConfig<AdminsConfig>().admins ?? []);
            for (const admin of [...((known(props, "admins") as unknown[]) ?? []), ...((known(props, "readOnlyAdmins") as unknown[]) ?? [])]) {
                if (typeof admin !== "string") continue;
                if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(admin))
                    flag("not-iam-principal", `Lake Formation admin ${admin} is not an IAM role or user ARN`);
                else if (!listed.has(admin)) {
                    flag(
                        "not-configured",
                        `Lake Formation admin ${admin} is not in the policy config's admins: it would replace the account's admins unannounced`,
                    );
                }
            }
            for (const key of ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"]) {
                if (props[key] === undefined)
                    flag(
                        "clears-defaults",
                        `${key} left out: PutDataLakeSettings clears the account's default permissions of new ${key.includes("Table") ? "tables" : "databases"}`,
                    );
            }
        },
    );
}

/** `database/table` keys of what the stack tags pii: whole databases (`db/*`), tables, and tables with pii columns. */
function piiResources(all: PolicyResource[]): Set<string> {
    const pii = new Set<string>();
    for (const r of all.filter((x) => LakeFormationTypes.resourceTags.includes(x.type as never))) {
        const tags = (known(r.props, "lfTags") as Props[] | undefined) ?? [];
        if (!tags.some((t) => isSensitivityKey(t.key) && t.value === PII)) continue;
        const database = known(r.props, "database");
        const table = known(r.props, "table") ?? known(r.props, "tableWithColumns");
        if (database?.name) pii.add(`${database.name}/*`);
        if (table?.databaseName) pii.add(`${table.databaseName}/${table.wildcard ? "*" : table.name}`);
    }
    return pii;
}

/** Whether a grant's table (or tables with columns) resource is one `pii` holds. */
function reachesPiiTable(props: Props, pii: Set<string>): boolean {
    const table = known(props, "table") ?? known(props, "tableWithColumns");
    if (!table?.databaseName) return false;
    const db = table.databaseName;
    if (pii.has(`${db}/*`)) return true;
    if (table.wildcard) return [...pii].some((k) => k.startsWith(`${db}/`));
    return pii.has(`${db}/${table.name}`);
}

/** Whether an LF-tag expression can select pii: a sensitivity condition that allows pii, or none at all. */
function expressionReachesPii(props: Props): boolean {
    const policy = known(props, "lfTagPolicy");
    if (!policy) return false;
    const sensitivity = ((policy.expressions as Props[] | undefined) ?? []).find((e) => isSensitivityKey(e.key));
    return !sensitivity || ((sensitivity.values as unknown[]) ?? []).includes(PII);
}

export function lakeFormationNoIamAllowedOnPii(): StackValidationPolicy {
    return stackRule(
        {
            name: "lakeformation-no-iam-allowed-on-pii",
            description:
                "No Lake Formation grant to IAM_ALLOWED_PRINCIPALS (every principal IAM alone allows) reaches personal data: a table or database the stack tags sensitivity=pii, or an LF-tag expression that allows pii.",
            conditions: {
                "pii-table": "no IAM_ALLOWED_PRINCIPALS grant on a table or database tagged pii",
                "pii-expression": "no IAM_ALLOWED_PRINCIPALS grant by an LF-tag expression that allows sensitivity pii (or sets no sensitivity)",
            },
        },
        LakeFormationTypes.permissions,
        (grant, all, flag) => {
            if (known(grant.props, "principal") !== IAM_ALLOWED_PRINCIPALS) return;
            const pii = piiResources(all);
            const database = known(grant.props, "database");
            if (reachesPiiTable(grant.props, pii) || (database?.name && pii.has(`${database.name}/*`))) {
                flag("pii-table", `grant '${grant.name}' gives IAM_ALLOWED_PRINCIPALS a resource tagged pii: grant the personas that may read it instead`);
            }
            if (expressionReachesPii(grant.props)) {
                flag(
                    "pii-expression",
                    `grant '${grant.name}' gives IAM_ALLOWED_PRINCIPALS an LF-tag expression that reaches pii: add a sensitivity condition without pii`,
                );
            }
        },
    );
}
