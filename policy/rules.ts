/**
 * The data lake's own rules, as @pulumi/policy policies. Pure: no PolicyPack is built here (that
 * starts a gRPC server), so tests import `policies` and call the validations directly; the pack's
 * entry (index.ts) wraps them. One small function per rule: add a rule by writing its function
 * and listing it in `policies`.
 *
 * Per-resource rules see a resource's inputs. Rules about S3 buckets are stack rules, because
 * with @pulumi/aws v7 encryption, versioning, public access block and bucket policy are separate
 * resources that point at the bucket. Links between resources are read so that they still resolve
 * during preview, when computed names and ARNs are unknown (by dependency instead of by value).
 */
import { PolicyResource, Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Props, prodResourceRule, resourceRule, stackRule } from "./define";
import {
    PolicyDocumentError,
    Statement,
    hasRestrictingCondition,
    isAllow,
    isEveryone,
    isTlsOnlyDeny,
    jsonValue,
    statements,
} from "./documents";
import { Types, handles, isComputed, isOneOf, isSet, known, pointingAt, referenced, tag } from "./resources";

/** Tag marking the shared S3 server-access-logs bucket (it is also recognised as a logging target). */
export const ROLE_TAG = "datalake:role";
export const ACCESS_LOGS_ROLE = "access-logs";

// ---- S3 -------------------------------------------------------------------------------------------

/**
 * The S3 server-access-logs bucket: tagged `datalake:role = access-logs`, or the target of some
 * bucket's access logging. S3 cannot deliver access logs to an SSE-KMS bucket, so it is SSE-S3.
 */
function isAccessLogsBucket(bucket: PolicyResource, all: PolicyResource[]): boolean {
    if (tag(bucket.props, ROLE_TAG) === ACCESS_LOGS_ROLE) return true;
    const inlineTargets = all
        .filter((r) => isOneOf(r.type, Types.bucket))
        .map((r) => known(known(r.props, "logging"), "targetBucket"));
    const names = handles(bucket);
    return (
        pointingAt(bucket, "targetBucket", Types.bucketLogging, all).length > 0 ||
        inlineTargets.some((target) => names.includes(target))
    );
}

/** Default encryption settings of a bucket: inline (deprecated) and from separate resources. */
function bucketEncryption(bucket: PolicyResource, all: PolicyResource[]): Props[] {
    const inline = known(bucket.props, "serverSideEncryptionConfiguration")?.rule?.applyServerSideEncryptionByDefault;
    const separate = pointingAt(bucket, "bucket", Types.bucketEncryption, all).flatMap((c) =>
        ((c.props.rules ?? []) as Props[]).map((rule) => rule.applyServerSideEncryptionByDefault ?? {}),
    );
    return [...(inline ? [inline] : []), ...separate];
}

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** AWS managed keys (`alias/aws/s3`, ...) are not customer managed: no key policy or rotation of ours. */
function isAwsManagedKey(keyId: unknown): boolean {
    return typeof keyId === "string" && /(^|:)alias\/aws\//.test(keyId);
}

export function s3CmkEncryption(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-bucket-cmk-encryption",
            description:
                "Data buckets encrypt by default with a customer managed KMS key (aws:kms + key id); " +
                "the access-logs bucket uses SSE-S3 (AES256), since S3 cannot deliver access logs to SSE-KMS buckets.",
        },
        Types.bucket,
        (bucket, all, report) => {
            const settings = bucketEncryption(bucket, all);
            if (isAccessLogsBucket(bucket, all)) {
                // No configuration means S3's default, SSE-S3, which is what access logging needs.
                const kms = settings.filter((s) => KMS_ALGORITHMS.includes(s.sseAlgorithm ?? ""));
                if (kms.length > 0) {
                    report(
                        `access-logs bucket '${bucket.name}' uses ${kms[0].sseAlgorithm}: S3 server access logging only ` +
                            `delivers to SSE-S3 buckets; set sseAlgorithm "AES256" and no kmsMasterKeyId`,
                    );
                }
                return;
            }
            if (settings.length === 0) {
                report(
                    `bucket '${bucket.name}' has no default encryption: add a BucketServerSideEncryptionConfiguration ` +
                        `with sseAlgorithm "aws:kms" and kmsMasterKeyId = the zone key's ARN`,
                );
            }
            for (const s of settings) {
                const keyed = isSet(s, "kmsMasterKeyId") && !isAwsManagedKey(known(s, "kmsMasterKeyId"));
                if (!KMS_ALGORITHMS.includes(s.sseAlgorithm ?? "") || !keyed) {
                    report(
                        `bucket '${bucket.name}' default encryption is ${s.sseAlgorithm ?? "unset"}` +
                            `${keyed ? "" : " without a customer managed key"}: use sseAlgorithm "aws:kms" with kmsMasterKeyId = the zone key's ARN`,
                    );
                }
            }
        },
    );
}

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export function s3BlockPublicAccess(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-block-public-access",
            description: "Every bucket has a BucketPublicAccessBlock with all four flags true.",
        },
        Types.bucket,
        (bucket, all, report) => {
            const blocks = pointingAt(bucket, "bucket", Types.bucketPublicAccessBlock, all);
            if (blocks.length === 0) {
                report(`bucket '${bucket.name}' has no BucketPublicAccessBlock: add one with ${PUBLIC_ACCESS_FLAGS.join(", ")} = true`);
            }
            for (const b of blocks) {
                const off = PUBLIC_ACCESS_FLAGS.filter((f) => b.props[f] !== true);
                if (off.length > 0) report(`bucket '${bucket.name}' public access block '${b.name}' leaves ${off.join(", ")} unset or false`);
            }
        },
    );
}

export function s3TlsOnly(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-tls-only",
            description: "Every bucket's policy denies all S3 actions to everyone when aws:SecureTransport is false.",
        },
        Types.bucket,
        (bucket, all, report) => {
            const holders = [bucket.props, ...pointingAt(bucket, "bucket", Types.bucketPolicy, all).map((p) => p.props)];
            // A document built from ARNs still unknown in preview is judged at `up`.
            if (holders.some((p) => isComputed(p, "policy"))) return;
            const documents = holders.map((p) => p.policy);
            const found = documents.some((d) => readable(d, report).some((s) => isTlsOnlyDeny(s, "s3")));
            if (!found) {
                report(
                    `bucket '${bucket.name}' has no TLS-only statement: add to its BucketPolicy {Effect: "Deny", Principal: "*", ` +
                        `Action: "s3:*", Resource: [bucket ARN, bucket ARN + "/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}`,
                );
            }
        },
    );
}

export function s3Versioning(): StackValidationPolicy {
    return stackRule(
        { name: "s3-versioning", description: "Every bucket has versioning enabled." },
        Types.bucket,
        (bucket, all, report) => {
            const statuses = pointingAt(bucket, "bucket", Types.bucketVersioning, all).map(
                (v) => v.props.versioningConfiguration?.status as string | undefined,
            );
            if (bucket.props.versioning?.enabled === true) statuses.push("Enabled");
            if (!statuses.includes("Enabled")) {
                report(
                    `bucket '${bucket.name}' versioning is ${statuses[0] ?? "not configured"}: add a BucketVersioning ` +
                        `with versioningConfiguration.status "Enabled"`,
                );
            }
        },
    );
}

// ---- KMS ------------------------------------------------------------------------------------------

export function kmsKeyRotation(): ResourceValidationPolicy {
    return resourceRule(
        { name: "kms-key-rotation", description: "Symmetric customer managed KMS keys rotate automatically." },
        Types.kmsKey,
        (key, args, report) => {
            const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
            const encryption = (key.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
            if (!symmetric || !encryption || key.customKeyStoreId) {
                args.notApplicable("KMS rotates only symmetric encryption keys in the default key store");
            }
            if (key.enableKeyRotation !== true) report("KMS key rotation is off: set enableKeyRotation: true");
        },
    );
}

// ---- SQS and Lambda -------------------------------------------------------------------------------

export function sqsEncryption(): ResourceValidationPolicy {
    return resourceRule(
        { name: "sqs-queue-cmk-encryption", description: "SQS queues are encrypted with a customer managed KMS key (kmsMasterKeyId)." },
        Types.queue,
        (queue, _args, report) => {
            if (!isSet(queue, "kmsMasterKeyId") || isAwsManagedKey(known(queue, "kmsMasterKeyId"))) {
                report("queue is not encrypted with a customer managed KMS key: set kmsMasterKeyId (the zone key's ARN)");
            }
        },
    );
}

/**
 * The redrive policy of a queue (inline, or from a separate RedrivePolicy resource); "computed"
 * when it is set from values unknown until the update (the DLQ's ARN, in preview).
 */
function redriveOf(queue: PolicyResource, all: PolicyResource[]): Record<string, unknown> | "computed" | undefined {
    const holders = [queue, ...pointingAt(queue, "queueUrl", Types.redrivePolicy, all)].map((r) => r.props);
    if (holders.some((p) => isSet(p, "redrivePolicy") && known(p, "redrivePolicy") === undefined)) return "computed";
    return holders.map((p) => jsonValue(p.redrivePolicy)).find((d) => d?.deadLetterTargetArn);
}

export function consumedQueueDlq(): StackValidationPolicy {
    return stackRule(
        {
            name: "sqs-consumed-queue-dlq",
            description: "Every SQS queue a Lambda consumes (event source mapping) redrives to a dead-letter queue.",
        },
        Types.eventSourceMapping,
        (mapping, all, report) => {
            const source = known(mapping.props, "eventSourceArn");
            if (typeof source === "string" && source.startsWith("arn:") && source.split(":")[2] !== "sqs") return; // Kinesis, DynamoDB, Kafka
            const queues = referenced(mapping, "eventSourceArn", all.filter((r) => isOneOf(r.type, Types.queue)));
            for (const queue of queues) {
                const redrive = redriveOf(queue, all);
                if (redrive === "computed") continue;
                const receives = Number(redrive?.maxReceiveCount);
                if (!redrive || !(receives >= 1)) {
                    report(
                        `queue '${queue.name}' is consumed by Lambda (mapping '${mapping.name}') without a dead-letter queue: ` +
                            `set redrivePolicy {deadLetterTargetArn: <DLQ ARN>, maxReceiveCount: n}`,
                    );
                }
            }
        },
    );
}

// ---- Logs -----------------------------------------------------------------------------------------

export function logGroupRetention(): ResourceValidationPolicy {
    return resourceRule(
        { name: "log-group-retention", description: "CloudWatch log groups set retentionInDays (never 'keep forever')." },
        Types.logGroup,
        (group, _args, report) => {
            if (!(Number(group.retentionInDays) > 0)) report("log group keeps logs forever: set retentionInDays (from config logRetentionDays)");
        },
    );
}

export function lambdaLogRetention(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-log-retention",
            description: "Every Lambda function's log group is declared in the stack with a retention.",
        },
        Types.lambdaFunction,
        (fn, all, report) => {
            const name = known(fn.props, "name");
            const expected = known(known(fn.props, "loggingConfig"), "logGroup") ?? (name ? `/aws/lambda/${name}` : undefined);
            const groups = all.filter((r) => isOneOf(r.type, Types.logGroup));
            // By name when the name is known; otherwise the one log group the function depends on.
            const dependedOn = groups.filter((g) => fn.dependencies.includes(g));
            const group = expected
                ? groups.find((g) => known(g.props, "name") === expected)
                : dependedOn.length === 1
                  ? dependedOn[0]
                  : undefined;
            if (!group) {
                if (expected) {
                    report(
                        `function '${fn.name}' logs to '${expected}', which is not declared in the stack: Lambda would create ` +
                            `it with no retention; declare the LogGroup with retentionInDays and set loggingConfig.logGroup`,
                    );
                }
                return; // neither a name nor a log group dependency: not decidable here
            }
            if (!(Number(group.props.retentionInDays) > 0)) {
                report(`function '${fn.name}' logs to '${group.name}', which has no retentionInDays`);
            }
        },
    );
}

// ---- IAM and resource policies --------------------------------------------------------------------

/** Inputs that carry managed policy ARNs, per resource type. */
const MANAGED_POLICY_PROPS: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

/** `*FullAccess` managed policies (AmazonS3FullAccess, AWSLambda_FullAccess, ...) and AdministratorAccess. */
export function isFullAccessPolicy(arn: string): boolean {
    const name = arn.split("/").pop() ?? "";
    return /FullAccess$/i.test(name) || name === "AdministratorAccess";
}

export function noFullAccessPolicies(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-full-access-managed-policies",
            description: "No *FullAccess (or AdministratorAccess) managed policy is attached to a role, user or group.",
        },
        Object.keys(MANAGED_POLICY_PROPS),
        (props, args, report) => {
            const value = props[MANAGED_POLICY_PROPS[args.type]];
            const arns = (Array.isArray(value) ? value : [value]).filter((a): a is string => typeof a === "string");
            for (const arn of arns.filter(isFullAccessPolicy)) {
                report(`managed policy ${arn} grants full access: attach a least-privilege policy scoped to the zone's bucket, key and queue`);
            }
        },
    );
}

/** Inputs that carry resource policies, per resource type. */
const RESOURCE_POLICY_PROPS: Record<string, string> = {
    "aws:s3/bucket:Bucket": "policy",
    "aws:s3/bucketV2:BucketV2": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
};

/** Statements of a document; an unreadable document is itself reported. */
function readable(document: unknown, report: (message: string) => void): Statement[] {
    try {
        return statements(document);
    } catch (e) {
        if (e instanceof PolicyDocumentError) {
            report(e.message);
            return [];
        }
        throw e;
    }
}

export function noWildcardPrincipal(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-wildcard-principal",
            description:
                "Bucket, queue, key and topic policies never Allow Principal \"*\" (or NotPrincipal) without a condition that narrows the caller.",
        },
        Object.keys(RESOURCE_POLICY_PROPS),
        (props, args, report) => {
            const prop = RESOURCE_POLICY_PROPS[args.type];
            if (isComputed(props, prop)) args.notApplicable(`the ${prop} document is only known at up (it names resources not yet created)`);
            for (const s of readable(props[prop], report)) {
                const open = isAllow(s) && (isEveryone(s.Principal) || s.NotPrincipal !== undefined);
                if (open && !hasRestrictingCondition(s)) {
                    report(
                        `statement ${s.Sid ? `'${s.Sid}' ` : ""}allows any principal with no restricting condition: name the principal, ` +
                            `or add a condition such as aws:SourceArn / aws:SourceAccount / aws:PrincipalAccount`,
                    );
                }
            }
        },
    );
}

// ---- Environment ----------------------------------------------------------------------------------

export function prodRetention(): ResourceValidationPolicy {
    return prodResourceRule(
        {
            name: "prod-retain-data",
            description: "In a prod stack (config environment = prod, or a stack name containing 'prod'), S3 buckets and KMS keys are protected.",
        },
        [...Types.bucket, ...Types.kmsKey],
        (_props, args, report) => {
            if (!args.opts.protect) {
                report("prod buckets and keys must survive stack removal: create it with { protect: true } (and retainOnDelete: true)");
            }
        },
    );
}

/** Every rule of the pack, in the order they are reported. */
export const policies: Policies = [
    s3CmkEncryption(),
    s3BlockPublicAccess(),
    s3TlsOnly(),
    s3Versioning(),
    kmsKeyRotation(),
    sqsEncryption(),
    consumedQueueDlq(),
    logGroupRetention(),
    lambdaLogRetention(),
    noFullAccessPolicies(),
    noWildcardPrincipal(),
    prodRetention(),
];
