/**
 * Safe deploys through the real engine (the CLI scripts/setup-pulumi.sh built, with the provider
 * double): a code change of one function publishes a new version and moves its `live` alias to it,
 * as two in-place updates: no function is replaced, and its event source mapping, which names the
 * alias, is untouched. It needs the engine already set up (it does not run setup-pulumi.sh, which
 * rewrites the shared .pulumi launchers); from a worktree, export DATALAKE_DOUBLE_ROOT=<worktree>
 * so the engine runs that worktree's double (test/README.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { EXIT } from "../../automation/args";
import { LOCAL_ENGINE_DIR } from "../../automation/engine";
import { EngineSandbox, changes } from "./driver";

const FUNCTION = "lake-drop-to-raw-function";

describe("engine: a code change deploys a new version behind the live alias", function () {
    this.timeout(300_000);
    const box = new EngineSandbox();
    before(function () {
        if (!fs.existsSync(path.join(LOCAL_ENGINE_DIR, "bin", "pulumi"))) this.skip();
    });
    after(() => box.dispose());

    const named = (type: string, name: string) => box.state("dev").find((r) => r.type === type && r.urn.endsWith(`::${name}`));

    it("the first up publishes version 1 and the alias serves it", async () => {
        const run = await box.drive(["up", "--stack", "dev", "--no-policy"]);
        expect(run.code, run.output).to.equal(EXIT.ok);
        expect(named("aws:lambda/function:Function", FUNCTION)?.outputs).to.include({ publish: true, version: "1" });
        expect(named("aws:lambda/alias:Alias", `${FUNCTION}-live`)?.outputs).to.include({ name: "live", functionVersion: "1" });
    });

    it("new code: the function is updated in place to version 2 and the alias moves to it; nothing else changes", async () => {
        const before = box.ledger().length;
        const mappingBefore = named("aws:lambda/eventSourceMapping:EventSourceMapping", "lake-drop-to-raw-events");
        const run = await box.drive(["up", "--stack", "dev", "--no-policy"], "code-change");
        expect(run.code, run.output).to.equal(EXIT.ok);
        expect(changes(run.summary)).to.deep.equal({ update: 2 });
        const ops = box
            .ledger()
            .slice(before)
            .map((e) => `${e.op} ${e.urn.split("::").pop()}`);
        expect(ops).to.deep.equal([`update ${FUNCTION}`, `update ${FUNCTION}-live`]);
        const fn = named("aws:lambda/function:Function", FUNCTION)!;
        expect(fn.outputs).to.include({ version: "2", qualifiedArn: `${fn.outputs.arn}:2` });
        expect(named("aws:lambda/alias:Alias", `${FUNCTION}-live`)?.outputs.functionVersion).to.equal("2");
        const mapping = named("aws:lambda/eventSourceMapping:EventSourceMapping", "lake-drop-to-raw-events")!;
        expect(mapping.outputs).to.deep.equal(mappingBefore!.outputs);
        expect(mapping.outputs.functionName).to.match(/:function:datalake-dev-drop-to-raw:live$/);
    });

    it("the same code again changes nothing", async () => {
        const run = await box.drive(["up", "--stack", "dev", "--no-policy", "--expect-no-changes"], "code-change");
        expect(run.code, run.output).to.equal(EXIT.ok);
        expect(named("aws:lambda/function:Function", FUNCTION)?.outputs.version).to.equal("2");
    });
});
