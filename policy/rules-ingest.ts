/**
 * The streaming ingest's rules (Firehose, Kinesis, API Gateway, Lambda invoke permissions), as
 * @pulumi/policy policies in the style of ./rules/: pure, no PolicyPack built here. The pack
 * lists `ingestPolicies` next to `policies`.
 *
 * Values still unknown during preview (a key ARN, a stream name) count as set: `isSet`/`known`.
 */
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../lib/contract";
import { ENVIRONMENT_SCHEMA, EnvironmentConfig, Props, isProd, prodResourceRule, resourceRule, stackRule } from "./define";
import { isOneOf, isSet, known, pointingAt, referenced } from "./resources";

export const IngestTypes = {
    firehose: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
    kinesisStream: ["aws:kinesis/stream:Stream"],
    restApi: ["aws:apigateway/restApi:RestApi"],
    stage: ["aws:apigateway/stage:Stage"],
    methodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
    method: ["aws:apigateway/method:Method"],
    lambdaPermission: ["aws:lambda/permission:Permission"],
    webAcl: ["aws:wafv2/webAcl:WebAcl"],
    webAclAssociation: ["aws:wafv2/webAclAssociation:WebAclAssociation"],
    webAclLogging: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"],
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
            conditions: { objects: "delivered objects are SSE-KMS", buffer: "a Direct PUT stream encrypts its buffer" },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            if (!isSet(s3, "kmsKeyArn")) {
                flag("objects", "delivered objects are not SSE-KMS: set extendedS3Configuration.kmsKeyArn to the drop zone's key");
            }
            const kinesisFed = isSet(props, "kinesisSourceConfiguration");
            if (!kinesisFed && known(known(props, "serverSideEncryption"), "enabled") !== true) {
                flag(
                    "buffer",
                    "a Direct PUT stream keeps records unencrypted in its buffer: set serverSideEncryption {enabled: true, keyType: CUSTOMER_MANAGED_CMK, keyArn}",
                );
            }
        },
    );
}

export function firehoseErrorHandling(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-error-output",
            description: `Firehose delivery streams keep failed records under an error prefix carrying ${ERROR_OUTPUT_TYPE} and log delivery errors to CloudWatch.`,
            conditions: { "error-type": `errorOutputPrefix contains ${ERROR_OUTPUT_TYPE}`, logging: "delivery errors are logged to CloudWatch" },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof errorPrefix !== "string" || !errorPrefix.includes(ERROR_OUTPUT_TYPE)) {
                flag("error-type", `errorOutputPrefix ${JSON.stringify(errorPrefix ?? null)} does not contain ${ERROR_OUTPUT_TYPE}`);
            }
            if (known(known(s3, "cloudwatchLoggingOptions"), "enabled") !== true) {
                flag(
                    "logging",
                    "delivery errors are not logged: set extendedS3Configuration.cloudwatchLoggingOptions {enabled: true, logGroupName, logStreamName}",
                );
            }
        },
    );
}

export function firehoseDropZoneLayout(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-drop-zone-layout",
            description: `Firehose delivers under '${STREAMS_PREFIX}<name>/' and writes errors under '${QUARANTINE_PREFIX}', which the zone processors skip.`,
            conditions: { prefix: `prefix is under '${STREAMS_PREFIX}'`, "error-prefix": `errorOutputPrefix is under '${QUARANTINE_PREFIX}'` },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            const prefix = known(s3, "prefix");
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof prefix !== "string" || !prefix.startsWith(STREAMS_PREFIX)) {
                flag(
                    "prefix",
                    `prefix ${JSON.stringify(prefix ?? null)} is not under '${STREAMS_PREFIX}': the drop processor would take its first segment as the dataset`,
                );
            }
            if (typeof errorPrefix === "string" && !errorPrefix.startsWith(QUARANTINE_PREFIX)) {
                flag(
                    "error-prefix",
                    `errorOutputPrefix '${errorPrefix}' is not under '${QUARANTINE_PREFIX}': the drop processor would promote failed records as a dataset`,
                );
            }
        },
    );
}

export function kinesisStreamEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "kinesis-stream-cmk-encryption",
            description: "Kinesis data streams are encrypted with a customer managed KMS key.",
            conditions: { unencrypted: "encryptionType is KMS with a kmsKeyId", "aws-managed-key": "the key is not alias/aws/kinesis" },
        },
        IngestTypes.kinesisStream,
        (props, _args, flag) => {
            if (known(props, "encryptionType") !== "KMS" || !isSet(props, "kmsKeyId")) {
                flag("unencrypted", "stream is not encrypted: set encryptionType KMS and kmsKeyId to a customer managed key");
                return;
            }
            const key = known(props, "kmsKeyId");
            if (typeof key === "string" && key.endsWith("alias/aws/kinesis")) {
                flag("aws-managed-key", "stream uses the AWS managed key alias/aws/kinesis: use a customer managed key (rotation, key policy, audit)");
            }
        },
    );
}

export function apiStageAccessLogs(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "apigateway-stage-access-logs",
            description:
                "API Gateway stages write access logs (accessLogSettings with a destination and a format that includes $context.requestId or $context.extendedRequestId, as API Gateway requires).",
            conditions: {
                destination: "accessLogSettings.destinationArn is set",
                format: "accessLogSettings.format is set",
                "format-request-id": "the format logs $context.requestId or $context.extendedRequestId",
            },
        },
        IngestTypes.stage,
        (props, _args, flag) => {
            const settings = known(props, "accessLogSettings");
            if (!isSet(settings, "destinationArn"))
                flag("destination", "stage has no access log destination: set accessLogSettings.destinationArn to a log group ARN");
            if (!isSet(settings, "format")) flag("format", "stage has no access log format: set accessLogSettings.format");
            const format = known(settings, "format");
            if (typeof format === "string" && !/\$context\.(requestId|extendedRequestId)\b/.test(format)) {
                flag("format-request-id", "access log format logs neither $context.requestId nor $context.extendedRequestId: API Gateway rejects it");
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

/** The MethodSettings of `stage` for `methodPath` (names still unknown in preview count as a match). */
function stageSettings(stage: PolicyResource, all: PolicyResource[], methodPath: string): Props[] {
    const apis = all.filter((r) => isOneOf(r.type, IngestTypes.restApi));
    const stageName = known(stage.props, "stageName");
    const forStage = (ms: PolicyResource) => {
        const name = known(ms.props, "stageName");
        return name === undefined || stageName === undefined || name === stageName;
    };
    return all
        .filter(
            (ms) => isOneOf(ms.type, IngestTypes.methodSettings) && known(ms.props, "methodPath") === methodPath && forStage(ms) && sameApi(ms, stage, apis),
        )
        .map((ms) => known(ms.props, "settings") ?? {});
}

export function apiStageThrottling(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-stage-throttling",
            description: "Every API Gateway stage throttles all its methods (MethodSettings '*/*' with a rate and a burst limit).",
            conditions: {
                "no-settings": "the stage has MethodSettings for '*/*'",
                "rate-limit": "they set throttlingRateLimit > 0",
                "burst-limit": "they set throttlingBurstLimit > 0",
            },
        },
        IngestTypes.stage,
        (stage, all, flag) => {
            const settings = stageSettings(stage, all, "*/*");
            if (settings.length === 0) {
                flag(
                    "no-settings",
                    `stage '${stage.name}' is not throttled: add MethodSettings {methodPath: "*/*", settings: {throttlingRateLimit, throttlingBurstLimit}} for it`,
                );
                return;
            }
            if (!settings.some((s) => Number(known(s, "throttlingRateLimit")) > 0))
                flag("rate-limit", `stage '${stage.name}' has no throttlingRateLimit for '*/*'`);
            if (!settings.some((s) => Number(known(s, "throttlingBurstLimit")) > 0))
                flag("burst-limit", `stage '${stage.name}' has no throttlingBurstLimit for '*/*'`);
        },
    );
}

/** Execution log levels that log (OFF, or unset, logs nothing). */
const LOGGING_LEVELS = ["ERROR", "INFO"];

export function apiExecutionLogging(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-execution-logging",
            description: "Every API Gateway stage writes execution logs for all its methods (MethodSettings '*/*' with loggingLevel ERROR or INFO).",
            conditions: { "logging-off": "'*/*' MethodSettings set loggingLevel ERROR or INFO" },
        },
        IngestTypes.stage,
        (stage, all, flag) => {
            const levels = stageSettings(stage, all, "*/*").map((s) => known(s, "loggingLevel"));
            if (!levels.some((l) => LOGGING_LEVELS.includes(l))) {
                flag(
                    "logging-off",
                    `stage '${stage.name}' writes no execution logs (loggingLevel ${JSON.stringify(levels)}): set '*/*' loggingLevel "ERROR" or "INFO"`,
                );
            }
        },
    );
}

/** Policy config of apigateway-waf: `required` overrides "required in prod". */
interface WafConfig extends EnvironmentConfig {
    required?: boolean;
}

const COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet";

/** Statements of every rule of a web ACL (v7 `rules[].statement`, or the JSON `ruleJson`). */
function webAclStatements(acl: Props): Props[] {
    const rules = [...((known(acl, "rules") ?? []) as Props[])];
    const json = known(acl, "ruleJson");
    if (typeof json === "string") {
        try {
            rules.push(...(JSON.parse(json) as Props[]).map((r) => ({ statement: r.Statement ?? r.statement })));
        } catch {
            // an unreadable ruleJson is the provider's to reject
        }
    }
    return rules.map((r) => known(r, "statement") ?? {});
}

const usesCommonRuleSet = (st: Props) => {
    const managed = known(st, "managedRuleGroupStatement") ?? known(st, "ManagedRuleGroupStatement");
    return (known(managed, "name") ?? known(managed, "Name")) === COMMON_RULE_SET;
};
const isRateBased = (st: Props) => (known(st, "rateBasedStatement") ?? known(st, "RateBasedStatement")) !== undefined;

export function apiStageWaf(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-waf",
            description:
                "In prod (or with policy config required: true) every API Gateway stage is associated with an AWS WAF web ACL, and every web ACL on a stage uses the AWS managed common rule set and a rate-based rule.",
            configSchema: { properties: { ...ENVIRONMENT_SCHEMA, required: { type: "boolean" } } },
            conditions: {
                "no-web-acl": "the stage has a WebAclAssociation (when required)",
                "common-rule-set": `its web ACL runs ${COMMON_RULE_SET}`,
                "rate-limit": "its web ACL has a rate-based rule",
            },
        },
        IngestTypes.stage,
        (stage, all, flag, args) => {
            const config = args.getConfig<WafConfig>();
            const associations = pointingAt(stage, "resourceArn", IngestTypes.webAclAssociation, all);
            const required = config.required ?? isProd(config, stage.urn);
            if (associations.length === 0) {
                if (required) flag("no-web-acl", `stage '${stage.name}' has no AWS WAF web ACL: set ingestApi.waf (on by default in prod)`);
                return;
            }
            const acls = all.filter((r) => isOneOf(r.type, IngestTypes.webAcl));
            for (const acl of associations.flatMap((a) => referenced(a, "webAclArn", acls))) {
                const statements = webAclStatements(acl.props);
                if (!statements.some(usesCommonRuleSet))
                    flag("common-rule-set", `web ACL '${acl.name}' on stage '${stage.name}' does not run ${COMMON_RULE_SET}`);
                if (!statements.some(isRateBased)) flag("rate-limit", `web ACL '${acl.name}' on stage '${stage.name}' has no rate-based rule`);
            }
        },
    );
}

/** Headers that carry an API's credentials (API key, SigV4 signature and session token). */
const CREDENTIAL_HEADERS = ["authorization", "x-api-key", "x-amz-security-token"];

/** Header names a WAF logging configuration redacts (`redactedFields[].singleHeader.name`), lowercase. */
function redactedHeaders(logging: Props): string[] {
    return ((known(logging, "redactedFields") ?? []) as Props[])
        .map((f) => known(known(f, "singleHeader"), "name"))
        .filter((n): n is string => typeof n === "string")
        .map((n) => n.toLowerCase());
}

export function webAclLogging(): StackValidationPolicy {
    return stackRule(
        {
            name: "waf-logging",
            description:
                "Every WAF web ACL logs the requests it evaluates (a WebAclLoggingConfiguration), with the credential headers (authorization, x-api-key, x-amz-security-token) redacted.",
            conditions: {
                "no-logging": "the web ACL has a logging configuration",
                "credentials-logged": `its logging configuration redacts ${CREDENTIAL_HEADERS.join(", ")}`,
            },
        },
        IngestTypes.webAcl,
        (acl, all, flag) => {
            const configs = pointingAt(acl, "resourceArn", IngestTypes.webAclLogging, all);
            if (configs.length === 0) {
                flag("no-logging", `web ACL '${acl.name}' logs no requests: add a WebAclLoggingConfiguration to an aws-waf-logs- log group`);
            }
            for (const config of configs) {
                const missing = CREDENTIAL_HEADERS.filter((h) => !redactedHeaders(config.props).includes(h));
                if (missing.length > 0) {
                    flag(
                        "credentials-logged",
                        `web ACL '${acl.name}' logs the credential headers ${missing.join(", ")}: add them to redactedFields (singleHeader)`,
                    );
                }
            }
        },
    );
}

export function prodMethodAuth(): ResourceValidationPolicy {
    return prodResourceRule(
        {
            name: "apigateway-prod-method-auth",
            description: "In a prod stack, every API Gateway method requires IAM auth, an authorizer or an API key.",
            conditions: { "open-method": "authorization is not NONE, or an API key is required" },
        },
        IngestTypes.method,
        (props, _args, flag) => {
            if (known(props, "authorization") === "NONE" && known(props, "apiKeyRequired") !== true) {
                flag("open-method", "method is open to anyone: set ingestApi.auth to apiKey or iam (authorization AWS_IAM, or apiKeyRequired)");
            }
        },
    );
}

export function lambdaPermissionSourceArn(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-permission-source-arn",
            description:
                "A Lambda invoke permission granted to an AWS service names one source (sourceArn, not a wildcard over the service's resources); for S3, whose bucket ARNs carry no account, also sourceAccount.",
            conditions: {
                "no-source-arn": "a service principal's permission sets sourceArn",
                "source-arn-wildcard": "the sourceArn names a resource, not every one of the service's",
                "s3-source-account": "an s3.amazonaws.com permission sets sourceAccount",
            },
        },
        IngestTypes.lambdaPermission,
        (props, _args, flag) => {
            const principal = known(props, "principal");
            if (typeof principal !== "string" || !principal.endsWith(".amazonaws.com")) return;
            if (!isSet(props, "sourceArn")) {
                flag("no-source-arn", `permission lets any ${principal} resource invoke the function: set sourceArn (e.g. the API's execution ARN)`);
            }
            const source = known(props, "sourceArn");
            if (typeof source === "string" && /^\*/.test(source.split(":").slice(5).join(":"))) {
                flag("source-arn-wildcard", `sourceArn ${source} covers every resource of the service: name the API, bucket or rule`);
            }
            if (principal === "s3.amazonaws.com" && !isSet(props, "sourceAccount")) {
                flag("s3-source-account", "an S3 bucket ARN names no account: set sourceAccount so a same-named bucket elsewhere cannot invoke");
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
    apiExecutionLogging(),
    apiStageWaf(),
    webAclLogging(),
    prodMethodAuth(),
    lambdaPermissionSourceArn(),
];
