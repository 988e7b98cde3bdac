/** Fixed names of the processing area. Pure. */
import { boundedName, NameRules } from "../../lib/names";

/** The processor of the hop `source` -> `target`, e.g. `datalake-dev-drop-to-raw`. */
export function processorFunctionName(project: string, stack: string, source: string, target: string): string {
    return boundedName([project, stack, source, "to", target], NameRules.lambdaFunction);
}

/** Name of a Lambda layer, e.g. `datalake-dev-duckdb`. */
export function layerName(project: string, stack: string, layer: string): string {
    return boundedName([project, stack, layer], NameRules.lambdaLayer);
}

/** Service name of a hop for logs and metrics (POWERTOOLS_SERVICE_NAME), e.g. `drop-to-raw`. */
export function hopName(source: string, target: string): string {
    return `${source}-to-${target}`;
}

/** A zone's reconciliation, e.g. `datalake-dev-drop-reconcile`. */
export function reconcilerFunctionName(project: string, stack: string, zone: string): string {
    return boundedName([project, stack, zone, "reconcile"], NameRules.lambdaFunction);
}

/** Service name of a zone's reconciliation for logs and metrics (POWERTOOLS_SERVICE_NAME), e.g. `drop-reconcile`. */
export function reconcilerServiceName(zone: string): string {
    return `${zone}-reconcile`;
}

/** The curation starter of a zone, e.g. `datalake-dev-raw-start-curation`. */
export function curationStarterFunctionName(project: string, stack: string, zone: string): string {
    return boundedName([project, stack, zone, "start", "curation"], NameRules.lambdaFunction);
}

/** Its service name for logs and metrics (POWERTOOLS_SERVICE_NAME), e.g. `raw-start-curation`. */
export function curationStarterServiceName(zone: string): string {
    return `${zone}-start-curation`;
}
