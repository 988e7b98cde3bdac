import { expect } from "chai";
import { realtimeFunctionPolicy } from "../../../components/realtime";

const stream = (name: string) => `arn:aws:kinesis:eu-west-1:123456789012:stream/lake-${name}`;
const key = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;
const base = {
    region: "eu-west-1",
    failureQueueArn: "arn:aws:sqs:eu-west-1:123456789012:lake-realtime-failures",
    failureKeyArn: key("failures"),
    logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/lake-realtime-window",
};

describe("realtime documents", () => {
    describe("realtimeFunctionPolicy", () => {
        it("is exactly: read and decrypt (through Kinesis) its streams, report skipped batches (key through SQS), its own logs", () => {
            // Two streams may share a key; the lists are deduplicated and sorted so the policy is stable.
            const doc = realtimeFunctionPolicy({
                ...base,
                streams: [
                    { streamArn: stream("impressions"), keyArn: key("beacons") },
                    { streamArn: stream("clicks"), keyArn: key("beacons") },
                    { streamArn: stream("impressions"), keyArn: key("beacons") },
                    { streamArn: stream("conversions"), keyArn: key("alpha") },
                ],
            });
            expect(doc).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadBeaconStreams",
                        Effect: "Allow",
                        Action: [
                            "kinesis:DescribeStream",
                            "kinesis:DescribeStreamSummary",
                            "kinesis:GetRecords",
                            "kinesis:GetShardIterator",
                            "kinesis:ListShards",
                        ],
                        Resource: [stream("clicks"), stream("conversions"), stream("impressions")],
                    },
                    {
                        Sid: "DecryptBeaconStreams",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: [key("alpha"), key("beacons")],
                        Condition: { StringEquals: { "kms:ViaService": "kinesis.eu-west-1.amazonaws.com" } },
                    },
                    { Sid: "ReportSkippedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: base.failureQueueArn },
                    {
                        Sid: "EncryptSkippedBatchReports",
                        Effect: "Allow",
                        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                        Resource: base.failureKeyArn,
                        Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
                    },
                    {
                        Sid: "WriteOwnLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: [base.logGroupArn, `${base.logGroupArn}:*`],
                    },
                ],
            });
        });

        it("refuses a function without a stream to read", () => {
            expect(() => realtimeFunctionPolicy({ ...base, streams: [] })).to.throw("realtimeFunctionPolicy: no streams to read");
        });
    });
});
