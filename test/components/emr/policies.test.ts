import { expect } from "chai";
import { emrJobPolicy, emrKeyPolicy, emrServiceRolePolicy, logBucketWrite, logGroupWrite } from "../../../components/emr";
import { CATALOG_READ_ACTIONS } from "../../lib/expected-iam";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const glue = "arn:aws:glue:eu-west-1:123456789012";
const db = (d: string) => [`${glue}:database/${d}`, `${glue}:table/${d}/*`, `${glue}:userDefinedFunction/${d}/*`];
const raw = { bucketArn: "arn:aws:s3:::lake-raw", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/raw", database: "lake_raw" };
const curated = { bucketArn: "arn:aws:s3:::lake-curated", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/curated", database: "lake_curated" };
const analyticsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/analytics";
const job = {
    scope,
    raw,
    curated,
    curatedPrefixes: ["daily_sessions/", "campaign_funnel/"],
    artifactsBucketArn: "arn:aws:s3:::lake-artifacts",
    codePrefixes: ["emr/", "packages/etl/"],
    analyticsKeyArn,
};
const logGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/emr-serverless/lake";
const logsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/logs";

describe("emr documents", () => {
    describe("emrJobPolicy", () => {
        const statements = [
            { Sid: "ReadRaw", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake-raw/*" },
            { Sid: "ListRaw", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: "arn:aws:s3:::lake-raw" },
            {
                Sid: "WriteCuratedViews",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: ["arn:aws:s3:::lake-curated/daily_sessions/*", "arn:aws:s3:::lake-curated/campaign_funnel/*"],
            },
            {
                Sid: "ListCuratedViews",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: "arn:aws:s3:::lake-curated",
                // Each view's "directory" with and without its slash (Hadoop's S3A probes both) and what is below it.
                Condition: {
                    StringLike: {
                        "s3:prefix": ["daily_sessions", "daily_sessions/", "daily_sessions/*", "campaign_funnel", "campaign_funnel/", "campaign_funnel/*"],
                    },
                },
            },
            { Sid: "DecryptRaw", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [raw.keyArn] },
            { Sid: "UseCuratedKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: [curated.keyArn] },
            {
                Sid: "ReadCode",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: ["arn:aws:s3:::lake-artifacts/emr/*", "arn:aws:s3:::lake-artifacts/packages/etl/*"],
            },
            { Sid: "DecryptCode", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [analyticsKeyArn] },
            {
                Sid: "ReadCatalog",
                Effect: "Allow",
                Action: CATALOG_READ_ACTIONS,
                Resource: [`${glue}:catalog`, ...db("lake_raw"), ...db("lake_curated"), ...db("default")],
            },
            // Spark's Glue metastore client creates `default` when the account has none (as the Glue jobs' grant).
            { Sid: "CreateDefaultDatabase", Effect: "Allow", Action: "glue:CreateDatabase", Resource: [`${glue}:catalog`, `${glue}:database/default`] },
        ];

        it("without a mode's extras: exactly raw read, the curated views' prefixes, the three keys, its code, the zones' tables, creating `default`", () => {
            expect(emrJobPolicy(job)).to.deep.equal({ Version: "2012-10-17", Statement: statements });
        });

        it("appends the mode's extra statements after its own, unchanged", () => {
            const extra = [logBucketWrite("arn:aws:s3:::lake-logs", "emr-logs/")];
            expect(emrJobPolicy({ ...job, extra })).to.deep.equal({ Version: "2012-10-17", Statement: [...statements, ...extra] });
        });
    });

    it("logGroupWrite (EMR Serverless): its log group and streams, DescribeLogGroups on * alone, the logs key", () => {
        expect(logGroupWrite(logGroupArn, logsKeyArn)).to.deep.equal([
            {
                Sid: "WriteJobLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
            { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
            { Sid: "UseLogsKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], Resource: [logsKeyArn] },
        ]);
    });

    it("logBucketWrite (cluster): PutObject under its prefix of the logs bucket only", () => {
        expect(logBucketWrite("arn:aws:s3:::lake-logs", "emr-logs/")).to.deep.equal({
            Sid: "WriteClusterLogs",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::lake-logs/emr-logs/*",
        });
    });

    it("emrServiceRolePolicy: pass the instance role to EC2 only; the EMR key's use for volumes unconditioned, its grants for AWS resources only", () => {
        const instanceRoleArn = "arn:aws:iam::123456789012:role/lake-emr-instance-role";
        const emrKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/emr";
        expect(emrServiceRolePolicy(instanceRoleArn, emrKeyArn)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PassInstanceRole",
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: instanceRoleArn,
                    Condition: { StringLike: { "iam:PassedToService": "ec2.amazonaws.com*" } },
                },
                {
                    Sid: "UseEmrKeyForVolumes",
                    Effect: "Allow",
                    Action: [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                        "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext",
                        "kms:DescribeKey",
                    ],
                    Resource: emrKeyArn,
                },
                {
                    Sid: "EmrKeyGrantsForAwsResources",
                    Effect: "Allow",
                    Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                    Resource: emrKeyArn,
                    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
                },
            ],
        });
    });

    it("emrServiceRolePolicy: only grant calls are gated on kms:GrantIsForAWSResource (the only requests that carry it)", () => {
        const doc = emrServiceRolePolicy("arn:aws:iam::123456789012:role/r", "arn:aws:kms:eu-west-1:123456789012:key/emr");
        const gated = doc.Statement.filter((s) => JSON.stringify(s.Condition ?? {}).includes("kms:GrantIsForAWSResource"));
        expect(gated.flatMap((s) => [s.Action].flat())).to.deep.equal(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]);
    });

    it("emrKeyPolicy: the account administers the key, nothing else", () => {
        expect(emrKeyPolicy({ partition: "aws-cn", region: "cn-north-1", accountId: "210987654321" })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::210987654321:root" }, Action: "kms:*", Resource: "*" },
            ],
        });
    });
});
