/**
 * API Gateway rules: stage access logs, throttling and execution logging into a declared group;
 * custom domains at TLS 1.2 or above; in prod, no open method.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { executionLogGroupName } from "../../lib/apigateway-logs";
import { Props, prodResourceRule, resourceRule, stackRule } from "../define";
import { AwsTypes, IngestTypes, isOneOf, isSet, known, referenced } from "../resources";

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

export function apigatewayExecutionLogsDeclared(): StackValidationPolicy {
    return stackRule(
        {
            name: "apigateway-execution-logs-declared",
            description:
                "A REST API stage with execution logging on (loggingLevel INFO or ERROR) has its API-Gateway-Execution-Logs_<api id>/<stage> group declared with a retention; otherwise API Gateway creates it, kept forever and unencrypted.",
            conditions: {
                "undeclared-group": "the execution log group is declared in the stack",
                "no-retention": "the declared execution log group has a retention",
            },
        },
        AwsTypes.methodSettings,
        (r, all, flag) => {
            const level = known(known(r.props, "settings"), "loggingLevel");
            if (level === undefined || level === "OFF") return;
            const [restApi, stageName] = [known(r.props, "restApi"), known(r.props, "stageName")];
            if (typeof restApi !== "string" || typeof stageName !== "string") return; // unknown during a preview: judged at up
            const group = executionLogGroupName(restApi, stageName);
            const declared = all.find((x) => AwsTypes.logGroup.includes(x.type as never) && known(x.props, "name") === group);
            if (!declared) {
                flag(
                    "undeclared-group",
                    `execution logging is ${level} but no log group ${group} is declared: declare it (retention, KMS key) before the stage, or set loggingLevel OFF and rely on access logs`,
                );
            } else if (!known(declared.props, "retentionInDays")) {
                flag("no-retention", `log group ${group} keeps execution logs forever: set retentionInDays`);
            }
        },
    );
}

/**
 * API Gateway's legacy `TLS_1_0` policy accepts TLS 1.0 and 1.1; `TLS_1_2` and every enhanced
 * `SecurityPolicy_*` policy start at TLS 1.2 (API Gateway developer guide, "Choose a security
 * policy for your custom domain"). A domain without a policy takes the service's default, which
 * the program then does not control.
 */
const TLS_1_2_POLICY = /^(TLS_1_2|SecurityPolicy_.+)$/;

export function apiDomainTls(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "apigateway-domain-tls",
            description:
                "API Gateway custom domain names set a security policy of TLS 1.2 or above (TLS_1_2 or an enhanced SecurityPolicy_* policy), never TLS_1_0.",
            conditions: {
                "no-policy": "securityPolicy is set",
                "below-tls-1-2": "securityPolicy is TLS_1_2 or a SecurityPolicy_* policy",
            },
        },
        IngestTypes.domainName,
        (props, _args, flag) => {
            const policy = known(props, "securityPolicy");
            if (policy === undefined || policy === "") flag("no-policy", "custom domain has no securityPolicy: set it to TLS_1_2");
            else if (typeof policy === "string" && !TLS_1_2_POLICY.test(policy))
                flag("below-tls-1-2", `custom domain's securityPolicy ${policy} accepts TLS below 1.2: set it to TLS_1_2`);
        },
    );
}
