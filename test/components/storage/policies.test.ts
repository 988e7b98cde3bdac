import { expect } from "chai";
import {
    accessLogsBucketPolicy,
    eventQueuePolicy,
    eventRuleQueuePolicy,
    tlsOnlyBucketPolicy,
    zoneBucketPolicy,
    zoneKeyPolicy,
} from "../../../components/storage";
import { tlsOnlyQueuePolicy } from "../../../lib/iam";
import { alarmKeyPolicy } from "../../../components/operations";
import { serviceTrustPolicy } from "../../../lib/iam";

const account = "123456789012";
const bucketArn = "arn:aws:s3:::lake-raw-bucket";
const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/raw";

describe("storage documents", () => {
    it("every document has the 2012-10-17 version and unique statement ids", () => {
        const docs = [
            zoneKeyPolicy({ partition: "aws", accountId: account }),
            alarmKeyPolicy({ partition: "aws", accountId: account }),
            zoneBucketPolicy({ bucketArn, keyArn }),
            accessLogsBucketPolicy({ bucketArn, accountId: account }),
            eventQueuePolicy({ queueArn: "arn:aws:sqs:eu-west-1:123456789012:q", bucketArn, accountId: account }),
            eventRuleQueuePolicy({ queueArn: "arn:aws:sqs:eu-west-1:123456789012:q", ruleArns: ["arn:aws:events:eu-west-1:123456789012:rule/r"] }),
            serviceTrustPolicy("lambda.amazonaws.com"),
        ];
        for (const d of docs) {
            expect(d.Version).to.equal("2012-10-17");
            const sids = d.Statement.map((s) => s.Sid);
            expect(new Set(sids).size).to.equal(sids.length);
        }
    });

    it("zoneKeyPolicy is exactly: account administration, and EventBridge delivering into the encrypted queues (the SQS guide's statement)", () => {
        expect(zoneKeyPolicy({ partition: "aws-cn", accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws-cn:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "AllowEventBridgeDelivery",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: "*",
                },
            ],
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
                {
                    Sid: "AllowEventBridgeRules",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                },
            ],
        });
    });

    const bucketTlsDeny = {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };

    it("zoneBucketPolicy is exactly: TLS only, and deny-only encryption checks that apply only when the header is present", () => {
        expect(zoneBucketPolicy({ bucketArn, keyArn })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                bucketTlsDeny,
                {
                    Sid: "DenyNonKmsEncryption",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/*`,
                    Condition: {
                        Null: { "s3:x-amz-server-side-encryption": "false" },
                        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                    },
                },
                {
                    Sid: "DenyOtherKmsKeys",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/*`,
                    Condition: {
                        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
                    },
                },
            ],
        });
    });

    it("accessLogsBucketPolicy is exactly: TLS only, and this account's S3 logging service may write logs", () => {
        expect(accessLogsBucketPolicy({ bucketArn, accountId: account })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                bucketTlsDeny,
                {
                    Sid: "AllowS3ServerAccessLogs",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
            ],
        });
    });

    it("tlsOnlyBucketPolicy (the analytics buckets) is exactly the TLS deny", () => {
        expect(tlsOnlyBucketPolicy(bucketArn)).to.deep.equal({ Version: "2012-10-17", Statement: [bucketTlsDeny] });
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

    it("eventRuleQueuePolicy admits only the named EventBridge rules, over TLS", () => {
        const ruleArn = "arn:aws:events:eu-west-1:123456789012:rule/lake-raw-object-created";
        expect(eventRuleQueuePolicy({ queueArn, ruleArns: [ruleArn] })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowEventBridgeRules",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queueArn,
                    Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
                },
                tlsDeny,
            ],
        });
    });

    it("eventRuleQueuePolicy with several rules (a queue that is also their DLQ) lists them all", () => {
        const ruleArns = ["arn:aws:events:eu-west-1:123456789012:rule/lake-raw-object-created", "arn:aws:events:eu-west-1:123456789012:rule/lake-raw-crawler"];
        expect(eventRuleQueuePolicy({ queueArn, ruleArns }).Statement[0]).to.deep.equal({
            Sid: "AllowEventBridgeRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
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
