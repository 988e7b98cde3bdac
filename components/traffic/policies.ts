/**
 * The serving area's documents: the traffic key's policy and the roles of the daily job, the
 * endpoint's function and the schedule. Pure, built from resolved ARN strings.
 */
import { doc, keyAdministration, objectsArn, PolicyDocument, queueKeyForSending, Statement, writeOwnLogs } from "../../lib/iam";
import { ADVERTISING_VIEW_PREFIX, TrafficTable } from "../../lib/contract";

/** Key policy of the traffic CMK: the account administers it; IAM policies grant its use (through DynamoDB and SQS only). */
export function trafficKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return doc(keyAdministration(partition, accountId));
}

/** What a role needs to use the table's CMK: DynamoDB encrypts and decrypts on its behalf. */
function tableKey(sid: string, keyArn: string, region: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
    };
}

function queueSend(sid: string, queueArn: string, keyArn: string, region: string): Statement[] {
    return [{ Sid: sid, Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn }, queueKeyForSending(`${sid}Encrypted`, keyArn, region)];
}

export interface TrafficJobPolicyArgs {
    region: string;
    /** The curated zone's bucket and key (the advertising view). */
    curatedBucketArn: string;
    curatedKeyArn: string;
    tableArn: string;
    tableKeyArn: string;
    /** The job's dead-letter queue (failed asynchronous invocations), encrypted with the table key. */
    dlqArn: string;
    logGroupArn: string;
}

/**
 * The daily job: list and read the advertising view only (not the rest of the curated zone),
 * decrypt it only through S3, replace a day's items (BatchWriteItem puts and deletes; Query on
 * the by-date index), report a failed run to its DLQ, its own logs.
 */
export function trafficJobPolicy(a: TrafficJobPolicyArgs): PolicyDocument {
    const view = objectsArn(a.curatedBucketArn, ADVERTISING_VIEW_PREFIX);
    return doc(
        {
            Sid: "ListAdvertisingView",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: a.curatedBucketArn,
            Condition: { StringLike: { "s3:prefix": `${ADVERTISING_VIEW_PREFIX}*` } },
        },
        { Sid: "ReadAdvertisingView", Effect: "Allow", Action: "s3:GetObject", Resource: view },
        {
            Sid: "DecryptAdvertisingView",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.curatedKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [a.curatedBucketArn, view] },
            },
        },
        {
            Sid: "ReplaceDayItems",
            Effect: "Allow",
            Action: ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            Resource: a.tableArn,
        },
        { Sid: "FindDayItems", Effect: "Allow", Action: "dynamodb:Query", Resource: `${a.tableArn}/index/${TrafficTable.byDateIndex}` },
        tableKey("UseTableKey", a.tableKeyArn, a.region),
        ...queueSend("ReportFailedRuns", a.dlqArn, a.tableKeyArn, a.region),
        writeOwnLogs(a.logGroupArn),
    );
}

export interface TrafficApiPolicyArgs {
    region: string;
    tableArn: string;
    tableKeyArn: string;
    logGroupArn: string;
}

/** The endpoint's function: Query the table (no scans, no writes), its key through DynamoDB, its own logs. */
export function trafficApiPolicy(a: TrafficApiPolicyArgs): PolicyDocument {
    return doc(
        { Sid: "QueryTraffic", Effect: "Allow", Action: "dynamodb:Query", Resource: a.tableArn },
        { ...tableKey("UseTableKey", a.tableKeyArn, a.region), Action: ["kms:Decrypt", "kms:DescribeKey"] },
        writeOwnLogs(a.logGroupArn),
    );
}

export interface SchedulePolicyArgs {
    region: string;
    functionArn: string;
    dlqArn: string;
    keyArn: string;
}

/** The schedule's role: invoke the job only, and report undeliverable runs to the DLQ. */
export function schedulePolicy(a: SchedulePolicyArgs): PolicyDocument {
    return doc(
        { Sid: "InvokeTrafficJob", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: a.functionArn },
        ...queueSend("ReportUndeliveredRuns", a.dlqArn, a.keyArn, a.region),
    );
}
