/**
 * Command line of the Automation API driver, pure (unit-tested without a Pulumi CLI):
 * `<preview|up|refresh|destroy|outputs|cost> --stack NAME [options]`, with the environment as the
 * fallback for every option CI sets once per job.
 */
import { CONFIG_NAMESPACE } from "../lib/config";
import { parseUsagePair, type Usage } from "./cost";

export const COMMANDS = ["preview", "up", "refresh", "destroy", "outputs", "cost"] as const;
export type Command = (typeof COMMANDS)[number];

/** Exit codes: the engine's own failure is 1, so CI can tell a bad call from a failed update. */
export const EXIT = { ok: 0, failed: 1, usage: 2, noCli: 3 } as const;

export class UsageError extends Error {}

export interface DriverArgs {
    command: Command;
    stack: string;
    /** Config overrides for this run only, by full key (`datalake:logRetentionDays`): value text. */
    config: Record<string, string>;
    /**
     * The project-built CLI (scripts/setup-pulumi.sh) with the provider TEST DOUBLE and a file
     * backend in `stateDir`, instead of the user's CLI and backend. Default false.
     */
    local: boolean;
    /** File backend folder in `local` mode. Default `.pulumi/state` (git-ignored). */
    stateDir?: string;
    /** Attach the policy pack (policy/). Default true (`--no-policy` turns it off). */
    policy: boolean;
    /** Policy pack config file. Default `policy/config.<stack>.json` when it exists. */
    policyConfig?: string;
    /** Fail `preview`/`up` if anything would change (`--expect-no-changes`). Default false. */
    expectNoChanges: boolean;
    /** `outputs` shows secret values instead of `[secret]`. Default false. */
    showSecrets: boolean;
    /** Where to write the run's JSON summary (changes, policy packs, violations). Default none. */
    summaryFile?: string;
    /** `cost`/`preview`: usage assumption overrides (automation/cost.ts USAGE_DOCS). */
    usage: Partial<Usage>;
    /** `cost`/`preview`: start from no data and no traffic instead of the typical usage. Default false. */
    idle: boolean;
}

export const USAGE = `usage: automation <preview|up|refresh|destroy|outputs|cost> --stack NAME [options]

  cost: the monthly cost of what a preview shows (no policy pack), by area and toggle

  --stack NAME              stack to operate on (env DATALAKE_STACK)
  --config KEY=VALUE        config override for this run only, repeatable; KEY without a
                            namespace means ${CONFIG_NAMESPACE}:KEY; objects as JSON
                            (env DATALAKE_CONFIG: a JSON object {KEY: value}, flags win)
  --local                   project-built CLI + provider TEST DOUBLE + file backend
                            (env DATALAKE_ENGINE=local; needs scripts/setup-pulumi.sh)
  --state-dir DIR           file backend folder with --local (env DATALAKE_STATE_DIR)
  --no-policy               do not attach the policy pack (policy/)
  --policy-config FILE      policy pack config (default policy/config.<stack>.json if present)
  --expect-no-changes       preview/up fail if anything would change
  --show-secrets            outputs: print secret values
  --summary-file FILE       write a JSON summary of the run (changes, policy violations;
                            preview and cost: the cost estimate)
  --usage KEY=VALUE         cost/preview: a usage assumption, repeatable (keys: automation/cost.ts)
  --idle                    cost/preview: assume no data and no traffic (schedules still run)
`;

/** `KEY=VALUE` -> [full key, value]; a key without namespace gets `datalake:`. */
export function parseConfigPair(pair: string): [string, string] {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--config expects KEY=VALUE, got "${pair}"`);
    return [fullKey(pair.slice(0, eq)), pair.slice(eq + 1)];
}

function fullKey(key: string): string {
    return key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
}

/** `DATALAKE_CONFIG` (a JSON object) -> overrides; non-string values become JSON text. */
export function configFromEnv(text: string | undefined): Record<string, string> {
    if (!text) return {};
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`DATALAKE_CONFIG is not JSON: ${(e as Error).message}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new UsageError("DATALAKE_CONFIG must be a JSON object {KEY: value}");
    }
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [fullKey(k), typeof v === "string" ? v : JSON.stringify(v)]));
}

/** Parses argv (without `node script`) and the environment; throws UsageError. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = {}): DriverArgs {
    const [command, ...rest] = argv;
    if (!command) throw new UsageError("no command given");
    if (!(COMMANDS as readonly string[]).includes(command)) {
        throw new UsageError(`unknown command "${command}" (expected one of ${COMMANDS.join(", ")})`);
    }
    const args: DriverArgs = {
        command: command as Command,
        stack: env.DATALAKE_STACK ?? "",
        config: configFromEnv(env.DATALAKE_CONFIG),
        local: env.DATALAKE_ENGINE === "local",
        stateDir: env.DATALAKE_STATE_DIR || undefined,
        policy: true,
        expectNoChanges: false,
        showSecrets: false,
        usage: {},
        idle: false,
    };
    for (let i = 0; i < rest.length; i++) {
        const flag = rest[i];
        const value = (): string => {
            const v = rest[++i];
            if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--stack":
                args.stack = value();
                break;
            case "--config": {
                const [k, v] = parseConfigPair(value());
                args.config[k] = v;
                break;
            }
            case "--local":
                args.local = true;
                break;
            case "--state-dir":
                args.stateDir = value();
                break;
            case "--no-policy":
                args.policy = false;
                break;
            case "--policy-config":
                args.policyConfig = value();
                break;
            case "--expect-no-changes":
                args.expectNoChanges = true;
                break;
            case "--show-secrets":
                args.showSecrets = true;
                break;
            case "--summary-file":
                args.summaryFile = value();
                break;
            case "--usage": {
                const pair = value();
                try {
                    const [key, n] = parseUsagePair(pair);
                    args.usage[key] = n;
                } catch (e) {
                    throw new UsageError(`--usage: ${(e as Error).message}`);
                }
                break;
            }
            case "--idle":
                args.idle = true;
                break;
            default:
                throw new UsageError(`unknown option "${flag}"`);
        }
    }
    if (!args.stack) throw new UsageError("--stack NAME is required (or DATALAKE_STACK)");
    if (!/^[A-Za-z0-9_.-]+$/.test(args.stack)) throw new UsageError(`bad stack name "${args.stack}"`);
    if (args.stateDir && !args.local) throw new UsageError("--state-dir only applies with --local");
    if (args.expectNoChanges && !["preview", "up"].includes(args.command)) {
        throw new UsageError("--expect-no-changes applies to preview and up");
    }
    if ((Object.keys(args.usage).length || args.idle) && !["preview", "cost"].includes(args.command)) {
        throw new UsageError("--usage and --idle apply to cost and preview");
    }
    return args;
}
