/**
 * S3 bucket rules. Most are stack rules: with @pulumi/aws v7 encryption, versioning, public access
 * block, ownership controls and bucket policy are separate resources that point at the bucket. The
 * last reads a bucket notification S3 would reject as ambiguous.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { NotificationRule, overlappingRules } from "../../lib/s3-notifications";
import { Props, resourceRule, stackRule } from "../define";
import { isTlsOnlyDeny, readStatements } from "../documents";
import { AwsTypes, Types, handles, isComputed, isOneOf, isSet, known, pointingAt, tag } from "../resources";
import { isAwsManagedKey } from "./kms";

/** Tag marking the shared S3 server-access-logs bucket (it is also recognised as a logging target). */
export const ROLE_TAG = "datalake:role";
export const ACCESS_LOGS_ROLE = "access-logs";

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

export function bucketNotificationUnambiguous(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "bucket-notification-unambiguous",
            description:
                "No two rules of a bucket notification (queues, topics, functions) overlap for one event type: S3 rejects such a configuration as ambiguously defined.",
            conditions: { "overlapping-rules": "no two rules match one event type for overlapping key filters" },
        },
        AwsTypes.bucketNotification,
        (props, _args, flag) => {
            const rules: NotificationRule[] = ["queues", "topics", "lambdaFunctions"].flatMap((k) => (known(props, k) ?? []) as NotificationRule[]);
            for (const o of overlappingRules(rules)) {
                flag(
                    "overlapping-rules",
                    `rules '${o.a}' and '${o.b}' both match ${o.event} for overlapping key filters: S3 rejects the configuration ` +
                        `("Configuration is ambiguously defined"); fan out through EventBridge (eventbridge: true and one rule per consumer) instead`,
                );
            }
        },
    );
}
