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
import { actionMatches, actionsOf, hasRestrictingCondition, isAllow, isEveryone, isTlsOnlyDeny, jsonValue, readStatements } from "./documents";
import { RESOURCE_POLICY_PROPS } from "./rules-iam";
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
    const inlineTargets = all.filter((r) => isOneOf(r.type, Types.bucket)).map((r) => known(known(r.props, "logging"), "targetBucket"));
    const names = handles(bucket);
    return pointingAt(bucket, "targetBucket", Types.bucketLogging, all).length > 0 || inlineTargets.some((target) => names.includes(target));
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
            conditions: {
                "access-logs-kms": "the access-logs bucket is not SSE-KMS",
                "no-default-encryption": "a data bucket has default encryption",
                "not-kms": "a data bucket's algorithm is aws:kms (or aws:kms:dsse)",
                "no-cmk": "a data bucket names a customer managed key",
            },
        },
        Types.bucket,
        (bucket, all, flag) => {
            const settings = bucketEncryption(bucket, all);
            if (isAccessLogsBucket(bucket, all)) {
                // No configuration means S3's default, SSE-S3, which is what access logging needs.
                const kms = settings.filter((s) => KMS_ALGORITHMS.includes(s.sseAlgorithm ?? ""));
                if (kms.length > 0) {
                    flag(
                        "access-logs-kms",
                        `access-logs bucket '${bucket.name}' uses ${kms[0].sseAlgorithm}: S3 server access logging only ` +
                            `delivers to SSE-S3 buckets; set sseAlgorithm "AES256" and no kmsMasterKeyId`,
                    );
                }
                return;
            }
            if (settings.length === 0) {
                flag(
                    "no-default-encryption",
                    `bucket '${bucket.name}' has no default encryption: add a BucketServerSideEncryptionConfiguration ` +
                        `with sseAlgorithm "aws:kms" and kmsMasterKeyId = the zone key's ARN`,
                );
            }
            for (const s of settings) {
                if (!KMS_ALGORITHMS.includes(s.sseAlgorithm ?? "")) {
                    flag("not-kms", `bucket '${bucket.name}' default encryption is ${s.sseAlgorithm ?? "unset"}: use sseAlgorithm "aws:kms"`);
                }
                if (!isSet(s, "kmsMasterKeyId") || isAwsManagedKey(known(s, "kmsMasterKeyId"))) {
                    flag("no-cmk", `bucket '${bucket.name}' default encryption has no customer managed key: set kmsMasterKeyId = the zone key's ARN`);
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
            conditions: { "no-block": "the bucket has a public access block", "flag-off": "all four flags are true" },
        },
        Types.bucket,
        (bucket, all, flag) => {
            const blocks = pointingAt(bucket, "bucket", Types.bucketPublicAccessBlock, all);
            if (blocks.length === 0) {
                flag("no-block", `bucket '${bucket.name}' has no BucketPublicAccessBlock: add one with ${PUBLIC_ACCESS_FLAGS.join(", ")} = true`);
            }
            for (const b of blocks) {
                const off = PUBLIC_ACCESS_FLAGS.filter((f) => b.props[f] !== true);
                if (off.length > 0) flag("flag-off", `bucket '${bucket.name}' public access block '${b.name}' leaves ${off.join(", ")} unset or false`);
            }
        },
    );
}

export function s3TlsOnly(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-tls-only",
            description: "Every bucket's policy denies all S3 actions to everyone when aws:SecureTransport is false.",
            conditions: { "no-tls-deny": "a bucket policy holds the TLS-only deny", "unreadable-policy": "the policy document is JSON" },
        },
        Types.bucket,
        (bucket, all, flag) => {
            const holders = [bucket.props, ...pointingAt(bucket, "bucket", Types.bucketPolicy, all).map((p) => p.props)];
            // A document built from ARNs still unknown at preview is judged at `up`.
            if (holders.some((p) => isComputed(p, "policy"))) return;
            const documents = holders.map((p) => p.policy);
            let unreadable = false;
            const onError = (m: string) => {
                unreadable = true;
                flag("unreadable-policy", m);
            };
            const found = documents.some((d) => readStatements(d, onError).some((s) => isTlsOnlyDeny(s, "s3")));
            if (!found && !unreadable) {
                flag(
                    "no-tls-deny",
                    `bucket '${bucket.name}' has no TLS-only statement: add to its BucketPolicy {Effect: "Deny", Principal: "*", ` +
                        `Action: "s3:*", Resource: [bucket ARN, bucket ARN + "/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}`,
                );
            }
        },
    );
}

export function s3Versioning(): StackValidationPolicy {
    return stackRule(
        { name: "s3-versioning", description: "Every bucket has versioning enabled.", conditions: { "not-enabled": "versioning status is Enabled" } },
        Types.bucket,
        (bucket, all, flag) => {
            const statuses = pointingAt(bucket, "bucket", Types.bucketVersioning, all).map(
                (v) => v.props.versioningConfiguration?.status as string | undefined,
            );
            if (bucket.props.versioning?.enabled === true) statuses.push("Enabled");
            if (!statuses.includes("Enabled")) {
                flag(
                    "not-enabled",
                    `bucket '${bucket.name}' versioning is ${statuses[0] ?? "not configured"}: add a BucketVersioning ` +
                        `with versioningConfiguration.status "Enabled"`,
                );
            }
        },
    );
}

export function s3AccessLogging(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-access-logging",
            description: "Every bucket but the access-logs bucket itself writes S3 server access logs (a BucketLogging with a target bucket).",
            conditions: { "no-logging": "a BucketLogging points at the bucket", "no-target": "the logging names a target bucket" },
        },
        Types.bucket,
        (bucket, all, flag) => {
            if (isAccessLogsBucket(bucket, all)) return;
            const inline = known(bucket.props, "logging");
            const logging = [...pointingAt(bucket, "bucket", Types.bucketLogging, all).map((l) => l.props), ...(inline ? [inline] : [])];
            if (logging.length === 0) {
                flag("no-logging", `bucket '${bucket.name}' writes no server access logs: add a BucketLogging to the access-logs bucket`);
            }
            for (const l of logging.filter((x) => !isSet(x, "targetBucket"))) {
                flag("no-target", `bucket '${bucket.name}' logging has no targetBucket (${JSON.stringify(l)})`);
            }
        },
    );
}

/** S3's canned ACL that grants nobody but the owner. */
const PRIVATE_ACL = "private";

export function s3AclsDisabled(): StackValidationPolicy {
    return stackRule(
        {
            name: "s3-acls-disabled",
            description:
                "Every bucket disables ACLs: BucketOwnershipControls with objectOwnership BucketOwnerEnforced, and no ACL grants (BucketAcl or inline acl/grants).",
            conditions: {
                "no-ownership-controls": "a BucketOwnershipControls points at the bucket",
                "not-owner-enforced": "objectOwnership is BucketOwnerEnforced",
                "acl-granted": "no ACL other than private is set on the bucket",
            },
        },
        Types.bucket,
        (bucket, all, flag) => {
            const controls = pointingAt(bucket, "bucket", Types.bucketOwnershipControls, all);
            if (controls.length === 0) {
                flag("no-ownership-controls", `bucket '${bucket.name}' has no BucketOwnershipControls: add one with objectOwnership "BucketOwnerEnforced"`);
            }
            for (const c of controls) {
                const ownership = known(known(c.props, "rule"), "objectOwnership");
                if (ownership !== undefined && ownership !== "BucketOwnerEnforced") {
                    flag("not-owner-enforced", `bucket '${bucket.name}' object ownership is ${ownership}: ACLs stay in effect; use BucketOwnerEnforced`);
                }
            }
            const acls = pointingAt(bucket, "bucket", Types.bucketAcl, all).map((a) => a.props);
            for (const props of [bucket.props, ...acls]) {
                const acl = known(props, "acl");
                const grants = known(props, "accessControlPolicy") ?? known(props, "grants");
                if (
                    (typeof acl === "string" && acl !== PRIVATE_ACL) ||
                    (grants !== undefined && grants !== null && !(Array.isArray(grants) && grants.length === 0))
                ) {
                    flag("acl-granted", `bucket '${bucket.name}' sets an ACL (${JSON.stringify(acl ?? grants)}): grant access with policies, not ACLs`);
                }
            }
        },
    );
}

// ---- KMS ------------------------------------------------------------------------------------------

export function kmsKeyRotation(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "kms-key-rotation",
            description: "Symmetric customer managed KMS keys rotate automatically.",
            conditions: { "rotation-off": "enableKeyRotation is true" },
        },
        Types.kmsKey,
        (key, args, flag) => {
            const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
            const encryption = (key.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
            if (!symmetric || !encryption || key.customKeyStoreId) {
                args.notApplicable("KMS rotates only symmetric encryption keys in the default key store");
            }
            if (key.enableKeyRotation !== true) flag("rotation-off", "KMS key rotation is off: set enableKeyRotation: true");
        },
    );
}

// ---- SQS and Lambda -------------------------------------------------------------------------------

export function sqsEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "sqs-queue-cmk-encryption",
            description: "SQS queues (DLQs included) are encrypted with a customer managed KMS key (kmsMasterKeyId).",
            conditions: { "no-key": "kmsMasterKeyId is set", "aws-managed-key": "the key is not alias/aws/sqs" },
        },
        Types.queue,
        (queue, _args, flag) => {
            if (!isSet(queue, "kmsMasterKeyId")) flag("no-key", "queue is not encrypted with a KMS key: set kmsMasterKeyId (the zone key's ARN)");
            else if (isAwsManagedKey(known(queue, "kmsMasterKeyId")))
                flag("aws-managed-key", "queue uses an AWS managed key: set kmsMasterKeyId to a customer managed key");
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
            conditions: { "no-dlq": "the queue has a redrive policy with a DLQ", "max-receive-count": "maxReceiveCount is at least 1" },
        },
        Types.eventSourceMapping,
        (mapping, all, flag) => {
            const source = known(mapping.props, "eventSourceArn");
            if (typeof source === "string" && source.startsWith("arn:") && source.split(":")[2] !== "sqs") return; // Kinesis, DynamoDB, Kafka
            const queues = referenced(
                mapping,
                "eventSourceArn",
                all.filter((r) => isOneOf(r.type, Types.queue)),
            );
            for (const queue of queues) {
                const redrive = redriveOf(queue, all);
                if (redrive === "computed") continue;
                if (!redrive) {
                    flag(
                        "no-dlq",
                        `queue '${queue.name}' is consumed by Lambda (mapping '${mapping.name}') without a dead-letter queue: ` +
                            `set redrivePolicy {deadLetterTargetArn: <DLQ ARN>, maxReceiveCount: n}`,
                    );
                } else if (!(Number(redrive.maxReceiveCount) >= 1)) {
                    flag("max-receive-count", `queue '${queue.name}' redrives with maxReceiveCount ${String(redrive.maxReceiveCount)}: set it to at least 1`);
                }
            }
        },
    );
}

// ---- Logs -----------------------------------------------------------------------------------------

export function logGroupRetention(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "log-group-retention",
            description: "CloudWatch log groups set retentionInDays (never 'keep forever').",
            conditions: { forever: "retentionInDays is a positive number" },
        },
        Types.logGroup,
        (group, _args, flag) => {
            if (!(Number(group.retentionInDays) > 0)) flag("forever", "log group keeps logs forever: set retentionInDays (from config logRetentionDays)");
        },
    );
}

export function logGroupCmkEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "log-group-cmk-encryption",
            description: "CloudWatch log groups are encrypted with a customer managed KMS key (kmsKeyId).",
            conditions: { "no-key": "kmsKeyId is set", "aws-managed-key": "the key is a customer managed key" },
        },
        Types.logGroup,
        (group, _args, flag) => {
            if (!isSet(group, "kmsKeyId")) flag("no-key", "log group is encrypted only with CloudWatch's own key: set kmsKeyId to the logs CMK");
            else if (isAwsManagedKey(known(group, "kmsKeyId"))) flag("aws-managed-key", "log group names an AWS managed key: use a customer managed key");
        },
    );
}

/**
 * Lambda runtimes AWS still supports for new and updated functions, as of 2026-12
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Supported runtimes"; the
 * Amazon Linux 2 based ones end with AL2 in 2026 and are left out). Update it from that page.
 */
export const SUPPORTED_RUNTIMES = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.12",
    "python3.13",
    "python3.14",
    "java21",
    "java25",
    "dotnet8",
    "dotnet10",
    "ruby3.4",
    "provided.al2023",
];

export function lambdaSupportedRuntime(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-supported-runtime",
            description: `Zip-packaged Lambda functions use a supported runtime (${SUPPORTED_RUNTIMES.join(", ")}).`,
            conditions: { unsupported: "the runtime is one AWS still supports" },
        },
        Types.lambdaFunction,
        (fn, args, flag) => {
            if (known(fn, "packageType") === "Image") args.notApplicable("container image functions bring their own runtime");
            const runtime = known(fn, "runtime");
            if (runtime === undefined && isSet(fn, "runtime")) return; // unknown at preview
            if (!SUPPORTED_RUNTIMES.includes(runtime)) {
                flag("unsupported", `runtime ${JSON.stringify(runtime ?? null)} is deprecated or unset: use one of ${SUPPORTED_RUNTIMES.join(", ")}`);
            }
        },
    );
}

export function lambdaLogRetention(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-log-retention",
            description:
                "Every Lambda function's log group is declared in the stack (so log-group-retention and log-group-cmk-encryption judge it) with a retention.",
            conditions: { undeclared: "the function's log group is declared in the stack", "no-retention": "that log group has a retention" },
        },
        Types.lambdaFunction,
        (fn, all, flag) => {
            const name = known(fn.props, "name");
            const expected = known(known(fn.props, "loggingConfig"), "logGroup") ?? (name ? `/aws/lambda/${name}` : undefined);
            const groups = all.filter((r) => isOneOf(r.type, Types.logGroup));
            // By name when the name is known; otherwise the one log group the function depends on.
            const dependedOn = groups.filter((g) => fn.dependencies.includes(g));
            const group = expected ? groups.find((g) => known(g.props, "name") === expected) : dependedOn.length === 1 ? dependedOn[0] : undefined;
            if (!group) {
                if (expected) {
                    flag(
                        "undeclared",
                        `function '${fn.name}' logs to '${expected}', which is not declared in the stack: Lambda would create ` +
                            `it with no retention; declare the LogGroup with retentionInDays and set loggingConfig.logGroup`,
                    );
                }
                return; // neither a name nor a log group dependency: not decidable here
            }
            if (!(Number(group.props.retentionInDays) > 0)) {
                flag("no-retention", `function '${fn.name}' logs to '${group.name}', which has no retentionInDays`);
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
            conditions: { "full-access": "no *FullAccess or AdministratorAccess managed policy" },
        },
        Object.keys(MANAGED_POLICY_PROPS),
        (props, args, flag) => {
            const value = props[MANAGED_POLICY_PROPS[args.type]];
            const arns = (Array.isArray(value) ? value : [value]).filter((a): a is string => typeof a === "string");
            for (const arn of arns.filter(isFullAccessPolicy)) {
                flag("full-access", `managed policy ${arn} grants full access: attach a least-privilege policy scoped to the zone's bucket, key and queue`);
            }
        },
    );
}

export function noWildcardPrincipal(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-wildcard-principal",
            description: 'Bucket, queue, key and topic policies never Allow Principal "*" (or NotPrincipal) without a condition that narrows the caller.',
            conditions: {
                "open-principal": 'no Allow to "*" or NotPrincipal without a narrowing condition',
                "unreadable-policy": "the policy document is JSON",
            },
        },
        Object.keys(RESOURCE_POLICY_PROPS),
        (props, args, flag) => {
            // A document still unknown at preview (built from ARNs) is judged at `up`.
            for (const s of readStatements(known(props, RESOURCE_POLICY_PROPS[args.type]), (m) => flag("unreadable-policy", m))) {
                const open = isAllow(s) && (isEveryone(s.Principal) || s.NotPrincipal !== undefined);
                if (open && !hasRestrictingCondition(s)) {
                    flag(
                        "open-principal",
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
            conditions: { unprotected: "the resource is created with protect: true" },
        },
        [...Types.bucket, ...Types.kmsKey],
        (_props, args, flag) => {
            if (!args.opts.protect) {
                flag("unprotected", "prod buckets and keys must survive stack removal: create it with { protect: true } (and retainOnDelete: true)");
            }
        },
    );
}

/** Every rule of the pack, in the order they are reported. */
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const API_STAGE = "aws:apigateway/stage:Stage";
/** What Lambda's active tracing needs the function's role to allow. */
export const TRACE_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/** A function's tracing mode; unset is Lambda's default, PassThrough. */
const tracingMode = (fn: PolicyResource): unknown => known(known(fn.props, "tracingConfig"), "mode") ?? "PassThrough";

/**
 * Tracing is one setting for the whole stack: once an API stage traces (`xrayTracingEnabled`) or
 * any function does, every function traces (a trace that stops at an untraced function shows
 * nothing of the work behind it; third-party packs flag functions without active tracing), and
 * each traced function's role may write traces.
 */
export function lambdaTracingConsistent(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-tracing-consistent",
            description:
                "When the stack traces (an API stage with X-Ray or any function in Active mode), every Lambda function traces and its role may write traces.",
            conditions: {
                "not-traced": 'when the stack traces, tracingConfig.mode is "Active"',
                "no-trace-permission": `a traced function's role has an inline policy allowing ${TRACE_WRITE_ACTIONS.join(", ")}`,
            },
        },
        Types.lambdaFunction,
        (fn, all, flag) => {
            const stackTraces =
                all.some((r) => r.type === API_STAGE && known(r.props, "xrayTracingEnabled") === true) ||
                all.some((r) => isOneOf(r.type, Types.lambdaFunction) && tracingMode(r) === "Active");
            if (!stackTraces) return;
            if (tracingMode(fn) !== "Active") {
                flag("not-traced", `function '${fn.name}' does not trace while the stack does: set tracingConfig {mode: "Active"}`);
                return;
            }
            const [role] = referenced(
                fn,
                "role",
                all.filter((r) => r.type === ROLE),
            );
            if (!role) return; // a role from outside the stack: its policies are not here to judge
            const documents = pointingAt(role, "role", [ROLE_POLICY], all).map((p) => known(p.props, "policy"));
            if (documents.some((d) => d === undefined)) return; // built from ARNs unknown at preview: judged at `up`
            const allowed = documents
                .flatMap((d) => readStatements(d, () => undefined))
                .filter(isAllow)
                .flatMap(actionsOf);
            const missing = TRACE_WRITE_ACTIONS.filter((a) => !allowed.some((pattern) => actionMatches(pattern, a)));
            if (missing.length) flag("no-trace-permission", `function '${fn.name}' traces but its role may not ${missing.join(", ")}`);
        },
    );
}

export const policies: Policies = [
    s3CmkEncryption(),
    s3BlockPublicAccess(),
    s3TlsOnly(),
    s3Versioning(),
    s3AccessLogging(),
    s3AclsDisabled(),
    kmsKeyRotation(),
    sqsEncryption(),
    consumedQueueDlq(),
    logGroupRetention(),
    logGroupCmkEncryption(),
    lambdaSupportedRuntime(),
    lambdaLogRetention(),
    lambdaTracingConsistent(),
    noFullAccessPolicies(),
    noWildcardPrincipal(),
    prodRetention(),
];
