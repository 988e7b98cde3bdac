import { expect } from "chai";
import { accessLogsBucketPolicy, eventQueuePolicy, zoneBucketPolicy, zoneKeyPolicy } from "../../../components/storage";
import { alarmKeyPolicy } from "../../../components/operations";
import { lambdaAssumeRolePolicy, PolicyDocument, Statement } from "../../../lib/iam";

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
            lambdaAssumeRolePolicy(),
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
        it("lets S3 and SQS use it, only for this account", () => {
            const svc = sid(doc, "AllowS3AndSqsServiceUse");
            expect(svc.Effect).to.equal("Allow");
            expect(list((svc.Principal as any).Service)).to.have.members(["s3.amazonaws.com", "sqs.amazonaws.com"]);
            expect(list(svc.Action)).to.include.members(["kms:GenerateDataKey*", "kms:Decrypt"]);
            expect(svc.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": account } });
        });
    });

    it("alarmKeyPolicy lets CloudWatch of this account use the key", () => {
        const cw = sid(alarmKeyPolicy({ partition: "aws", accountId: account }), "AllowCloudWatchAlarms");
        expect(cw.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
        expect(cw.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": account } });
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

    it("eventQueuePolicy admits only this bucket of this account", () => {
        const queueArn = "arn:aws:sqs:eu-west-1:123456789012:lake-raw-queue";
        const s = sid(eventQueuePolicy({ queueArn, bucketArn, accountId: account }), "AllowBucketNotifications");
        expect(s.Principal).to.deep.equal({ Service: "s3.amazonaws.com" });
        expect(s.Action).to.equal("sqs:SendMessage");
        expect(s.Resource).to.equal(queueArn);
        expect(s.Condition).to.deep.equal({
            ArnEquals: { "aws:SourceArn": bucketArn },
            StringEquals: { "aws:SourceAccount": account },
        });
    });

    it("lambdaAssumeRolePolicy trusts only Lambda and names no Resource (IAM rejects it in trust policies)", () => {
        const [s, ...rest] = lambdaAssumeRolePolicy().Statement;
        expect(rest).to.have.length(0);
        expect(s.Principal).to.deep.equal({ Service: "lambda.amazonaws.com" });
        expect(s.Action).to.equal("sts:AssumeRole");
        expect(s).not.to.have.property("Resource");
    });

});
