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
            // A published function's first version is 1 (the provider double numbers the later ones).
            const version = inputs.publish ? "1" : "$LATEST";
            return { id: fn, state: { ...inputs, name: fn, arn, invokeArn, version, qualifiedArn: `${arn}:${version}` } };
        }
        case "aws:lambda/alias:Alias": {
            const arn = `arn:aws:lambda:${region}:${account}:function:${inputs.functionName}:${inputs.name}`;
            const invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            return { id: arn, state: { ...inputs, arn, invokeArn } };
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
        case "aws:cloudwatch/eventRule:EventRule": {
            const rule = inputs.name ?? `${name}-${suffix}`;
            return { id: rule, state: { ...inputs, name: rule, arn: `arn:aws:events:${region}:${account}:rule/${rule}` } };
        }
        case "aws:dynamodb/table:Table": {
            const table = inputs.name ?? `${name}-${suffix}`;
            return { id: table, state: { ...inputs, name: table, arn: `arn:aws:dynamodb:${region}:${account}:table/${table}` } };
        }
        case "aws:apigateway/restApi:RestApi": {
            const id = digest(type, name).slice(0, 10);
            const executionArn = `arn:aws:execute-api:${region}:${account}:${id}`;
            // `name` is auto-named like any Pulumi resource name (alarms dimension API metrics by it).
            const apiName = inputs.name ?? `${name}-${suffix}`;
            return {
                id,
                state: { ...inputs, name: apiName, rootResourceId: `${id}-root`, executionArn, arn: `arn:aws:apigateway:${region}::/restapis/${id}` },
            };
        }
        case "aws:apigateway/stage:Stage": {
            const invokeUrl = `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`;
            const arn = `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`;
            return { id: `${inputs.restApi}-${inputs.stageName}`, state: { ...inputs, invokeUrl, arn } };
        }
        case "aws:acm/certificate:Certificate": {
            const id = digest(type, name).slice(0, 36);
            // One CNAME per name, as ACM asks for DNS validation.
            const names: string[] = [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].filter(Boolean);
            const domainValidationOptions = names.map((domainName) => ({
                domainName,
                resourceRecordName: `_${digest(type, domainName).slice(0, 32)}.${domainName}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_${digest(type, `${domainName}-value`).slice(0, 32)}.acm-validations.aws.`,
            }));
            return {
                id: `arn:aws:acm:${region}:${account}:certificate/${id}`,
                state: { ...inputs, arn: `arn:aws:acm:${region}:${account}:certificate/${id}`, domainValidationOptions },
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { id: inputs.certificateArn, state: { ...inputs } };
        case "aws:apigateway/domainName:DomainName": {
            const regionalDomainName = `d-${digest(type, name).slice(0, 10)}.execute-api.${region}.amazonaws.com`;
            // The alias target's zone is API Gateway's own hosted zone of the region (eu-west-1's, the stacks' region).
            return {
                id: inputs.domainName,
                state: {
                    ...inputs,
                    regionalDomainName,
                    regionalZoneId: "ZLY8HYME6SFDD",
                    arn: `arn:aws:apigateway:${region}::/domainnames/${inputs.domainName}`,
                },
            };
        }
        case "aws:route53/record:Record": {
            const fqdn = String(inputs.name).replace(/\.$/, "");
            return { id: `${inputs.zoneId}_${fqdn}_${inputs.type}`, state: { ...inputs, fqdn } };
        }
        case "aws:redshift/parameterGroup:ParameterGroup":
        case "aws:redshift/subnetGroup:SubnetGroup": {
            const groupName = inputs.name ?? `${name}-${suffix}`;
            return {
                id: groupName,
                state: {
                    ...inputs,
                    name: groupName,
                    arn: `arn:aws:redshift:${region}:${account}:${type.includes("parameter") ? "parametergroup" : "subnetgroup"}:${groupName}`,
                },
            };
        }
        case "aws:redshift/cluster:Cluster": {
            const id = inputs.clusterIdentifier;
            const secret = `arn:aws:secretsmanager:${region}:${account}:secret:redshift!${id}-admin-${suffix}`;
            return { id, state: { ...inputs, arn: `arn:aws:redshift:${region}:${account}:cluster:${id}`, masterPasswordSecretArn: secret } };
        }
        case "aws:redshiftserverless/namespace:Namespace": {
            const ns = inputs.namespaceName;
            const secret = `arn:aws:secretsmanager:${region}:${account}:secret:redshift!${ns}-admin-${suffix}`;
            const namespaceId = `00000000-0000-4000-8000-${Buffer.from(ns).toString("hex").slice(0, 12).padEnd(12, "0")}`;
            return {
                id: ns,
                state: {
                    ...inputs,
                    namespaceId,
                    arn: `arn:aws:redshift-serverless:${region}:${account}:namespace/${namespaceId}`,
                    adminPasswordSecretArn: secret,
                },
            };
        }
        case "aws:redshiftserverless/workgroup:Workgroup": {
            const wg = inputs.workgroupName;
            const workgroupId = `00000000-0000-4000-9000-${Buffer.from(wg).toString("hex").slice(0, 12).padEnd(12, "0")}`;
            return { id: wg, state: { ...inputs, workgroupId, arn: `arn:aws:redshift-serverless:${region}:${account}:workgroup/${workgroupId}` } };
        }
        case "aws:glue/catalogTable:CatalogTable": {
            // As AWS names them: `<catalog>:<database>:<table>`, and the ARN under table/<database>/ (two databases may share a table name).
            const id = `${inputs.catalogId ?? account}:${inputs.databaseName}:${inputs.name}`;
            return { id, state: { ...inputs, arn: `arn:aws:glue:${region}:${account}:table/${inputs.databaseName}/${inputs.name}` } };
        }
        case "aws:lakeformation/resource:Resource":
            // Lake Formation names a registered location by its ARN.
            return { id: inputs.arn, state: { ...inputs, lastModified: "2026-01-01T00:00:00Z" } };
        case "aws:lakeformation/lfTag:LfTag":
            return { id: `${inputs.catalogId ?? account}:${inputs.key}`, state: { ...inputs, catalogId: inputs.catalogId ?? account } };
        case "aws:macie2/account:Account":
            return {
                id: account,
                state: { ...inputs, serviceRole: `arn:aws:iam::${account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` },
            };
        case "aws:macie2/classificationJob:ClassificationJob": {
            const jobId = digest(type, name).slice(0, 32);
            return { id: jobId, state: { ...inputs, jobId, jobArn: `arn:aws:macie2:${region}:${account}:classification-job/${jobId}` } };
        }
        case "aws:kms/grant:Grant": {
            const grantId = digest(type, name).slice(0, 64);
            return { id: `${inputs.keyId}:${grantId}`, state: { ...inputs, grantId, grantToken: `token-${grantId.slice(0, 16)}` } };
        }
        case "tls:index/privateKey:PrivateKey":
            return { id: `${name}-id`, state: { ...inputs, privateKeyPem: `-----BEGIN PRIVATE KEY-----\nmock ${name}\n-----END PRIVATE KEY-----\n` } };
        case "tls:index/selfSignedCert:SelfSignedCert":
            return { id: `${name}-id`, state: { ...inputs, certPem: `-----BEGIN CERTIFICATE-----\nmock ${name}\n-----END CERTIFICATE-----\n` } };
        case "awsx:ec2:Vpc":
            return { id: "", state: { ...inputs, ...vpcOutputs(name, inputs, region) } };
        default: {
            const id = inputs.name ?? `${name}-id`;
            return { id, state: { ...inputs, arn: `arn:aws:${service}:${region}:${account}:${id}` } };
        }
    }
}

/**
 * awsx's Vpc is a remote component (no children under the mocks): its outputs as the provider
 * reports them, one subnet per availability zone and subnet spec. Isolated subnets fill
 * `isolatedSubnetIds`, private ones `privateSubnetIds`, public ones `publicSubnetIds`.
 */
function vpcOutputs(name: string, inputs: Record<string, any>, region: string): Record<string, any> {
    const azs: number = inputs.numberOfAvailabilityZones ?? 3;
    const hex = Buffer.from(name).toString("hex").padEnd(17, "0").slice(0, 17);
    const vpcId = `vpc-${hex}`;
    const subnets = (type: string) =>
        (inputs.subnetSpecs ?? []).some((s: { type: string }) => s.type === type)
            ? Array.from({ length: azs }, (_, i) => `subnet-${type.toLowerCase().slice(0, 3)}${i}${hex.slice(4)}`)
            : [];
    return {
        vpcId,
        privateSubnetIds: subnets("Private"),
        publicSubnetIds: subnets("Public"),
        isolatedSubnetIds: subnets("Isolated"),
        availabilityZones: Array.from({ length: azs }, (_, i) => `${region}${"abc"[i]}`),
    };
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
