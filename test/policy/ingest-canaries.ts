/**
 * Canaries of the ingest rules, on the lake's recorded dev stack (with a Kinesis-fed stream too):
 * each breaks one thing and names the rule, the one condition of it that must fire, and the
 * resource it must be reported on. ingest-rules.test.ts runs them; pack.test.ts counts conditions.
 */
import { RecordedResource } from "../../harness/program";
import { ruleCases } from "./canaries";

type Props = Record<string, any>;

export interface IngestCanary {
    rule: string;
    condition: string;
    case: string;
    /** Logical name of the resource changed (and, unless `flags` says otherwise, flagged). */
    target: string;
    flags?: string;
    change?: (props: Props) => void;
    /** Remove the target instead of changing it. */
    remove?: boolean;
    /** Adds resources (inputs = outputs) to the recording, after `change`. */
    add?: (recorded: RecordedResource[]) => Partial<RecordedResource>[];
    /** Other rules the same change necessarily breaks (no method settings: no execution logs either). */
    alsoFires?: string[];
    /** Per-policy config. */
    config?: Record<string, Record<string, unknown>>;
}

const s3 = (p: Props) => p.extendedS3Configuration;
const STAGE = "lake-ingest-http-stage";
const SETTINGS = "lake-ingest-http-method-settings";
/** The custom domain of the canaries' stack (ingest-rules.test.ts configures `ingestApi.domain`). */
const DOMAIN = "lake-ingest-http-domain";
const WAF_REQUIRED = { "apigateway-waf": { required: true } };

/** The logging configuration of the canaries' web ACL: redacting every credential header, or `redacted`. */
const LOGGED_HEADERS = ["authorization", "x-api-key", "x-amz-security-token"];
const logging = (aclArn: string, redacted = LOGGED_HEADERS): Partial<RecordedResource> => ({
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    name: "canary-acl-logging",
    props: {
        resourceArn: aclArn,
        logDestinationConfigs: ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-canary"],
        redactedFields: redacted.map((name) => ({ singleHeader: { name } })),
    },
});

/**
 * A web ACL associated with the recorded stage; `statements` are its rules' statements. It logs
 * with every credential header redacted, unless `redacted` names fewer, or `logged` is false.
 */
function webAcl(statements: Props[], { logged = true, redacted = LOGGED_HEADERS } = {}) {
    return (recorded: RecordedResource[]): Partial<RecordedResource>[] => {
        const stage = recorded.find((r) => r.name === STAGE)!;
        const aclArn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/canary/1";
        const stageArn = `arn:aws:apigateway:eu-west-1::/restapis/${stage.outputs.restApi}/stages/${stage.outputs.stageName}`;
        stage.outputs.arn = stageArn;
        return [
            {
                type: "aws:wafv2/webAcl:WebAcl",
                name: "canary-acl",
                props: { arn: aclArn, scope: "REGIONAL", rules: statements.map((statement, i) => ({ name: `r${i}`, priority: i, statement })) },
            },
            { type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: "canary-acl-association", props: { resourceArn: stageArn, webAclArn: aclArn } },
            ...(logged ? [logging(aclArn, redacted)] : []),
        ];
    };
}
const COMMON = { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } };
const RATE = { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } };

export const ingestCanaries: IngestCanary[] = [
    ...ruleCases<IngestCanary>("firehose-kms-encryption", [
        { condition: "objects", case: "objects without SSE-KMS", target: "lake-ingest-events-firehose", change: (p) => delete s3(p).kmsKeyArn },
        { condition: "buffer", case: "Direct PUT without buffer SSE", target: "lake-ingest-events-firehose", change: (p) => delete p.serverSideEncryption },
        {
            condition: "buffer",
            case: "Direct PUT with buffer SSE disabled",
            target: "lake-ingest-clicks-firehose",
            change: (p) => (p.serverSideEncryption.enabled = false),
        },
    ]),
    ...ruleCases<IngestCanary>("firehose-error-output", [
        {
            condition: "error-type",
            case: "error prefix without the error type",
            target: "lake-ingest-events-firehose",
            change: (p) => (s3(p).errorOutputPrefix = "quarantine/streams/events/"),
        },
        { condition: "error-type", case: "no error prefix", target: "lake-ingest-metrics-firehose", change: (p) => delete s3(p).errorOutputPrefix },
        {
            condition: "logging",
            case: "error logging off",
            target: "lake-ingest-events-firehose",
            change: (p) => (s3(p).cloudwatchLoggingOptions.enabled = false),
        },
    ]),
    ...ruleCases<IngestCanary>("firehose-drop-zone-layout", [
        {
            condition: "prefix",
            case: "delivery outside streams/",
            target: "lake-ingest-events-firehose",
            change: (p) => (s3(p).prefix = "events/year=!{timestamp:yyyy}/"),
        },
        {
            condition: "error-prefix",
            case: "errors outside quarantine/",
            target: "lake-ingest-events-firehose",
            change: (p) => (s3(p).errorOutputPrefix = "streams-errors/events/!{firehose:error-output-type}/"),
        },
    ]),
    ...ruleCases<IngestCanary>("kinesis-stream-cmk-encryption", [
        { condition: "unencrypted", case: "unencrypted stream", target: "lake-ingest-metrics-source", change: (p) => (p.encryptionType = "NONE") },
        { condition: "unencrypted", case: "KMS without a key", target: "lake-ingest-metrics-source", change: (p) => delete p.kmsKeyId },
        {
            condition: "aws-managed-key",
            case: "AWS managed key",
            target: "lake-ingest-metrics-source",
            change: (p) => (p.kmsKeyId = "arn:aws:kms:eu-west-1:123456789012:alias/aws/kinesis"),
        },
    ]),
    ...ruleCases<IngestCanary>("apigateway-stage-access-logs", [
        { condition: "destination", case: "access logs without a destination", target: STAGE, change: (p) => delete p.accessLogSettings.destinationArn },
        { condition: "format", case: "access logs without a format", target: STAGE, change: (p) => delete p.accessLogSettings.format },
        {
            condition: "format-request-id",
            case: "access-log format without $context.requestId",
            target: STAGE,
            change: (p) => (p.accessLogSettings.format = JSON.stringify({ ip: "$context.identity.sourceIp", status: "$context.status" })),
        },
    ]),
    ...ruleCases<IngestCanary>("apigateway-stage-throttling", [
        { condition: "no-settings", case: "no method settings", target: SETTINGS, flags: STAGE, remove: true, alsoFires: ["apigateway-execution-logging"] },
        {
            condition: "no-settings",
            case: "settings for one method only",
            target: SETTINGS,
            flags: STAGE,
            change: (p) => (p.methodPath = "track/POST"),
            alsoFires: ["apigateway-execution-logging"],
        },
        {
            condition: "rate-limit",
            case: "no throttling rate limit (burst kept)",
            target: SETTINGS,
            flags: STAGE,
            change: (p) => delete p.settings.throttlingRateLimit,
        },
        {
            condition: "burst-limit",
            case: "no throttling burst limit (rate kept)",
            target: SETTINGS,
            flags: STAGE,
            change: (p) => delete p.settings.throttlingBurstLimit,
        },
    ]),
    ...ruleCases<IngestCanary>("apigateway-execution-logging", [
        { condition: "logging-off", case: "execution logging OFF", target: SETTINGS, flags: STAGE, change: (p) => (p.settings.loggingLevel = "OFF") },
        { condition: "logging-off", case: "execution logging unset", target: SETTINGS, flags: STAGE, change: (p) => delete p.settings.loggingLevel },
    ]),
    ...ruleCases<IngestCanary>("apigateway-domain-tls", [
        { condition: "no-policy", case: "custom domain without a security policy", target: DOMAIN, change: (p) => delete p.securityPolicy },
        { condition: "below-tls-1-2", case: "custom domain accepting TLS 1.0", target: DOMAIN, change: (p) => (p.securityPolicy = "TLS_1_0") },
    ]),
    ...ruleCases<IngestCanary>("apigateway-waf", [
        { condition: "no-web-acl", case: "no web ACL where required by config", target: STAGE, config: WAF_REQUIRED },
        { condition: "common-rule-set", case: "web ACL without the common rule set", target: STAGE, add: webAcl([RATE]) },
        { condition: "rate-limit", case: "web ACL without a rate-based rule", target: STAGE, add: webAcl([COMMON]) },
    ]),
    ...ruleCases<IngestCanary>("waf-logging", [
        {
            condition: "no-logging",
            case: "web ACL without a logging configuration",
            target: STAGE,
            flags: "canary-acl",
            add: webAcl([COMMON, RATE], { logged: false }),
        },
        {
            condition: "credentials-logged",
            case: "WAF logs keeping the API key header",
            target: STAGE,
            flags: "canary-acl",
            add: webAcl([COMMON, RATE], { redacted: ["authorization", "x-amz-security-token"] }),
        },
        {
            condition: "credentials-logged",
            case: "WAF logs redacting no header",
            target: STAGE,
            flags: "canary-acl",
            add: webAcl([COMMON, RATE], { redacted: [] }),
        },
    ]),
    {
        rule: "apigateway-prod-method-auth",
        condition: "open-method",
        case: "open method, policy config environment prod",
        target: "lake-ingest-http-track-post",
        change: (p) => (p.apiKeyRequired = false),
        config: { "apigateway-prod-method-auth": { environment: "prod" } },
    },
    ...ruleCases<IngestCanary>("lambda-permission-source-arn", [
        { condition: "no-source-arn", case: "API Gateway may invoke from any API", target: "lake-ingest-http-invoke", change: (p) => delete p.sourceArn },
        {
            condition: "source-arn-wildcard",
            case: "sourceArn covering every API of the account",
            target: "lake-ingest-http-invoke",
            change: (p) => (p.sourceArn = "arn:aws:execute-api:eu-west-1:123456789012:*/*/POST/*"),
        },
    ]),
];

/** A web ACL with both required rules, on the stage: the WAF rule's good variant. */
export const goodWebAcl = webAcl([COMMON, RATE]);
