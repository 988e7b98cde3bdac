import { expect } from "chai";
import { alarmTopicPolicy } from "../../../components/operations";

describe("operations documents", () => {
    it("alarm topic policy is exactly: this account's alarms of this region may publish, and the TLS deny", () => {
        const topicArn = "arn:aws:sns:eu-west-1:123456789012:lake-alarms";
        expect(alarmTopicPolicy({ topicArn, partition: "aws", region: "eu-west-1", accountId: "123456789012" })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowCloudWatchAlarms",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topicArn,
                    Condition: {
                        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" },
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                    },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: topicArn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });
});
