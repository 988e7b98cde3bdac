/**
 * Physical names for resources that need a fixed name (a Lambda function, so its log group can
 * exist before it; a KMS alias; a layer). Pure; everything else is auto-named by Pulumi.
 */
import { createHash } from "node:crypto";

/** AWS name limits the lake's fixed names must respect. */
export const NameLimits = {
    lambdaFunction: 64,
    lambdaLayer: 64,
    kmsAlias: 256,
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

/** The processor of the hop `source` -> `target`, e.g. `datalake-dev-drop-to-raw`. */
export function processorFunctionName(project: string, stack: string, source: string, target: string): string {
    return boundedName([project, stack, source, "to", target], NameLimits.lambdaFunction);
}

/** Lambda writes a function's logs to this group unless told otherwise. */
export function lambdaLogGroupName(functionName: string): string {
    return `/aws/lambda/${functionName}`;
}

/** `alias/<project>-<stack>-<zone>` for a zone's CMK. */
export function zoneKeyAlias(project: string, stack: string, zone: string): string {
    return `alias/${boundedName([project, stack, zone], NameLimits.kmsAlias - "alias/".length)}`;
}

/** Name of a Lambda layer, e.g. `datalake-dev-duckdb`. */
export function layerName(project: string, stack: string, layer: string): string {
    return boundedName([project, stack, layer], NameLimits.lambdaLayer);
}

/** Service name of a hop for logs and metrics (POWERTOOLS_SERVICE_NAME), e.g. `drop-to-raw`. */
export function hopName(source: string, target: string): string {
    return `${source}-to-${target}`;
}

/** Prefix of a zone's server access logs inside the shared logs bucket. */
export function accessLogPrefix(zone: string): string {
    return `s3/${zone}/`;
}
