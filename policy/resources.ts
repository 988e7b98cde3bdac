/**
 * Resource type tokens the rules look at, and how one resource's inputs point at another
 * (a BucketVersioning's `bucket`, an EventSourceMapping's `eventSourceArn`). Type tokens are
 * spelled here rather than imported from @pulumi/aws so the pack loads without the provider SDK.
 */
import { PolicyConfigSchema, PolicyResource, UnknownValueError } from "@pulumi/policy";

export const Types = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    bucketEncryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    bucketVersioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
    bucketLogging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    bucketOwnershipControls: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    bucketAcl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    queue: ["aws:sqs/queue:Queue"],
    queuePolicy: ["aws:sqs/queuePolicy:QueuePolicy"],
    redrivePolicy: ["aws:sqs/redrivePolicy:RedrivePolicy"],
    kmsKey: ["aws:kms/key:Key"],
    kmsKeyPolicy: ["aws:kms/keyPolicy:KeyPolicy"],
    topic: ["aws:sns/topic:Topic"],
    topicPolicy: ["aws:sns/topicPolicy:TopicPolicy"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
    lambdaFunction: ["aws:lambda/function:Function"],
    eventSourceMapping: ["aws:lambda/eventSourceMapping:EventSourceMapping"],
} as const;

/** Type tokens the rules on what AWS itself refuses read. */
export const AwsTypes = {
    bucketNotification: ["aws:s3/bucketNotification:BucketNotification"],
    methodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
} as const;

/** Type tokens of the catalog, query and ETL resources (Glue, Athena). */
export const AnalyticsTypes = {
    glueSecurityConfiguration: "aws:glue/securityConfiguration:SecurityConfiguration",
    glueJob: "aws:glue/job:Job",
    glueCrawler: "aws:glue/crawler:Crawler",
    athenaWorkgroup: "aws:athena/workgroup:Workgroup",
    catalogEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    glueCatalogTable: "aws:glue/catalogTable:CatalogTable",
    glueTableOptimizer: "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
} as const;

/** Type tokens of the real-time and serving resources. */
export const RealtimeTypes = {
    table: ["aws:dynamodb/table:Table"],
    eventSourceMapping: ["aws:lambda/eventSourceMapping:EventSourceMapping"],
    schedule: ["aws:scheduler/schedule:Schedule"],
} as const;

/** Type tokens of the governance resources. */
export const GovernanceTypes = {
    trail: "aws:cloudtrail/trail:Trail",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

/** Type tokens of Lake Formation and Macie. */
export const LakeFormationTypes = {
    resource: ["aws:lakeformation/resource:Resource"],
    settings: ["aws:lakeformation/dataLakeSettings:DataLakeSettings"],
    permissions: ["aws:lakeformation/permissions:Permissions"],
    resourceTags: ["aws:lakeformation/resourceLfTags:ResourceLfTags"],
    macieJob: ["aws:macie2/classificationJob:ClassificationJob"],
    eventRule: ["aws:cloudwatch/eventRule:EventRule"],
} as const;

/** Type tokens of the streaming ingest: Firehose, Kinesis, API Gateway, WAF, Lambda invoke permissions. */
export const IngestTypes = {
    firehose: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
    kinesisStream: ["aws:kinesis/stream:Stream"],
    restApi: ["aws:apigateway/restApi:RestApi"],
    stage: ["aws:apigateway/stage:Stage"],
    methodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
    method: ["aws:apigateway/method:Method"],
    domainName: ["aws:apigateway/domainName:DomainName"],
    lambdaPermission: ["aws:lambda/permission:Permission"],
    webAcl: ["aws:wafv2/webAcl:WebAcl"],
    webAclAssociation: ["aws:wafv2/webAclAssociation:WebAclAssociation"],
    webAclLogging: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"],
} as const;

/** Type tokens of safe deploys: functions, their aliases, what invokes them, alarms. */
export const DeployTypes = {
    lambdaFunction: ["aws:lambda/function:Function"],
    alias: ["aws:lambda/alias:Alias"],
    metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    /** Resources that invoke a function, each with the input naming it. */
    invokers: {
        "aws:lambda/eventSourceMapping:EventSourceMapping": "functionName",
        "aws:cloudwatch/eventTarget:EventTarget": "arn",
        "aws:scheduler/schedule:Schedule": "target.arn",
        "aws:apigateway/integration:Integration": "uri",
        "aws:apigatewayv2/integration:Integration": "integrationUri",
        "aws:sns/topicSubscription:TopicSubscription": "endpoint",
    } as Record<string, string>,
    lambdaPermission: ["aws:lambda/permission:Permission"],
} as const;

/** Type tokens of the optional warehouse, EMR and network, and the functions placed in the VPC. */
export const WarehouseTypes = {
    cluster: ["aws:redshift/cluster:Cluster"],
    parameterGroup: ["aws:redshift/parameterGroup:ParameterGroup"],
    logging: ["aws:redshift/logging:Logging"],
    namespace: ["aws:redshiftserverless/namespace:Namespace"],
    workgroup: ["aws:redshiftserverless/workgroup:Workgroup"],
    ingressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    egressRule: ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
    legacyRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
    securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
    emrCluster: ["aws:emr/cluster:Cluster"],
    emrSecurityConfiguration: ["aws:emr/securityConfiguration:SecurityConfiguration"],
    awsxVpc: ["awsx:ec2:Vpc"],
    vpc: ["aws:ec2/vpc:Vpc"],
    defaultSecurityGroup: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    natGateway: ["aws:ec2/natGateway:NatGateway"],
    lambdaFunction: ["aws:lambda/function:Function"],
} as const;

export function isOneOf(type: string, types: readonly string[]): boolean {
    return types.includes(type);
}

/**
 * `obj[key]`, or undefined while it is unknown: during preview, computed values (a new bucket's
 * name, a key's ARN) are sentinels the policy SDK turns into UnknownValueError on access.
 */
export function known(obj: Record<string, any> | undefined, key: string): any {
    try {
        return obj?.[key];
    } catch (e) {
        if (e instanceof UnknownValueError) return undefined;
        throw e;
    }
}

/** True when `obj[key]` is set, or is computed and so will be (a key ARN still unknown in preview). */
export function isSet(obj: Record<string, any> | undefined, key: string): boolean {
    try {
        const v = obj?.[key];
        return v !== undefined && v !== null && v !== "";
    } catch (e) {
        if (e instanceof UnknownValueError) return true;
        throw e;
    }
}

/** True while `obj[key]` is set but unknown (preview: computed from resources not yet created). */
export function isComputed(obj: Record<string, any> | undefined, key: string): boolean {
    return isSet(obj, key) && known(obj, key) === undefined;
}

/** Property values other resources use to point at this one (physical name, id, ARN, URL). */
const HANDLE_PROPS = ["id", "bucket", "arn", "name", "url"];

export function handles(r: PolicyResource): string[] {
    return HANDLE_PROPS.map((p) => known(r.props, p)).filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * The resources among `candidates` that `from.props[prop]` points at: by value (name, id, ARN or
 * URL) when the value is known, else by dependency when exactly one candidate is a dependency of
 * that property (or, without per-property dependencies, of the resource).
 */
export function referenced(from: PolicyResource, prop: string, candidates: PolicyResource[]): PolicyResource[] {
    const value = known(from.props, prop);
    if (typeof value === "string" && value !== "") {
        const byValue = candidates.filter((c) => handles(c).includes(value));
        if (byValue.length > 0) return byValue;
    }
    const propDeps = from.propertyDependencies?.[prop];
    const deps = propDeps && propDeps.length > 0 ? propDeps : from.dependencies;
    const byDependency = candidates.filter((c) => deps.includes(c));
    return byDependency.length === 1 ? byDependency : [];
}

/** Resources of `types` whose `prop` points at `target`. */
export function pointingAt(target: PolicyResource, prop: string, types: readonly string[], all: PolicyResource[]): PolicyResource[] {
    const targets = all.filter((r) => r.type === target.type);
    return all.filter((r) => isOneOf(r.type, types) && referenced(r, prop, targets).includes(target));
}

/** Stack name from a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOf(urn: string): string {
    return urn.startsWith("urn:pulumi:") ? urn.slice("urn:pulumi:".length).split("::")[0] : "";
}

/** Tag value on a resource's `tags` input (or `tagsAll` output). */
export function tag(props: Record<string, any>, key: string): string | undefined {
    return known(known(props, "tags"), key) ?? known(known(props, "tagsAll"), key);
}

/** The 12-digit account of an ARN, or undefined. */
function arnAccount(arn: unknown): string | undefined {
    if (typeof arn !== "string" || !arn.startsWith("arn:")) return undefined;
    const account = arn.split(":")[4];
    return /^\d{12}$/.test(account ?? "") ? account : undefined;
}

/** Policy config of the rules that judge accounts. */
export interface AccountConfig {
    /** The stack's own account; without it, the account most of the stack's known ARNs name. */
    accountId?: string;
    /** Other accounts a policy may name as principals (a central logging or CI account, say). */
    trustedAccounts?: string[];
}

export const ACCOUNT_SCHEMA: PolicyConfigSchema["properties"] = {
    accountId: { type: "string", pattern: "^[0-9]{12}$" },
    trustedAccounts: { type: "array", items: { type: "string", pattern: "^[0-9]{12}$" } },
};

/** Policy config schema of the rules that compare accounts. */
export const accountConfigSchema = { properties: ACCOUNT_SCHEMA };

/**
 * The stack's own account: from the policy config, else the account most known ARNs of the stack
 * name (resource outputs during `up`); undefined while every ARN is still unknown (a new stack's
 * preview), and then the checks that need it are skipped.
 */
export function homeAccount(all: PolicyResource[], config: AccountConfig): string | undefined {
    if (config.accountId) return config.accountId;
    const counts = new Map<string, number>();
    for (const r of all) {
        const account = arnAccount(known(r.props, "arn"));
        if (account) counts.set(account, (counts.get(account) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** True when `account` is neither the stack's own nor one the config trusts. */
export function isForeign(account: string | undefined, home: string | undefined, config: AccountConfig): boolean {
    return account !== undefined && home !== undefined && account !== home && !(config.trustedAccounts ?? []).includes(account);
}
