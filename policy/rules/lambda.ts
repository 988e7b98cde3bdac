/**
 * Lambda function rules: a supported runtime, a declared log group, tracing all or nothing,
 * placement in the VPC; invoke permissions naming their principal and source; stream event source
 * mappings handling failures.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceRule, stackRule } from "../define";
import { accountOf, actionMatches, actionsOf, isAllow, readStatements } from "../documents";
import {
    AccountConfig,
    IngestTypes,
    RealtimeTypes,
    Types,
    WarehouseTypes,
    accountConfigSchema,
    homeAccount,
    isForeign,
    isOneOf,
    isSet,
    known,
    pointingAt,
    referenced,
} from "../resources";
import { OUTSIDE_VPC_TAG } from "../../lib/vpc-placement";

/**
 * Lambda runtimes AWS still supports for new and updated functions, as of 2026-12
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Supported runtimes"; the
 * Amazon Linux 2 based ones end with AL2 in 2026 and are left out). Update it from that page.
 */
export const SUPPORTED_RUNTIMES = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.12",
    "python3.13",
    "python3.14",
    "java21",
    "java25",
    "dotnet8",
    "dotnet10",
    "ruby3.4",
    "provided.al2023",
];

export function lambdaSupportedRuntime(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-supported-runtime",
            description: `Zip-packaged Lambda functions use a supported runtime (${SUPPORTED_RUNTIMES.join(", ")}).`,
            conditions: { unsupported: "the runtime is one AWS still supports" },
        },
        Types.lambdaFunction,
        (fn, args, flag) => {
            if (known(fn, "packageType") === "Image") args.notApplicable("container image functions bring their own runtime");
            const runtime = known(fn, "runtime");
            if (runtime === undefined && isSet(fn, "runtime")) return; // unknown at preview
            if (!SUPPORTED_RUNTIMES.includes(runtime)) {
                flag("unsupported", `runtime ${JSON.stringify(runtime ?? null)} is deprecated or unset: use one of ${SUPPORTED_RUNTIMES.join(", ")}`);
            }
        },
    );
}

export function lambdaLogRetention(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-log-retention",
            description:
                "Every Lambda function's log group is declared in the stack (so log-group-retention and log-group-cmk-encryption judge it) with a retention.",
            conditions: { undeclared: "the function's log group is declared in the stack", "no-retention": "that log group has a retention" },
        },
        Types.lambdaFunction,
        (fn, all, flag) => {
            const name = known(fn.props, "name");
            const expected = known(known(fn.props, "loggingConfig"), "logGroup") ?? (name ? `/aws/lambda/${name}` : undefined);
            const groups = all.filter((r) => isOneOf(r.type, Types.logGroup));
            // By name when the name is known; otherwise the one log group the function depends on.
            const dependedOn = groups.filter((g) => fn.dependencies.includes(g));
            const group = expected ? groups.find((g) => known(g.props, "name") === expected) : dependedOn.length === 1 ? dependedOn[0] : undefined;
            if (!group) {
                if (expected) {
                    flag(
                        "undeclared",
                        `function '${fn.name}' logs to '${expected}', which is not declared in the stack: Lambda would create ` +
                            `it with no retention; declare the LogGroup with retentionInDays and set loggingConfig.logGroup`,
                    );
                }
                return; // neither a name nor a log group dependency: not decidable here
            }
            if (!(Number(group.props.retentionInDays) > 0)) {
                flag("no-retention", `function '${fn.name}' logs to '${group.name}', which has no retentionInDays`);
            }
        },
    );
}

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const API_STAGE = "aws:apigateway/stage:Stage";
/** What Lambda's active tracing needs the function's role to allow. */
export const TRACE_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/** A function's tracing mode; unset is Lambda's default, PassThrough. */
const tracingMode = (fn: PolicyResource): unknown => known(known(fn.props, "tracingConfig"), "mode") ?? "PassThrough";

/**
 * Tracing is one setting for the whole stack: once an API stage traces (`xrayTracingEnabled`) or
 * any function does, every function traces (a trace that stops at an untraced function shows
 * nothing of the work behind it; third-party packs flag functions without active tracing), and
 * each traced function's role may write traces.
 */
export function lambdaTracingConsistent(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-tracing-consistent",
            description:
                "When the stack traces (an API stage with X-Ray or any function in Active mode), every Lambda function traces and its role may write traces.",
            conditions: {
                "not-traced": 'when the stack traces, tracingConfig.mode is "Active"',
                "no-trace-permission": `a traced function's role has an inline policy allowing ${TRACE_WRITE_ACTIONS.join(", ")}`,
            },
        },
        Types.lambdaFunction,
        (fn, all, flag) => {
            const stackTraces =
                all.some((r) => r.type === API_STAGE && known(r.props, "xrayTracingEnabled") === true) ||
                all.some((r) => isOneOf(r.type, Types.lambdaFunction) && tracingMode(r) === "Active");
            if (!stackTraces) return;
            if (tracingMode(fn) !== "Active") {
                flag("not-traced", `function '${fn.name}' does not trace while the stack does: set tracingConfig {mode: "Active"}`);
                return;
            }
            const [role] = referenced(
                fn,
                "role",
                all.filter((r) => r.type === ROLE),
            );
            if (!role) return; // a role from outside the stack: its policies are not here to judge
            const documents = pointingAt(role, "role", [ROLE_POLICY], all).map((p) => known(p.props, "policy"));
            if (documents.some((d) => d === undefined)) return; // built from ARNs unknown at preview: judged at `up`
            const allowed = documents
                .flatMap((d) => readStatements(d, () => undefined))
                .filter(isAllow)
                .flatMap(actionsOf);
            const missing = TRACE_WRITE_ACTIONS.filter((a) => !allowed.some((pattern) => actionMatches(pattern, a)));
            if (missing.length) flag("no-trace-permission", `function '${fn.name}' traces but its role may not ${missing.join(", ")}`);
        },
    );
}

/** Whether a function is placed in subnets (an unknown list, at preview, counts as placed). */
function inVpc(fn: PolicyResource): boolean {
    const subnets = fn.props.vpcConfig?.subnetIds;
    return subnets !== undefined && (!Array.isArray(subnets) || subnets.length > 0);
}

/**
 * Once a stack puts functions in a VPC (`network.lambdasInVpc`), a function left outside says why,
 * so "in the VPC" means every function but the ones that declare otherwise.
 */
export function lambdaVpcPlacement(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-vpc-placement",
            description: `In a stack that runs functions in a VPC, every function runs there too or carries the tag ${OUTSIDE_VPC_TAG} with the reason.`,
            conditions: {
                "outside-vpc-undeclared": `with a function in a VPC, every other function has a vpcConfig with subnets or a non-empty ${OUTSIDE_VPC_TAG} tag`,
            },
        },
        WarehouseTypes.lambdaFunction,
        (r, all, flag) => {
            if (inVpc(r)) return;
            if (!all.some((f) => WarehouseTypes.lambdaFunction.includes(f.type as never) && inVpc(f))) return;
            const reason = known(r.props, "tags")?.[OUTSIDE_VPC_TAG];
            if (reason === undefined || (typeof reason === "string" && reason.trim() === "")) {
                flag(
                    "outside-vpc-undeclared",
                    `the stack runs functions in a VPC but this one is outside it without a reason: give it the VPC's subnets, or the tag ${OUTSIDE_VPC_TAG} saying why`,
                );
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

/** `arn:<partition>:<service>:...` -> service, when known. */
const serviceOf = (arn: unknown) => (typeof arn === "string" && arn.startsWith("arn:") ? arn.split(":")[2] : undefined);

export function streamMappingFailureHandling(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "lambda-stream-mapping-failure-handling",
            description:
                "Kinesis and DynamoDB stream event source mappings report partial batch failures, bound their retries and send skipped batches to an on-failure destination, so a poison record neither blocks its shard nor disappears unnoticed.",
            conditions: {
                "partial-batch": "functionResponseTypes includes ReportBatchItemFailures",
                "bounded-retries": "maximumRetryAttempts is set and not -1",
                "on-failure": "destinationConfig.onFailure.destinationArn is set",
            },
        },
        RealtimeTypes.eventSourceMapping,
        (props, args, flag) => {
            const service = serviceOf(known(props, "eventSourceArn"));
            // Only stream sources; SQS mappings have their own rule (sqs-consumed-queue-dlq).
            if (service !== undefined && service !== "kinesis" && service !== "dynamodb") args.notApplicable(`source ${service}`);
            if (service === undefined && !isSet(props, "startingPosition")) args.notApplicable("not a stream source");
            const types = known(props, "functionResponseTypes");
            if (!Array.isArray(types) || !types.includes("ReportBatchItemFailures")) {
                flag("partial-batch", "a failing record replays its whole batch: set functionResponseTypes ['ReportBatchItemFailures']");
            }
            const retries = known(props, "maximumRetryAttempts");
            if (retries !== undefined && !(Number(retries) >= 0))
                flag("bounded-retries", `maximumRetryAttempts ${retries} retries a failing batch until its records expire: bound it`);
            if (retries === undefined && isSet(props, "eventSourceArn"))
                flag("bounded-retries", "maximumRetryAttempts unset (-1: until the records expire): bound it");
            if (!isSet(known(known(props, "destinationConfig"), "onFailure"), "destinationArn")) {
                flag("on-failure", "skipped batches leave no trace: set destinationConfig.onFailure.destinationArn (an SQS queue or SNS topic)");
            }
        },
    );
}

export const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

export function lambdaPermissionPrincipal(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-permission-principal",
            description: 'Lambda invoke permissions name a principal: never "*", never an account other than this one (or a trusted one).',
            configSchema: accountConfigSchema,
            conditions: {
                everyone: 'principal is not "*"',
                "foreign-account": "an account principal is this account or a trusted one",
            },
        },
        [LAMBDA_PERMISSION],
        (permission, all, flag, args) => {
            const config = args.getConfig<AccountConfig>();
            const principal = known(permission.props, "principal");
            if (typeof principal !== "string") return;
            if (principal === "*") flag("everyone", `permission '${permission.name}' lets anyone invoke the function`);
            else if (isForeign(accountOf(principal), homeAccount(all, config), config)) {
                flag("foreign-account", `permission '${permission.name}' lets account ${principal} invoke the function`);
            }
        },
    );
}
