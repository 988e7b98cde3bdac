/**
 * Canaries: each breaks one thing in the good fixture lake and names the rule that must flag it
 * and the resource it must flag. Good variants are legitimate alternatives a rule must accept.
 */
import { ACCOUNT, Lake, REGION } from "./fixtures";

export interface Canary {
    rule: string;
    case: string;
    /** Stack name of the fixture. Default "dev". */
    stack?: string;
    /** Per-policy config. Default none. */
    config?: Record<string, Record<string, unknown>>;
    change: (lake: Lake) => void;
}

export interface BadCanary extends Canary {
    /** The rule's condition (`[id]` of its message) that must fire, and be the only one of that rule. */
    condition: string;
    /** Logical name of the resource the violation is reported against. */
    flags: string;
}

/** The canaries of one rule, the rule named once; each case keeps its own condition, breakage and target. */
export const ruleCases = <C extends { rule: string }>(rule: string, cases: Omit<C, "rule">[]): C[] => cases.map((c) => ({ rule, ...c }) as C);

const SSE = "drop-bucket-sse";
const sseDefault = (lake: Lake, name = SSE) => lake.props(name).rules[0].applyServerSideEncryptionByDefault;
const openStatement = (extra: object = {}) => ({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", ...extra });
const FOREIGN = "999988887777";
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:lake-drop-queue`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111`;
const policyOf = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** Edits the statements of the JSON document in `prop` (default `policy`) of `name`. */
const editStatements = (lake: Lake, name: string, fn: (statements: any[]) => void, prop = "policy") => {
    const doc = JSON.parse(lake.props(name)[prop]);
    fn(doc.Statement);
    lake.props(name)[prop] = JSON.stringify(doc);
};
const addStatement = (lake: Lake, name: string, statement: object) => editStatements(lake, name, (st) => st.push(statement));
/** Adds an Allow statement to the processor's role policy. */
const grant = (lake: Lake, statement: object) => addStatement(lake, "drop-processor-policy", { Sid: "Injected", Effect: "Allow", ...statement });
/** Adds the account's Data Catalog encryption setting, good but for `breakIt`. */
const addCatalogEncryption = (lake: Lake, breakIt: (settings: any) => void) => {
    const settings = {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
    };
    breakIt(settings);
    lake.add("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings", "catalog-encryption", { dataCatalogEncryptionSettings: settings });
};

export const badCanaries: BadCanary[] = [
    ...ruleCases<BadCanary>("s3-bucket-cmk-encryption", [
        { case: "data bucket with SSE-S3", condition: "not-kms", flags: "drop-bucket", change: (l) => (sseDefault(l).sseAlgorithm = "AES256") },
        { case: "aws:kms without a key id", condition: "no-cmk", flags: "drop-bucket", change: (l) => delete sseDefault(l).kmsMasterKeyId },
        {
            case: "aws:kms with the AWS managed key alias/aws/s3",
            condition: "no-cmk",
            flags: "drop-bucket",
            change: (l) => (sseDefault(l).kmsMasterKeyId = "arn:aws:kms:eu-west-1:123456789012:alias/aws/s3"),
        },
        { case: "no default encryption", condition: "no-default-encryption", flags: "drop-bucket", change: (l) => l.remove(SSE) },
        {
            case: "access-logs target with SSE-KMS",
            condition: "access-logs-kms",
            flags: "logs-bucket",
            change: (l) => Object.assign(sseDefault(l, "logs-bucket-sse"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:x" }),
        },
        {
            case: "bucket tagged as access logs, with SSE-KMS",
            condition: "access-logs-kms",
            flags: "logs-bucket",
            change: (l) => {
                l.remove("drop-logging");
                l.props("logs-bucket").tags = { "datalake:role": "access-logs" };
                Object.assign(sseDefault(l, "logs-bucket-sse"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:x" });
            },
        },
    ]),
    ...ruleCases<BadCanary>("s3-block-public-access", [
        { case: "no public access block", condition: "no-block", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-public-access") },
        {
            case: "restrictPublicBuckets false",
            condition: "flag-off",
            flags: "logs-bucket",
            change: (l) => (l.props("logs-bucket-public-access").restrictPublicBuckets = false),
        },
        {
            case: "ignorePublicAcls unset",
            condition: "flag-off",
            flags: "drop-bucket",
            change: (l) => delete l.props("drop-bucket-public-access").ignorePublicAcls,
        },
    ]),
    ...ruleCases<BadCanary>("s3-tls-only", [
        { case: "no bucket policy", condition: "no-tls-deny", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-policy") },
        {
            case: "deny when SecureTransport is true (inverted)",
            condition: "no-tls-deny",
            flags: "drop-bucket",
            change: (l) => (l.props("drop-bucket-policy").policy = l.props("drop-bucket-policy").policy.replace('"false"', '"true"')),
        },
        {
            case: "TLS deny scoped to GetObject only",
            condition: "no-tls-deny",
            flags: "drop-bucket",
            change: (l) => (l.props("drop-bucket-policy").policy = l.props("drop-bucket-policy").policy.replace('"s3:*"', '"s3:GetObject"')),
        },
        {
            case: "policy that is not JSON",
            condition: "unreadable-policy",
            flags: "drop-bucket",
            change: (l) => (l.props("drop-bucket-policy").policy = "{not json"),
        },
    ]),
    ...ruleCases<BadCanary>("s3-versioning", [
        { case: "no versioning", condition: "not-enabled", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-versioning") },
        {
            case: "versioning suspended",
            condition: "not-enabled",
            flags: "logs-bucket",
            change: (l) => (l.props("logs-bucket-versioning").versioningConfiguration.status = "Suspended"),
        },
    ]),
    ...ruleCases<BadCanary>("kms-key-rotation", [
        { case: "rotation off", condition: "rotation-off", flags: "drop-key", change: (l) => (l.props("drop-key").enableKeyRotation = false) },
        { case: "rotation unset", condition: "rotation-off", flags: "drop-key", change: (l) => delete l.props("drop-key").enableKeyRotation },
    ]),
    ...ruleCases<BadCanary>("sqs-queue-cmk-encryption", [
        { case: "DLQ without a key", condition: "no-key", flags: "drop-dlq", change: (l) => delete l.props("drop-dlq").kmsMasterKeyId },
        {
            case: "SQS-managed SSE instead of a KMS key",
            condition: "no-key",
            flags: "drop-queue",
            change: (l) => {
                delete l.props("drop-queue").kmsMasterKeyId;
                l.props("drop-queue").sqsManagedSseEnabled = true;
            },
        },
        {
            case: "AWS managed key alias/aws/sqs",
            condition: "aws-managed-key",
            flags: "drop-queue",
            change: (l) => (l.props("drop-queue").kmsMasterKeyId = "alias/aws/sqs"),
        },
    ]),
    ...ruleCases<BadCanary>("sqs-consumed-queue-dlq", [
        {
            case: "consumed queue without redrive",
            condition: "no-dlq",
            flags: "drop-processor-events",
            change: (l) => delete l.props("drop-queue").redrivePolicy,
        },
        {
            case: "redrive without maxReceiveCount",
            condition: "max-receive-count",
            flags: "drop-processor-events",
            change: (l) => (l.props("drop-queue").redrivePolicy = JSON.stringify({ deadLetterTargetArn: l.props("drop-dlq").arn })),
        },
        {
            case: "source ARN unknown, queue found by dependency",
            condition: "no-dlq",
            flags: "drop-processor-events",
            change: (l) => {
                delete l.props("drop-processor-events").eventSourceArn;
                delete l.props("drop-queue").redrivePolicy;
            },
        },
    ]),
    ...ruleCases<BadCanary>("log-group-retention", [
        { case: "retention unset", condition: "forever", flags: "drop-processor-logs", change: (l) => delete l.props("drop-processor-logs").retentionInDays },
        {
            case: "retention 0 (never expire)",
            condition: "forever",
            flags: "drop-processor-logs",
            change: (l) => (l.props("drop-processor-logs").retentionInDays = 0),
        },
    ]),
    ...ruleCases<BadCanary>("lambda-log-retention", [
        { case: "log group not declared", condition: "undeclared", flags: "drop-processor", change: (l) => l.remove("drop-processor-logs") },
        {
            case: "default log group name, a differently named group declared",
            condition: "undeclared",
            flags: "drop-processor",
            change: (l) => {
                delete l.props("drop-processor").loggingConfig;
                l.props("drop-processor-logs").name = "/aws/lambda/something-else"; // still a dependency of the function
            },
        },
        {
            case: "its log group keeps logs forever",
            condition: "no-retention",
            flags: "drop-processor",
            change: (l) => delete l.props("drop-processor-logs").retentionInDays,
        },
    ]),
    ...ruleCases<BadCanary>("no-full-access-managed-policies", [
        {
            case: "AmazonS3FullAccess attachment",
            condition: "full-access",
            flags: "drop-processor-basic",
            change: (l) => (l.props("drop-processor-basic").policyArn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"),
        },
        {
            case: "role managedPolicyArns with AWSLambda_FullAccess",
            condition: "full-access",
            flags: "drop-processor-role",
            change: (l) => (l.props("drop-processor-role").managedPolicyArns = ["arn:aws:iam::aws:policy/AWSLambda_FullAccess"]),
        },
    ]),
    ...(
        [
            ["aws:iam/policyAttachment:PolicyAttachment", "policyArn", "AmazonSQSFullAccess"],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn", "AmazonKinesisFullAccess"],
            ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn", "AdministratorAccess"],
            ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns", "AWSGlueConsoleFullAccess"],
        ] as const
    ).map(([type, prop, policyName]) => ({
        rule: "no-full-access-managed-policies",
        condition: "full-access",
        case: `${type.split(":").pop()} with ${policyName}`,
        flags: "extra-attachment",
        change: (l: Lake) => {
            const arn = `arn:aws:iam::aws:policy/${policyName}`;
            l.add(type, "extra-attachment", { [prop]: prop === "policyArns" ? [arn] : arn });
        },
    })),
    ...ruleCases<BadCanary>("no-wildcard-principal", [
        {
            case: "queue policy open to *",
            condition: "open-principal",
            flags: "drop-queue-policy",
            change: (l) => addStatement(l, "drop-queue-policy", openStatement()),
        },
        {
            case: "key policy open to {AWS: '*'}",
            condition: "open-principal",
            flags: "drop-key",
            change: (l) => addStatement(l, "drop-key", openStatement({ Principal: { AWS: "*" } })),
        },
        {
            case: "topic policy open to {AWS: ['*']}",
            condition: "open-principal",
            flags: "alarms-policy",
            change: (l) => addStatement(l, "alarms-policy", openStatement({ Principal: { AWS: ["*"] } })),
        },
        {
            case: "bucket policy open to * with only a TLS condition",
            condition: "open-principal",
            flags: "drop-bucket-policy",
            change: (l) => addStatement(l, "drop-bucket-policy", openStatement({ Condition: { Bool: { "aws:SecureTransport": "true" } } })),
        },
        {
            case: "Allow with NotPrincipal",
            condition: "open-principal",
            flags: "drop-queue-policy",
            change: (l) =>
                addStatement(l, "drop-queue-policy", {
                    Effect: "Allow",
                    NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "sqs:*",
                    Resource: "*",
                }),
        },
        {
            case: "inline queue policy given as an object",
            condition: "open-principal",
            flags: "drop-dlq",
            change: (l) => (l.props("drop-dlq").policy = { Version: "2012-10-17", Statement: openStatement() }),
        },
    ]),
    ...ruleCases<BadCanary>("prod-retain-data", [
        {
            case: "prod bucket not protected",
            condition: "unprotected",
            stack: "prod",
            flags: "drop-bucket",
            change: (l) => (l.get("drop-bucket").protect = false),
        },
        { case: "prod key not protected", condition: "unprotected", stack: "prod", flags: "drop-key", change: (l) => (l.get("drop-key").protect = false) },
        {
            case: "stack name containing prod (production-eu)",
            condition: "unprotected",
            stack: "production-eu",
            flags: "logs-bucket",
            change: (l) => (l.get("logs-bucket").protect = false),
        },
        {
            case: "any stack name with config environment = prod",
            condition: "unprotected",
            stack: "main",
            config: { "prod-retain-data": { environment: "prod" } },
            flags: "drop-bucket",
            change: () => undefined,
        },
    ]),
    ...ruleCases<BadCanary>("s3-access-logging", [
        { condition: "no-logging", case: "data bucket without BucketLogging", flags: "drop-bucket", change: (l) => l.remove("drop-logging") },
        {
            condition: "no-target",
            case: "inline logging without a target bucket (tagged logs bucket)",
            flags: "drop-bucket",
            change: (l) => {
                l.remove("drop-logging");
                l.props("logs-bucket").tags = { "datalake:role": "access-logs" };
                l.props("drop-bucket").logging = { targetPrefix: "drop/" };
            },
        },
    ]),
    ...ruleCases<BadCanary>("s3-acls-disabled", [
        { condition: "no-ownership-controls", case: "no BucketOwnershipControls", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-ownership") },
        {
            condition: "not-owner-enforced",
            case: "object ownership BucketOwnerPreferred",
            flags: "drop-bucket",
            change: (l) => (l.props("drop-bucket-ownership").rule.objectOwnership = "BucketOwnerPreferred"),
        },
        {
            condition: "acl-granted",
            case: "a BucketAclV2 with public-read",
            flags: "drop-bucket",
            change: (l) => l.add("aws:s3/bucketAclV2:BucketAclV2", "drop-acl", { bucket: "lake-drop", acl: "public-read" }, { dependsOn: ["drop-bucket"] }),
        },
    ]),
    // log-group-cmk-encryption, lambda-supported-runtime
    ...ruleCases<BadCanary>("log-group-cmk-encryption", [
        {
            condition: "no-key",
            case: "log group without kmsKeyId",
            flags: "drop-processor-logs",
            change: (l) => delete l.props("drop-processor-logs").kmsKeyId,
        },
        {
            condition: "aws-managed-key",
            case: "log group with an AWS managed key alias",
            flags: "drop-processor-logs",
            change: (l) => (l.props("drop-processor-logs").kmsKeyId = "arn:aws:kms:eu-west-1:123456789012:alias/aws/logs"),
        },
    ]),
    ...ruleCases<BadCanary>("lambda-supported-runtime", [
        {
            condition: "unsupported",
            case: "nodejs20.x (deprecated 2026-04)",
            flags: "drop-processor",
            change: (l) => (l.props("drop-processor").runtime = "nodejs20.x"),
        },
        { condition: "unsupported", case: "no runtime on a zip function", flags: "drop-processor", change: (l) => delete l.props("drop-processor").runtime },
    ]),
    ...ruleCases<BadCanary>("lambda-tracing-consistent", [
        {
            condition: "not-traced",
            case: "the API stage traces, the function does not",
            flags: "drop-processor",
            change: (l) => l.add("aws:apigateway/stage:Stage", "api-stage", { stageName: "v1", xrayTracingEnabled: true }),
        },
        {
            condition: "no-trace-permission",
            case: "a traced function whose role may not write traces",
            flags: "drop-processor",
            change: (l) => (l.props("drop-processor").tracingConfig = { mode: "Active" }),
        },
    ]),
    // sqs-tls-only, sns-cmk-encryption, sns-tls-only
    ...ruleCases<BadCanary>("sqs-tls-only", [
        { condition: "no-tls-deny", case: "DLQ without a queue policy", flags: "drop-dlq", change: (l) => l.remove("drop-dlq-policy") },
        {
            condition: "no-tls-deny",
            case: "queue policy whose TLS deny lost its condition",
            flags: "drop-queue",
            change: (l) => editStatements(l, "drop-queue-policy", (st) => st.forEach((s: any) => s.Effect === "Deny" && delete s.Condition)),
        },
        {
            condition: "unreadable-policy",
            case: "DLQ policy that is not JSON",
            flags: "drop-dlq",
            change: (l) => (l.props("drop-dlq-policy").policy = "{nope"),
        },
    ]),
    ...ruleCases<BadCanary>("sns-cmk-encryption", [
        { condition: "no-key", case: "topic without a key", flags: "alarms", change: (l) => delete l.props("alarms").kmsMasterKeyId },
        {
            condition: "aws-managed-key",
            case: "topic with alias/aws/sns",
            flags: "alarms",
            change: (l) => (l.props("alarms").kmsMasterKeyId = "alias/aws/sns"),
        },
    ]),
    ...ruleCases<BadCanary>("sns-tls-only", [
        {
            condition: "no-tls-deny",
            case: "topic policy without the TLS deny",
            flags: "alarms",
            change: (l) => editStatements(l, "alarms-policy", (st) => st.splice(1, 1)),
        },
        { condition: "unreadable-policy", case: "topic policy that is not JSON", flags: "alarms", change: (l) => (l.props("alarms-policy").policy = "[") },
    ]),
    ...ruleCases<BadCanary>("iam-no-wildcard-action", [
        {
            condition: "all-actions",
            case: "Action *",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "*", Resource: "arn:aws:s3:::lake-drop" }),
        },
        { condition: "service-wildcard", case: "Action sqs:*", flags: "drop-processor-policy", change: (l) => grant(l, { Action: "sqs:*", Resource: QUEUE }) },
        {
            condition: "partial-wildcard",
            case: "Action s3:Get*",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: ["s3:Get*"], Resource: "arn:aws:s3:::lake-drop/*" }),
        },
        {
            condition: "not-action",
            case: "Allow with NotAction",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { NotAction: "iam:CreateUser", Resource: QUEUE }),
        },
        {
            condition: "all-actions",
            case: "role inlinePolicies with Action *",
            flags: "drop-processor-role",
            change: (l) =>
                (l.props("drop-processor-role").inlinePolicies = [{ name: "x", policy: policyOf({ Effect: "Allow", Action: "*", Resource: QUEUE }) }]),
        },
        {
            condition: "service-wildcard",
            case: "a managed aws:iam/policy:Policy with kms:*",
            flags: "extra-policy",
            change: (l) => l.add("aws:iam/policy:Policy", "extra-policy", { policy: policyOf({ Effect: "Allow", Action: "kms:*", Resource: KEY }) }),
        },
    ]),
    ...ruleCases<BadCanary>("iam-no-wildcard-resource", [
        {
            condition: "star-resource",
            case: "sqs:SendMessage on *",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "sqs:SendMessage", Resource: "*" }),
        },
        {
            condition: "not-resource",
            case: "Allow with NotResource",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "sqs:SendMessage", NotResource: QUEUE }),
        },
    ]),
    ...ruleCases<BadCanary>("iam-passrole-scoped", [
        {
            condition: "resource",
            case: "PassRole on role/* with PassedToService",
            flags: "drop-processor-policy",
            change: (l) =>
                grant(l, {
                    Action: "iam:PassRole",
                    Resource: `arn:aws:iam::${ACCOUNT}:role/*`,
                    Condition: { StringEquals: { "iam:PassedToService": "glue.amazonaws.com" } },
                }),
        },
        {
            condition: "passed-to-service",
            case: "PassRole on a named role without PassedToService",
            flags: "drop-processor-policy",
            change: (l) => editStatements(l, "drop-processor-policy", (st) => delete st[3].Condition),
        },
    ]),
    ...ruleCases<BadCanary>("iam-key-and-bucket-actions-scoped", [
        {
            condition: "kms-all-keys",
            case: "kms:Decrypt on arn:aws:kms:*:*:key/*",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:key/*" }),
        },
        {
            condition: "s3-all-buckets",
            case: "s3:GetObject on arn:aws:s3:::*",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }),
        },
    ]),
    // trust policies
    ...ruleCases<BadCanary>("iam-trust-principals", [
        {
            condition: "everyone",
            case: "trust Principal {AWS: '*'}",
            flags: "drop-processor-role",
            change: (l) =>
                editStatements(
                    l,
                    "drop-processor-role",
                    (st) => st.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
                    "assumeRolePolicy",
                ),
        },
        {
            condition: "foreign-account",
            case: "trust another account's root",
            flags: "drop-processor-role",
            change: (l) =>
                editStatements(
                    l,
                    "drop-processor-role",
                    (st) => st.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "sts:AssumeRole" }),
                    "assumeRolePolicy",
                ),
        },
    ]),
    ...ruleCases<BadCanary>("iam-trust-service-conditions", [
        {
            condition: "unknown-service",
            case: "a service lib/trust.ts does not list",
            flags: "drop-processor-role",
            change: (l) => editStatements(l, "drop-processor-role", (st) => (st[0].Principal = { Service: "sagemaker.amazonaws.com" }), "assumeRolePolicy"),
        },
        {
            condition: "missing-condition",
            case: "Firehose trust without sts:ExternalId",
            flags: "delivery-role",
            change: (l) => editStatements(l, "delivery-role", (st) => delete st[0].Condition, "assumeRolePolicy"),
        },
        {
            condition: "undocumented-condition",
            case: "Lambda trust with aws:SourceAccount, which Lambda does not document",
            flags: "drop-processor-role",
            change: (l) =>
                editStatements(l, "drop-processor-role", (st) => (st[0].Condition = { StringEquals: { "aws:SourceAccount": ACCOUNT } }), "assumeRolePolicy"),
        },
        {
            condition: "wrong-value",
            case: "Firehose sts:ExternalId naming another account",
            flags: "delivery-role",
            change: (l) => editStatements(l, "delivery-role", (st) => (st[0].Condition.StringEquals["sts:ExternalId"] = FOREIGN), "assumeRolePolicy"),
        },
    ]),
    // resource policies, Lambda permissions
    ...ruleCases<BadCanary>("resource-policy-no-foreign-principal", [
        {
            condition: "foreign-account",
            case: "key policy granting another account",
            flags: "drop-key",
            change: (l) =>
                addStatement(l, "drop-key", { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "kms:Decrypt", Resource: "*" }),
        },
        {
            condition: "foreign-account",
            case: "bucket policy granting a bare foreign account id",
            flags: "drop-bucket-policy",
            change: (l) =>
                addStatement(l, "drop-bucket-policy", {
                    Effect: "Allow",
                    Principal: { AWS: FOREIGN },
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::lake-drop/*",
                }),
        },
    ]),
    ...ruleCases<BadCanary>("lambda-permission-principal", [
        { condition: "everyone", case: "principal *", flags: "drop-processor-invoke", change: (l) => (l.props("drop-processor-invoke").principal = "*") },
        {
            condition: "foreign-account",
            case: "another account's id",
            flags: "drop-processor-invoke",
            change: (l) => (l.props("drop-processor-invoke").principal = FOREIGN),
        },
    ]),
    {
        rule: "lambda-permission-source-arn",
        condition: "s3-source-account",
        case: "S3 permission without sourceAccount",
        flags: "drop-processor-invoke",
        change: (l) => delete l.props("drop-processor-invoke").sourceAccount,
    },
    // glue-catalog-encryption (an opt-in, account-level resource)
    ...ruleCases<BadCanary>("glue-catalog-encryption", [
        {
            condition: "at-rest",
            case: "metadata SSE-KMS without a key",
            flags: "catalog-encryption",
            change: (l) => addCatalogEncryption(l, (s) => delete s.encryptionAtRest.sseAwsKmsKeyId),
        },
        {
            condition: "connection-passwords",
            case: "connection passwords returned in clear",
            flags: "catalog-encryption",
            change: (l) => addCatalogEncryption(l, (s) => (s.connectionPasswordEncryption.returnConnectionPasswordEncrypted = false)),
        },
    ]),
    // unreadable documents, one per rule that reads them
    ...(["iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-scoped", "iam-key-and-bucket-actions-scoped"] as const).map((rule) => ({
        rule,
        condition: "unreadable-policy",
        case: "role policy that is not JSON",
        flags: "drop-processor-policy",
        change: (l: Lake) => (l.props("drop-processor-policy").policy = "{not json"),
    })),
    ...(["iam-trust-principals", "iam-trust-service-conditions"] as const).map((rule) => ({
        rule,
        condition: "unreadable-policy",
        case: "trust policy that is not JSON",
        flags: "drop-processor-role",
        change: (l: Lake) => (l.props("drop-processor-role").assumeRolePolicy = "{not json"),
    })),
    ...(["no-wildcard-principal", "resource-policy-no-foreign-principal"] as const).map((rule) => ({
        rule,
        condition: "unreadable-policy",
        case: "key policy that is not JSON",
        flags: "drop-key",
        change: (l: Lake) => (l.props("drop-key").policy = "{not json"),
    })), // bucket-notification-unambiguous, apigateway-execution-logs-declared, iam-actions-valid (rules-aws.ts)
    {
        rule: "bucket-notification-unambiguous",
        case: "the zone queue and a crawler queue on one unfiltered object-created rule each",
        condition: "overlapping-rules",
        flags: "drop-notification",
        change: (l) =>
            l.add("aws:s3/bucketNotification:BucketNotification", "drop-notification", {
                bucket: "lake-drop-bucket",
                queues: [
                    { id: "events", queueArn: QUEUE, events: ["s3:ObjectCreated:*"] },
                    { id: "crawler", queueArn: `${QUEUE}-crawler`, events: ["s3:ObjectCreated:Put"] },
                ],
            }),
    },
    ...ruleCases<BadCanary>("apigateway-execution-logs-declared", [
        {
            case: "execution logging with no declared group",
            condition: "undeclared-group",
            flags: "api-method-settings",
            change: (l) =>
                l.add("aws:apigateway/methodSettings:MethodSettings", "api-method-settings", {
                    restApi: "a1b2c3",
                    stageName: "v1",
                    methodPath: "*/*",
                    settings: { loggingLevel: "ERROR" },
                }),
        },
        {
            case: "execution logging into a declared group kept forever",
            condition: "no-retention",
            flags: "api-method-settings",
            change: (l) => {
                l.add("aws:cloudwatch/logGroup:LogGroup", "api-execution-logs", { name: "API-Gateway-Execution-Logs_a1b2c3/v1", kmsKeyId: KEY });
                l.add("aws:apigateway/methodSettings:MethodSettings", "api-method-settings", {
                    restApi: "a1b2c3",
                    stageName: "v1",
                    methodPath: "*/*",
                    settings: { loggingLevel: "INFO" },
                });
            },
        },
    ]),
    ...ruleCases<BadCanary>("iam-actions-valid", [
        {
            case: "sqs:DeleteMessageBatch, an API operation IAM authorizes as sqs:DeleteMessage",
            condition: "unknown-action",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: ["sqs:ReceiveMessage", "sqs:DeleteMessageBatch"], Resource: QUEUE }),
        },
        {
            case: "logs:DescribeLogGroups granted on log groups (it authorizes only on *)",
            condition: "star-only-scoped",
            flags: "drop-processor-policy",
            change: (l) => grant(l, { Action: "logs:DescribeLogGroups", Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` }),
        },
        {
            case: "kms:Decrypt gated on kms:GrantIsForAWSResource, which only grant requests carry (never allowed)",
            condition: "grant-condition-on-grants",
            flags: "drop-processor-policy",
            change: (l) =>
                grant(l, { Action: ["kms:CreateGrant", "kms:Decrypt"], Resource: KEY, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } }),
        },
    ]),
];

export const goodVariants: Canary[] = [
    {
        rule: "lambda-tracing-consistent",
        case: "the function traces and its role writes traces",
        change: (l) => {
            l.props("drop-processor").tracingConfig = { mode: "Active" };
            grant(l, { Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" });
        },
    },
    {
        rule: "glue-catalog-encryption",
        case: "account catalog encryption managed here, with keys",
        change: (l) => addCatalogEncryption(l, () => undefined),
    },
    {
        rule: "iam-trust-principals",
        case: "another account listed in trustedAccounts",
        config: { "iam-trust-principals": { trustedAccounts: [FOREIGN] } },
        change: (l) =>
            editStatements(
                l,
                "drop-processor-role",
                (st) => st.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "sts:AssumeRole" }),
                "assumeRolePolicy",
            ),
    },
    {
        rule: "iam-no-wildcard-resource",
        case: "xray:PutTraceSegments and logs:DescribeLogGroups on * (AWS accepts only *)",
        change: (l) => grant(l, { Action: ["xray:PutTraceSegments", "logs:DescribeLogGroups"], Resource: "*" }),
    },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "access-logs bucket recognised by its tag, left on S3's default SSE-S3",
        change: (l) => {
            l.props("drop-logging").targetBucket = "lake-central-logs"; // a bucket outside this stack
            l.remove("logs-bucket-sse");
            l.props("logs-bucket").tags = { ...l.props("logs-bucket").tags, "datalake:role": "access-logs" };
        },
    },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "inline serverSideEncryptionConfiguration with a CMK",
        change: (l) => {
            l.props("drop-bucket").serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: sseDefault(l) } };
            l.remove(SSE);
        },
    },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "encryption resource whose bucket is unknown, matched by dependency",
        change: (l) => delete l.props(SSE).bucket,
    },
    {
        rule: "s3-tls-only",
        case: "TLS deny inline on the bucket, as an object, with BoolIfExists and an array action",
        change: (l) => {
            const doc = JSON.parse(l.props("drop-bucket-policy").policy);
            doc.Statement[0].Condition = { BoolIfExists: { "aws:securetransport": false } };
            doc.Statement[0].Action = ["s3:GetObject", "s3:*"];
            l.props("drop-bucket").policy = doc;
            l.remove("drop-bucket-policy");
        },
    },
    {
        rule: "s3-versioning",
        case: "inline versioning enabled",
        change: (l) => {
            l.props("drop-bucket").versioning = { enabled: true };
            l.remove("drop-bucket-versioning");
        },
    },
    {
        rule: "kms-key-rotation",
        case: "asymmetric signing key (cannot rotate)",
        change: (l) => l.add("aws:kms/key:Key", "signing-key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
    },
    {
        rule: "sqs-consumed-queue-dlq",
        case: "redrive from a separate RedrivePolicy resource",
        change: (l) => {
            const q = l.props("drop-queue");
            l.add("aws:sqs/redrivePolicy:RedrivePolicy", "drop-queue-redrive", { queueUrl: q.url, redrivePolicy: q.redrivePolicy });
            delete q.redrivePolicy;
        },
    },
    {
        rule: "sqs-consumed-queue-dlq",
        case: "Kinesis event source (no SQS DLQ applies)",
        change: (l) =>
            l.add("aws:lambda/eventSourceMapping:EventSourceMapping", "stream-events", {
                eventSourceArn: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/clicks`,
                functionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:lake-drop-processor:live`,
                // What lambda-stream-mapping-failure-handling asks of every stream mapping.
                functionResponseTypes: ["ReportBatchItemFailures"],
                maximumRetryAttempts: 3,
                destinationConfig: { onFailure: { destinationArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:stream-failures` } },
            }),
    },
    {
        rule: "lambda-log-retention",
        case: "default log group name /aws/lambda/<name> declared",
        change: (l) => {
            delete l.props("drop-processor").loggingConfig;
            l.get("drop-processor").dependencies = [];
        },
    },
    {
        rule: "lambda-log-retention",
        case: "function name unknown, its one log group dependency has a retention",
        change: (l) => {
            delete l.props("drop-processor").loggingConfig;
            delete l.props("drop-processor").name;
        },
    },
    {
        rule: "no-wildcard-principal",
        case: "Principal * narrowed by aws:SourceArn",
        change: (l) => addStatement(l, "drop-queue-policy", openStatement({ Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::lake-drop" } } })),
    },
    {
        rule: "no-full-access-managed-policies",
        case: "read-only managed policy",
        change: (l) => (l.props("drop-processor-basic").policyArn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
    },
    {
        rule: "prod-retain-data",
        case: "prod-named stack whose config says environment = dev",
        stack: "prod",
        config: { "prod-retain-data": { environment: "dev" } },
        change: (l) => (l.get("drop-bucket").protect = false),
    },
];
