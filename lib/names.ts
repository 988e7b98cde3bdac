/**
 * Physical names several areas share: fixed AWS names (a Lambda function, so its log group can
 * exist before it; a KMS alias; a layer) cut to their limits, and Glue/Athena names (databases,
 * tables, crawlers, jobs, triggers, workflows, workgroups): lowercase `[a-z0-9_]`, starting with a
 * letter, at most 255 characters, valid for Glue and usable unquoted in Athena, built from project
 * and stack so two stacks in one account never collide. Pure; everything else is auto-named.
 */
import { createHash } from "node:crypto";

/** A service's rule for a physical name: its length limit and the characters it refuses. */
export interface NameRule {
    max: number;
    /** Matches what the service refuses (global): each match becomes one `-`. */
    refused: RegExp;
    /** The service wants a letter or digit first and last. */
    alphanumericEnds?: boolean;
}

const rule = (max: number, refused: RegExp, alphanumericEnds = false): NameRule => ({ max, refused, alphanumericEnds });

/**
 * The rules of the services the lake gives fixed names in (each service's API reference for its
 * name parameter). Project and stack names may hold `.` and `_` (Pulumi allows alphanumerics,
 * `-`, `_` and `.`), which several of these refuse.
 */
export const NameRules = {
    /** Lambda CreateFunction FunctionName: `[a-zA-Z0-9-_]`, 64. */
    lambdaFunction: rule(64, /[^A-Za-z0-9_-]+/g),
    /** Lambda PublishLayerVersion LayerName: `[a-zA-Z0-9-_]` (the lake keeps it within 64). */
    lambdaLayer: rule(64, /[^A-Za-z0-9_-]+/g),
    /** KMS CreateAlias AliasName after `alias/`: `[a-zA-Z0-9/_-]`, 256 in all. */
    kmsAlias: rule(256 - "alias/".length, /[^A-Za-z0-9/_-]+/g),
    /** WAF VisibilityConfig MetricName: `[\w#:.\-/]`, 128; the web ACL's rules add `-<rule>` to it. */
    wafMetric: rule(100, /[^A-Za-z0-9_#:./-]+/g),
    /** CloudWatch PutDashboard DashboardName: `[A-Za-z0-9_-]`, 255. */
    dashboard: rule(255, /[^A-Za-z0-9_-]+/g),
    /** EventBridge PutRule Name: `[.\-_A-Za-z0-9]`, 64. */
    eventRule: rule(64, /[^A-Za-z0-9_.-]+/g),
    /** CloudTrail CreateTrail Name: letters, digits, `.`, `_`, `-`, 3 to 128, alphanumeric ends, no two of `._-` side by side. */
    trail: rule(128, /[^A-Za-z0-9]{2,}|[^A-Za-z0-9._-]/g, true),
    /** Firehose CreateDeliveryStream DeliveryStreamName: `[a-zA-Z0-9_.-]`, 64. */
    deliveryStream: rule(64, /[^A-Za-z0-9_.-]+/g),
    /** Kinesis CreateStream StreamName: `[a-zA-Z0-9_.-]`, 128. */
    kinesisStream: rule(128, /[^A-Za-z0-9_.-]+/g),
    /** DynamoDB CreateTable TableName: `[a-zA-Z0-9_.-]`, 3 to 255. */
    dynamoTable: rule(255, /[^A-Za-z0-9_.-]+/g),
    /** EMR Serverless CreateApplication name: `[A-Za-z0-9._/#-]`, 64 (a cluster's name takes any, 256). */
    emr: rule(64, /[^A-Za-z0-9._/#-]+/g),
    /** Redshift cluster identifier, namespace, workgroup (lowercased first): `[a-z0-9-]`, 63, a letter first, no `--`, no `-` last. */
    redshift: rule(63, /[^a-z0-9]+/g, true),
} as const;

/**
 * Joins `parts` with `-` into a name `nameRule` accepts: each match of what the service refuses
 * becomes `-` (a name it accepts stays as it is, so nothing deployed is renamed); if the result
 * exceeds the limit, it is cut and ends in an 8-character hash of the full name, so distinct long
 * names stay distinct.
 */
export function boundedName(parts: string[], nameRule: NameRule): string {
    const full = parts.filter(Boolean).join("-");
    const edge = nameRule.alphanumericEnds ? /^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g : /^$/g;
    const clean = full.replace(nameRule.refused, "-").replace(edge, "");
    if (clean.length <= nameRule.max) return clean;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    const cutEnd = nameRule.alphanumericEnds ? /[^A-Za-z0-9]+$/ : /-+$/;
    return `${clean.slice(0, nameRule.max - hash.length - 1).replace(cutEnd, "")}-${hash}`;
}

/** A CloudWatch dashboard's name, `<project>-<stack>-<suffix>`, valid whatever the project and stack are called. */
export function dashboardName(project: string, stack: string, suffix: string): string {
    return boundedName([project, stack, suffix], NameRules.dashboard);
}

/** Lambda writes a function's logs to this group unless told otherwise. */
export function lambdaLogGroupName(functionName: string): string {
    return `/aws/lambda/${functionName}`;
}

/** Glue's (and Athena's) limit for database, table, crawler and job names. */
export const GLUE_NAME_MAX = 255;

const VALID = /^[a-z][a-z0-9_]*$/;

/**
 * Joins the parts with `_`, lowercased; any run of characters outside `[a-z0-9_]` becomes one `_`
 * and leading/trailing `_` are trimmed. Throws when the result is empty, starts with a digit or is
 * longer than 255 characters.
 */
export function glueName(...parts: string[]): string {
    const name = parts
        .map((p) => p.toLowerCase().replace(/[^a-z0-9_]+/g, "_"))
        .join("_")
        .replace(/_+/g, "_")
        .replace(/^_|_$/g, "");
    if (!VALID.test(name)) {
        throw new Error(`Glue name from ${JSON.stringify(parts)} is "${name}": it must start with a letter and use only [a-z0-9_]`);
    }
    if (name.length > GLUE_NAME_MAX) {
        throw new Error(`Glue name "${name.slice(0, 40)}..." is ${name.length} characters; the limit is ${GLUE_NAME_MAX}`);
    }
    return name;
}

/** True for a name Glue and Athena accept unquoted. */
export function isValidGlueName(name: string): boolean {
    return VALID.test(name) && name.length <= GLUE_NAME_MAX;
}

/** Glue database of a zone: `<project>_<stack>_<zone>`, e.g. `datalake_dev_raw`. */
export function databaseName(project: string, stack: string, zone: string): string {
    return glueName(project, stack, zone);
}

/** Throws naming the duplicates when two names in `names` are equal (`what` says what they name). */
export function assertUniqueNames(names: string[], what: string): void {
    const seen = new Set<string>();
    const dupes = new Set<string>();
    for (const n of names) (seen.has(n) ? dupes : seen).add(n);
    if (dupes.size > 0) throw new Error(`Duplicate ${what} names: ${[...dupes].join(", ")}`);
}
