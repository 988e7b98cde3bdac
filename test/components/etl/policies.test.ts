import { expect } from "chai";
import { jobPolicy, listablePrefixes } from "../../../components/etl";
import { CATALOG_READ_ACTIONS, CATALOG_WRITE_ACTIONS } from "../../lib/expected-iam";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const glue = "arn:aws:glue:eu-west-1:123456789012";
const logs = "arn:aws:logs:eu-west-1:123456789012:log-group:";
const catalog = (...dbs: string[]) => [
    `${glue}:catalog`,
    ...dbs.flatMap((d) => [`${glue}:database/${d}`, `${glue}:table/${d}/*`, `${glue}:userDefinedFunction/${d}/*`]),
];
const key = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;
const zone = (name: string, prefixes?: string[]) => ({
    bucketArn: `arn:aws:s3:::lake-${name}`,
    keyArn: key(name),
    database: `lake_${name}`,
    ...(prefixes ? { prefixes } : {}),
});
const artifactsBucketArn = "arn:aws:s3:::lake-artifacts";

const KEY_READ_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];
const glueLogs = (groups: string[]) => ({
    Sid: "WriteGlueLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
    Resource: [...groups.map((g) => `${logs}${g}`), ...groups.map((g) => `${logs}${g}:log-stream:*`)],
});
const glueMetrics = {
    Sid: "PutGlueMetrics",
    Effect: "Allow",
    Action: "cloudwatch:PutMetricData",
    Resource: "*",
    Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
};

describe("etl documents", () => {
    const listable: [string, string[]][] = [
        ["orders/", ["orders", "orders/", "orders/*"]],
        ["streams/metrics/", ["streams/metrics", "streams/metrics/", "streams/metrics/*"]],
    ];
    for (const [prefix, values] of listable) {
        it(`listablePrefixes(${prefix}) = ${values.join(", ")}`, () => expect(listablePrefixes(prefix)).to.deep.equal(values));
    }

    describe("jobPolicy", () => {
        it("a drop -> raw job may tag exactly the objects it reads (its consumed sources), and no other job may", () => {
            const args = {
                scope,
                reads: [zone("drop", ["orders/"])],
                writes: [zone("raw", ["orders/"])],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                analyticsKeyArn: key("analytics"),
                logGroups: ["/aws-glue/jobs/j/error"],
            };
            const statements = jobPolicy({ ...args, tagsReadObjects: true }).Statement;
            expect(statements.slice(0, 4)).to.deep.equal([
                { Sid: "ReadSourceObjects", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::lake-drop/orders/*"] },
                {
                    Sid: "ListSource0",
                    Effect: "Allow",
                    Action: "s3:ListBucket",
                    Resource: "arn:aws:s3:::lake-drop",
                    Condition: { StringLike: { "s3:prefix": ["orders", "orders/", "orders/*"] } },
                },
                { Sid: "DecryptSources", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [key("drop")] },
                {
                    Sid: "TagConsumedSources",
                    Effect: "Allow",
                    Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
                    Resource: ["arn:aws:s3:::lake-drop/orders/*"],
                },
            ]);
            expect(jobPolicy({ ...args, tagsReadObjects: true }).Statement.slice(4)).to.deep.equal(jobPolicy(args).Statement.slice(3));
            expect(JSON.stringify(jobPolicy(args))).not.to.contain("Tagging");
        });

        it("a Spark job over several zones: whole-bucket and prefixed zones, shared databases once, its scratch prefix, the default database", () => {
            const doc = jobPolicy({
                scope,
                reads: [zone("drop"), zone("raw", ["orders/", "customers/"])],
                // Writes its read zone's database too (a raw -> raw rewrite): the catalog lists it once.
                writes: [zone("raw", ["orders_clean/"]), zone("curated")],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                tempPrefix: "glue-temp/datalake_dev_raw_to_curated/",
                analyticsKeyArn: key("analytics"),
                logGroups: ["/aws-glue/jobs/datalake_dev_raw_to_curated/error", "/aws-glue/jobs/datalake_dev_raw_to_curated/output"],
                sparkMetastore: true,
            });
            expect(doc).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadSourceObjects",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: ["arn:aws:s3:::lake-drop/*", "arn:aws:s3:::lake-raw/orders/*", "arn:aws:s3:::lake-raw/customers/*"],
                    },
                    // A zone without prefixes lists the whole bucket: no condition.
                    { Sid: "ListSource0", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::lake-drop" },
                    {
                        Sid: "ListSource1",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: "arn:aws:s3:::lake-raw",
                        Condition: { StringLike: { "s3:prefix": ["orders", "orders/", "orders/*", "customers", "customers/", "customers/*"] } },
                    },
                    { Sid: "DecryptSources", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [key("drop"), key("raw")] },
                    {
                        Sid: "WriteTargetObjects",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                        Resource: ["arn:aws:s3:::lake-raw/orders_clean/*", "arn:aws:s3:::lake-curated/*"],
                    },
                    {
                        Sid: "ListTarget0",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: "arn:aws:s3:::lake-raw",
                        Condition: { StringLike: { "s3:prefix": ["orders_clean", "orders_clean/", "orders_clean/*"] } },
                    },
                    { Sid: "ListTarget1", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::lake-curated" },
                    { Sid: "UseTargetKeys", Effect: "Allow", Action: KEY_READ_WRITE, Resource: [key("raw"), key("curated")] },
                    { Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::lake-artifacts/glue/*"] },
                    {
                        Sid: "UseTempDir",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                        Resource: "arn:aws:s3:::lake-artifacts/glue-temp/datalake_dev_raw_to_curated/*",
                    },
                    {
                        Sid: "ListTempDir",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: artifactsBucketArn,
                        Condition: {
                            StringLike: {
                                "s3:prefix": [
                                    "glue-temp/datalake_dev_raw_to_curated",
                                    "glue-temp/datalake_dev_raw_to_curated/",
                                    "glue-temp/datalake_dev_raw_to_curated/*",
                                ],
                            },
                        },
                    },
                    { Sid: "UseAnalyticsKey", Effect: "Allow", Action: KEY_READ_WRITE, Resource: [key("analytics")] },
                    {
                        Sid: "ReadCatalog",
                        Effect: "Allow",
                        Action: CATALOG_READ_ACTIONS,
                        Resource: catalog("lake_drop", "lake_raw", "lake_curated", "default"),
                    },
                    { Sid: "WriteCatalog", Effect: "Allow", Action: CATALOG_WRITE_ACTIONS, Resource: catalog("lake_raw", "lake_curated") },
                    { Sid: "CreateDefaultDatabase", Effect: "Allow", Action: "glue:CreateDatabase", Resource: [`${glue}:catalog`, `${glue}:database/default`] },
                    glueLogs(["/aws-glue/jobs/datalake_dev_raw_to_curated/error", "/aws-glue/jobs/datalake_dev_raw_to_curated/output"]),
                    glueMetrics,
                ],
            });
        });

        it("a zone key named twice is granted once", () => {
            const shared = { ...zone("raw"), keyArn: key("shared") };
            const doc = jobPolicy({
                scope,
                reads: [{ ...zone("drop"), keyArn: key("shared") }, shared],
                writes: [shared, { ...zone("curated"), keyArn: key("shared") }],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                analyticsKeyArn: key("analytics"),
                logGroups: [],
            });
            const resource = (sid: string) => doc.Statement.find((s) => s.Sid === sid)?.Resource;
            expect([resource("DecryptSources"), resource("UseTargetKeys")]).to.deep.equal([[key("shared")], [key("shared")]]);
        });

        it("a Python shell job that only reads: no target, scratch or default-database grant; `default` read only", () => {
            const doc = jobPolicy({
                scope,
                reads: [zone("curated", ["advertising/"])],
                writes: [],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                analyticsKeyArn: key("analytics"),
                logGroups: ["/aws-glue/python-jobs/output", "/aws-glue/python-jobs/error"],
            });
            expect(doc.Statement.map((s) => s.Sid)).to.deep.equal([
                "ReadSourceObjects",
                "ListSource0",
                "DecryptSources",
                "ReadScripts",
                "UseAnalyticsKey",
                "ReadCatalog",
                "WriteGlueLogs",
                "PutGlueMetrics",
            ]);
            expect(doc.Statement[5]).to.deep.equal({
                Sid: "ReadCatalog",
                Effect: "Allow",
                Action: CATALOG_READ_ACTIONS,
                Resource: catalog("lake_curated", "default"),
            });
        });

        it("a job with neither source nor target zone: only its scripts, the analytics key, `default`, its logs and metrics", () => {
            const doc = jobPolicy({
                scope,
                reads: [],
                writes: [],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                analyticsKeyArn: key("analytics"),
                logGroups: ["/aws-glue/python-jobs/output"],
                sparkMetastore: false,
            });
            expect(doc).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::lake-artifacts/glue/*"] },
                    { Sid: "UseAnalyticsKey", Effect: "Allow", Action: KEY_READ_WRITE, Resource: [key("analytics")] },
                    { Sid: "ReadCatalog", Effect: "Allow", Action: CATALOG_READ_ACTIONS, Resource: catalog("default") },
                    glueLogs(["/aws-glue/python-jobs/output"]),
                    glueMetrics,
                ],
            });
        });

        it("a job that only writes: target grants and its catalog writes, no source statement", () => {
            const doc = jobPolicy({
                scope,
                reads: [],
                writes: [zone("raw", ["orders/"])],
                artifactsBucketArn,
                scriptsPrefix: "glue/",
                analyticsKeyArn: key("analytics"),
                logGroups: [],
            });
            expect(doc.Statement.map((s) => s.Sid)).to.deep.equal([
                "WriteTargetObjects",
                "ListTarget0",
                "UseTargetKeys",
                "ReadScripts",
                "UseAnalyticsKey",
                "ReadCatalog",
                "WriteCatalog",
                "WriteGlueLogs",
                "PutGlueMetrics",
            ]);
            expect(doc.Statement.find((s) => s.Sid === "WriteCatalog")).to.deep.equal({
                Sid: "WriteCatalog",
                Effect: "Allow",
                Action: CATALOG_WRITE_ACTIONS,
                Resource: catalog("lake_raw"),
            });
        });
    });
});
