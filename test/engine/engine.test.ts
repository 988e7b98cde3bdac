/**
 * The real Pulumi engine (the CLI scripts/setup-pulumi.sh builds from its Go module) running the
 * real program through the automation/ driver, with the provider double (harness/aws-double) at
 * the AWS boundary: what the mocks cannot show (the CLI's own policy run, a no-op second update,
 * refresh, destroy and `protect`, duplicate URNs). Skipped only when Go is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ARCHITECTURE_TITLE, architectureDot, dotHash, renderSvg, svgDotHash } from "../../automation/architecture";
import { EXIT } from "../../automation/args";
import { mockState } from "../../harness/mock-state";
import { programOutputs } from "../../harness/program";
import { EngineSandbox, ROOT, VPC_SUBNETS, changes } from "./driver";

const hasGo = spawnSync("go", ["version"]).status === 0;
const ARCHITECTURE_DOT = path.join(ROOT, "docs", "architecture.dot");
const ARCHITECTURE_SVG = path.join(ROOT, "docs", "architecture.svg");
const OP_TIMEOUT = 180_000;

/** The engine's URNs of a stack (without the stack itself and providers), sorted. */
function urns(state: any[]): string[] {
    return state
        .filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"))
        .map((r) => r.urn as string)
        .sort();
}

/** The URN snapshot the mocks' test keeps (test/components/urn-snapshot.test.ts). */
function snapshot(stack: string): string[] {
    return fs
        .readFileSync(path.join(ROOT, "test", "snapshots", `urns.${stack}.txt`), "utf8")
        .split("\n")
        .filter(Boolean);
}

/** Every string leaf of a JSON value. */
function leaves(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (v && typeof v === "object") return Object.values(v).flatMap(leaves);
    return [];
}

describe("engine: the real Pulumi CLI with the provider double", function () {
    before(function () {
        if (!hasGo) this.skip(); // the CLI is built from Go; everything else is in the repository
        this.timeout(30 * 60_000); // the first CLI build; later runs take well under a second
        execFileSync("bash", [path.join(ROOT, "scripts", "setup-pulumi.sh")], { stdio: "inherit" });
    });

    describe("dev: preview, up, outputs, refresh, a no-op up, destroy", function () {
        this.timeout(OP_TIMEOUT);
        const box = new EngineSandbox();
        after(() => box.dispose());

        it("preview runs the policy pack: 0 violations, nothing it cannot judge", async () => {
            const run = await box.drive(["preview", "--stack", "dev"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            expect(run.stdout).to.match(/datalake-policies@v0\.1\.0 \(local: .*policy\)/);
            expect(run.summary?.violations, JSON.stringify(run.summary?.violations, null, 1)).to.deep.equal([]);
            expect(changes(run.summary).create).to.be.greaterThan(150);
            // The summary's cost estimate (automation/cost.ts) over the engine's own preview events.
            expect(run.summary?.cost?.notPriced).to.deep.equal([]);
            expect(run.summary?.cost?.byArea).to.not.have.property("unattributed");
            expect(run.summary?.cost?.totalUsd).to.be.greaterThan(0);
        });

        it("up creates every resource through the double, 0 policy violations", async () => {
            const run = await box.drive(["up", "--stack", "dev"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            expect(run.summary?.violations).to.deep.equal([]);
            const state = box.state("dev");
            const cloud = state.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
            expect(box.ledger().map((e) => e.op)).to.deep.equal(cloud.map(() => "create"));
            expect(new Set(box.ledger().map((e) => e.urn))).to.deep.equal(new Set(cloud.map((r) => r.urn)));
            expect(changes(run.summary).create).to.equal(state.filter((r) => !r.type.startsWith("pulumi:providers:")).length);
            expect(urns(state), "the engine's URNs are the committed snapshot's").to.deep.equal(snapshot("dev"));
        });

        it("outputs are the program's exports: the same as under the mocks, and the engine's resources'", async () => {
            const run = await box.drive(["outputs", "--stack", "dev", "--show-secrets"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            const outputs = JSON.parse(run.stdout);
            expect(outputs).to.deep.equal(await programOutputs("dev"));
            const state = box.state("dev");
            const byName = (type: string, name: string) => state.find((r) => r.type === type && r.urn.endsWith(`::${name}`))?.outputs;
            expect(Object.keys(outputs)).to.include.members(["buckets", "queueUrls", "keyArns", "functionNames", "ingestApiUrl", "etlJobs"]);
            for (const zone of ["drop", "raw", "curated"]) {
                expect(outputs.buckets[zone]).to.equal(byName("aws:s3/bucket:Bucket", `lake-${zone}-bucket`)?.bucket);
                expect(outputs.keyArns[zone]).to.equal(byName("aws:kms/key:Key", `lake-${zone}-key`)?.arn);
            }
            const known = new Set(state.flatMap((r) => leaves(r.outputs)));
            for (const value of leaves(outputs)) expect(known, `output value ${value}`).to.include(value);
        });

        it("refresh finds nothing changed", async () => {
            const run = await box.drive(["refresh", "--stack", "dev"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            expect(changes(run.summary)).to.deep.equal({});
        });

        it("a second up changes nothing (--expect-no-changes) and calls no create or update", async () => {
            const before = box.ledger().length;
            const run = await box.drive(["up", "--stack", "dev", "--expect-no-changes", "--no-policy"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            expect(changes(run.summary)).to.deep.equal({});
            expect(box.ledger().length).to.equal(before);
        });

        it("docs/architecture.svg is drawn from this state", async () => {
            const dot = architectureDot(box.state("dev"), ARCHITECTURE_TITLE);
            if (process.env.UPDATE_SNAPSHOTS === "1") {
                fs.mkdirSync(path.dirname(ARCHITECTURE_DOT), { recursive: true });
                fs.writeFileSync(ARCHITECTURE_DOT, dot);
                fs.writeFileSync(ARCHITECTURE_SVG, await renderSvg(dot));
            }
            const stale =
                "docs/architecture.dot no longer matches the program: redraw it with `npx ts-node --transpile-only scripts/architecture.ts` (or UPDATE_SNAPSHOTS=1)";
            expect(fs.readFileSync(ARCHITECTURE_DOT, "utf8"), stale).to.equal(dot);
            expect(svgDotHash(fs.readFileSync(ARCHITECTURE_SVG, "utf8")), "docs/architecture.svg was not drawn from docs/architecture.dot").to.equal(
                dotHash(dot),
            );
        });

        it("destroy deletes everything it created", async () => {
            const created = box
                .ledger()
                .filter((e) => e.op === "create")
                .map((e) => e.urn);
            const run = await box.drive(["destroy", "--stack", "dev"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            const deleted = box
                .ledger()
                .filter((e) => e.op === "delete")
                .map((e) => e.urn);
            expect([...deleted].sort()).to.deep.equal([...created].sort());
            expect(box.state("dev")).to.deep.equal([]);
        });
    });

    describe("prod: protected data", function () {
        this.timeout(OP_TIMEOUT);
        const box = new EngineSandbox();
        after(() => box.dispose());

        it("up passes the pack with the prod policy config", async () => {
            const run = await box.drive(["up", "--stack", "prod"]);
            expect(run.code, run.output).to.equal(EXIT.ok);
            expect(run.summary?.violations).to.deep.equal([]);
            expect(urns(box.state("prod")), "the engine's URNs are the committed snapshot's").to.deep.equal(snapshot("prod"));
        });

        it("destroy is refused for the protected data buckets and keys, naming each, which stay", async () => {
            const protectedUrns = box
                .state("prod")
                .filter((r) => r.protect)
                .map((r) => r.urn as string);
            const types = new Set(protectedUrns.map((u) => u.split("::")[2].split("$").pop()));
            expect([...types].sort()).to.deep.equal(["aws:kms/key:Key", "aws:s3/bucket:Bucket"]);
            for (const zone of ["drop", "raw", "curated"]) {
                expect(
                    protectedUrns.some((u) => u.endsWith(`::lake-${zone}-bucket`)),
                    `lake-${zone}-bucket protected`,
                ).to.equal(true);
                expect(
                    protectedUrns.some((u) => u.endsWith(`::lake-${zone}-key`)),
                    `lake-${zone}-key protected`,
                ).to.equal(true);
            }
            const run = await box.drive(["destroy", "--stack", "prod"]);
            expect(run.code).to.equal(EXIT.failed);
            for (const urn of protectedUrns) expect(run.output).to.include(`resource "${urn}" cannot be deleted\n    because it is protected`);
            const left = box.state("prod").map((r) => r.urn);
            expect(left).to.include.members(protectedUrns);
        });
    });

    describe("remote components: awsx through the double's construct", function () {
        this.timeout(OP_TIMEOUT);
        const box = new EngineSandbox();
        after(() => box.dispose());

        it("an awsx VPC is one component whose outputs are the mocks' answers", async () => {
            const up = await box.drive(["up", "--stack", "dev", "--no-policy"], "vpc");
            expect(up.code, up.output).to.equal(EXIT.ok);
            const vpc = box.state("dev").filter((r) => r.type === "awsx:ec2:Vpc");
            expect(vpc.map((r) => r.urn)).to.deep.equal(["urn:pulumi:dev::datalake::awsx:ec2:Vpc::lake-vpc"]);
            const { state } = mockState("awsx:ec2:Vpc", "lake-vpc", { numberOfAvailabilityZones: 2, subnetSpecs: VPC_SUBNETS }, "eu-west-1");
            const outputs = box.state("dev").find((r) => r.type === "pulumi:pulumi:Stack")?.outputs;
            expect(outputs).to.deep.equal({ vpcId: state.vpcId, privateSubnetIds: state.privateSubnetIds, publicSubnetIds: state.publicSubnetIds });
            expect(state.privateSubnetIds).to.have.length(2);
        });
    });

    describe("failures the engine reports", function () {
        this.timeout(OP_TIMEOUT);
        const box = new EngineSandbox();
        after(() => box.dispose());

        it("a config error fails the preview naming the key, the value and the rule", async () => {
            const run = await box.drive(["preview", "--stack", "dev", "--no-policy", "--config", 'processor={"timeoutSeconds":5}']);
            expect(run.code).to.equal(EXIT.failed);
            expect(run.output).to.include("datalake:processor.timeoutSeconds = 5");
        });

        it("a policy violation fails the preview with the rule's message", async () => {
            const run = await box.drive(["preview", "--stack", "dev"], "unencrypted-queues");
            expect(run.code).to.equal(EXIT.failed);
            expect(run.stdout).to.include("queue is not encrypted with a KMS key: set kmsMasterKeyId");
            const names = new Set(run.summary?.violations.map((v) => `${v.policyName} ${v.enforcementLevel}`));
            expect([...names]).to.deep.equal(["sqs-queue-cmk-encryption mandatory"]);
        });

        it("a check that needs values unknown in preview runs at up: an open bucket policy fails the update", async () => {
            const run = await box.drive(["up", "--stack", "dev"], "open-bucket-policy");
            expect(run.code).to.equal(EXIT.failed);
            const found = run.summary?.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn?.split("::").pop()}`);
            expect(found).to.deep.equal(["no-wildcard-principal lake-drop-policy"]);
            expect(run.stdout).to.include("statement 'OpenRead' allows any principal with no restricting condition");
        });

        it("duplicate resource names fail (the mocks never see it)", async () => {
            const run = await box.drive(["preview", "--stack", "dev", "--no-policy"], "duplicate-names");
            expect(run.code).to.equal(EXIT.failed);
            expect(run.output).to.match(/Duplicate resource URN 'urn:pulumi:dev::datalake::datalake:index:DataLake::lake'/);
        });
    });
});
