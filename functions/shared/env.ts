/**
 * Reads processor settings from the environment by the names in lib/contract.ts (never spelled
 * here), failing with a message that names the variable and what is expected.
 */
import { CONTRACT_COLUMN_TYPES, type ContractColumns, ProcessorEnv, ProcessorEnvName, ReconcileEnvName } from "../../lib/contract";
import { INPUT_KINDS, type ObjectLimits } from "../../lib/handover";

/** The variables read here: the processors' and the reconciliation's. */
type EnvName = ProcessorEnvName | ReconcileEnvName;

export class EnvError extends Error {}

export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
    const value = env[name];
    if (value === undefined || value.trim() === "") {
        throw new EnvError(`environment variable ${name} is not set (expected a non-empty string)`);
    }
    return value;
}

export function positiveIntEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): number {
    const raw = requireEnv(name, env);
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
        throw new EnvError(`environment variable ${name} is ${JSON.stringify(raw)} (expected a positive integer)`);
    }
    return value;
}

/** An optional string; unset or blank is undefined. */
export function optionalEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const value = env[name]?.trim();
    return value ? value : undefined;
}

/**
 * OBJECT_LIMITS (lib/handover ObjectLimits: a positive integer per input kind), each capped at
 * `maxObjectBytes`; unset, `maxObjectBytes` for every kind.
 */
export function objectLimitsEnv(maxObjectBytes: number, env: NodeJS.ProcessEnv = process.env): ObjectLimits {
    const raw = optionalEnv(ProcessorEnv.objectLimits, env);
    if (raw === undefined) return Object.fromEntries(INPUT_KINDS.map((k) => [k, maxObjectBytes])) as ObjectLimits;
    let value: Record<string, unknown> | undefined;
    try {
        value = JSON.parse(raw) as Record<string, unknown>;
    } catch {
        value = undefined;
    }
    const valid = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
    if (typeof value !== "object" || value === null || !INPUT_KINDS.every((k) => valid(value[k]))) {
        throw new EnvError(
            `environment variable ${ProcessorEnv.objectLimits} is ${JSON.stringify(raw)} (expected a JSON object of bytes for ${INPUT_KINDS.join(", ")})`,
        );
    }
    return Object.fromEntries(INPUT_KINDS.map((k) => [k, Math.min(value[k] as number, maxObjectBytes)])) as ObjectLimits;
}

/** An optional JSON array of strings; unset or empty is `[]`. */
export function stringListEnv(name: ProcessorEnvName, env: NodeJS.ProcessEnv = process.env): string[] {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return [];
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        value = undefined;
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new EnvError(`environment variable ${name} is ${JSON.stringify(raw)} (expected a JSON array of strings)`);
    }
    return value;
}

/**
 * The entries of the JSON object a function's variable `name` holds (a map such as route ->
 * stream), or undefined for any other JSON value, which the caller refuses with what it expects;
 * text that is not JSON throws naming the variable and an `example` of it.
 */
export function jsonObjectEntries(env: Record<string, string | undefined>, name: string, example: string): [string, unknown][] | undefined {
    const raw = env[name];
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw ?? "");
    } catch {
        throw new Error(`${name} must be JSON like ${example}, got ${JSON.stringify(raw)}`);
    }
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? Object.entries(parsed) : undefined;
}

/** DATASET_CONTRACTS (lib/contract ContractColumns: dataset -> column -> type); unset or blank is `{}`. */
export function contractColumnsEnv(env: NodeJS.ProcessEnv = process.env): ContractColumns {
    const name = ProcessorEnv.datasetContracts;
    if (optionalEnv(name, env) === undefined) return {};
    const types: readonly string[] = CONTRACT_COLUMN_TYPES;
    const entries = jsonObjectEntries(env, name, '{"orders": {"order_id": "bigint"}}');
    const valid = entries?.every(
        ([, columns]) =>
            typeof columns === "object" &&
            columns !== null &&
            !Array.isArray(columns) &&
            Object.values(columns).every((t) => typeof t === "string" && types.includes(t)),
    );
    if (!entries || !valid) {
        throw new EnvError(
            `environment variable ${name} is ${JSON.stringify(env[name])} (expected a JSON object of dataset -> column -> one of ${types.join(", ")})`,
        );
    }
    return Object.fromEntries(entries) as ContractColumns;
}

/** Settings both zone processors need. */
export interface ProcessorSettings {
    targetBucket: string;
    targetKeyArn: string;
    sourceKeyArn: string;
    sourceZone: string;
    targetZone: string;
}

export function readProcessorSettings(env: NodeJS.ProcessEnv = process.env): ProcessorSettings {
    return {
        targetBucket: requireEnv(ProcessorEnv.targetBucket, env),
        targetKeyArn: requireEnv(ProcessorEnv.targetKeyArn, env),
        sourceKeyArn: requireEnv(ProcessorEnv.sourceKeyArn, env),
        sourceZone: requireEnv(ProcessorEnv.sourceZone, env),
        targetZone: requireEnv(ProcessorEnv.targetZone, env),
    };
}
