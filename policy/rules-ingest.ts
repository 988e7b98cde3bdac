/**
 * The streaming ingest's rules (Firehose, Kinesis, API Gateway, Lambda invoke permissions), as
 * @pulumi/policy policies in the style of ./rules.ts: pure, no PolicyPack built here. The pack
 * lists `ingestPolicies` next to `policies`.
 *
 * Values still unknown during preview (a key ARN, a stream name) count as set: `isSet`/`known`.
 */
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../lib/contract";
import { Props, prodResourceRule, resourceRule, stackRule } from "./define";
import { isOneOf, isSet, known, referenced } from "./resources";

export const IngestTypes = {
    firehose: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
    kinesisStream: ["aws:kinesis/stream:Stream"],
    restApi: ["aws:apigateway/restApi:RestApi"],
    stage: ["aws:apigateway/stage:Stage"],
    methodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
    method: ["aws:apigateway/method:Method"],
    lambdaPermission: ["aws:lambda/permission:Permission"],
} as const;

/** Firehose's expression for the error type; an error prefix without it mixes every failure kind. */
const ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";

/** The S3 destination settings of a delivery stream (only extended_s3 streams are the lake's). */
function s3Destination(props: Props, args: ResourceValidationArgs): Props {
    const destination = known(props, "destination");
    if (destination !== undefined && destination !== "extended_s3") args.notApplicable(`destination ${destination}`);
    return known(props, "extendedS3Configuration") ?? {};
}

export function firehoseEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-kms-encryption",
            description:
                "Firehose delivery streams write SSE-KMS objects (extendedS3Configuration.kmsKeyArn) and, when Direct PUT, encrypt their buffer (serverSideEncryption).",
        },
        IngestTypes.firehose,
        (props, args, report) => {
            const s3 = s3Destination(props, args);
            if (!isSet(s3, "kmsKeyArn")) {
                report("delivered objects are not SSE-KMS: set extendedS3Configuration.kmsKeyArn to the drop zone's key");
            }
            const kinesisFed = isSet(props, "kinesisSourceConfiguration");
            if (!kinesisFed && known(known(props, "serverSideEncryption"), "enabled") !== true) {
                report("a Direct PUT stream keeps records unencrypted in its buffer: set serverSideEncryption {enabled: true, keyType: CUSTOMER_MANAGED_CMK, keyArn}");
            }
        },
    );
}

export function firehoseErrorHandling(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-error-output",
            description: `Firehose delivery streams keep failed records under an error prefix carrying ${ERROR_OUTPUT_TYPE} and log delivery errors to CloudWatch.`,
        },
        IngestTypes.firehose,
        (props, args, report) => {
            const s3 = s3Destination(props, args);
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof errorPrefix !== "string" || !errorPrefix.includes(ERROR_OUTPUT_TYPE)) {
                report(`errorOutputPrefix ${JSON.stringify(errorPrefix ?? null)} does not contain ${ERROR_OUTPUT_TYPE}`);
            }
            if (known(known(s3, "cloudwatchLoggingOptions"), "enabled") !== true) {
                report("delivery errors are not logged: set extendedS3Configuration.cloudwatchLoggingOptions {enabled: true, logGroupName, logStreamName}");
            }
        },
    );
}

export function firehoseDropZoneLayout(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-drop-zone-layout",
            description: `Firehose delivers under '${STREAMS_PREFIX}<name>/' and writes errors under '${QUARANTINE_PREFIX}', which the zone processors skip.`,
        },
        IngestTypes.firehose,
        (props, args, report) => {
            const s3 = s3Destination(props, args);
            const prefix = known(s3, "prefix");
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof prefix !== "string" || !prefix.startsWith(STREAMS_PREFIX)) {
                report(`prefix ${JSON.stringify(prefix ?? null)} is not under '${STREAMS_PREFIX}': the drop processor would take its first segment as the dataset`);
            }
            if (typeof errorPrefix === "string" && !errorPrefix.startsWith(QUARANTINE_PREFIX)) {
                report(`errorOutputPrefix '${errorPrefix}' is not under '${QUARANTINE_PREFIX}': the drop processor would promote failed records as a dataset`);
            }
        },
    );
}

export function kinesisStreamEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "kinesis-stream-cmk-encryption",
            description: "Kinesis data streams are encrypted with a customer managed KMS key.",
        },
        IngestTypes.kinesisStream,
        (props, _args, report) => {
            if (known(props, "encryptionType") !== "KMS" || !isSet(props, "kmsKeyId")) {
                report("stream is not encrypted: set encryptionType KMS and kmsKeyId to a customer managed key");
                return;
            }
            const key = known(props, "kmsKeyId");
            if (typeof key === "string" && key.endsWith("alias/aws/kinesis")) {
                report("stream uses the AWS managed key alias/aws/kinesis: use a customer managed key (rotation, key policy, audit)");
            }
        },
    );
}

export function apiStageAccessLogs(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "apigateway-stage-access-logs",
            description: "API Gateway stages write access logs (accessLogSettings with a destination and a format).",
        },
        IngestTypes.stage,
        (props, _args, report) => {
            const settings = known(props, "accessLogSettings");
            if (!isSet(settings, "destinationArn") || !isSet(settings, "format")) {
                report("stage has no access logs: set accessLogSettings {destinationArn: <log group ARN>, format}");
            }
        },
    );
}

/** True when `a` and `b` point at the same REST API (by value, or by dependency in preview). */
function sameApi(a: PolicyResource, b: PolicyResource, apis: PolicyResource[]): boolean {
    const va = known(a.props, "restApi");
    const vb = known(b.props, "restApi");
    if (typeof va === "string" && typeof vb === "string" && va !== "" && vb !== "") return va === vb;
    const ra = referenced(a, "restApi", apis);
    return ra.length === 1 && referenced(b, "restApi", apis).includes(ra[0]);
}

export function apiStageThrottling(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-stage-throttling",
            description: "Every API Gateway stage throttles all its methods (MethodSettings '*/*' with a rate and a burst limit).",
        },
        IngestTypes.stage,
        (stage, all, report) => {
            const apis = all.filter((r) => isOneOf(r.type, IngestTypes.restApi));
            const stageName = known(stage.props, "stageName");
            // Names still unknown in preview count as a match.
            const forStage = (ms: PolicyResource) => {
                const name = known(ms.props, "stageName");
                return name === undefined || stageName === undefined || name === stageName;
            };
            const throttled = all.some((ms) => {
                const s = known(ms.props, "settings");
                return (
                    isOneOf(ms.type, IngestTypes.methodSettings) &&
                    known(ms.props, "methodPath") === "*/*" &&
                    forStage(ms) &&
                    sameApi(ms, stage, apis) &&
                    Number(known(s, "throttlingRateLimit")) > 0 &&
                    Number(known(s, "throttlingBurstLimit")) > 0
                );
            });
            if (!throttled) {
                report(`stage '${stage.name}' is not throttled: add MethodSettings {methodPath: "*/*", settings: {throttlingRateLimit, throttlingBurstLimit}} for it`);
            }
        },
    );
}

export function prodMethodAuth(): ResourceValidationPolicy {
    return prodResourceRule(
        {
            name: "apigateway-prod-method-auth",
            description: "In a prod stack, every API Gateway method requires IAM auth, an authorizer or an API key.",
        },
        IngestTypes.method,
        (props, _args, report) => {
            if (known(props, "authorization") === "NONE" && known(props, "apiKeyRequired") !== true) {
                report("method is open to anyone: set ingestApi.auth to apiKey or iam (authorization AWS_IAM, or apiKeyRequired)");
            }
        },
    );
}

export function lambdaPermissionSourceArn(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-permission-source-arn",
            description: "A Lambda invoke permission granted to an AWS service names the source (sourceArn), so no other resource of that service can invoke the function.",
        },
        IngestTypes.lambdaPermission,
        (props, _args, report) => {
            const principal = known(props, "principal");
            if (typeof principal === "string" && principal.endsWith(".amazonaws.com") && !isSet(props, "sourceArn")) {
                report(`permission lets any ${principal} resource invoke the function: set sourceArn (e.g. the API's execution ARN)`);
            }
        },
    );
}

/** Every ingest rule, for the pack's list. */
export const ingestPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    firehoseEncryption(),
    firehoseErrorHandling(),
    firehoseDropZoneLayout(),
    kinesisStreamEncryption(),
    apiStageAccessLogs(),
    apiStageThrottling(),
    prodMethodAuth(),
    lambdaPermissionSourceArn(),
];
