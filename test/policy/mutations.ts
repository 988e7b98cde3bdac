/**
 * The mutation table: violations that third-party rule sets (cdk-nag AwsSolutions, AWS Security
 * Hub FSBP controls, checkov, terrascan) or IAM Access Analyzer's policy validation flag, each written as an edit of the lake's recorded resource graph
 * (what the mocks record for dev and prod). mutations.test.ts injects each one alone into a copy of
 * each recorded stack and requires the pack to flag it with the rule named in `by`. `issue` marks
 * the 16 the hardening issue measured (15 of them passed the pack then).
 */
import { RecordedResource } from "../../harness/program";

type Props = Record<string, any>;

/** A copy of one recorded stack that a mutation edits (inputs and outputs alike). */
export class Graph {
    constructor(
        readonly stack: "dev" | "prod",
        readonly resources: RecordedResource[],
    ) {}

    /** Resources of `type` (and, when given, named `name`); throws when none match: a mutation must apply. */
    find(type: string, name?: string): RecordedResource[] {
        const found = this.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
        if (found.length === 0) throw new Error(`mutation target missing: ${type} ${name ?? "(any)"} in ${this.stack}`);
        return found;
    }

    edit(type: string, name: string | undefined, fn: (props: Props) => void): void {
        for (const r of this.find(type, name)) [r.props, r.outputs].forEach(fn);
    }

    /** Edits the JSON policy document in `prop` of the named resources. */
    editDocument(type: string, name: string | undefined, prop: string, fn: (doc: { Statement: Props[] }) => void): void {
        this.edit(type, name, (p) => {
            const doc = JSON.parse(p[prop]);
            fn(doc);
            p[prop] = JSON.stringify(doc);
        });
    }

    addStatement(type: string, name: string | undefined, prop: string, statement: Props): void {
        this.editDocument(type, name, prop, (d) => d.Statement.push(statement));
    }

    remove(type: string, keep: (r: RecordedResource) => boolean = () => false): void {
        const gone = this.find(type).filter((r) => !keep(r));
        if (gone.length === 0) throw new Error(`mutation removes nothing of ${type} in ${this.stack}`);
        gone.forEach((r) => this.resources.splice(this.resources.indexOf(r), 1));
    }

    add(type: string, name: string, props: Props): void {
        this.resources.push({
            type,
            name,
            urn: `urn:pulumi:${this.stack}::datalake::${type}::${name}`,
            props,
            outputs: JSON.parse(JSON.stringify(props)),
            custom: true,
            protect: false,
            retainOnDelete: false,
            dependencies: [],
            aliasTypes: [],
        });
    }

    one(type: string, name: string): RecordedResource {
        return this.find(type, name)[0];
    }
}

export interface Mutation {
    id: string;
    /**
     * The third-party rules it comes from: cdk-nag `AwsSolutions-*`, Security Hub control ids, checkov
     * `CKV_*`, terrascan `AC_AWS_*`, IAM Access Analyzer policy-validation checks `AccessAnalyzer-<check>`.
     */
    sources: string[];
    what: string;
    /** The pack rule that must flag it. */
    by: string;
    /** One of the 16 violations the hardening issue measured. */
    issue?: true;
    /** Stacks it applies to (a prod-only requirement); default both. */
    stacks?: ("dev" | "prod")[];
    inject: (g: Graph) => void;
}

const T = {
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketAcl: "aws:s3/bucketAclV2:BucketAclV2",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    method: "aws:apigateway/method:Method",
    wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    trail: "aws:cloudtrail/trail:Trail",
    workgroup: "aws:athena/workgroup:Workgroup",
    securityConfiguration: "aws:glue/securityConfiguration:SecurityConfiguration",
    job: "aws:glue/job:Job",
    crawler: "aws:glue/crawler:Crawler",
    catalogEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    vpc: "awsx:ec2:Vpc",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
};

const FOREIGN = "999988887777";
const PROCESSOR_POLICY = "lake-drop-to-raw-policy";
const DROP_BUCKET = "lake-drop-bucket";
const allow = (Action: unknown, Resource: unknown, extra: Props = {}) => ({ Sid: "Injected", Effect: "Allow", Action, Resource, ...extra });
const grant = (g: Graph, statement: Props) => g.addStatement(T.rolePolicy, PROCESSOR_POLICY, "policy", statement);
const bucketArn = (g: Graph) => g.one(T.bucket, DROP_BUCKET).outputs.arn as string;
const INJECTED_VPC = "vpc-0123456789abcdef0";
/** An isolated VPC added to the stack (the recorded dev and prod stacks have none). */
const addVpc = (g: Graph) =>
    g.add(T.vpc, "injected-vpc", {
        vpcId: INJECTED_VPC,
        natGateways: { strategy: "None" },
        subnetSpecs: [{ type: "Isolated", cidrBlocks: ["10.0.0.0/20", "10.0.128.0/20"] }],
    });
const queueUrlOf = (g: Graph, name: string) => g.one(T.queue, name).outputs.url as string;
/** Drops every statement of a document that denies plain HTTP. */
const dropTlsDeny = (d: { Statement: Props[] }) => {
    d.Statement = d.Statement.filter((s) => !JSON.stringify(s.Condition ?? {}).includes("aws:SecureTransport"));
};

export const mutations: Mutation[] = [
    // ---- identity policies
    {
        id: "role-policy-star-on-star",
        issue: true,
        sources: ["AwsSolutions-IAM5", "IAM.1", "CKV_AWS_62"],
        what: "role policy allows * on *",
        by: "iam-no-wildcard-action",
        inject: (g) => grant(g, allow("*", "*")),
    },
    {
        id: "passrole-on-star",
        issue: true,
        sources: ["CKV_AWS_286", "AwsSolutions-IAM5"],
        what: "iam:PassRole on *",
        by: "iam-passrole-scoped",
        inject: (g) => grant(g, allow("iam:PassRole", "*")),
    },
    {
        id: "kms-decrypt-on-star",
        issue: true,
        sources: ["KMS.2", "AwsSolutions-IAM5"],
        what: "inline role policy allows kms:Decrypt on *",
        by: "iam-key-and-bucket-actions-scoped",
        inject: (g) => grant(g, allow("kms:Decrypt", "*")),
    },
    {
        id: "kms-decrypt-every-key-arn",
        sources: ["KMS.2"],
        what: "kms:Decrypt on arn:aws:kms:*:*:key/*",
        by: "iam-key-and-bucket-actions-scoped",
        inject: (g) => grant(g, allow("kms:Decrypt", "arn:aws:kms:*:*:key/*")),
    },
    {
        id: "managed-policy-kms-on-star",
        sources: ["KMS.1"],
        what: "customer managed policy allows kms:Decrypt and kms:ReEncryptFrom on *",
        by: "iam-key-and-bucket-actions-scoped",
        inject: (g) =>
            g.add(T.policy, "injected-policy", {
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [allow(["kms:Decrypt", "kms:ReEncryptFrom"], "*")] }),
            }),
    },
    {
        id: "service-wildcard-action",
        sources: ["IAM.21", "AwsSolutions-IAM5"],
        what: "s3:* on the drop bucket",
        by: "iam-no-wildcard-action",
        inject: (g) => grant(g, allow("s3:*", [bucketArn(g), `${bucketArn(g)}/*`])),
    },
    {
        id: "partial-wildcard-action",
        sources: ["AwsSolutions-IAM5"],
        what: "s3:Get* on the drop bucket's objects",
        by: "iam-no-wildcard-action",
        inject: (g) => grant(g, allow("s3:Get*", `${bucketArn(g)}/*`)),
    },
    {
        id: "allow-not-action",
        sources: ["AwsSolutions-IAM5", "CKV_AWS_63"],
        what: "Allow with NotAction",
        by: "iam-no-wildcard-action",
        inject: (g) => grant(g, { Sid: "Injected", Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    },
    {
        id: "s3-read-every-bucket",
        sources: ["CKV_AWS_288"],
        what: "s3:GetObject on arn:aws:s3:::*/*",
        by: "iam-key-and-bucket-actions-scoped",
        inject: (g) => grant(g, allow("s3:GetObject", "arn:aws:s3:::*/*")),
    },
    {
        id: "sqs-send-on-star",
        sources: ["CKV_AWS_355", "AwsSolutions-IAM5"],
        what: "sqs:SendMessage on *",
        by: "iam-no-wildcard-resource",
        inject: (g) => grant(g, allow("sqs:SendMessage", "*")),
    },
    {
        id: "role-inline-policy-star",
        sources: ["AwsSolutions-IAM5", "IAM.1"],
        what: "role inlinePolicies allow * on *",
        by: "iam-no-wildcard-action",
        inject: (g) =>
            g.edit(
                T.role,
                "lake-drop-to-raw-role",
                (p) => (p.inlinePolicies = [{ name: "injected", policy: JSON.stringify({ Version: "2012-10-17", Statement: [allow("*", "*")] }) }]),
            ),
    },
    {
        id: "full-access-managed-policy",
        sources: ["AwsSolutions-IAM4", "CKV_AWS_274"],
        what: "AdministratorAccess attached to a processor role",
        by: "no-full-access-managed-policies",
        inject: (g) => g.add(T.attachment, "injected-admin", { role: "lake-drop-to-raw-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
    },
    // ---- trust policies
    {
        id: "trust-everyone",
        issue: true,
        sources: ["CKV_AWS_60"],
        what: 'trust policy with Principal {AWS: "*"}',
        by: "iam-trust-principals",
        inject: (g) =>
            g.addStatement(T.role, "lake-drop-to-raw-role", "assumeRolePolicy", { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
    },
    {
        id: "trust-all-services-assume",
        sources: ["CKV_AWS_61"],
        what: 'trust policy lets any principal call sts:AssumeRole via Principal "*"',
        by: "iam-trust-principals",
        inject: (g) =>
            g.addStatement(T.role, "lake-ingest-http-cloudwatch-role", "assumeRolePolicy", { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
    },
    // ---- policy grammar (what IAM, S3, SQS, SNS and KMS refuse when the policy is put)
    {
        id: "trust-sid-hyphenated",
        sources: ["AC_AWS_0472", "AccessAnalyzer-UnsupportedSid"],
        what: "trust policy Sid named after a hyphenated service (Emr-serverlessAssumeRole)",
        by: "iam-policy-grammar",
        inject: (g) => g.editDocument(T.role, "lake-drop-to-raw-role", "assumeRolePolicy", (d) => (d.Statement[0].Sid = "Emr-serverlessAssumeRole")),
    },
    {
        id: "role-policy-duplicate-sid",
        sources: ["AccessAnalyzer-UniqueSidsRequired"],
        what: "two statements of a role policy share a Sid",
        by: "iam-policy-grammar",
        inject: (g) => g.editDocument(T.rolePolicy, PROCESSOR_POLICY, "policy", (d) => (d.Statement[1].Sid = d.Statement[0].Sid)),
    },
    {
        id: "bucket-policy-invalid-version",
        sources: ["AccessAnalyzer-InvalidVersion"],
        what: "bucket policy Version 2012-10-18",
        by: "iam-policy-grammar",
        inject: (g) => g.editDocument(T.bucketPolicy, "lake-drop-policy", "policy", (d) => ((d as Props).Version = "2012-10-18")),
    },
    {
        id: "key-policy-invalid-effect",
        sources: ["AccessAnalyzer-InvalidEffect"],
        what: 'key policy statement with Effect "allow"',
        by: "iam-policy-grammar",
        inject: (g) => g.editDocument(T.key, "lake-drop-key", "policy", (d) => (d.Statement[0].Effect = "allow")),
    },
    {
        id: "queue-policy-invalid-principal",
        sources: ["AccessAnalyzer-InvalidPrincipalKey"],
        what: "queue policy principal of an unknown kind ({IAM: ...})",
        by: "iam-policy-grammar",
        inject: (g) =>
            g.editDocument(
                T.queuePolicy,
                "lake-drop-events-queue-policy",
                "policy",
                (d) => (d.Statement[0].Principal = { IAM: `arn:aws:iam::${FOREIGN}:root` }),
            ),
    },
    {
        id: "persona-wildcard-administration",
        sources: ["IAM.21", "AwsSolutions-IAM5"],
        what: "a steward-style role policy administering the drop bucket and its key with s3:* and kms:*",
        by: "iam-no-wildcard-action",
        inject: (g) =>
            g.add(T.rolePolicy, "injected-steward-policy", {
                role: "lake-drop-to-raw-role",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        allow("s3:*", [bucketArn(g), `${bucketArn(g)}/*`], { Sid: "AdministerBuckets" }),
                        allow("kms:*", g.one(T.key, "lake-drop-key").outputs.arn, { Sid: "AdministerKeys" }),
                    ],
                }),
            }),
    },
    // ---- resource policies
    {
        id: "bucket-policy-open",
        sources: ["CKV_AWS_70", "S3.2"],
        what: "bucket policy allows s3:GetObject to *",
        by: "no-wildcard-principal",
        inject: (g) =>
            g.addStatement(T.bucketPolicy, "lake-drop-policy", "policy", {
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `${bucketArn(g)}/*`,
            }),
    },
    {
        id: "bucket-policy-foreign-account",
        sources: ["S3.6"],
        what: "bucket policy grants another account s3:GetObject",
        by: "resource-policy-no-foreign-principal",
        inject: (g) =>
            g.addStatement(T.bucketPolicy, "lake-drop-policy", "policy", {
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
                Action: "s3:GetObject",
                Resource: `${bucketArn(g)}/*`,
            }),
    },
    {
        id: "key-policy-open",
        sources: ["KMS.5", "CKV_AWS_33"],
        what: 'key policy allows kms:Decrypt to {AWS: "*"}',
        by: "no-wildcard-principal",
        inject: (g) => g.addStatement(T.key, "lake-drop-key", "policy", { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }),
    },
    {
        id: "queue-policy-open",
        sources: ["SQS.3", "CKV_AWS_168"],
        what: "queue policy allows sqs:SendMessage to *",
        by: "no-wildcard-principal",
        inject: (g) =>
            g.addStatement(T.queuePolicy, "lake-drop-events-queue-policy", "policy", {
                Effect: "Allow",
                Principal: "*",
                Action: "sqs:SendMessage",
                Resource: "*",
            }),
    },
    {
        id: "topic-policy-open",
        sources: ["CKV_AWS_169", "SNS.4"],
        what: "topic policy allows sns:Publish to *",
        by: "no-wildcard-principal",
        inject: (g) => g.addStatement(T.topicPolicy, undefined, "policy", { Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*" }),
    },
    // ---- Lambda
    {
        id: "lambda-permission-everyone",
        issue: true,
        sources: ["Lambda.1", "CKV_AWS_301"],
        what: "Lambda permission for principal *",
        by: "lambda-permission-principal",
        inject: (g) => g.edit(T.permission, "lake-ingest-http-invoke", (p) => (p.principal = "*")),
    },
    {
        id: "lambda-permission-no-source",
        sources: ["CKV_AWS_364"],
        what: "API Gateway permission without sourceArn",
        by: "lambda-permission-source-arn",
        inject: (g) => g.edit(T.permission, "lake-ingest-http-invoke", (p) => delete p.sourceArn),
    },
    {
        id: "lambda-deprecated-runtime",
        sources: ["Lambda.2", "AwsSolutions-L1", "CKV_AWS_363"],
        what: "a processor on nodejs18.x",
        by: "lambda-supported-runtime",
        inject: (g) => g.edit(T.fn, "lake-drop-to-raw-function", (p) => (p.runtime = "nodejs18.x")),
    },
    {
        id: "lambda-tracing-partial",
        sources: ["CKV_AWS_50", "APIGateway.3"],
        what: "the API stage traces with X-Ray, the functions behind it do not",
        by: "lambda-tracing-consistent",
        inject: (g) => g.edit(T.stage, undefined, (p) => (p.xrayTracingEnabled = true)),
    },
    {
        id: "lambda-traced-without-permission",
        sources: ["CKV_AWS_50"],
        what: "a processor traces but its role may not write traces",
        by: "lambda-tracing-consistent",
        inject: (g) => g.edit(T.fn, "lake-drop-to-raw-function", (p) => (p.tracingConfig = { mode: "Active" })),
    },
    // ---- S3
    {
        id: "bucket-no-access-logging",
        issue: true,
        sources: ["AwsSolutions-S1", "S3.9", "CKV_AWS_18"],
        what: "drop bucket without access logging",
        by: "s3-access-logging",
        inject: (g) => g.remove(T.logging, (r) => r.name !== "lake-drop-logging"),
    },
    {
        id: "bucket-acls-reenabled",
        issue: true,
        sources: ["S3.12", "CKV2_AWS_65"],
        what: "object ownership ObjectWriter (ACLs re-enabled)",
        by: "s3-acls-disabled",
        inject: (g) => g.edit(T.ownership, "lake-drop-ownership", (p) => (p.rule = { objectOwnership: "ObjectWriter" })),
    },
    {
        id: "bucket-no-ownership-controls",
        sources: ["CKV2_AWS_65"],
        what: "drop bucket without BucketOwnershipControls",
        by: "s3-acls-disabled",
        inject: (g) => g.remove(T.ownership, (r) => r.name !== "lake-drop-ownership"),
    },
    {
        id: "bucket-public-read-acl",
        sources: ["S3.2", "CKV_AWS_20"],
        what: "a BucketAclV2 with public-read",
        by: "s3-acls-disabled",
        inject: (g) => g.add(T.bucketAcl, "injected-acl", { bucket: g.one(T.bucket, DROP_BUCKET).outputs.bucket, acl: "public-read" }),
    },
    {
        id: "bucket-no-tls-deny",
        issue: true,
        sources: ["AwsSolutions-S10", "S3.5"],
        what: "drop bucket policy without the TLS deny",
        by: "s3-tls-only",
        inject: (g) => g.editDocument(T.bucketPolicy, "lake-drop-policy", "policy", dropTlsDeny),
    },
    {
        id: "bucket-no-public-access-block",
        sources: ["AwsSolutions-S2", "S3.8", "CKV2_AWS_6"],
        what: "drop bucket without a public access block",
        by: "s3-block-public-access",
        inject: (g) => g.remove(T.publicAccess, (r) => r.name !== "lake-drop-public-access"),
    },
    {
        id: "bucket-public-acls-allowed",
        sources: ["CKV_AWS_53", "S3.8"],
        what: "blockPublicAcls false",
        by: "s3-block-public-access",
        inject: (g) => g.edit(T.publicAccess, "lake-raw-public-access", (p) => (p.blockPublicAcls = false)),
    },
    {
        id: "bucket-sse-s3",
        sources: ["S3.17", "CKV_AWS_145"],
        what: "raw bucket default encryption AES256",
        by: "s3-bucket-cmk-encryption",
        inject: (g) => g.edit(T.sse, "lake-raw-sse", (p) => (p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }])),
    },
    {
        id: "bucket-versioning-suspended",
        sources: ["S3.14", "CKV_AWS_21"],
        what: "curated bucket versioning suspended",
        by: "s3-versioning",
        inject: (g) => g.edit(T.versioning, "lake-curated-versioning", (p) => (p.versioningConfiguration = { status: "Suspended" })),
    },
    // ---- KMS, SQS, SNS
    {
        id: "key-rotation-off",
        sources: ["KMS.4", "AwsSolutions-KMS5", "CKV_AWS_7"],
        what: "drop key without rotation",
        by: "kms-key-rotation",
        inject: (g) => g.edit(T.key, "lake-drop-key", (p) => (p.enableKeyRotation = false)),
    },
    {
        id: "queue-unencrypted",
        sources: ["SQS.1", "AwsSolutions-SQS2", "CKV_AWS_27"],
        what: "drop queue without a KMS key",
        by: "sqs-queue-cmk-encryption",
        inject: (g) => g.edit(T.queue, "lake-drop-queue", (p) => delete p.kmsMasterKeyId),
    },
    {
        id: "dlq-unencrypted",
        sources: ["SQS.1", "AwsSolutions-SQS2"],
        what: "drop DLQ without a KMS key",
        by: "sqs-queue-cmk-encryption",
        inject: (g) => g.edit(T.queue, "lake-drop-dlq", (p) => delete p.kmsMasterKeyId),
    },
    {
        id: "queue-no-dlq",
        sources: ["AwsSolutions-SQS3"],
        what: "raw queue without a redrive policy",
        by: "sqs-consumed-queue-dlq",
        inject: (g) => g.edit(T.queue, "lake-raw-queue", (p) => delete p.redrivePolicy),
    },
    {
        id: "queue-policy-no-tls-deny",
        issue: true,
        sources: ["AwsSolutions-SQS4"],
        what: "zone queue policy without its TLS deny",
        by: "sqs-tls-only",
        inject: (g) => g.editDocument(T.queuePolicy, "lake-drop-events-queue-policy", "policy", dropTlsDeny),
    },
    {
        id: "dlq-no-tls-policy",
        issue: true,
        sources: ["AwsSolutions-SQS4"],
        what: "drop DLQ without its TLS-only queue policy",
        by: "sqs-tls-only",
        inject: (g) => {
            const url = queueUrlOf(g, "lake-drop-dlq");
            g.remove(T.queuePolicy, (r) => r.props.queueUrl !== url);
        },
    },
    {
        id: "topic-unencrypted",
        issue: true,
        sources: ["AwsSolutions-SNS2", "SNS.1", "CKV_AWS_26"],
        what: "alarm topic without a KMS key",
        by: "sns-cmk-encryption",
        inject: (g) => g.edit(T.topic, "lake-alarms-topic", (p) => delete p.kmsMasterKeyId),
    },
    {
        id: "topic-no-tls-deny",
        sources: ["AwsSolutions-SNS3"],
        what: "alarm topic policy without the TLS deny",
        by: "sns-tls-only",
        inject: (g) => g.editDocument(T.topicPolicy, undefined, "policy", dropTlsDeny),
    },
    // ---- logs
    {
        id: "log-group-no-cmk",
        issue: true,
        sources: ["CKV_AWS_158"],
        what: "ingest API access-log group without a KMS key",
        by: "log-group-cmk-encryption",
        inject: (g) => g.edit(T.logGroup, "lake-ingest-http-access-logs", (p) => delete p.kmsKeyId),
    },
    {
        id: "log-group-forever",
        sources: ["CKV_AWS_66", "CloudWatch.16"],
        what: "processor log group without retention",
        by: "log-group-retention",
        inject: (g) => g.edit(T.logGroup, "lake-drop-to-raw-logs", (p) => delete p.retentionInDays),
    },
    // ---- API Gateway
    {
        id: "api-execution-logging-off",
        issue: true,
        sources: ["APIGateway.1", "AwsSolutions-APIG6", "CKV2_AWS_4"],
        what: "stage execution logging OFF",
        by: "apigateway-execution-logging",
        inject: (g) => g.edit(T.methodSettings, undefined, (p) => (p.settings.loggingLevel = "OFF")),
    },
    {
        id: "api-no-access-logs",
        issue: true,
        sources: ["AwsSolutions-APIG1", "CKV_AWS_76"],
        what: "stage without access logs",
        by: "apigateway-stage-access-logs",
        inject: (g) => g.edit(T.stage, undefined, (p) => delete p.accessLogSettings),
    },
    {
        id: "api-domain-tls-1-0",
        sources: ["CKV_AWS_206"],
        what: "a custom domain name accepting TLS 1.0",
        by: "apigateway-domain-tls",
        inject: (g) =>
            g.add("aws:apigateway/domainName:DomainName", "mutant-domain", {
                domainName: "ingest.example.com",
                regionalCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/1",
                endpointConfiguration: { types: "REGIONAL" },
                securityPolicy: "TLS_1_0",
            }),
    },
    {
        id: "api-open-method-prod",
        stacks: ["prod"],
        sources: ["AwsSolutions-APIG4", "CKV_AWS_59"],
        what: "a prod method with authorization NONE and no API key",
        by: "apigateway-prod-method-auth",
        inject: (g) => g.edit(T.method, "lake-ingest-http-track-post", (p) => (p.apiKeyRequired = false)),
    },
    {
        id: "api-no-waf-prod",
        stacks: ["prod"],
        sources: ["AwsSolutions-APIG3", "APIGateway.4", "CKV2_AWS_29"],
        what: "prod stage without its WAF web ACL",
        by: "apigateway-waf",
        inject: (g) => g.remove(T.wafAssociation),
    },
    {
        id: "waf-no-logging-prod",
        stacks: ["prod"],
        sources: ["WAF.11", "CKV2_AWS_31"],
        what: "prod web ACL without request logging",
        by: "waf-logging",
        inject: (g) => g.remove(T.wafLogging),
    },
    {
        id: "waf-logs-credentials",
        stacks: ["prod"],
        sources: ["CKV2_AWS_31"],
        what: "prod WAF logs keeping the API key header",
        by: "waf-logging",
        inject: (g) => g.edit(T.wafLogging, undefined, (p) => (p.redactedFields = p.redactedFields.filter((f: Props) => f.singleHeader.name !== "x-api-key"))),
    },
    {
        id: "trail-no-cloudwatch-logs",
        sources: ["CloudTrail.5", "CKV2_AWS_10"],
        what: "trail not delivered to CloudWatch Logs",
        by: "cloudtrail-cloudwatch-logs",
        inject: (g) =>
            g.edit(T.trail, undefined, (p) => {
                delete p.cloudWatchLogsGroupArn;
                delete p.cloudWatchLogsRoleArn;
            }),
    },
    // ---- Athena, Glue
    {
        id: "athena-results-unencrypted",
        issue: true,
        sources: ["AwsSolutions-ATH1", "CKV_AWS_159"],
        what: "workgroup results without encryption",
        by: "athena-workgroup-enforced",
        inject: (g) => g.edit(T.workgroup, undefined, (p) => delete p.configuration.resultConfiguration.encryptionConfiguration),
    },
    {
        id: "athena-not-enforced",
        sources: ["CKV_AWS_82"],
        what: "workgroup configuration not enforced",
        by: "athena-workgroup-enforced",
        inject: (g) => g.edit(T.workgroup, undefined, (p) => (p.configuration.enforceWorkgroupConfiguration = false)),
    },
    {
        id: "athena-no-metrics",
        sources: ["Athena.4"],
        what: "workgroup without CloudWatch metrics",
        by: "athena-workgroup-enforced",
        inject: (g) => g.edit(T.workgroup, undefined, (p) => (p.configuration.publishCloudwatchMetricsEnabled = false)),
    },
    {
        id: "glue-job-no-security-configuration",
        issue: true,
        sources: ["CKV_AWS_195"],
        what: "raw -> curated job without a security configuration",
        by: "glue-job-security-configuration",
        inject: (g) => g.edit(T.job, "lake-etl-raw-to-curated", (p) => delete p.securityConfiguration),
    },
    {
        id: "glue-crawler-no-security-configuration",
        sources: ["AwsSolutions-GL1"],
        what: "drop crawler without a security configuration",
        by: "glue-crawler-security-configuration",
        inject: (g) => g.edit(T.crawler, "lake-catalog-drop-crawler", (p) => delete p.securityConfiguration),
    },
    {
        id: "glue-logs-unencrypted",
        sources: ["AwsSolutions-GL1", "CKV_AWS_99"],
        what: "crawler security configuration with CloudWatch encryption DISABLED",
        by: "glue-security-configuration-kms",
        inject: (g) =>
            g.edit(
                T.securityConfiguration,
                "lake-catalog-crawlers",
                (p) => (p.encryptionConfiguration.cloudwatchEncryption = { cloudwatchEncryptionMode: "DISABLED" }),
            ),
    },
    {
        id: "glue-bookmarks-unencrypted",
        sources: ["AwsSolutions-GL3", "CKV_AWS_99"],
        what: "security configuration with job bookmarks encryption DISABLED",
        by: "glue-security-configuration-kms",
        inject: (g) =>
            g.edit(
                T.securityConfiguration,
                "lake-etl-curated-writer",
                (p) => (p.encryptionConfiguration.jobBookmarksEncryption = { jobBookmarksEncryptionMode: "DISABLED" }),
            ),
    },
    {
        id: "glue-catalog-unencrypted",
        sources: ["CKV_AWS_94"],
        what: "an account catalog encryption setting with metadata encryption DISABLED",
        by: "glue-catalog-encryption",
        inject: (g) =>
            g.add(T.catalogEncryption, "injected-catalog-encryption", {
                dataCatalogEncryptionSettings: {
                    encryptionAtRest: { catalogEncryptionMode: "DISABLED" },
                    connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
                },
            }),
    },
    // ---- cost allocation
    {
        id: "role-untagged",
        sources: ["IAM.24"],
        what: "roles without tags (a taggable type the pack's old hand list left out)",
        by: "cost-allocation-tags",
        inject: (g) => g.edit(T.role, undefined, (p) => delete p.tags),
    },
    // ---- Firehose
    {
        id: "firehose-buffer-unencrypted",
        sources: ["AwsSolutions-KDF1", "Firehose.1", "CKV_AWS_240"],
        what: "Direct PUT stream without server-side encryption",
        by: "firehose-kms-encryption",
        inject: (g) => g.edit(T.firehose, "lake-ingest-events-firehose", (p) => delete p.serverSideEncryption),
    },
    {
        id: "firehose-objects-no-cmk",
        sources: ["CKV_AWS_241"],
        what: "delivery without a KMS key for the objects",
        by: "firehose-kms-encryption",
        inject: (g) => g.edit(T.firehose, "lake-ingest-clicks-firehose", (p) => delete p.extendedS3Configuration.kmsKeyArn),
    },
    // ---- network
    {
        id: "vpc-default-security-group-unmanaged",
        sources: ["EC2.2", "CKV2_AWS_12"],
        what: "a VPC whose default security group nothing adopts (AWS's allow-all within the group and out stay)",
        by: "vpc-default-security-group-closed",
        inject: (g) => addVpc(g),
    },
    {
        id: "vpc-default-security-group-rules",
        sources: ["EC2.2", "CKV2_AWS_12"],
        what: "the default security group adopted with AWS's rules kept (self-referencing ingress, all egress)",
        by: "vpc-default-security-group-closed",
        inject: (g) => {
            addVpc(g);
            g.add(T.defaultSecurityGroup, "injected-default-sg", {
                vpcId: INJECTED_VPC,
                ingress: [{ protocol: "-1", self: true, fromPort: 0, toPort: 0 }],
                egress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"], fromPort: 0, toPort: 0 }],
            });
        },
    },
];
