/**
 * WAF rules: a web ACL on every API stage (in prod, or when required) running the common rule set
 * and a rate rule, and its logs without credentials.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_SCHEMA, EnvironmentConfig, Props, isProd, stackRule } from "../define";
import { IngestTypes, isOneOf, known, pointingAt, referenced } from "../resources";

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
