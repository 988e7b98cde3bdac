/**
 * Test-only programs around the project's own, run by the real driver:
 * `fixtures.ts <name> <driver args...>`. Each breaks the program the way a real mistake would,
 * so the tests can show the engine (not the mocks) catches it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { EXIT, parseArgs } from "../../automation/args";
import { projectProgram } from "../../automation/engine";
import { runDriver } from "../../automation/main";

const program = projectProgram();

const fixtures: Record<string, PulumiFn> = {
    /** The whole lake registered twice: every URN is a duplicate, which only the engine detects. */
    "duplicate-names": async () => {
        await program();
        return program();
    },
    /** Every SQS queue loses its customer managed key (a test-only transformation). */
    "unencrypted-queues": async () => {
        pulumi.runtime.registerResourceTransform((args) =>
            args.type === "aws:sqs/queue:Queue" ? { props: { ...args.props, kmsMasterKeyId: undefined }, opts: args.opts } : undefined,
        );
        return program();
    },
};

const [name, ...argv] = process.argv.slice(2);
const fixture = fixtures[name];
if (!fixture) {
    process.stderr.write(`fixtures.ts: unknown fixture "${name}" (one of ${Object.keys(fixtures).join(", ")})\n`);
    process.exit(EXIT.usage);
}
runDriver(parseArgs(argv, {}), undefined, fixture).then((code) => process.exit(code));
