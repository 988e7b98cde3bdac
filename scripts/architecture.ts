/**
 * Redraws docs/architecture.dot and docs/architecture.svg from the engine's state of the dev
 * stack: `npx ts-node --transpile-only scripts/architecture.ts` (needs scripts/setup-pulumi.sh).
 * Runs `up` with the local engine and the provider double into a throw-away file backend, so no
 * account is involved; test/engine/engine.test.ts checks the committed files against the same state.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ARCHITECTURE_TITLE, architectureDot, renderSvg } from "../automation/architecture";
import { parseArgs } from "../automation/args";
import { PROJECT_ROOT, localState } from "../automation/engine";
import { runDriver } from "../automation/main";

async function main(): Promise<number> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "datalake-architecture-"));
    try {
        const code = await runDriver(parseArgs(["up", "--stack", "dev", "--local", "--state-dir", stateDir, "--no-policy"]));
        if (code !== 0) return code;
        const dot = architectureDot(localState(stateDir, "dev"), ARCHITECTURE_TITLE);
        const docs = path.join(PROJECT_ROOT, "docs");
        fs.mkdirSync(docs, { recursive: true });
        fs.writeFileSync(path.join(docs, "architecture.dot"), dot);
        fs.writeFileSync(path.join(docs, "architecture.svg"), await renderSvg(dot));
        process.stdout.write("wrote docs/architecture.dot and docs/architecture.svg\n");
        return 0;
    } finally {
        fs.rmSync(stateDir, { recursive: true, force: true });
    }
}

main().then((code) => process.exit(code));
