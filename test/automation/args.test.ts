/** The driver's command line and exit codes, with no Pulumi CLI involved. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { EXIT, UsageError, configFromEnv, parseArgs, parseConfigPair } from "../../automation/args";
import { cli, engineError, policyConfigFor } from "../../automation/main";

function capture() {
    const io = { outText: "", errText: "", out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
    return io;
}

describe("automation: arguments", () => {
    it("parses a command, a stack and defaults", () => {
        const a = parseArgs(["preview", "--stack", "dev"]);
        expect(a).to.deep.include({ command: "preview", stack: "dev", local: false, policy: true, expectNoChanges: false, showSecrets: false });
        expect(a.config).to.deep.equal({});
    });

    it("takes config overrides from flags and DATALAKE_CONFIG, flags winning, keys namespaced", () => {
        const a = parseArgs(
            ["up", "--stack", "prod", "--config", "logRetentionDays=30", "--config", "aws:region=us-west-2", "--config", 'processor={"memoryMb":1024}'],
            { DATALAKE_CONFIG: JSON.stringify({ logRetentionDays: 7, alarmEmail: "a@example.com", etl: { tables: ["orders"] } }) },
        );
        expect(a.config).to.deep.equal({
            "datalake:logRetentionDays": "30",
            "datalake:alarmEmail": "a@example.com",
            "datalake:etl": '{"tables":["orders"]}',
            "aws:region": "us-west-2",
            "datalake:processor": '{"memoryMb":1024}',
        });
    });

    it("keeps '=' inside a value", () => {
        expect(parseConfigPair("alarmEmail=a=b@example.com")).to.deep.equal(["datalake:alarmEmail", "a=b@example.com"]);
    });

    it("reads the stack, the local engine and its state folder from the environment", () => {
        const a = parseArgs(["destroy"], { DATALAKE_STACK: "dev", DATALAKE_ENGINE: "local", DATALAKE_STATE_DIR: "/tmp/s" });
        expect(a).to.deep.include({ command: "destroy", stack: "dev", local: true, stateDir: "/tmp/s" });
    });

    it("parses every option", () => {
        const a = parseArgs([
            "up",
            "--stack",
            "dev",
            "--local",
            "--state-dir",
            "s",
            "--no-policy",
            "--policy-config",
            "p.json",
            "--expect-no-changes",
            "--summary-file",
            "o.json",
        ]);
        expect(a).to.deep.include({ local: true, stateDir: "s", policy: false, policyConfig: "p.json", expectNoChanges: true, summaryFile: "o.json" });
        expect(parseArgs(["outputs", "--stack", "dev", "--show-secrets"]).showSecrets).to.equal(true);
    });

    it("parses cost with usage overrides and --idle", () => {
        const a = parseArgs(["cost", "--stack", "prod", "--usage", "ingestGbPerDay=5", "--usage", "storedGb=0.5", "--idle", "--summary-file", "c.json"]);
        expect(a).to.deep.include({ command: "cost", stack: "prod", idle: true, summaryFile: "c.json" });
        expect(a.usage).to.deep.equal({ ingestGbPerDay: 5, storedGb: 0.5 });
        expect(parseArgs(["preview", "--stack", "dev"])).to.deep.include({ usage: {}, idle: false });
    });

    const bad: [string[], Record<string, string>, RegExp][] = [
        [[], {}, /no command/],
        [["deploy", "--stack", "dev"], {}, /unknown command "deploy"/],
        [["up"], {}, /--stack NAME is required/],
        [["up", "--stack"], {}, /--stack needs a value/],
        [["up", "--stack", "dev", "--config", "novalue"], {}, /KEY=VALUE/],
        [["up", "--stack", "dev", "--verbose"], {}, /unknown option "--verbose"/],
        [["up", "--stack", "dev/x"], {}, /bad stack name/],
        [["up", "--stack", "dev", "--state-dir", "s"], {}, /only applies with --local/],
        [["refresh", "--stack", "dev", "--expect-no-changes"], {}, /applies to preview and up/],
        [["up", "--stack", "dev"], { DATALAKE_CONFIG: "{nope" }, /DATALAKE_CONFIG is not JSON/],
        [["up", "--stack", "dev"], { DATALAKE_CONFIG: "[1]" }, /must be a JSON object/],
        [["cost", "--stack", "dev", "--usage", "ingestGB=5"], {}, /--usage: expected KEY=NUMBER with KEY one of ingestGbPerDay/],
        [["cost", "--stack", "dev", "--usage", "storedGb=-1"], {}, /storedGb must be a number >= 0/],
        [["cost", "--stack", "dev", "--usage", "storedGb="], {}, /storedGb must be a number >= 0/],
        [["up", "--stack", "dev", "--idle"], {}, /--usage and --idle apply to cost and preview/],
    ];
    for (const [argv, env, message] of bad) {
        it(`rejects ${JSON.stringify(argv)} ${Object.keys(env).length ? JSON.stringify(env) : ""}`, () => {
            expect(() => parseArgs(argv, env)).to.throw(UsageError, message);
        });
    }

    it("configFromEnv: empty means no overrides", () => {
        expect(configFromEnv(undefined)).to.deep.equal({});
        expect(configFromEnv("")).to.deep.equal({});
    });

    it("attaches policy/config.<stack>.json when it exists, or the given file", () => {
        expect(policyConfigFor({ stack: "prod" })).to.equal(path.resolve(__dirname, "../../policy/config.prod.json"));
        expect(policyConfigFor({ stack: "dev" })).to.equal(undefined);
        expect(policyConfigFor({ stack: "dev", policyConfig: "policy/config.prod.json" })).to.equal(path.resolve("policy/config.prod.json"));
    });

    it("reports the engine's stderr for a failed command, else the message", () => {
        expect(engineError({ commandResult: { stderr: "error: preview failed\n" } })).to.equal("error: preview failed\n");
        const failed = {
            commandResult: { stderr: "Command failed with exit code 1: pulumi up\n<stdout>\nerror: update failed", err: { stderr: "error: update failed\n" } },
        };
        expect(engineError(failed)).to.equal("error: update failed\n");
        expect(engineError(new Error("boom"))).to.equal("boom\n");
    });
});

describe("automation: exit codes", () => {
    it("2 with the usage text on a bad command line", async () => {
        const io = capture();
        expect(await cli(["up"], {}, io)).to.equal(EXIT.usage);
        expect(io.errText)
            .to.match(/--stack NAME is required/)
            .and.match(/usage: automation/);
    });

    it("3 with a clear message when no Pulumi CLI is on PATH", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
        const saved = process.env.PATH;
        process.env.PATH = empty;
        const io = capture();
        try {
            expect(await cli(["preview", "--stack", "dev"], {}, io)).to.equal(EXIT.noCli);
        } finally {
            process.env.PATH = saved;
            fs.rmSync(empty, { recursive: true });
        }
        expect(io.errText)
            .to.match(/no Pulumi CLI found on PATH: install it \(https:\/\/www\.pulumi\.com\/docs\/install\/\)/)
            .and.match(/--local/);
        expect(io.outText).to.equal("");
    });
});
