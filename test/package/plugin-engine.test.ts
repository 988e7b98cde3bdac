/**
 * The component package through the real Pulumi engine: a program registers
 * `datalake:index:AccessLogsBucket` as a remote component, as the SDK `pulumi package add`
 * generates for Python, Go, .NET or YAML would, and the engine asks the package's plugin to
 * Construct it. The Node.js language host that runs PulumiPlugin.yaml is not served here, so the
 * plugin is installed the way an executable plugin is (`plugins/resource-datalake-v<version>/`, a
 * script running provider.ts as that host would); the AWS resources go to the provider double
 * scripts/setup-pulumi.sh installs. Everything runs in a temporary PULUMI_HOME and file backend:
 * the project's .pulumi/ is only read. Skipped without the project-built CLI.
 */
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_ENGINE_DIR } from "../../automation/engine";
import { PLUGIN_NAME } from "../../components/plugin";

const ROOT = path.resolve(__dirname, "../..");
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
const AWS_DOUBLE = path.join(LOCAL_ENGINE_DIR, "home", "plugins", "resource-aws-v7.48.0");
const CLI = path.join(LOCAL_ENGINE_DIR, "bin", "pulumi");

/** What a generated SDK registers: a remote component of the package, its outputs left to Construct. */
class RemoteAccessLogsBucket extends pulumi.ComponentResource {
    declare readonly bucketName: pulumi.Output<string>;
    constructor(name: string, args: pulumi.Inputs) {
        super(`${PLUGIN_NAME}:index:AccessLogsBucket`, name, { ...args, bucket: undefined, bucketName: undefined, bucketArn: undefined }, {}, true);
    }
}

describe("the component package through the engine (Construct)", function () {
    this.timeout(300_000);
    let work: string;

    before(function () {
        if (!fs.existsSync(CLI) || !fs.existsSync(AWS_DOUBLE)) this.skip(); // scripts/setup-pulumi.sh builds them (needs Go)
        work = fs.mkdtempSync(path.join(os.tmpdir(), "datalake-plugin-"));
        const plugins = path.join(work, "home", "plugins");
        fs.cpSync(AWS_DOUBLE, path.join(plugins, path.basename(AWS_DOUBLE)), { recursive: true });
        const plugin = path.join(plugins, `resource-${PLUGIN_NAME}-v${VERSION}`, `pulumi-resource-${PLUGIN_NAME}`);
        fs.mkdirSync(path.dirname(plugin), { recursive: true });
        fs.writeFileSync(plugin, `#!/bin/sh\ncd "${ROOT}" && exec "${process.execPath}" -r ts-node/register/transpile-only provider.ts "$@"\n`, {
            mode: 0o755,
        });
        fs.mkdirSync(path.join(work, "state"));
        fs.mkdirSync(path.join(work, "program"));
        fs.writeFileSync(path.join(work, "program", "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n");
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    it("builds the component with its children and returns its outputs; URNs carry the component's own type token", async function () {
        this.timeout(300_000);
        const context = { scope: { partition: "aws", region: "eu-west-1", accountId: "123456789012" } };
        const stack = await LocalWorkspace.createOrSelectStack(
            {
                stackName: "construct",
                projectName: "consumer",
                program: async () => {
                    const logs = new RemoteAccessLogsBucket("logs", { context, expireDays: 30 });
                    return { bucketName: logs.bucketName };
                },
            },
            {
                workDir: path.join(work, "program"),
                pulumiCommand: await PulumiCommand.get({ root: LOCAL_ENGINE_DIR, skipVersionCheck: true }),
                envVars: {
                    PULUMI_HOME: path.join(work, "home"),
                    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
                    PULUMI_CONFIG_PASSPHRASE: "plugin-test",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                },
            },
        );
        const result = await stack.up({ onOutput: () => undefined });
        expect(result.outputs.bucketName.value).to.match(/^logs-bucket/);
        const urns: string[] = ((await stack.exportStack()).deployment.resources ?? []).map((r: { urn: string }) => r.urn);
        // Construct builds the component itself, so its URN and its children's are what a
        // TypeScript program using the npm package gets (the token of the component's folder).
        expect(urns).to.include("urn:pulumi:construct::consumer::datalake:storage:AccessLogsBucket::logs");
        expect(urns).to.include("urn:pulumi:construct::consumer::datalake:storage:AccessLogsBucket$aws:s3/bucket:Bucket::logs-bucket");
        expect(urns.filter((u) => u.includes("aws:s3/bucketLifecycleConfiguration"))).to.have.length(1);
        expect(urns).to.include(`urn:pulumi:construct::consumer::pulumi:providers:${PLUGIN_NAME}::default`);
    });
});
