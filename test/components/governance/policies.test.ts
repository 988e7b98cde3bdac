import { expect } from "chai";
import {
    LakeScope,
    personaPolicy,
    personaTrustPolicy,
    sandboxPrefix,
    trailArn,
    trailBucketPolicy,
    trailKeyPolicy,
    trailLogPrefix,
} from "../../../components/governance";
import type { Persona } from "../../../components/governance";
import { CATALOG_READ_ACTIONS, CATALOG_WRITE_ACTIONS, LOCK_OUT_BUCKET_ACTIONS, LOCK_OUT_KEY_ACTIONS } from "../../lib/expected-iam";
import { invalidAction } from "../../../policy/iam-actions";
import { grammarIssues } from "../../../policy/iam-grammar";

const account = "123456789012";
const scope = { partition: "aws", region: "eu-west-1", accountId: account };
const trail = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/lake-trail";

const bucket = (name: string) => `arn:aws:s3:::lake-${name}`;
const key = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;
const zone = (name: string) => ({ name, bucketArn: bucket(name), keyArn: key(name), database: `lake_${name}` });
const lake: LakeScope = {
    ...scope,
    zones: [zone("drop"), zone("raw"), zone("curated")],
    curated: "curated",
    workgroupArn: "arn:aws:athena:eu-west-1:123456789012:workgroup/lake-analytics",
    resultsBucketArn: bucket("athena-results"),
    analyticsKeyArn: key("analytics"),
    sandboxBucketArn: bucket("sandbox"),
    gluePrefix: "datalake_dev_",
    queueArns: ["arn:aws:sqs:eu-west-1:123456789012:lake-raw-queue", "arn:aws:sqs:eu-west-1:123456789012:lake-raw-dlq"],
    otherBucketArns: [bucket("access-logs"), bucket("artifacts")],
};
const zones = ["drop", "raw", "curated"];

const glue = "arn:aws:glue:eu-west-1:123456789012";
const catalog = (...dbs: string[]) => [
    `${glue}:catalog`,
    ...dbs.flatMap((d) => [`${glue}:database/${d}`, `${glue}:table/${d}/*`, `${glue}:userDefinedFunction/${d}/*`]),
];
const allow = (Sid: string, Action: string[], Resource: string[]) => ({ Sid, Effect: "Allow", Action, Resource });

const S3_READ = ["s3:GetObject", "s3:GetObjectVersion"];
const S3_LIST = ["s3:ListBucket", "s3:GetBucketLocation"];
const S3_WRITE = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];
const KEY_READ = ["kms:Decrypt", "kms:DescribeKey"];
const KEY_WRITE = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];
const GLUE_RUN = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun", "glue:GetJob"];
const ATHENA_QUERY = [
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
    "athena:GetQueryExecution",
    "athena:GetQueryResults",
    "athena:GetQueryResultsStream",
    "athena:BatchGetQueryExecution",
    "athena:ListQueryExecutions",
    "athena:GetWorkGroup",
    "athena:GetNamedQuery",
    "athena:BatchGetNamedQuery",
    "athena:ListNamedQueries",
];
const jobs = `${glue}:job/datalake_dev_*`;
const crawlers = `${glue}:crawler/datalake_dev_*`;

/** Athena statements of a persona that queries `dbs`: the workgroup, their tables, the results bucket and its key. */
const athena = (...dbs: string[]) => [
    allow("AthenaWorkgroup", ATHENA_QUERY, [lake.workgroupArn]),
    allow("AthenaCatalogRead", CATALOG_READ_ACTIONS, catalog(...dbs)),
    allow("AthenaResultsBucket", S3_LIST, [bucket("athena-results")]),
    allow("AthenaResults", [...S3_READ, ...S3_WRITE], [`${bucket("athena-results")}/*`]),
    allow("AthenaResultsKey", KEY_WRITE, [key("analytics")]),
];

describe("governance documents", () => {
    it("trailArn is known before the trail exists", () => {
        expect(trailArn(scope, "lake-trail")).to.equal(trail);
        expect(trailArn({ partition: "aws-cn", region: "cn-north-1", accountId: "210987654321" }, "t")).to.equal(
            "arn:aws-cn:cloudtrail:cn-north-1:210987654321:trail/t",
        );
    });

    it("trailKeyPolicy: the account administers the key; CloudTrail encrypts for this account's trails from this trail only, and describes it", () => {
        expect(trailKeyPolicy(scope, trail)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "AllowCloudTrailEncrypt",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceArn": trail },
                        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*" },
                    },
                },
                {
                    Sid: "AllowCloudTrailDescribeKey",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "kms:DescribeKey",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceArn": trail } },
                },
            ],
        });
    });

    it("trailBucketPolicy: TLS only; CloudTrail checks the ACL and writes under AWSLogs/<account>/ for this trail only", () => {
        const bucketArn = bucket("trail");
        expect(trailLogPrefix(account)).to.equal("AWSLogs/123456789012/");
        expect(trailBucketPolicy({ bucketArn, trailArn: trail, accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [bucketArn, `${bucketArn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "AWSCloudTrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: bucketArn,
                    Condition: { StringEquals: { "aws:SourceArn": trail } },
                },
                {
                    Sid: "AWSCloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/123456789012/*`,
                    Condition: { StringEquals: { "aws:SourceArn": trail, "s3:x-amz-acl": "bucket-owner-full-control" } },
                },
            ],
        });
    });

    it("personaTrustPolicy: only the configured principals may assume the role", () => {
        const principals = ["arn:aws:iam::123456789012:role/analysts-sso", "arn:aws:iam::123456789012:user/alice"];
        expect(personaTrustPolicy(principals)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "PersonaPrincipals", Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" }],
        });
    });

    const prefixes: [Persona, string][] = [
        ["dataSteward", "data-steward/"],
        ["dataEngineer", "data-engineer/"],
        ["dataScientist", "data-scientist/"],
        ["biAnalyst", "bi-analyst/"],
    ];
    for (const [persona, prefix] of prefixes) {
        it(`sandboxPrefix(${persona}) = ${prefix}`, () => expect(sandboxPrefix(persona)).to.equal(prefix));
    }

    describe("personaPolicy", () => {
        it("data steward: administers exactly the lake's buckets, objects, keys, queues, catalog, jobs, crawlers, workflows, triggers and workgroup with named actions; the lock-out actions denied", () => {
            const buckets = [...zones.map(bucket), bucket("athena-results"), bucket("sandbox"), bucket("access-logs"), bucket("artifacts")];
            const objects = buckets.map((b) => `${b}/*`);
            const keys = [...zones.map(key), key("analytics")];
            expect(personaPolicy("dataSteward", lake)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    allow(
                        "AdministerBuckets",
                        [
                            "s3:ListBucket",
                            "s3:ListBucketVersions",
                            "s3:ListBucketMultipartUploads",
                            "s3:GetBucketLocation",
                            "s3:GetBucketPolicy",
                            "s3:GetBucketPolicyStatus",
                            "s3:GetBucketVersioning",
                            "s3:GetEncryptionConfiguration",
                            "s3:GetLifecycleConfiguration",
                            "s3:GetBucketLogging",
                            "s3:GetBucketNotification",
                            "s3:GetBucketOwnershipControls",
                            "s3:GetBucketPublicAccessBlock",
                            "s3:GetBucketTagging",
                        ],
                        buckets,
                    ),
                    allow(
                        "AdministerObjects",
                        [
                            "s3:GetObject",
                            "s3:GetObjectVersion",
                            "s3:GetObjectAttributes",
                            "s3:GetObjectTagging",
                            "s3:PutObjectTagging",
                            "s3:PutObject",
                            "s3:DeleteObject",
                            "s3:RestoreObject",
                            "s3:AbortMultipartUpload",
                            "s3:ListMultipartUploadParts",
                        ],
                        objects,
                    ),
                    allow(
                        "AdministerKeys",
                        [
                            "kms:DescribeKey",
                            "kms:GetKeyPolicy",
                            "kms:GetKeyRotationStatus",
                            "kms:ListKeyPolicies",
                            "kms:ListGrants",
                            "kms:ListResourceTags",
                            "kms:Decrypt",
                            "kms:Encrypt",
                            "kms:GenerateDataKey",
                            "kms:ReEncryptFrom",
                            "kms:ReEncryptTo",
                            "kms:EnableKey",
                            "kms:EnableKeyRotation",
                            "kms:RotateKeyOnDemand",
                            "kms:CancelKeyDeletion",
                        ],
                        keys,
                    ),
                    allow(
                        "RedriveQueues",
                        [
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl",
                            "sqs:ListDeadLetterSourceQueues",
                            "sqs:ListQueueTags",
                            "sqs:ReceiveMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:SendMessage",
                            "sqs:StartMessageMoveTask",
                            "sqs:CancelMessageMoveTask",
                            "sqs:ListMessageMoveTasks",
                        ],
                        lake.queueArns,
                    ),
                    allow(
                        "AdministerCatalog",
                        [
                            ...CATALOG_READ_ACTIONS,
                            ...CATALOG_WRITE_ACTIONS,
                            "glue:DeleteTable",
                            "glue:DeletePartition",
                            "glue:BatchDeletePartition",
                            "glue:GetDatabases",
                            "glue:UpdateDatabase",
                            "glue:GetTableVersions",
                        ],
                        catalog("lake_drop", "lake_raw", "lake_curated"),
                    ),
                    allow(
                        "RunGlue",
                        [
                            "glue:GetJob",
                            "glue:StartJobRun",
                            "glue:GetJobRun",
                            "glue:GetJobRuns",
                            "glue:BatchStopJobRun",
                            "glue:GetCrawler",
                            "glue:StartCrawler",
                            "glue:StopCrawler",
                            "glue:GetWorkflow",
                            "glue:GetWorkflowRun",
                            "glue:GetWorkflowRuns",
                            "glue:StartWorkflowRun",
                            "glue:StopWorkflowRun",
                            "glue:ResumeWorkflowRun",
                            "glue:GetTrigger",
                            "glue:StartTrigger",
                            "glue:StopTrigger",
                        ],
                        [jobs, crawlers, `${glue}:workflow/datalake_dev_*`, `${glue}:trigger/datalake_dev_*`],
                    ),
                    allow("QueryWorkgroup", [...ATHENA_QUERY, "athena:CreateNamedQuery", "athena:DeleteNamedQuery"], [lake.workgroupArn]),
                    {
                        Sid: "DenyKeyLockOut",
                        Effect: "Deny",
                        Action: LOCK_OUT_KEY_ACTIONS,
                        Resource: keys,
                    },
                    {
                        Sid: "DenyBucketLockOut",
                        Effect: "Deny",
                        Action: [...LOCK_OUT_BUCKET_ACTIONS, "s3:DeleteObjectVersion"],
                        Resource: [...buckets, ...objects],
                    },
                ],
            });
        });

        it("every persona's document follows the IAM policy grammar and names every action (no wildcard)", () => {
            for (const persona of ["dataSteward", "dataEngineer", "dataScientist", "biAnalyst"] as const) {
                const policy = personaPolicy(persona, lake);
                expect(grammarIssues({ ...policy }, "identity"), persona).to.deep.equal([]);
                const actions = policy.Statement.flatMap((st) => [st.Action].flat());
                expect(
                    actions.filter((a) => a.includes("*") || invalidAction(a) !== undefined),
                    persona,
                ).to.deep.equal([]);
            }
        });

        it("data engineer: reads and writes every zone and its tables, runs the lake's jobs and crawlers, queries every zone", () => {
            expect(personaPolicy("dataEngineer", lake)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    allow("ZonesList", S3_LIST, zones.map(bucket)),
                    allow(
                        "ZonesReadWrite",
                        [...S3_READ, ...S3_WRITE],
                        zones.map((z) => `${bucket(z)}/*`),
                    ),
                    allow("ZonesKeys", KEY_WRITE, zones.map(key)),
                    allow("ZonesCatalogWrite", CATALOG_WRITE_ACTIONS, catalog("lake_drop", "lake_raw", "lake_curated")),
                    allow("RunJobs", GLUE_RUN, [jobs]),
                    allow("RunCrawlers", ["glue:StartCrawler", "glue:GetCrawler"], [crawlers]),
                    ...athena("lake_drop", "lake_raw", "lake_curated"),
                ],
            });
        });

        it("data scientist: reads every zone, writes the curated zone and its own sandbox prefix, runs jobs, queries every zone", () => {
            expect(personaPolicy("dataScientist", lake)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    allow("ZonesList", S3_LIST, zones.map(bucket)),
                    allow(
                        "ZonesRead",
                        S3_READ,
                        zones.map((z) => `${bucket(z)}/*`),
                    ),
                    allow("ZonesKeys", KEY_READ, zones.map(key)),
                    allow("CuratedWrite", S3_WRITE, [`${bucket("curated")}/*`]),
                    allow("CuratedKeyWrite", ["kms:Encrypt", "kms:GenerateDataKey"], [key("curated")]),
                    allow("CuratedCatalogWrite", CATALOG_WRITE_ACTIONS, catalog("lake_curated")),
                    {
                        Sid: "SandboxList",
                        Effect: "Allow",
                        Action: ["s3:ListBucket"],
                        Resource: [bucket("sandbox")],
                        Condition: { StringLike: { "s3:prefix": ["data-scientist/*"] } },
                    },
                    allow("SandboxReadWrite", [...S3_READ, ...S3_WRITE], [`${bucket("sandbox")}/data-scientist/*`]),
                    allow("RunJobs", GLUE_RUN, [jobs]),
                    ...athena("lake_drop", "lake_raw", "lake_curated"),
                ],
            });
        });

        it("BI analyst: reads the curated zone and queries its tables; nothing else", () => {
            expect(personaPolicy("biAnalyst", lake)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    allow("CuratedList", S3_LIST, [bucket("curated")]),
                    allow("CuratedRead", S3_READ, [`${bucket("curated")}/*`]),
                    allow("CuratedKeys", KEY_READ, [key("curated")]),
                    ...athena("lake_curated"),
                ],
            });
        });

        it("the curated zone is found by name wherever it is in the promotion order", () => {
            const reordered = { ...lake, zones: [zone("curated"), zone("drop"), zone("raw")] };
            expect(personaPolicy("biAnalyst", reordered).Statement[0]).to.deep.equal(allow("CuratedList", S3_LIST, [bucket("curated")]));
        });

        for (const persona of ["dataScientist", "biAnalyst"] as const) {
            it(`${persona}: refuses a curated zone the lake does not have`, () => {
                expect(() => personaPolicy(persona, { ...lake, curated: "gold" })).to.throw("persona policies: no zone gold");
            });
        }
    });
});
