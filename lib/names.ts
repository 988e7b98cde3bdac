/**
 * Physical names several areas share: fixed AWS names (a Lambda function, so its log group can
 * exist before it; a KMS alias; a layer) cut to their limits, and Glue/Athena names (databases,
 * tables, crawlers, jobs, triggers, workflows, workgroups): lowercase `[a-z0-9_]`, starting with a
 * letter, at most 255 characters, valid for Glue and usable unquoted in Athena, built from project
 * and stack so two stacks in one account never collide. Pure; everything else is auto-named.
 */
import { createHash } from "node:crypto";

/** AWS name limits the lake's fixed names must respect. */
export const NameLimits = {
    lambdaFunction: 64,
    lambdaLayer: 64,
    kmsAlias: 256,
    /** WAF metric names allow 128 characters; the web ACL's rules add `-<rule>` to it. */
    wafMetric: 100,
} as const;

/**
 * Joins `parts` with `-`; if the result exceeds `max`, it is cut and ends in an 8-character hash
 * of the full name, so distinct long names stay distinct.
 */
export function boundedName(parts: string[], max: number): string {
    const full = parts.filter(Boolean).join("-");
    if (full.length <= max) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    return `${full.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
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
