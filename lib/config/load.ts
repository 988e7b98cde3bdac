/**
 * Parsing and loading the stack config: `parseConfig` validates raw values (schema.ts, rules.ts)
 * and resolves them (to-args.ts), failing with one line per bad key naming the key, the value and
 * what is allowed; `loadConfig` reads the `datalake:*` keys of the current Pulumi stack.
 * `parseConfig` is pure (tested directly).
 */
import { knownKeysAt, unknownKeyMessage } from "../config-keys";
import { configSchema } from "./rules";
import { CONFIG_NAMESPACE, configObject } from "./schema";
import { resolveConfig, type LakeConfig } from "./to-args";

export class ConfigError extends Error {}

/** Validates raw stack config and applies every default. Throws ConfigError naming key, value, rule. */
export function parseConfig(raw: unknown): LakeConfig {
    const result = configSchema.safeParse(raw ?? {});
    if (!result.success) {
        const lines = result.error.issues.flatMap((issue) => {
            const line = (path: PropertyKey[], message: string) => {
                const value = valueAt(raw, path);
                return `  ${CONFIG_NAMESPACE}:${path.map(String).join(".")} = ${value === undefined ? "(missing)" : JSON.stringify(value)}: ${message}`;
            };
            // One line per unknown key, with the known key nearest to it (a typo is the usual cause).
            if (issue.code === "unrecognized_keys") {
                const known = knownKeysAt(configObject, issue.path);
                return issue.keys.map((key) => line([...issue.path, key], unknownKeyMessage(key, known)));
            }
            // zod reports a bad record key as "Invalid key in record"; the key's own rule says what is allowed.
            const message =
                issue.code === "invalid_key"
                    ? `invalid key ${JSON.stringify(issue.path.at(-1))}: ${issue.issues.map((i) => i.message).join("; ")}`
                    : issue.message;
            return [line(issue.path, message)];
        });
        throw new ConfigError(`Invalid stack configuration:\n${lines.join("\n")}`);
    }
    return resolveConfig(result.data);
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
    return path.reduce((v: any, p) => v?.[p], raw);
}

/**
 * Reads every `datalake:*` key of the current stack (objects are structured YAML values): all of
 * them, not only the known ones, so a misspelt key fails instead of being ignored.
 */
export function loadConfig(): LakeConfig {
    // Imported lazily so the pure parts of this module load without the Pulumi runtime.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (the policy pack loads this module)
    const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    for (const [name, text] of Object.entries(pulumi.runtime.allConfig())) {
        if (!name.startsWith(prefix)) continue;
        const key = name.slice(prefix.length);
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text; // plain strings (environment, alarmEmail) are not JSON
        }
    }
    return parseConfig(raw);
}
