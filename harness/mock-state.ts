/**
 * The answers of the Pulumi mocks, pure so that the mocks (harness/program.ts) and a provider
 * double at the AWS boundary can share them: `mockState` gives the state a resource of a type
 * reports once created, `mockCall` the result of an invoke.
 */

import { createHash } from "node:crypto";

/** The account, and the partition, every mocked ARN is in. */
export const ACCOUNT_ID = "123456789012";
export const PARTITION = "aws";

/** Hex digits derived from a resource's type and logical name: distinct resources get distinct ids. */
function digest(type: string, name: string): string {
    return createHash("sha256").update(`${type}::${name}`).digest("hex");
}

/**
 * What a created resource reports: its inputs plus realistic ids, names and ARNs (the computed
 * outputs the program reads: bucket names, ARNs, queue URLs, invoke ARNs, ...).
 */
export function mockState(type: string, name: string, inputs: Record<string, any>, region: string): { id: string; state: Record<string, any> } {
    const account = ACCOUNT_ID;
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const suffix = "a1b2c3d";
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? `${name}-${suffix}`;
            return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}`, region } };
        }
        case "aws:kms/key:Key": {
            const h = digest(type, name);
            const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
            return { id: keyId, state: { ...inputs, keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` } };
        }
        case "aws:sqs/queue:Queue": {
            const queueName = inputs.name ?? `${name}-${suffix}`;
            const url = `https://sqs.${region}.amazonaws.com/${account}/${queueName}`;
            return { id: url, state: { ...inputs, name: queueName, url, arn: `arn:aws:sqs:${region}:${account}:${queueName}` } };
        }
        case "aws:iam/role:Role": {
            const roleName = inputs.name ?? `${name}-${suffix}`;
            return { id: roleName, state: { ...inputs, name: roleName, arn: `arn:aws:iam::${account}:role/${roleName}` } };
        }
        case "aws:lambda/function:Function": {
            const fn = inputs.name ?? `${name}-${suffix}`;
            const arn = `arn:aws:lambda:${region}:${account}:function:${fn}`;
            const invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            return { id: fn, state: { ...inputs, name: fn, arn, invokeArn } };
        }
        case "aws:lambda/layerVersion:LayerVersion": {
            const arn = `arn:aws:lambda:${region}:${account}:layer:${inputs.layerName}:1`;
            return { id: arn, state: { ...inputs, arn, version: "1", layerArn: arn.replace(/:1$/, "") } };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const lg = inputs.name ?? `${name}-${suffix}`;
            return { id: lg, state: { ...inputs, name: lg, arn: `arn:aws:logs:${region}:${account}:log-group:${lg}` } };
        }
        case "aws:cloudwatch/logStream:LogStream": {
            const arn = `arn:aws:logs:${region}:${account}:log-group:${inputs.logGroupName}:log-stream:${inputs.name}`;
            return { id: inputs.name, state: { ...inputs, arn } };
        }
        case "aws:sns/topic:Topic": {
            const topic = inputs.name ?? `${name}-${suffix}`;
            const arn = `arn:aws:sns:${region}:${account}:${topic}`;
            return { id: arn, state: { ...inputs, name: topic, arn } };
        }
        case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
            const stream = inputs.name ?? `${name}-${suffix}`;
            const arn = `arn:aws:firehose:${region}:${account}:deliverystream/${stream}`;
            return { id: arn, state: { ...inputs, name: stream, arn } };
        }
        case "aws:kinesis/stream:Stream": {
            const stream = inputs.name ?? `${name}-${suffix}`;
            const arn = `arn:aws:kinesis:${region}:${account}:stream/${stream}`;
            return { id: arn, state: { ...inputs, name: stream, arn } };
        }
        case "aws:apigateway/restApi:RestApi": {
            const id = digest(type, name).slice(0, 10);
            const executionArn = `arn:aws:execute-api:${region}:${account}:${id}`;
            return { id, state: { ...inputs, rootResourceId: `${id}-root`, executionArn, arn: `arn:aws:apigateway:${region}::/restapis/${id}` } };
        }
        case "aws:apigateway/stage:Stage": {
            const invokeUrl = `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`;
            const arn = `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`;
            return { id: `${inputs.restApi}-${inputs.stageName}`, state: { ...inputs, invokeUrl, arn } };
        }
        case "awsx:ec2:Vpc": {
            // A remote component: the outputs a program reads, one public and one private subnet
            // per availability zone (awsx's default layout; 3 zones unless configured).
            const hex = Buffer.from(name).toString("hex").slice(0, 12).padEnd(12, "0");
            const zones: number = inputs.numberOfAvailabilityZones ?? 3;
            const subnets = (kind: string) => Array.from({ length: zones }, (_, i) => `subnet-${hex}${kind}${i}`);
            const vpcId = `vpc-${hex}`;
            return { id: vpcId, state: { ...inputs, vpcId, publicSubnetIds: subnets("a"), privateSubnetIds: subnets("b"), isolatedSubnetIds: [] } };
        }
        default: {
            const id = inputs.name ?? `${name}-id`;
            return { id, state: { ...inputs, arn: `arn:aws:${service}:${region}:${account}:${id}` } };
        }
    }
}

/** What an invoke returns (account, region and partition lookups); throws for any other token. */
export function mockCall(token: string, _args: Record<string, any>, region: string): Record<string, any> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`, userId: "AIDATEST", id: ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: PARTITION };
        default:
            throw new Error(`harness/mock-state.ts: no mock for invoke ${token}`);
    }
}
