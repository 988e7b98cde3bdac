import { expect } from "chai";
import { accessLogsBucketPolicy, eventQueuePolicy, zoneBucketPolicy, zoneKeyPolicy } from "../../../components/storage";
import { tlsOnlyQueuePolicy } from "../../../lib/iam";
import { alarmKeyPolicy } from "../../../components/operations";
import { serviceTrustPolicy, PolicyDocument, Statement } from "../../../lib/iam";

const account = "123456789012";
const bucketArn = "arn:aws:s3:::lake-raw-bucket";
const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/raw";

function sid(doc: PolicyDocument, id: string): Statement {
    const s = doc.Statement.find((x) => x.Sid === id);
    if (!s) throw new Error(`no statement ${id} in ${JSON.stringify(doc)}`);
    return s;
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("storage documents", () => {
    it("every document has the 2012-10-17 version and unique statement ids", () => {
        const docs = [
            zoneKeyPolicy({ partition: "aws", accountId: account }),
            alarmKeyPolicy({ partition: "aws", accountId: account }),
            zoneBucketPolicy({ bucketArn, keyArn }),
            accessLogsBucketPolicy({ bucketArn, accountId: account }),
            eventQueuePolicy({ queueArn: "arn:aws:sqs:eu-west-1:123456789012:q", bucketArn, accountId: account }),
            serviceTrustPolicy("lambda.amazonaws.com"),
        ];
        for (const d of docs) {
            expect(d.Version).to.equal("2012-10-17");
            const sids = d.Statement.map((s) => s.Sid);
            expect(new Set(sids).size).to.equal(sids.length);
        }
    });

    describe("zoneKeyPolicy", () => {
        const doc = zoneKeyPolicy({ partition: "aws-cn", accountId: account });
        it("lets the account root administer the key (so IAM policies can grant it)", () => {
            const admin = sid(doc, "AccountAdministration");
            expect(admin.Principal).to.deep.equal({ AWS: `arn:aws-cn:iam::${account}:root` });
            expect(admin.Action).to.equal("kms:*");
        });
        it("is exactly: account administration, and S3 (this account) publishing into the encrypted queue", () => {
            expect(doc).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws-cn:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                    {
                        Sid: "AllowS3EventNotifications",
                        Effect: "Allow",
                        Principal: { Service: "s3.amazonaws.com" },
                        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": account } },
                    },
                ],
            });
        });
    });

    it("alarmKeyPolicy is exactly: administration, GenerateDataKey*/Decrypt for this account's CloudWatch, and for EventBridge (as SNS documents it)", () => {
        expect(alarmKeyPolicy({ partition: "aws", accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "AllowCloudWatchAlarms",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
                { Sid: "AllowEventBridgeRules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*" },
            ],
        });
    });

    describe("zoneBucketPolicy", () => {
        const doc = zoneBucketPolicy({ bucketArn, keyArn });
        it("denies non-TLS requests on the bucket and its objects", () => {
            const tls = sid(doc, "DenyInsecureTransport");
            expect(tls.Effect).to.equal("Deny");
            expect(tls.Principal).to.equal("*");
            expect(list(tls.Resource)).to.have.members([bucketArn, `${bucketArn}/*`]);
            expect(tls.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        });
        it("denies an encryption header other than aws:kms, only when the header is present", () => {
            const s = sid(doc, "DenyNonKmsEncryption");
            expect(s.Effect).to.equal("Deny");
            expect(s.Action).to.equal("s3:PutObject");
            expect(s.Condition).to.deep.equal({
                Null: { "s3:x-amz-server-side-encryption": "false" },
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            });
        });
        it("denies a KMS key other than this zone's, only when the header is present", () => {
            const s = sid(doc, "DenyOtherKmsKeys");
            expect(s.Condition).to.deep.equal({
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
            });
            expect(s.Resource).to.equal(`${bucketArn}/*`);
        });
        it("allows nothing (deny-only)", () => {
            expect(doc.Statement.every((s) => s.Effect === "Deny")).to.equal(true);
        });
    });

    it("accessLogsBucketPolicy lets only this account's S3 logging service write, over TLS", () => {
        const doc = accessLogsBucketPolicy({ bucketArn, accountId: account });
        const logs = sid(doc, "AllowS3ServerAccessLogs");
        expect(logs.Principal).to.deep.equal({ Service: "logging.s3.amazonaws.com" });
        expect(logs.Action).to.equal("s3:PutObject");
        expect(logs.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": account } });
        expect(sid(doc, "DenyInsecureTransport").Effect).to.equal("Deny");
    });

    const queueArn = "arn:aws:sqs:eu-west-1:123456789012:lake-raw-queue";
    const tlsDeny = {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };

    it("eventQueuePolicy is exactly: this bucket of this account may send, and the TLS deny (only without TLS)", () => {
        expect(eventQueuePolicy({ queueArn, bucketArn, accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowBucketNotifications",
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queueArn,
                    Condition: { ArnEquals: { "aws:SourceArn": bucketArn }, StringEquals: { "aws:SourceAccount": account } },
                },
                tlsDeny,
            ],
        });
    });

    it("tlsOnlyQueuePolicy (the DLQs) is exactly the TLS deny", () => {
        expect(tlsOnlyQueuePolicy(queueArn)).to.deep.equal({ Version: "2012-10-17", Statement: [tlsDeny] });
    });

    it("Glue's trust policy is exactly Glue's documented trust: no condition, no Resource", () => {
        expect(serviceTrustPolicy("glue.amazonaws.com")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "GlueAssumeRole", Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

    it("Lambda's trust policy is exactly Lambda's documented trust: no condition, no Resource", () => {
        expect(serviceTrustPolicy("lambda.amazonaws.com")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

});
