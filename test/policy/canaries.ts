/**
 * Canaries: each breaks one thing in the good fixture lake and names the rule that must flag it
 * and the resource it must flag. Good variants are legitimate alternatives a rule must accept.
 */
import { ACCOUNT, Lake } from "./fixtures";

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
    /** Logical name of the resource the violation is reported against. */
    flags: string;
}

const SSE = "drop-bucket-sse";
const sseDefault = (lake: Lake, name = SSE) => lake.props(name).rules[0].applyServerSideEncryptionByDefault;
const openStatement = (extra: object = {}) => ({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", ...extra });
const addStatement = (lake: Lake, name: string, statement: object) => {
    const doc = JSON.parse(lake.props(name).policy);
    doc.Statement.push(statement);
    lake.props(name).policy = JSON.stringify(doc);
};

export const badCanaries: BadCanary[] = [
    // s3-bucket-cmk-encryption
    { rule: "s3-bucket-cmk-encryption", case: "data bucket with SSE-S3", flags: "drop-bucket", change: (l) => (sseDefault(l).sseAlgorithm = "AES256") },
    { rule: "s3-bucket-cmk-encryption", case: "aws:kms without a key id", flags: "drop-bucket", change: (l) => delete sseDefault(l).kmsMasterKeyId },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "aws:kms with the AWS managed key alias/aws/s3",
        flags: "drop-bucket",
        change: (l) => (sseDefault(l).kmsMasterKeyId = "arn:aws:kms:eu-west-1:123456789012:alias/aws/s3"),
    },
    { rule: "s3-bucket-cmk-encryption", case: "no default encryption", flags: "drop-bucket", change: (l) => l.remove(SSE) },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "access-logs target with SSE-KMS",
        flags: "logs-bucket",
        change: (l) => Object.assign(sseDefault(l, "logs-bucket-sse"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:x" }),
    },
    {
        rule: "s3-bucket-cmk-encryption",
        case: "bucket tagged as access logs, with SSE-KMS",
        flags: "logs-bucket",
        change: (l) => {
            l.remove("drop-logging");
            l.props("logs-bucket").tags = { "datalake:role": "access-logs" };
            Object.assign(sseDefault(l, "logs-bucket-sse"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:x" });
        },
    },
    // s3-block-public-access
    { rule: "s3-block-public-access", case: "no public access block", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-public-access") },
    {
        rule: "s3-block-public-access",
        case: "restrictPublicBuckets false",
        flags: "logs-bucket",
        change: (l) => (l.props("logs-bucket-public-access").restrictPublicBuckets = false),
    },
    { rule: "s3-block-public-access", case: "ignorePublicAcls unset", flags: "drop-bucket", change: (l) => delete l.props("drop-bucket-public-access").ignorePublicAcls },
    // s3-tls-only
    { rule: "s3-tls-only", case: "no bucket policy", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-policy") },
    {
        rule: "s3-tls-only",
        case: "deny when SecureTransport is true (inverted)",
        flags: "drop-bucket",
        change: (l) => (l.props("drop-bucket-policy").policy = l.props("drop-bucket-policy").policy.replace('"false"', '"true"')),
    },
    {
        rule: "s3-tls-only",
        case: "TLS deny scoped to GetObject only",
        flags: "drop-bucket",
        change: (l) => (l.props("drop-bucket-policy").policy = l.props("drop-bucket-policy").policy.replace('"s3:*"', '"s3:GetObject"')),
    },
    { rule: "s3-tls-only", case: "policy that is not JSON", flags: "drop-bucket", change: (l) => (l.props("drop-bucket-policy").policy = "{not json") },
    // s3-versioning
    { rule: "s3-versioning", case: "no versioning", flags: "drop-bucket", change: (l) => l.remove("drop-bucket-versioning") },
    {
        rule: "s3-versioning",
        case: "versioning suspended",
        flags: "logs-bucket",
        change: (l) => (l.props("logs-bucket-versioning").versioningConfiguration.status = "Suspended"),
    },
    // kms-key-rotation
    { rule: "kms-key-rotation", case: "rotation off", flags: "drop-key", change: (l) => (l.props("drop-key").enableKeyRotation = false) },
    { rule: "kms-key-rotation", case: "rotation unset", flags: "drop-key", change: (l) => delete l.props("drop-key").enableKeyRotation },
    // sqs-queue-cmk-encryption
    { rule: "sqs-queue-cmk-encryption", case: "DLQ without a key", flags: "drop-dlq", change: (l) => delete l.props("drop-dlq").kmsMasterKeyId },
    {
        rule: "sqs-queue-cmk-encryption",
        case: "SQS-managed SSE instead of a KMS key",
        flags: "drop-queue",
        change: (l) => {
            delete l.props("drop-queue").kmsMasterKeyId;
            l.props("drop-queue").sqsManagedSseEnabled = true;
        },
    },
    { rule: "sqs-queue-cmk-encryption", case: "AWS managed key alias/aws/sqs", flags: "drop-queue", change: (l) => (l.props("drop-queue").kmsMasterKeyId = "alias/aws/sqs") },
    // sqs-consumed-queue-dlq
    { rule: "sqs-consumed-queue-dlq", case: "consumed queue without redrive", flags: "drop-processor-events", change: (l) => delete l.props("drop-queue").redrivePolicy },
    {
        rule: "sqs-consumed-queue-dlq",
        case: "redrive without maxReceiveCount",
        flags: "drop-processor-events",
        change: (l) => (l.props("drop-queue").redrivePolicy = JSON.stringify({ deadLetterTargetArn: l.props("drop-dlq").arn })),
    },
    {
        rule: "sqs-consumed-queue-dlq",
        case: "source ARN unknown, queue found by dependency",
        flags: "drop-processor-events",
        change: (l) => {
            delete l.props("drop-processor-events").eventSourceArn;
            delete l.props("drop-queue").redrivePolicy;
        },
    },
    // log-group-retention
    { rule: "log-group-retention", case: "retention unset", flags: "drop-processor-logs", change: (l) => delete l.props("drop-processor-logs").retentionInDays },
    { rule: "log-group-retention", case: "retention 0 (never expire)", flags: "drop-processor-logs", change: (l) => (l.props("drop-processor-logs").retentionInDays = 0) },
    // lambda-log-retention
    { rule: "lambda-log-retention", case: "log group not declared", flags: "drop-processor", change: (l) => l.remove("drop-processor-logs") },
    {
        rule: "lambda-log-retention",
        case: "default log group name, a differently named group declared",
        flags: "drop-processor",
        change: (l) => {
            delete l.props("drop-processor").loggingConfig;
            l.props("drop-processor-logs").name = "/aws/lambda/something-else"; // still a dependency of the function
        },
    },
    {
        rule: "lambda-log-retention",
        case: "its log group keeps logs forever",
        flags: "drop-processor",
        change: (l) => delete l.props("drop-processor-logs").retentionInDays,
    },
    // no-full-access-managed-policies
    {
        rule: "no-full-access-managed-policies",
        case: "AmazonS3FullAccess attachment",
        flags: "drop-processor-basic",
        change: (l) => (l.props("drop-processor-basic").policyArn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"),
    },
    {
        rule: "no-full-access-managed-policies",
        case: "role managedPolicyArns with AWSLambda_FullAccess",
        flags: "drop-processor-role",
        change: (l) => (l.props("drop-processor-role").managedPolicyArns = ["arn:aws:iam::aws:policy/AWSLambda_FullAccess"]),
    },
    ...(
        [
            ["aws:iam/policyAttachment:PolicyAttachment", "policyArn", "AmazonSQSFullAccess"],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn", "AmazonKinesisFullAccess"],
            ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn", "AdministratorAccess"],
            ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns", "AWSGlueConsoleFullAccess"],
        ] as const
    ).map(([type, prop, policyName]) => ({
        rule: "no-full-access-managed-policies",
        case: `${type.split(":").pop()} with ${policyName}`,
        flags: "extra-attachment",
        change: (l: Lake) => {
            const arn = `arn:aws:iam::aws:policy/${policyName}`;
            l.add(type, "extra-attachment", { [prop]: prop === "policyArns" ? [arn] : arn });
        },
    })),
    // no-wildcard-principal
    { rule: "no-wildcard-principal", case: "queue policy open to *", flags: "drop-queue-policy", change: (l) => addStatement(l, "drop-queue-policy", openStatement()) },
    {
        rule: "no-wildcard-principal",
        case: "key policy open to {AWS: '*'}",
        flags: "drop-key",
        change: (l) => addStatement(l, "drop-key", openStatement({ Principal: { AWS: "*" } })),
    },
    {
        rule: "no-wildcard-principal",
        case: "topic policy open to {AWS: ['*']}",
        flags: "alarms-policy",
        change: (l) => addStatement(l, "alarms-policy", openStatement({ Principal: { AWS: ["*"] } })),
    },
    {
        rule: "no-wildcard-principal",
        case: "bucket policy open to * with only a TLS condition",
        flags: "drop-bucket-policy",
        change: (l) => addStatement(l, "drop-bucket-policy", openStatement({ Condition: { Bool: { "aws:SecureTransport": "true" } } })),
    },
    {
        rule: "no-wildcard-principal",
        case: "Allow with NotPrincipal",
        flags: "drop-queue-policy",
        change: (l) => addStatement(l, "drop-queue-policy", { Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sqs:*", Resource: "*" }),
    },
    {
        rule: "no-wildcard-principal",
        case: "inline queue policy given as an object",
        flags: "drop-dlq",
        change: (l) => (l.props("drop-dlq").policy = { Version: "2012-10-17", Statement: openStatement() }),
    },
    // prod-retain-data
    { rule: "prod-retain-data", case: "prod bucket not protected", stack: "prod", flags: "drop-bucket", change: (l) => (l.get("drop-bucket").protect = false) },
    { rule: "prod-retain-data", case: "prod key not protected", stack: "prod", flags: "drop-key", change: (l) => (l.get("drop-key").protect = false) },
    {
        rule: "prod-retain-data",
        case: "stack name containing prod (production-eu)",
        stack: "production-eu",
        flags: "logs-bucket",
        change: (l) => (l.get("logs-bucket").protect = false),
    },
    {
        rule: "prod-retain-data",
        case: "any stack name with config environment = prod",
        stack: "main",
        config: { "prod-retain-data": { environment: "prod" } },
        flags: "drop-bucket",
        change: () => undefined,
    },
];

export const goodVariants: Canary[] = [
    {
        rule: "s3-bucket-cmk-encryption",
        case: "access-logs bucket recognised by its tag, left on S3's default SSE-S3",
        change: (l) => {
            l.remove("drop-logging");
            l.remove("logs-bucket-sse");
            l.props("logs-bucket").tags = { "datalake:role": "access-logs" };
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
                functionName: "lake-drop-processor",
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
