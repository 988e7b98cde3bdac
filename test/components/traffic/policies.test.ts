import { expect } from "chai";
import { schedulePolicy, trafficApiPolicy, trafficJobPolicy, trafficKeyPolicy } from "../../../components/traffic";

const region = "eu-west-1";
const tableArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/lake-traffic";
const tableKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/traffic";
const dlqArn = "arn:aws:sqs:eu-west-1:123456789012:lake-traffic-job-dlq";
const logGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/lake-traffic-job";
const ownLogs = { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logGroupArn, `${logGroupArn}:*`] };
const tableKey = {
    Sid: "UseTableKey",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    Resource: tableKeyArn,
    Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
};

describe("serving documents", () => {
    it("trafficKeyPolicy: the account administers the key, nothing else", () => {
        expect(trafficKeyPolicy("aws-us-gov", "210987654321")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws-us-gov:iam::210987654321:root" }, Action: "kms:*", Resource: "*" },
            ],
        });
    });

    it("trafficJobPolicy: the advertising view only (decrypted only through S3), a day's items, its DLQ, its own logs", () => {
        const curatedBucketArn = "arn:aws:s3:::lake-curated";
        const curatedKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/curated";
        expect(trafficJobPolicy({ region, curatedBucketArn, curatedKeyArn, tableArn, tableKeyArn, dlqArn, logGroupArn })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ListAdvertisingView",
                    Effect: "Allow",
                    Action: "s3:ListBucket",
                    Resource: curatedBucketArn,
                    Condition: { StringLike: { "s3:prefix": "advertising/*" } },
                },
                { Sid: "ReadAdvertisingView", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake-curated/advertising/*" },
                {
                    Sid: "DecryptAdvertisingView",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: curatedKeyArn,
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
                        // The object ARN, or the bucket ARN when the bucket uses S3 Bucket Keys.
                        StringLike: { "kms:EncryptionContext:aws:s3:arn": [curatedBucketArn, "arn:aws:s3:::lake-curated/advertising/*"] },
                    },
                },
                {
                    Sid: "ReplaceDayItems",
                    Effect: "Allow",
                    Action: ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
                    Resource: tableArn,
                },
                { Sid: "FindDayItems", Effect: "Allow", Action: "dynamodb:Query", Resource: `${tableArn}/index/byDate` },
                tableKey,
                { Sid: "ReportFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
                {
                    Sid: "ReportFailedRunsEncrypted",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: tableKeyArn,
                    Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
                },
                ownLogs,
            ],
        });
    });

    it("trafficApiPolicy: Query on the table only (no index, scan or write), decrypt through DynamoDB, its own logs", () => {
        expect(trafficApiPolicy({ region, tableArn, tableKeyArn, logGroupArn })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "QueryTraffic", Effect: "Allow", Action: "dynamodb:Query", Resource: tableArn },
                { ...tableKey, Action: ["kms:Decrypt", "kms:DescribeKey"] },
                ownLogs,
            ],
        });
    });

    it("schedulePolicy: invoke the job only, report undelivered runs to the DLQ (key only through SQS)", () => {
        const functionArn = "arn:aws:lambda:eu-west-1:123456789012:function:lake-traffic-job";
        const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/schedule";
        expect(schedulePolicy({ region: "us-east-2", functionArn, dlqArn, keyArn })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "InvokeTrafficJob", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: functionArn },
                { Sid: "ReportUndeliveredRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
                {
                    Sid: "ReportUndeliveredRunsEncrypted",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: keyArn,
                    Condition: { StringEquals: { "kms:ViaService": "sqs.us-east-2.amazonaws.com" } },
                },
            ],
        });
    });
});
