/**
 * Lambda function rules: a supported runtime, a declared log group, tracing all or nothing,
 * placement in the VPC; invoke permissions naming their principal and source; stream event source
 * mappings handling failures; safe deploys: functions published behind an alias their sources
 * invoke, and in prod an alarm a gradual deploy rolls back on.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_SCHEMA, type EnvironmentConfig, type Props, isProd, resourceRule, stackRule } from "../define";
import { accountOf, actionMatches, actionsOf, isAllow, readStatements } from "../documents";
import {
    AccountConfig,
    DeployTypes,
    IngestTypes,
    RealtimeTypes,
    Types,
    WarehouseTypes,
    accountConfigSchema,
    homeAccount,
    isComputed,
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

/** A function ARN, bare or qualified (`...:function:<name>[:<version or alias>]`). */
const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:\d*:function:([^:/]+)(?::([^:/]+))?$/;

/**
 * The qualifier a reference to a function carries: "" for none, the version, `$LATEST` or the
 * alias; undefined when it is not a function reference (or unknown). Reads function ARNs, invoke
 * ARNs (`.../functions/<arn>/invocations`) and `name[:qualifier]`.
 */
export function functionQualifier(ref: unknown): string | undefined {
    if (typeof ref !== "string") return undefined;
    const arn = /\/functions\/(.+)\/invocations$/.exec(ref)?.[1] ?? ref;
    const m = FUNCTION_ARN.exec(arn) ?? (arn.startsWith("arn:") ? null : /^([\w-]+)(?::([\w$-]+))?$/.exec(arn));
    return m ? (m[2] ?? "") : undefined;
}

/** An alias, not nothing, `$LATEST` or a version number. */
const isAliasQualifier = (q: string) => q !== "" && q !== "$LATEST" && !/^\d+$/.test(q);

/** A dotted path of known values (`target.arn`), undefined while any step is unknown. */
const knownPath = (props: Props, path: string): unknown => path.split(".").reduce<any>((v, step) => (v === undefined ? undefined : known(v, step)), props);

export function lambdaPublishedBehindAlias(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-published-behind-alias",
            description:
                "Every Lambda function is published (each change a new immutable version) and has an alias on a published version, which its event sources invoke (safe deploys: a new version takes traffic by moving the alias).",
            conditions: {
                "not-published": "publish is true",
                "no-alias": "an aws.lambda.Alias names the function",
                "alias-on-latest": "its aliases name a published version, not $LATEST",
            },
        },
        DeployTypes.lambdaFunction,
        (fn, all, flag) => {
            if (known(fn.props, "publish") !== true) {
                flag("not-published", `function '${fn.name}' is not published: set publish: true so each change is a version an alias can move to`);
            }
            const aliases = pointingAt(fn, "functionName", DeployTypes.alias, all);
            if (aliases.length === 0) {
                flag("no-alias", `function '${fn.name}' has no alias: its event sources would invoke $LATEST, which every update changes at once`);
            }
            for (const a of aliases.filter((x) => known(x.props, "functionVersion") === "$LATEST")) {
                flag("alias-on-latest", `alias '${a.name}' of function '${fn.name}' names $LATEST: point it at a published version`);
            }
        },
    );
}

/**
 * A permission granted on an alias admits invocations of that alias only: "If you attempt to
 * invoke the function without an alias or a specific version, then you get a permission error"
 * (https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html). So invokers and permissions
 * both name the alias, or the source is refused.
 */
export function lambdaInvokedThroughAlias(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-invoked-through-alias",
            description:
                "Event source mappings, EventBridge and Scheduler targets, API integrations and SNS subscriptions invoke a function through an alias, and invoke permissions are granted on one (`qualifier`), never on the bare function, `$LATEST` or a fixed version.",
            conditions: {
                "unqualified-invoker": "a reference to a function names an alias (`...:function:<name>:<alias>`)",
                "unqualified-permission": "a lambda:InvokeFunction permission has an alias as its qualifier",
            },
        },
        [...Object.keys(DeployTypes.invokers), ...DeployTypes.lambdaPermission],
        (r, _all, flag) => {
            if (isOneOf(r.type, DeployTypes.lambdaPermission)) {
                if (known(r.props, "action") !== "lambda:InvokeFunction") return;
                // Unknown at preview: an alias name, or a qualified ARN, not yet created.
                if (isComputed(r.props, "qualifier") || (!isSet(r.props, "qualifier") && isComputed(r.props, "function"))) return;
                const qualifier = known(r.props, "qualifier") || functionQualifier(known(r.props, "function")) || "";
                if (!isAliasQualifier(qualifier)) {
                    flag(
                        "unqualified-permission",
                        `permission '${r.name}' is granted on ${qualifier || "the bare function"}: set qualifier to the alias its source invokes`,
                    );
                }
                return;
            }
            const ref = knownPath(r.props, DeployTypes.invokers[r.type]);
            const qualifier = functionQualifier(ref);
            if (qualifier === undefined || isAliasQualifier(qualifier)) return; // not a function, unknown at preview, or an alias
            flag(
                "unqualified-invoker",
                `'${r.name}' invokes ${qualifier ? `version ${qualifier}` : "the bare function ($LATEST)"} of ${ref}: invoke its alias`,
            );
        },
    );
}

export function lambdaProdRollbackAlarm(): StackValidationPolicy {
    return stackRule(
        {
            name: "lambda-prod-rollback-alarm",
            description:
                "In a prod stack every published function has a rollback alarm: a CloudWatch alarm on the Errors of invocations through its alias (dimensions FunctionName and Resource `<name>:<alias>`), which a gradual deploy watches.",
            configSchema: { properties: ENVIRONMENT_SCHEMA },
            conditions: {
                "no-rollback-alarm": "an AWS/Lambda Errors alarm with dimensions FunctionName = the function and Resource = <function>:<one of its aliases>",
            },
        },
        DeployTypes.lambdaFunction,
        (fn, all, flag, args) => {
            if (!isProd(args.getConfig<EnvironmentConfig>(), fn.urn)) return;
            const name = known(fn.props, "name");
            if (typeof name !== "string") return; // unknown at preview
            const aliasNames = pointingAt(fn, "functionName", DeployTypes.alias, all).map((a) => known(a.props, "name"));
            const errorAlarms = all.filter(
                (a) => isOneOf(a.type, DeployTypes.metricAlarm) && known(a.props, "namespace") === "AWS/Lambda" && known(a.props, "metricName") === "Errors",
            );
            // Dimensions built from a function's name are unknown in a new stack's preview: judged at `up`.
            const unknownDimensions = (a: PolicyResource) => {
                const dims = known(a.props, "dimensions");
                return isComputed(a.props, "dimensions") || isComputed(dims, "FunctionName") || isComputed(dims, "Resource");
            };
            if (errorAlarms.some(unknownDimensions)) return;
            const watched = errorAlarms.some((a) => {
                const dims = known(a.props, "dimensions");
                return known(dims, "FunctionName") === name && aliasNames.some((alias) => known(dims, "Resource") === `${name}:${alias}`);
            });
            if (!watched) {
                flag(
                    "no-rollback-alarm",
                    `prod function '${fn.name}' has no alarm on the errors through its alias: a bad version would take all traffic unwatched (deploy.strategy a gradual one)`,
                );
            }
        },
    );
}
