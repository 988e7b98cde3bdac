/**
 * The example CI workflows (.github/workflows/) pass actionlint, built from its pinned Go module
 * by scripts/setup-actionlint.sh; a broken copy fails it, so the check can fail. Skipped only
 * when Go is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const ACTIONLINT = path.join(ROOT, ".pulumi", "bin", "actionlint");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

/** actionlint over `files`. */
function actionlint(files: string[]): { code: number | null; output: string } {
    const run = spawnSync(ACTIONLINT, ["-no-color", "-oneline", ...files], { cwd: ROOT, encoding: "utf8" });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("CI workflows", function () {
    before(function () {
        if (spawnSync("go", ["version"]).status !== 0) this.skip();
        this.timeout(10 * 60_000);
        execFileSync("bash", [path.join(ROOT, "scripts", "setup-actionlint.sh")], { stdio: "inherit" });
    });

    it("pass actionlint", () => {
        const files = fs
            .readdirSync(WORKFLOWS)
            .filter((f) => /\.ya?ml$/.test(f))
            .map((f) => path.join(WORKFLOWS, f));
        expect(files).to.have.length(2);
        const { code, output } = actionlint(files);
        expect(output).to.equal("");
        expect(code).to.equal(0);
    });

    it("preview every stack with the policy pack on pull requests, up dev then prod on main, by OIDC", () => {
        const main = parse(fs.readFileSync(path.join(WORKFLOWS, "pulumi.yml"), "utf8"));
        expect(main.jobs.preview.if).to.include("pull_request");
        expect(main.jobs.preview.strategy.matrix.stack).to.deep.equal(["dev", "prod"]);
        expect(main.jobs["up-prod"].needs).to.equal("up-dev");
        const stack = parse(fs.readFileSync(path.join(WORKFLOWS, "pulumi-stack.yml"), "utf8"));
        expect(stack.permissions["id-token"]).to.equal("write");
        const steps: any[] = stack.jobs.run.steps;
        expect(steps.find((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials"))?.with["role-to-assume"]).to.equal(
            "${{ secrets.AWS_ROLE_ARN }}",
        );
        const driver = steps.find((s) => String(s.run).includes("automation/main.ts"));
        expect(driver.env.PULUMI_BACKEND_URL).to.equal("${{ secrets.PULUMI_BACKEND_URL }}");
        expect(driver.run).to.not.include("--no-policy");
        // The preview's summary file carries the cost estimate (automation/main.ts); the job summary shows it.
        expect(driver.run).to.include('--summary-file "$RUNNER_TEMP/summary.json"');
        const summary = steps.find((s) => s.name === "Summary");
        expect(summary.run).to.include(`jq -r '.cost.markdown // empty' "$RUNNER_TEMP/summary.json" >> "$GITHUB_STEP_SUMMARY"`);
    });

    it("a broken workflow fails actionlint", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-"));
        try {
            const broken = fs.readFileSync(path.join(WORKFLOWS, "pulumi-stack.yml"), "utf8").replace("${{ inputs.stack }}", "${{ inputs.stak }}");
            fs.writeFileSync(path.join(dir, "broken.yml"), broken);
            const { code, output } = actionlint([path.join(dir, "broken.yml")]);
            expect(code).to.not.equal(0);
            expect(output).to.include('property "stak" is not defined');
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
