import { expect } from "chai";
import { alarmTopicPolicy } from "../../../components/operations";

const topicArn = "arn:aws:sns:eu-west-1:123456789012:lake-alarms";
const scope = { topicArn, partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const alarms = {
    Sid: "AllowCloudWatchAlarms",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
    },
};
const tlsDeny = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};

describe("operations documents", () => {
    // Without failure-event rules (none given, or an empty list) there is no EventBridge statement.
    const withoutRules: [string, string[] | undefined][] = [
        ["no rules given", undefined],
        ["an empty rule list", []],
    ];
    for (const [label, ruleArns] of withoutRules) {
        it(`alarm topic policy with ${label} is exactly: this account's alarms of this region may publish, and the TLS deny`, () => {
            expect(alarmTopicPolicy({ ...scope, ruleArns })).to.deep.equal({ Version: "2012-10-17", Statement: [alarms, tlsDeny] });
        });
    }

    it("alarm topic policy with failure-event rules: EventBridge may publish for exactly those rules (aws:SourceArn)", () => {
        const ruleArns = ["arn:aws:events:eu-west-1:123456789012:rule/lake-glue-job-failed", "arn:aws:events:eu-west-1:123456789012:rule/lake-crawler-failed"];
        expect(alarmTopicPolicy({ ...scope, ruleArns })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                alarms,
                {
                    Sid: "AllowFailureEventRules",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topicArn,
                    Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
                },
                tlsDeny,
            ],
        });
    });
});
