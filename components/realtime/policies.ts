/** The real-time area's documents: the window function's role. Pure. */
import { doc, PolicyDocument, queueKeyForSending, writeOwnLogs } from "../../lib/iam";

export interface RealtimeFunctionPolicyArgs {
    region: string;
    /** The Kinesis streams it reads and their CMKs. */
    streams: { streamArn: string; keyArn: string }[];
    /** The on-failure queue of its event source mappings and that queue's key. */
    failureQueueArn: string;
    failureKeyArn: string;
    /** Its own log group. */
    logGroupArn: string;
}

/**
 * Least privilege for the window function: what a Kinesis event source mapping needs of its
 * streams (read, decrypt only through Kinesis), sending skipped batches' descriptions to the
 * on-failure queue (with its key), its own logs. Metrics go out as EMF log lines: no
 * cloudwatch:PutMetricData.
 */
export function realtimeFunctionPolicy(a: RealtimeFunctionPolicyArgs): PolicyDocument {
    if (a.streams.length === 0) throw new Error("realtimeFunctionPolicy: no streams to read");
    return doc(
        {
            Sid: "ReadBeaconStreams",
            Effect: "Allow",
            Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
            Resource: [...new Set(a.streams.map((s) => s.streamArn))].sort(),
        },
        {
            Sid: "DecryptBeaconStreams",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [...new Set(a.streams.map((s) => s.keyArn))].sort(),
            Condition: { StringEquals: { "kms:ViaService": `kinesis.${a.region}.amazonaws.com` } },
        },
        {
            Sid: "ReportSkippedBatches",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: a.failureQueueArn,
        },
        queueKeyForSending("EncryptSkippedBatchReports", a.failureKeyArn, a.region),
        writeOwnLogs(a.logGroupArn),
    );
}
