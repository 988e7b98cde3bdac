/**
 * Canaries of the Lake Formation and Macie rules (policy/rules/lakeformation.ts, macie.ts): the good
 * resources and one bad variant per condition, some of them several resources a stack rule needs
 * together. lakeformation-rules.test.ts runs them; pack.test.ts counts their conditions.
 */
import { Recorded } from "./harness";
import { resource } from "./governance-canaries";

export const ADMIN = "arn:aws:iam::123456789012:role/deployer";
/** The policy config the good settings pass with. */
export const LF_CONFIG = { "lakeformation-admins-configured": { admins: [ADMIN] } };
const IAM_DEFAULTS = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];

export const goodRegistration = () =>
    resource("aws:lakeformation/resource:Resource", {
        arn: "arn:aws:s3:::zone-bucket",
        roleArn: "arn:aws:iam::123456789012:role/registration",
        hybridAccessEnabled: true,
    });
export const goodSettings = () =>
    resource("aws:lakeformation/dataLakeSettings:DataLakeSettings", {
        admins: [ADMIN],
        createDatabaseDefaultPermissions: IAM_DEFAULTS,
        createTableDefaultPermissions: IAM_DEFAULTS,
    });
const piiColumns = () =>
    resource("aws:lakeformation/resourceLfTags:ResourceLfTags", {
        tableWithColumns: { databaseName: "lake_curated", name: "orders", columnNames: ["customer_email"] },
        lfTags: [{ key: "sensitivity", value: "pii" }],
    });
const iamAllowed = (props: Record<string, any>) =>
    resource("aws:lakeformation/permissions:Permissions", { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["SELECT"], ...props });
/** IAM_ALLOWED_PRINCIPALS on a table with no pii, and by expressions that leave pii out (one on prefixed tag keys). */
export const goodGrants = (): Recorded[] => [
    iamAllowed({
        lfTagPolicy: {
            resourceType: "TABLE",
            expressions: [
                { key: "prodzone", values: ["curated"] },
                { key: "prodsensitivity", values: ["public"] },
            ],
        },
    }),
    piiColumns(),
    iamAllowed({ table: { databaseName: "lake_curated", name: "products" } }),
    iamAllowed({
        lfTagPolicy: {
            resourceType: "TABLE",
            expressions: [
                { key: "zone", values: ["curated"] },
                { key: "sensitivity", values: ["public"] },
            ],
        },
    }),
];
const macieJob = (definition: Record<string, any>) =>
    resource("aws:macie2/classificationJob:ClassificationJob", { jobType: "SCHEDULED", s3JobDefinition: definition });
const findingsRule = () =>
    resource("aws:cloudwatch/eventRule:EventRule", { eventPattern: JSON.stringify({ source: ["aws.macie"], "detail-type": ["Macie Finding"] }) });
export const goodMacie = (): Recorded[] => [macieJob({ bucketDefinitions: [{ accountId: "123456789012", buckets: ["zone-bucket"] }] }), findingsRule()];

export interface LakeFormationCanary {
    rule: string;
    /** The one condition of the rule that must fire. */
    condition: string;
    case: string;
    make: () => Recorded | Recorded[];
}
const changed = (make: () => Recorded, f: (p: Record<string, any>) => void) => () => {
    const r = make();
    f(r.props);
    return r;
};

export const lakeFormationCanaries: LakeFormationCanary[] = [
    {
        rule: "lakeformation-hybrid-registration",
        condition: "not-hybrid",
        case: "location registered in Lake Formation mode",
        make: changed(goodRegistration, (p) => (p.hybridAccessEnabled = false)),
    },
    {
        rule: "lakeformation-hybrid-registration",
        condition: "no-own-role",
        case: "location registered with the service-linked role",
        make: changed(goodRegistration, (p) => {
            delete p.roleArn;
            p.useServiceLinkedRole = true;
        }),
    },
    {
        rule: "lakeformation-admins-configured",
        condition: "not-configured",
        case: "an admin the policy config does not list",
        make: changed(goodSettings, (p) => p.admins.push("arn:aws:iam::123456789012:role/someone-else")),
    },
    {
        rule: "lakeformation-admins-configured",
        condition: "not-iam-principal",
        case: "IAM_ALLOWED_PRINCIPALS as a read-only admin",
        make: changed(goodSettings, (p) => (p.readOnlyAdmins = ["IAM_ALLOWED_PRINCIPALS"])),
    },
    {
        rule: "lakeformation-admins-configured",
        condition: "clears-defaults",
        case: "settings without the default permissions of new tables",
        make: changed(goodSettings, (p) => delete p.createTableDefaultPermissions),
    },
    {
        rule: "lakeformation-no-iam-allowed-on-pii",
        condition: "pii-table",
        case: "IAM_ALLOWED_PRINCIPALS granted the table with pii columns",
        make: () => [piiColumns(), iamAllowed({ table: { databaseName: "lake_curated", name: "orders" } })],
    },
    {
        rule: "lakeformation-no-iam-allowed-on-pii",
        condition: "pii-table",
        case: "IAM_ALLOWED_PRINCIPALS granted every table of a database holding one with pii columns",
        make: () => [piiColumns(), iamAllowed({ table: { databaseName: "lake_curated", wildcard: true } })],
    },
    {
        rule: "lakeformation-no-iam-allowed-on-pii",
        condition: "pii-expression",
        case: "IAM_ALLOWED_PRINCIPALS granted pii by an expression on a prefixed sensitivity key",
        make: () =>
            iamAllowed({
                lfTagPolicy: {
                    resourceType: "TABLE",
                    expressions: [
                        { key: "prodzone", values: ["curated"] },
                        { key: "prodsensitivity", values: ["internal", "pii"] },
                    ],
                },
            }),
    },
    {
        rule: "lakeformation-no-iam-allowed-on-pii",
        condition: "pii-expression",
        case: "IAM_ALLOWED_PRINCIPALS granted by an expression with no sensitivity condition",
        make: () => iamAllowed({ lfTagPolicy: { resourceType: "TABLE", expressions: [{ key: "zone", values: ["curated"] }] } }),
    },
    {
        rule: "macie-discovery-scoped",
        condition: "unscoped-job",
        case: "discovery job over every bucket matching criteria",
        make: () => [
            macieJob({ bucketCriteria: { includes: { and: [{ simpleCriterion: { key: "S3_BUCKET_NAME", comparator: "STARTS_WITH", values: ["lake"] } }] } } }),
            findingsRule(),
        ],
    },
    {
        rule: "macie-discovery-scoped",
        condition: "no-findings-rule",
        case: "discovery job whose findings no rule routes",
        make: () => goodMacie().slice(0, 1),
    },
];
