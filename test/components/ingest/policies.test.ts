import { expect } from "chai";
import type { PolicyDocument, Statement } from "../../../lib/iam";
import { apiGatewayLogsPolicy, deliveryRolePolicy, ingestFunctionPolicy, streamKeyPolicy } from "../../../components/ingest";
import { serviceTrustPolicy } from "../../../lib/iam";

const account = "123456789012";
const bucketArn = "arn:aws:s3:::lake-drop-bucket";
const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/drop";
const streamArn = "arn:aws:kinesis:eu-west-1:123456789012:stream/datalake-dev-metrics";
const streamKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/metrics";
const logStreamArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/kinesisfirehose/x:log-stream:DestinationDelivery";
const base = {
    region: "eu-west-1",
    bucketArn,
    keyArn,
    prefixes: ["streams/metrics/", "quarantine/streams/metrics/"],
    logStreamArn,
};

function sid(doc: PolicyDocument, id: string): Statement {
    const s = doc.Statement.find((x) => x.Sid === id);
    if (!s) throw new Error(`no statement ${id} in ${JSON.stringify(doc)}`);
    return s;
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const actions = (doc: PolicyDocument) => doc.Statement.flatMap((s) => list(s.Action));
const resources = (doc: PolicyDocument) => doc.Statement.flatMap((s) => list(s.Resource));

describe("ingest documents", () => {
    it("trust policies carry exactly the conditions each service documents (lib/trust.ts)", () => {
        const trust = (service: string, Sid: string, Condition?: object) => ({
            Version: "2012-10-17",
            Statement: [{ Sid, Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) }],
        });
        expect(serviceTrustPolicy("firehose.amazonaws.com", account)).to.deep.equal(
            trust("firehose.amazonaws.com", "FirehoseAssumeRole", { StringEquals: { "sts:ExternalId": account } }),
        );
        expect(serviceTrustPolicy("apigateway.amazonaws.com", account)).to.deep.equal(trust("apigateway.amazonaws.com", "ApigatewayAssumeRole"));
        expect(() => serviceTrustPolicy("firehose.amazonaws.com")).to.throw(/needs accountId/);
        expect(() => serviceTrustPolicy("sagemaker.amazonaws.com", account)).to.throw(/no trust entry for sagemaker.amazonaws.com/);
    });

    it("API Gateway's logging role policy is exactly: write to this account's log groups, DescribeLogGroups on * (it takes no ARN)", () => {
        expect(apiGatewayLogsPolicy({ partition: "aws", region: "eu-west-1", accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PushApiLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                    Resource: `arn:aws:logs:eu-west-1:${account}:log-group:*`,
                },
                { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
            ],
        });
    });

    it("a Direct PUT delivery role writes only its own prefixes of the drop bucket", () => {
        const doc = deliveryRolePolicy(base);
        expect(sid(doc, "WriteOwnPrefixes").Resource).to.deep.equal([`${bucketArn}/streams/metrics/*`, `${bucketArn}/quarantine/streams/metrics/*`]);
        expect(list(sid(doc, "WriteOwnPrefixes").Action).sort()).to.deep.equal(["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"]);
        expect(sid(doc, "LocateDropBucket").Resource).to.equal(bucketArn);
        expect(actions(doc).some((a) => a.startsWith("kinesis:"))).to.equal(false);
        expect(actions(doc)).to.not.include("s3:DeleteObject");
    });

    it("uses the drop key only through S3 and only for its objects (or the bucket, with Bucket Keys)", () => {
        const s = sid(deliveryRolePolicy(base), "UseDropKeyThroughS3");
        expect(s.Resource).to.equal(keyArn);
        expect(list(s.Action).sort()).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey"]);
        expect(s.Condition?.StringEquals).to.deep.equal({ "kms:ViaService": "s3.eu-west-1.amazonaws.com" });
        expect(s.Condition?.StringLike?.["kms:EncryptionContext:aws:s3:arn"]).to.deep.equal([
            bucketArn,
            `${bucketArn}/streams/metrics/*`,
            `${bucketArn}/quarantine/streams/metrics/*`,
        ]);
    });

    it("logs only to its own log stream", () => {
        const s = sid(deliveryRolePolicy(base), "WriteDeliveryErrors");
        expect(s).to.deep.include({ Action: "logs:PutLogEvents", Resource: logStreamArn });
    });

    it("a Kinesis-fed role reads only its source stream and decrypts it only through Kinesis", () => {
        const doc = deliveryRolePolicy({ ...base, source: { streamArn, keyArn: streamKeyArn } });
        const read = sid(doc, "ReadSourceStream");
        expect(read.Resource).to.equal(streamArn);
        expect(list(read.Action).sort()).to.deep.equal(["kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]);
        const decrypt = sid(doc, "DecryptSourceStream");
        expect(decrypt).to.deep.include({ Action: "kms:Decrypt", Resource: streamKeyArn });
        expect(decrypt.Condition?.StringEquals).to.deep.equal({
            "kms:ViaService": "kinesis.eu-west-1.amazonaws.com",
            "kms:EncryptionContext:aws:kinesis:arn": streamArn,
        });
    });

    it("no delivery or function policy has a wildcard action or resource", () => {
        const docs = [
            deliveryRolePolicy(base),
            deliveryRolePolicy({ ...base, source: { streamArn, keyArn: streamKeyArn } }),
            ingestFunctionPolicy({
                deliveryStreamArns: ["arn:aws:firehose:eu-west-1:1:deliverystream/a"],
                logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f",
            }),
        ];
        for (const doc of docs) {
            expect(actions(doc).filter((a) => a.includes("*"))).to.deep.equal([]);
            expect(resources(doc).filter((r) => r === "*" || (/:\*$/.test(r) && !r.includes("log-group")))).to.deep.equal([]);
            expect(doc.Statement.every((s) => s.Effect === "Allow")).to.equal(true);
        }
    });

    it("the ingest function may PutRecordBatch into its routes' streams only, each once", () => {
        const a = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/datalake-dev-events";
        const b = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/datalake-dev-clicks";
        const doc = ingestFunctionPolicy({ deliveryStreamArns: [a, b, a], logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f" });
        expect(sid(doc, "PutIntoRouteStreams")).to.deep.include({ Action: "firehose:PutRecordBatch", Resource: [b, a] });
        expect(sid(doc, "WriteOwnLogs").Resource).to.deep.equal([
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:*",
        ]);
        expect(() => ingestFunctionPolicy({ deliveryStreamArns: [], logGroupArn: "x" })).to.throw(/no delivery streams/);
    });

    describe("exact documents", () => {
        const objects = [`${bucketArn}/streams/metrics/*`, `${bucketArn}/quarantine/streams/metrics/*`];
        const directPut = [
            {
                Sid: "LocateDropBucket",
                Effect: "Allow",
                Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                Resource: bucketArn,
            },
            { Sid: "WriteOwnPrefixes", Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Resource: objects },
            {
                Sid: "UseDropKeyThroughS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: keyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, ...objects] },
                },
            },
            { Sid: "WriteDeliveryErrors", Effect: "Allow", Action: "logs:PutLogEvents", Resource: logStreamArn },
        ];

        it("Direct PUT delivery role: exactly its bucket, prefixes, key through S3 and error log stream", () => {
            expect(deliveryRolePolicy(base)).to.deep.equal({ Version: "2012-10-17", Statement: directPut });
        });

        it("Kinesis-fed delivery role: the same plus its source stream, decrypted only through Kinesis for that stream", () => {
            expect(deliveryRolePolicy({ ...base, source: { streamArn, keyArn: streamKeyArn } })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    ...directPut,
                    {
                        Sid: "ReadSourceStream",
                        Effect: "Allow",
                        Action: ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
                        Resource: streamArn,
                    },
                    {
                        Sid: "DecryptSourceStream",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: streamKeyArn,
                        Condition: {
                            StringEquals: { "kms:ViaService": "kinesis.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn": streamArn },
                        },
                    },
                ],
            });
        });

        it("stream key policy: the account administers the key, nothing else", () => {
            expect(streamKeyPolicy("aws-cn", "210987654321")).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::210987654321:root" }, Action: "kms:*", Resource: "*" },
                ],
            });
        });

        const fnLogs = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/datalake-dev-ingest";
        const ownLogs = { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [fnLogs, `${fnLogs}:*`] };
        const firehose = (name: string) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/datalake-dev-${name}`;
        const kinesis = (name: string) => `arn:aws:kinesis:eu-west-1:123456789012:stream/datalake-dev-${name}`;
        const kms = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;
        const kinesisStatements = [
            { Sid: "PutIntoRouteKinesisStreams", Effect: "Allow", Action: "kinesis:PutRecords", Resource: [kinesis("clicks"), kinesis("impressions")] },
            {
                Sid: "EncryptForRouteKinesisStreams",
                Effect: "Allow",
                Action: "kms:GenerateDataKey",
                Resource: [kms("clicks"), kms("impressions")],
                Condition: { StringEquals: { "kms:ViaService": "kinesis.eu-west-1.amazonaws.com" } },
            },
        ];
        // Repeated and unsorted on purpose: each stream and key once, sorted.
        const kinesisStreams = [
            { streamArn: kinesis("impressions"), keyArn: kms("impressions") },
            { streamArn: kinesis("clicks"), keyArn: kms("clicks") },
            { streamArn: kinesis("impressions"), keyArn: kms("impressions") },
        ];

        it("ingest function, Direct PUT routes only: PutRecordBatch into them (each once, sorted) and its own logs", () => {
            expect(
                ingestFunctionPolicy({ deliveryStreamArns: [firehose("events"), firehose("clicks"), firehose("events")], logGroupArn: fnLogs }),
            ).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "PutIntoRouteStreams", Effect: "Allow", Action: "firehose:PutRecordBatch", Resource: [firehose("clicks"), firehose("events")] },
                    ownLogs,
                ],
            });
        });

        it("ingest function, Kinesis routes only: PutRecords and their keys' data keys only through Kinesis, no Firehose grant", () => {
            expect(ingestFunctionPolicy({ deliveryStreamArns: [], kinesisStreams, region: "eu-west-1", logGroupArn: fnLogs })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [...kinesisStatements, ownLogs],
            });
        });

        it("ingest function, both kinds of route: Firehose first, then Kinesis, then its logs", () => {
            expect(ingestFunctionPolicy({ deliveryStreamArns: [firehose("events")], kinesisStreams, region: "eu-west-1", logGroupArn: fnLogs })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "PutIntoRouteStreams", Effect: "Allow", Action: "firehose:PutRecordBatch", Resource: [firehose("events")] },
                    ...kinesisStatements,
                    ownLogs,
                ],
            });
        });

        it("ingest function: refuses no route at all, and Kinesis streams without their region", () => {
            expect(() => ingestFunctionPolicy({ deliveryStreamArns: [], kinesisStreams: [], region: "eu-west-1", logGroupArn: fnLogs })).to.throw(
                "ingestFunctionPolicy: no delivery streams (or Kinesis streams) to write to",
            );
            expect(() => ingestFunctionPolicy({ deliveryStreamArns: [firehose("events")], kinesisStreams, logGroupArn: fnLogs })).to.throw(
                "ingestFunctionPolicy: Kinesis streams need the region",
            );
        });
    });
});
