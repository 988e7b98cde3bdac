/**
 * The driver's engine side: finds a Pulumi CLI, prepares a workspace and runs the program inline
 * (the very function index.ts exports) through the Automation API. The workspace is a temporary
 * copy of `Pulumi.yaml` and `Pulumi.<stack>.yaml`, so config overrides and whatever the CLI writes
 * (a passphrase provider's `encryptionsalt`) never touch the project's files.
 *
 * Two engines: the user's installed CLI with its backend and credentials (default), or `local`:
 * the CLI scripts/setup-pulumi.sh builds into .pulumi/, whose PULUMI_HOME serves the AWS provider
 * TEST DOUBLE, with a file backend and a passphrase secrets provider. Nothing reaches AWS then.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { parse, parseDocument } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
/** Env var naming another engine folder laid out like .pulumi/ (a private copy, e.g. for a parallel run). */
export const ENGINE_DIR_ENV = "DATALAKE_PULUMI_DIR";
/**
 * Where scripts/setup-pulumi.sh puts the CLI (`bin/`) and the plugins (`home/`): `.pulumi/`, or
 * the folder `DATALAKE_PULUMI_DIR` names.
 */
export const LOCAL_ENGINE_DIR = path.resolve(process.env[ENGINE_DIR_ENV] || path.join(PROJECT_ROOT, ".pulumi"));
export const POLICY_PACK = path.join(PROJECT_ROOT, "policy");
/** Passphrase of local stacks when PULUMI_CONFIG_PASSPHRASE is not set: they hold no real secret. */
export const LOCAL_PASSPHRASE = "datalake-local-engine";
/** Keys the secrets provider writes into Pulumi.<stack>.yaml on `stack init`. */
const SECRETS_KEYS = ["secretsprovider", "encryptionsalt", "encryptedkey"];

export class NoCliError extends Error {}

/** The directories on PATH that hold an executable `pulumi`. */
function onPath(name: string, pathVar = process.env.PATH ?? ""): string | undefined {
    for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return file;
        } catch {
            // not here
        }
    }
    return undefined;
}

/** The project-built CLI (`local`) or the user's `pulumi` on PATH; NoCliError if there is none. */
export async function findCli(local: boolean): Promise<PulumiCommand> {
    if (local) {
        if (!fs.existsSync(path.join(LOCAL_ENGINE_DIR, "bin", "pulumi"))) {
            throw new NoCliError(
                `no project-built Pulumi CLI in ${path.relative(PROJECT_ROOT, LOCAL_ENGINE_DIR)}/bin: run \`bash scripts/setup-pulumi.sh\` (needs Go)`,
            );
        }
        // The built CLI reports its version, but no release check applies to it.
        return PulumiCommand.get({ root: LOCAL_ENGINE_DIR, skipVersionCheck: true });
    }
    if (!onPath("pulumi")) {
        throw new NoCliError(
            "no Pulumi CLI found on PATH: install it (https://www.pulumi.com/docs/install/), " +
                "or use --local for the project-built engine with the provider test double (scripts/setup-pulumi.sh)",
        );
    }
    return PulumiCommand.get();
}

/** Environment of the local engine: project-local plugins, file backend, no network lookups. */
export function localEnv(stateDir: string): Record<string, string> {
    return {
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? LOCAL_PASSPHRASE,
        PULUMI_HOME: path.join(LOCAL_ENGINE_DIR, "home"),
        // pulumi-analyzer-policy-nodejs (the policy pack runner) is found on PATH.
        PATH: `${path.join(LOCAL_ENGINE_DIR, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
}

export interface OpenOptions {
    stack: string;
    /** Config overrides by full key, for this run only. */
    config?: Record<string, string>;
    local: boolean;
    /** File backend folder with `local`; default .pulumi/state. */
    stateDir?: string;
    /** The program; default the one index.ts exports. */
    program?: PulumiFn;
    /** More environment for the CLI and its plugins (e.g. the provider double's emulator mode). */
    env?: Record<string, string>;
}

export interface StackHandle {
    stack: Stack;
    /** The temporary workspace (copies of the project and stack files). */
    workDir: string;
    /** Removes the workspace, carrying the secrets provider's keys over (see `openStack`). */
    close(): void;
}

export function projectName(): string {
    return parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")).name;
}

/** The project's index.ts program, loaded on first run (argument parsing needs no program). */
export function projectProgram(): PulumiFn {
    return async () => (await import("../index")).default();
}

/**
 * The workspace's copy of Pulumi.yaml: the project's, without `main`. `main` names the program
 * file for `pulumi up` in the project directory (package.json `main` is the npm package's); the
 * program here runs inline, and the engine refuses a `main` it cannot find in the workspace
 * ("project 'main' could not be read", measured with the project's CLI 3.248).
 */
export function inlineProjectFile(projectYaml: string): string {
    const doc = parseDocument(projectYaml);
    doc.delete("main");
    return doc.toString();
}

/**
 * Selects (or creates) the stack in a fresh temporary workspace and applies `config` to it.
 * A stack created with a passphrase provider keeps its salt only in its stack file: in local mode
 * the driver keeps the keys in `<stateDir>/<project>.<stack>.secrets.yaml` between runs; with a
 * real backend it prints a notice to commit them to Pulumi.<stack>.yaml.
 */
export async function openStack(opts: OpenOptions): Promise<StackHandle> {
    const pulumiCommand = await findCli(opts.local);
    const project = projectName();
    const stateDir = path.resolve(opts.stateDir ?? path.join(LOCAL_ENGINE_DIR, "state"));
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${project}-${opts.stack}-`));
    const stackFile = `Pulumi.${opts.stack}.yaml`;
    fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), inlineProjectFile(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")));
    const projectStack = path.join(PROJECT_ROOT, stackFile);
    const kept = path.join(stateDir, `${project}.${opts.stack}.secrets.yaml`);
    const stackSettings = fs.existsSync(projectStack) ? (parse(fs.readFileSync(projectStack, "utf8")) ?? {}) : {};
    if (opts.local && fs.existsSync(kept)) Object.assign(stackSettings, parse(fs.readFileSync(kept, "utf8")));
    fs.writeFileSync(path.join(workDir, stackFile), JSON.stringify(stackSettings));

    let envVars: Record<string, string> = {};
    if (opts.local) {
        fs.mkdirSync(stateDir, { recursive: true });
        envVars = localEnv(stateDir);
    }
    envVars = { ...envVars, ...opts.env };
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: opts.stack, projectName: project, program: opts.program ?? projectProgram() },
        { workDir, pulumiCommand, envVars },
    );
    if (opts.config && Object.keys(opts.config).length) {
        await stack.setAllConfig(Object.fromEntries(Object.entries(opts.config).map(([k, value]) => [k, { value }])));
    }
    const close = () => {
        const written = parse(fs.readFileSync(path.join(workDir, stackFile), "utf8")) ?? {};
        const secrets = Object.fromEntries(SECRETS_KEYS.filter((k) => written[k] !== undefined && written[k] !== stackSettings[k]).map((k) => [k, written[k]]));
        if (Object.keys(secrets).length) {
            if (opts.local) fs.writeFileSync(kept, JSON.stringify(secrets));
            else
                process.stderr.write(
                    `note: the stack's secrets provider wrote ${Object.keys(secrets).join(", ")}; add to ${stackFile}:\n${Object.entries(secrets)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join("\n")}\n`,
                );
        }
        fs.rmSync(workDir, { recursive: true, force: true });
    };
    return { stack, workDir, close };
}

/**
 * The resources of `stack` in a local engine's file backend (its latest checkpoint, what
 * `pulumi stack export` prints), read without starting the CLI; [] once destroyed.
 */
export function localState(stateDir: string, stack: string): any[] {
    const file = path.join(stateDir, ".pulumi", "stacks", projectName(), `${stack}.json`);
    return JSON.parse(fs.readFileSync(file, "utf8")).checkpoint.latest?.resources ?? [];
}
