/**
 * The component package for other languages (PulumiPlugin.yaml -> provider.ts ->
 * componentProviderHost): the committed schema is what the host serves, every public component is
 * either served or left out with the analyzer's reason, and each served component's schema lists
 * its args (documented; `@default` ones optional) and its public members, read here with the
 * TypeScript compiler independently of the SDK's analyzer. The Node.js language host that runs
 * provider.ts for `pulumi package add` is not served here (README, TOOLING.md): the test starts
 * provider.ts as that host would and asks it for its schema over gRPC; Construct, what a Python or
 * YAML program's `pulumi up` calls, runs in-process under the mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { parse } from "yaml";
import { PLUGIN_COMPONENTS, PLUGIN_NAME } from "../../components/plugin";
import { LEFT_OUT_FILE, SCHEMA_FILE, entrySources, leftOut, publicComponents } from "../../scripts/package-schema";

// The SDK's generated gRPC stubs and its gRPC library (untyped).
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }));

const ROOT = path.resolve(__dirname, "../..");
const STALE = "is stale: run `npm run package-schema` and commit schema/";
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

interface Member {
    name: string;
    doc: string;
    hasDefault: boolean;
    optional: boolean;
}

/** A component's args properties and public instance members, from its class declaration. */
function declared(program: ts.Program, className: string): { args: Member[]; outputs: string[] } {
    const checker = program.getTypeChecker();
    const decl = program
        .getSourceFiles()
        .filter((f) => f.fileName.startsWith(path.join(ROOT, "components")))
        .flatMap((f) => f.statements.filter((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className))[0];
    expect(decl, `class ${className}`).not.to.equal(undefined);
    const ctor = decl.members.find(ts.isConstructorDeclaration)!;
    const param = ctor.parameters.find((p) => p.name.getText() === "args")!;
    const args = checker.getPropertiesOfType(checker.getTypeAtLocation(param.type!)).map((p) => ({
        name: p.name,
        doc: ts.displayPartsToString(p.getDocumentationComment(checker)).trim(),
        hasDefault: p.getJsDocTags(checker).some((t) => t.name === "default"),
        optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
    }));
    const isPublic = (m: ts.ClassElement) =>
        !ts.getCombinedModifierFlags(m as ts.Declaration) ||
        !(ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
    const outputs = decl.members.filter((m) => ts.isPropertyDeclaration(m) && !ts.isPrivateIdentifier(m.name) && isPublic(m)).map((m) => m.name!.getText());
    return { args, outputs };
}

describe("the component package (other languages)", function () {
    this.timeout(300_000);
    const schema = read(SCHEMA_FILE);

    it("PulumiPlugin.yaml runs provider.ts with the Node.js runtime", () => {
        const plugin = parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8"));
        expect(plugin).to.deep.equal({ runtime: "nodejs", main: "provider.ts" });
    });

    it("provider.ts serves the committed schema over gRPC (GetSchema), started as the language host starts it", async function () {
        this.timeout(300_000);
        // As `pulumi-language-nodejs` runs a plugin: node with ts-node, in the package root. No engine here.
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "provider.ts"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
        try {
            const port = await new Promise<string>((resolve, reject) => {
                child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
                child.once("exit", (code) => reject(new Error(`provider.ts exited with ${code}`)));
            });
            expect(port).to.match(/^\d+$/);
            const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const served = await new Promise<string>((resolve, reject) =>
                client.getSchema(new providerPb.GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) =>
                    err ? reject(err) : resolve(res.getSchema()),
                ),
            );
            client.close();
            expect(JSON.parse(served), `schema/schema.json ${STALE}`).to.deep.equal(schema);
        } finally {
            child.kill();
        }
    });

    it("every public component is served or left out with the analyzer's reason, and none it accepts is left out", function () {
        this.timeout(300_000);
        const reasons = leftOut();
        expect(
            Object.entries(reasons).filter(([, reason]) => reason === undefined),
            "the analyzer accepts these: add them to PLUGIN_COMPONENTS",
        ).to.deep.equal([]);
        expect(reasons, `schema/left-out.json ${STALE}`).to.deep.equal(read(LEFT_OUT_FILE));
        const served = PLUGIN_COMPONENTS.map((c) => c.name);
        expect([...served, ...Object.keys(reasons)]).to.have.members(publicComponents().map((c) => c.name));
        expect(Object.keys(schema.resources)).to.have.members(served.map((name) => `${PLUGIN_NAME}:index:${name}`));
    });

    it("no input or output of a served component is typed Any (the analyzer's reading of a mapped type's members or `unknown`)", () => {
        const anys = Object.entries({ ...schema.resources, ...schema.types })
            .filter(([, definition]) => JSON.stringify(definition).includes("pulumi.json#/Any"))
            .map(([token]) => token);
        expect(anys).to.deep.equal([]);
    });

    describe("each served component lists its documented inputs and its outputs", () => {
        let program: ts.Program;
        before(function () {
            this.timeout(300_000);
            const config = ts.getParsedCommandLineOfConfigFile(
                path.join(ROOT, "tsconfig.json"),
                {},
                { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
            )!;
            program = ts.createProgram(entrySources(), config.options);
        });

        for (const component of PLUGIN_COMPONENTS) {
            it(component.name, () => {
                const resource = schema.resources[`${PLUGIN_NAME}:index:${component.name}`];
                const { args, outputs } = declared(program, component.name);
                expect(Object.keys(resource.inputProperties)).to.have.members(args.map((a) => a.name));
                for (const arg of args) {
                    const input = resource.inputProperties[arg.name];
                    expect(arg.doc, `${component.name}.${arg.name} has no JSDoc`).not.to.equal("");
                    expect(input.description, `${component.name}.${arg.name}`).to.equal(arg.doc);
                    if (arg.hasDefault)
                        expect(arg.optional && !resource.requiredInputs.includes(arg.name), `${component.name}.${arg.name} has a @default`).to.equal(true);
                    expect(resource.requiredInputs.includes(arg.name), `${component.name}.${arg.name} required`).to.equal(!arg.optional);
                }
                expect(Object.keys(resource.properties)).to.have.members(outputs);
            });
        }
    });

    it("Construct (a Python or YAML program's `pulumi up`) builds a served component and returns its outputs", async () => {
        const created: string[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    created.push(a.type);
                    return { id: `${a.name}-id`, state: { ...a.inputs, arn: `arn:aws:s3:::${a.name}`, bucket: a.name } };
                },
                call: (a) => a.inputs,
            },
            "consumer",
            "dev",
            false,
        );
        // The SDK's store: the mock monitor does not claim transforms, the engine does.
        require("@pulumi/pulumi/runtime/state").getStore().supportsTransforms = true;
        const provider = new ComponentProvider({ name: PLUGIN_NAME, dirname: ROOT, components: PLUGIN_COMPONENTS });
        // The schema is committed: give Construct the definitions instead of analyzing the sources again.
        (provider as unknown as { componentDefinitions: object }).componentDefinitions = Object.fromEntries(
            Object.entries(schema.resources as Record<string, { properties: object }>).map(([token, r]) => [token.split(":")[2], { outputs: r.properties }]),
        );
        const context = { scope: { partition: "aws", region: "eu-west-1", accountId: "123456789012" } };
        const result = await provider.construct("logs", `${PLUGIN_NAME}:index:AccessLogsBucket`, { context, expireDays: 30 }, {});
        expect(Object.keys(result.state)).to.have.members(Object.keys(schema.resources[`${PLUGIN_NAME}:index:AccessLogsBucket`].properties));
        expect(await new Promise((resolve) => pulumi.output(result.state.bucketName).apply(resolve))).to.equal("logs-bucket");
        expect(created).to.include("aws:s3/bucket:Bucket");
        expect(() => ComponentProvider.validateResourceType(PLUGIN_NAME, `${PLUGIN_NAME}:storage:Zone`)).to.throw(/expected 'index'/);
    });
});
