/**
 * Runs the automation/ driver as its own process against the project-built engine (`--local`),
 * the way CI runs it, and reads what the engine and the provider double left behind: the JSON
 * summary, the stack's state (`pulumi stack export`) and the double's ledger of operations.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { localState } from "../../automation/engine";
import type { RunSummary } from "../../automation/main";
import { LEDGER_ENV, type LedgerEntry } from "../../harness/aws-double/double";

export const ROOT = path.resolve(__dirname, "../..");

/** The VPC fixture's subnet layout (the test computes the mocks' answer from the same inputs). */
export const VPC_SUBNETS: { type: "Private" | "Public" }[] = [{ type: "Private" }, { type: "Public" }];

export interface DriverRun {
    code: number;
    stdout: string;
    stderr: string;
    /** stdout and stderr together, for "the output names X". */
    output: string;
    summary?: RunSummary;
}

/** One state folder (file backend) and one ledger per test scenario. */
export class EngineSandbox {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "datalake-engine-"));
    readonly stateDir = path.join(this.dir, "state");
    readonly ledgerFile = path.join(this.dir, "ledger.jsonl");
    private runs = 0;

    /**
     * `automation/main.ts <argv> --local --state-dir <sandbox>`; with `fixture`, the same driver
     * around a test-only program from fixtures.ts instead of index.ts.
     */
    drive(argv: string[], fixture?: string): Promise<DriverRun> {
        const summaryFile = path.join(this.dir, `summary-${++this.runs}.json`);
        const entry = fixture ? [path.join(__dirname, "fixtures.ts"), fixture] : [path.join(ROOT, "automation", "main.ts")];
        const args = ["-r", "ts-node/register/transpile-only", ...entry, ...argv, "--local", "--state-dir", this.stateDir, "--summary-file", summaryFile];
        const env = { ...process.env, [LEDGER_ENV]: this.ledgerFile, DATALAKE_ENGINE: "", DATALAKE_CONFIG: "" };
        return new Promise((resolve) => {
            execFile(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
                const summary = fs.existsSync(summaryFile) ? (JSON.parse(fs.readFileSync(summaryFile, "utf8")) as RunSummary) : undefined;
                resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}`, summary });
            });
        });
    }

    /** The stack's resources as the engine recorded them (`pulumi stack export`). */
    state(stack: string): any[] {
        return localState(this.stateDir, stack);
    }

    /** What the provider double was asked to do, in order. */
    ledger(): LedgerEntry[] {
        if (!fs.existsSync(this.ledgerFile)) return [];
        return fs
            .readFileSync(this.ledgerFile, "utf8")
            .trim()
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l));
    }

    dispose(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Resource operations other than `same` in a summary (e.g. `{create: 187}`). */
export function changes(summary: RunSummary | undefined): Record<string, number> {
    return Object.fromEntries(Object.entries(summary?.resourceChanges ?? {}).filter(([op]) => op !== "same"));
}
