/**
 * A small hand-built stack that satisfies every rule (one zone, its key, queue, DLQ, processor,
 * the access-logs bucket, an alarm topic), shaped like what the mocks record. Canaries start from
 * it and break exactly one thing.
 */
import { taggableTypes } from "../../lib/taggable";
import { Recorded } from "./harness";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

export type Props = Record<string, any>;

/** A mutable list of recorded resources, addressed by logical name. */
export class Lake {
    readonly resources: Recorded[] = [];

    constructor(readonly stack: string) {}

    add(type: string, name: string, props: Props, extra: { protect?: boolean; dependsOn?: string[] } = {}): Recorded {
        const r: Recorded = {
            type,
            name,
            urn: this.urn(type, name),
            // Taggable resources carry the cost allocation tags, as the program gives them (lib/ownership).
            props: taggableTypes().has(type) && !props.tags ? { ...props, tags: { project: "datalake", stack: this.stack, area: "fixture" } } : props,
            protect: extra.protect ?? false,
            dependencies: (extra.dependsOn ?? []).map((n) => this.get(n).urn),
        };
        this.resources.push(r);
        return r;
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::datalake::${type}::${name}`;
    }

    get(name: string): Recorded {
        const r = this.resources.find((x) => x.name === name);
        if (!r) throw new Error(`no resource '${name}' in the fixture`);
        return r;
    }

    props(name: string): Props {
        return this.get(name).props;
    }

    remove(name: string): void {
        this.resources.splice(this.resources.indexOf(this.get(name)), 1);
    }
}

const tlsDeny = (arn: string, service: string) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: `${service}:*`,
    Resource: service === "s3" ? [arn, `${arn}/*`] : arn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

/** Adds a bucket with encryption, versioning, public access block, ACLs disabled and TLS-only policy. */
function addBucket(lake: Lake, name: string, bucketName: string, sse: Props, protect: boolean): void {
    const arn = `arn:aws:s3:::${bucketName}`;
    lake.add("aws:s3/bucket:Bucket", name, { bucket: bucketName, id: bucketName, arn, forceDestroy: !protect }, { protect });
    const bucket = { bucket: bucketName };
    const deps = { dependsOn: [name] };
    lake.add(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        `${name}-sse`,
        { ...bucket, rules: [{ applyServerSideEncryptionByDefault: sse, bucketKeyEnabled: true }] },
        deps,
    );
    lake.add("aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`, { ...bucket, versioningConfiguration: { status: "Enabled" } }, deps);
    lake.add(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        `${name}-public-access`,
        { ...bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        deps,
    );
    lake.add("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, { ...bucket, policy: policy(tlsDeny(arn, "s3")) }, deps);
    lake.add(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        `${name}-ownership`,
        { ...bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
        deps,
    );
}

const keyAdmin = { Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

/** The good lake for `stack` (prod stacks protect buckets and keys). */
export function goodLake(stack = "dev"): Lake {
    const lake = new Lake(stack);
    const prod = stack.includes("prod");
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111`;
    lake.add(
        "aws:kms/key:Key",
        "drop-key",
        {
            arn: keyArn,
            enableKeyRotation: true,
            policy: policy(keyAdmin, {
                Sid: "S3",
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            }),
        },
        { protect: prod },
    );

    const logsKeyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/2222`;
    lake.add(
        "aws:kms/key:Key",
        "logs-key",
        {
            arn: logsKeyArn,
            enableKeyRotation: true,
            policy: policy(keyAdmin, {
                Sid: "Logs",
                Effect: "Allow",
                Principal: { Service: `logs.${REGION}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } },
            }),
        },
        { protect: prod },
    );

    addBucket(lake, "logs-bucket", "lake-logs", { sseAlgorithm: "AES256" }, prod);
    addBucket(lake, "drop-bucket", "lake-drop", { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, prod);
    lake.add(
        "aws:s3/bucketLogging:BucketLogging",
        "drop-logging",
        { bucket: "lake-drop", targetBucket: "lake-logs", targetPrefix: "drop/" },
        { dependsOn: ["drop-bucket", "logs-bucket"] },
    );

    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:lake-drop-queue`;
    const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:lake-drop-dlq`;
    const dlqUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/lake-drop-dlq`;
    lake.add("aws:sqs/queue:Queue", "drop-dlq", { arn: dlqArn, name: "lake-drop-dlq", url: dlqUrl, kmsMasterKeyId: keyArn });
    lake.add("aws:sqs/queuePolicy:QueuePolicy", "drop-dlq-policy", { queueUrl: dlqUrl, policy: policy(tlsDeny(dlqArn, "sqs")) }, { dependsOn: ["drop-dlq"] });
    lake.add(
        "aws:sqs/queue:Queue",
        "drop-queue",
        {
            arn: queueArn,
            name: "lake-drop-queue",
            url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/lake-drop-queue`,
            kmsMasterKeyId: keyArn,
            redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }),
        },
        { dependsOn: ["drop-dlq"] },
    );
    lake.add(
        "aws:sqs/queuePolicy:QueuePolicy",
        "drop-queue-policy",
        {
            queueUrl: lake.props("drop-queue").url,
            policy: policy(
                {
                    Sid: "AllowBucketNotifications",
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queueArn,
                    Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::lake-drop" }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
                tlsDeny(queueArn, "sqs"),
            ),
        },
        { dependsOn: ["drop-queue"] },
    );

    const roleArn = `arn:aws:iam::${ACCOUNT}:role/lake-drop-processor`;
    lake.add("aws:iam/role:Role", "drop-processor-role", {
        name: "lake-drop-processor",
        arn: roleArn,
        assumeRolePolicy: policy({ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
    });
    lake.add("aws:iam/rolePolicy:RolePolicy", "drop-processor-policy", {
        role: "lake-drop-processor",
        policy: policy(
            { Sid: "ReadDrop", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::lake-drop/*" },
            { Sid: "UseKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn },
            {
                Sid: "Metrics",
                Effect: "Allow",
                Action: "cloudwatch:PutMetricData",
                Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": "DataLake" } },
            },
            {
                Sid: "PassDeliveryRole",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: `arn:aws:iam::${ACCOUNT}:role/lake-delivery`,
                Condition: { StringEquals: { "iam:PassedToService": "firehose.amazonaws.com" } },
            },
        ),
    });
    lake.add("aws:iam/role:Role", "delivery-role", {
        name: "lake-delivery",
        arn: `arn:aws:iam::${ACCOUNT}:role/lake-delivery`,
        assumeRolePolicy: policy({
            Sid: "FirehoseAssumeRole",
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": ACCOUNT } },
        }),
    });
    lake.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "drop-processor-basic", {
        role: "lake-drop-processor",
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    lake.add("aws:cloudwatch/logGroup:LogGroup", "drop-processor-logs", { name: "/aws/lambda/lake-drop-processor", retentionInDays: 14, kmsKeyId: logsKeyArn });
    lake.add(
        "aws:lambda/function:Function",
        "drop-processor",
        {
            name: "lake-drop-processor",
            runtime: "nodejs22.x",
            loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/lake-drop-processor" },
            publish: true,
        },
        { dependsOn: ["drop-processor-logs", "drop-processor-role"] },
    );
    // Safe deploys: published, invoked through its `live` alias, rolled back on its errors there.
    const liveArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:lake-drop-processor:live`;
    lake.add(
        "aws:lambda/alias:Alias",
        "drop-processor-live",
        { name: "live", functionName: "lake-drop-processor", functionVersion: "1", arn: liveArn },
        { dependsOn: ["drop-processor"] },
    );
    lake.add("aws:cloudwatch/metricAlarm:MetricAlarm", "drop-processor-rollback-errors", {
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: "lake-drop-processor", Resource: "lake-drop-processor:live" },
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
    });
    lake.add("aws:lambda/permission:Permission", "drop-processor-invoke", {
        action: "lambda:InvokeFunction",
        function: "lake-drop-processor",
        qualifier: "live",
        principal: "s3.amazonaws.com",
        sourceArn: "arn:aws:s3:::lake-drop",
        sourceAccount: ACCOUNT,
    });
    lake.add(
        "aws:lambda/eventSourceMapping:EventSourceMapping",
        "drop-processor-events",
        { eventSourceArn: queueArn, functionName: liveArn, functionResponseTypes: ["ReportBatchItemFailures"] },
        { dependsOn: ["drop-queue", "drop-processor-live"] },
    );

    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:lake-alarms`;
    lake.add("aws:sns/topic:Topic", "alarms", { arn: topicArn, kmsMasterKeyId: keyArn });
    lake.add(
        "aws:sns/topicPolicy:TopicPolicy",
        "alarms-policy",
        {
            arn: topicArn,
            policy: policy(
                {
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topicArn,
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
                { ...tlsDeny(topicArn, "sns"), Action: "sns:Publish" },
            ),
        },
        { dependsOn: ["alarms"] },
    );
    return lake;
}

export { ACCOUNT, REGION };
