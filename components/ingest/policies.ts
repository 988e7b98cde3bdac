/**
 * The ingest area's documents (Firehose delivery roles, the Kinesis stream keys, the ingest
 * function, API Gateway's logging role), built from resolved ARN strings. Pure.
 */
import { doc, keyAdministration, objectsArn, PolicyDocument, Statement, writeOwnLogs } from "../../lib/iam";

/** Key policy of a Kinesis stream's CMK: the account administers it; IAM policies grant its use. */
export function streamKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return doc(keyAdministration(partition, accountId));
}

export interface DeliveryRolePolicyArgs {
    region: string;
    /** Drop zone bucket ARN. */
    bucketArn: string;
    /** Drop zone CMK ARN (SSE-KMS of delivered objects). */
    keyArn: string;
    /** Key prefixes Firehose writes under (delivery and error output), each ending in `/`. */
    prefixes: string[];
    /** ARN of the log stream Firehose reports delivery errors to. */
    logStreamArn: string;
    /** The Kinesis source, for streams fed by one. */
    source?: { streamArn: string; keyArn: string };
}

/**
 * Least privilege for a Firehose delivery role: write objects under its own prefixes of the drop
 * bucket (the bucket-level list/location calls Firehose makes before writing on the bucket
 * itself), use the drop key only through S3 for those objects, log to its own log stream and,
 * when Kinesis-fed, read its source stream and decrypt it only through Kinesis.
 *
 * The key's encryption context is the object ARN, or the bucket ARN when the bucket uses S3
 * Bucket Keys, so both are allowed; the object writes themselves are limited by `WriteOwnPrefixes`.
 */
export function deliveryRolePolicy(a: DeliveryRolePolicyArgs): PolicyDocument {
    const objects = a.prefixes.map((p) => objectsArn(a.bucketArn, p));
    const statements: Statement[] = [
        {
            Sid: "LocateDropBucket",
            Effect: "Allow",
            Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resource: a.bucketArn,
        },
        {
            Sid: "WriteOwnPrefixes",
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
            Resource: objects,
        },
        {
            Sid: "UseDropKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: a.keyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [a.bucketArn, ...objects] },
            },
        },
        {
            Sid: "WriteDeliveryErrors",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: a.logStreamArn,
        },
    ];
    if (a.source) {
        statements.push(
            {
                Sid: "ReadSourceStream",
                Effect: "Allow",
                Action: ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
                Resource: a.source.streamArn,
            },
            {
                Sid: "DecryptSourceStream",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: a.source.keyArn,
                Condition: {
                    StringEquals: {
                        "kms:ViaService": `kinesis.${a.region}.amazonaws.com`,
                        "kms:EncryptionContext:aws:kinesis:arn": a.source.streamArn,
                    },
                },
            },
        );
    }
    return doc(...statements);
}

export interface IngestFunctionPolicyArgs {
    /** ARNs of the Direct PUT delivery streams the function's routes map to (no others). */
    deliveryStreamArns: string[];
    /** Kinesis streams (and their CMKs) of the Kinesis-fed streams routes map to. Default none. */
    kinesisStreams?: { streamArn: string; keyArn: string }[];
    /** Region of the streams (the keys are used only through Kinesis there). Required with `kinesisStreams`. */
    region?: string;
    /** The function's own log group. */
    logGroupArn: string;
}

/**
 * Least privilege for the ingest function: PutRecordBatch into its routes' Direct PUT streams,
 * PutRecords into its routes' Kinesis streams (with their keys' data keys, only through Kinesis),
 * its own logs.
 */
export function ingestFunctionPolicy(a: IngestFunctionPolicyArgs): PolicyDocument {
    const kinesis = a.kinesisStreams ?? [];
    if (a.deliveryStreamArns.length === 0 && kinesis.length === 0)
        throw new Error("ingestFunctionPolicy: no delivery streams (or Kinesis streams) to write to");
    if (kinesis.length > 0 && !a.region) throw new Error("ingestFunctionPolicy: Kinesis streams need the region");
    const statements: Statement[] = [];
    if (a.deliveryStreamArns.length > 0) {
        statements.push({
            Sid: "PutIntoRouteStreams",
            Effect: "Allow",
            Action: "firehose:PutRecordBatch",
            Resource: [...new Set(a.deliveryStreamArns)].sort(),
        });
    }
    if (kinesis.length > 0) {
        statements.push(
            {
                Sid: "PutIntoRouteKinesisStreams",
                Effect: "Allow",
                Action: "kinesis:PutRecords",
                Resource: [...new Set(kinesis.map((k) => k.streamArn))].sort(),
            },
            {
                Sid: "EncryptForRouteKinesisStreams",
                Effect: "Allow",
                Action: "kms:GenerateDataKey",
                Resource: [...new Set(kinesis.map((k) => k.keyArn))].sort(),
                Condition: { StringEquals: { "kms:ViaService": `kinesis.${a.region}.amazonaws.com` } },
            },
        );
    }
    return doc(...statements, writeOwnLogs(a.logGroupArn));
}

export interface ApiGatewayLogsPolicyArgs {
    partition: string;
    region: string;
    accountId: string;
}

/**
 * API Gateway's account-wide CloudWatch role: it writes access logs and the execution logs of
 * every REST API of the account in this region (`API-Gateway-Execution-Logs_<api id>/<stage>`,
 * groups it creates itself), so it is scoped to this account's log groups in this region, not
 * to one group. The actions are those of the AWS managed AmazonAPIGatewayPushToCloudWatchLogs
 * policy that write: API Gateway never reads logs back (no GetLogEvents, FilterLogEvents), and
 * logs:DescribeLogGroups takes no resource ARN, so it gets "*" on its own
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
 */
export function apiGatewayLogsPolicy(a: ApiGatewayLogsPolicyArgs): PolicyDocument {
    return doc(
        {
            Sid: "PushApiLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:*`,
        },
        { Sid: "DescribeLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    );
}
