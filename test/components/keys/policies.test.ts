import { expect } from "chai";
import { analyticsKeyPolicy, logsKeyPolicy } from "../../../components/keys";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const admin = { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
const logsUse = (Sid: string, groups: string) => ({
    Sid,
    Effect: "Allow",
    Principal: { Service: "logs.eu-west-1.amazonaws.com" },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": groups } },
});

describe("security documents", () => {
    it("analytics key policy is exactly: administration, CloudWatch Logs for Glue's log groups, S3 of this account for the crawler queues", () => {
        expect(analyticsKeyPolicy(scope)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                admin,
                logsUse("AllowGlueLogGroups", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*"),
                {
                    Sid: "AllowS3EventNotifications",
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        });
    });

    it("logs key policy is exactly: administration, and CloudWatch Logs for this account's log groups in this region", () => {
        expect(logsKeyPolicy(scope)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [admin, logsUse("AllowAccountLogGroups", "arn:aws:logs:eu-west-1:123456789012:log-group:*")],
        });
    });
});
