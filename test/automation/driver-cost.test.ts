/**
 * The driver's `cost` command and the preview summary's estimate, wired to a fake stack whose
 * preview replays the mocked dev program as engine events: no Pulumi CLI, no shared .pulumi.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { EXIT, parseArgs } from "../../automation/args";
import { IDLE_USAGE, TYPICAL_USAGE, estimateCost } from "../../automation/cost";
import { PreviewResources, runDriver, type RunSummary } from "../../automation/main";
import { costResources } from "../../harness/cost-resources";
import { runProgram, type RecordedResource } from "../../harness/program";

function capture() {
    const io = { outText: "", errText: "", out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
    return io;
}

/** A step event as the engine sends it for a resource. */
function step(r: RecordedResource, op: OpType = "create"): EngineEvent {
    const state = { type: r.type, urn: r.urn, custom: r.custom, id: "", parent: r.parent ?? "", inputs: r.props, outputs: {}, provider: "" };
    return {
        sequence: 0,
        timestamp: 0,
        resourcePreEvent: {
            metadata: { op, urn: r.urn, type: r.type, new: op === "delete" ? undefined : state, old: op === "create" ? undefined : state, provider: "" },
        },
    } as EngineEvent;
}

/** A fake stack handle whose preview emits `events` and whose config holds `region`. */
function fakeOpen(events: EngineEvent[], region: string, calls: { preview: any[] } = { preview: [] }) {
    return async () => ({
        stack: {
            preview: async (opts: any) => {
                calls.preview.push(opts);
                for (const e of events) opts.onEvent?.(e);
                opts.onEvent?.({ sequence: 1, timestamp: 0, summaryEvent: { resourceChanges: { create: events.length }, policyPacks: {} } });
                return {} as any;
            },
            getConfig: async (key: string) => {
                expect(key).to.equal("aws:region");
                return { value: region, secret: false };
            },
        } as any,
        close: () => undefined,
    });
}

describe("automation: cost command", function () {
    let dev: RecordedResource[];
    let tmp: string;
    before(async () => {
        dev = await runProgram("dev");
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cost-driver-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** Runs the driver on `argv` against a fake stack in `region` whose preview emits a create step for each of `resources`. */
    const drive = (argv: string[], io: ReturnType<typeof capture>, region: string, { resources = dev, calls = { preview: [] as any[] } } = {}) =>
        runDriver(
            parseArgs(argv),
            io,
            undefined,
            fakeOpen(
                resources.map((r) => step(r)),
                region,
                calls,
            ),
        );

    it("prints the estimate of the previewed resources and writes it to the summary file", async () => {
        const io = capture();
        const summaryFile = path.join(tmp, "cost.json");
        const calls = { preview: [] as any[] };
        const code = await drive(["cost", "--stack", "dev", "--summary-file", summaryFile], io, "eu-west-1", { calls });
        expect(code).to.equal(EXIT.ok);
        const expected = estimateCost(costResources(dev), "eu-west-1", TYPICAL_USAGE);
        const summary: RunSummary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
        expect(summary.cost?.totalUsd).to.equal(expected.totalUsd);
        expect(summary.cost?.byArea).to.deep.equal(expected.byArea);
        expect(summary.cost?.notPriced).to.deep.equal([]);
        expect(io.outText)
            .to.include(`### dev: ~$${expected.totalUsd.toFixed(2)} a month`)
            .and.include("| area | USD/month |");
        // The cost command previews without the policy pack and without streaming the engine's output.
        expect(calls.preview[0]).to.not.have.any.keys("policyPacks", "onOutput");
    });

    it("uses --idle and --usage, and the stack's region", async () => {
        const io = capture();
        const summaryFile = path.join(tmp, "idle.json");
        expect(await drive(["cost", "--stack", "dev", "--idle", "--usage", "storedGb=1000", "--summary-file", summaryFile], io, "us-east-1")).to.equal(EXIT.ok);
        const expected = estimateCost(costResources(dev), "us-east-1", { ...IDLE_USAGE, storedGb: 1000 });
        const summary: RunSummary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
        expect(summary.cost).to.deep.include({ region: "us-east-1", totalUsd: expected.totalUsd });
        expect(summary.cost?.usage.storedGb).to.equal(1000);
        expect(io.outText).to.include("### dev (idle):");
    });

    it("lists a resource type the table does not know as not priced", async () => {
        const io = capture();
        const unknown: RecordedResource = {
            ...dev.find((r) => r.type === "aws:kms/key:Key")!,
            type: "aws:macie2/account:Account",
            urn: "urn:pulumi:dev::datalake::aws:macie2/account:Account::lake-macie",
        };
        expect(await drive(["cost", "--stack", "dev"], io, "eu-west-1", { resources: [...dev, unknown] })).to.equal(EXIT.ok);
        expect(io.outText).to.match(/\*\*Not priced\*\* \(missing from the total\): lake-macie \(aws:macie2\/account:Account: type not in the price table\)/);
    });

    it("adds the estimate to a preview's summary, with the policy pack still attached", async () => {
        const io = capture();
        const summaryFile = path.join(tmp, "preview.json");
        const calls = { preview: [] as any[] };
        expect(await drive(["preview", "--stack", "dev", "--summary-file", summaryFile], io, "eu-west-1", { calls })).to.equal(EXIT.ok);
        expect(calls.preview[0].policyPacks).to.have.length(1);
        const summary: RunSummary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
        expect(summary.resourceChanges).to.deep.equal({ create: dev.length });
        expect(summary.cost?.totalUsd).to.equal(estimateCost(costResources(dev), "eu-west-1").totalUsd);
        expect(summary.cost?.markdown).to.match(/^### dev: ~\$/);
    });

    it("a preview in a region without prices still succeeds, with a warning instead of an estimate", async () => {
        const io = capture();
        const summaryFile = path.join(tmp, "region.json");
        expect(await drive(["preview", "--stack", "dev", "--summary-file", summaryFile], io, "ap-south-2")).to.equal(EXIT.ok);
        expect(io.errText).to.include("automation: no cost estimate: no prices for region ap-south-2");
        expect(JSON.parse(fs.readFileSync(summaryFile, "utf8")).cost).to.equal(undefined);
        expect(await runDriver(parseArgs(["cost", "--stack", "dev"]), capture(), undefined, fakeOpen([], "ap-south-2"))).to.equal(EXIT.failed);
    });

    it("keeps what the stack holds after the preview: a replaced resource once, a deleted one not at all", () => {
        const [key, bucket] = [dev.find((r) => r.type === "aws:kms/key:Key")!, dev.find((r) => r.type === "aws:s3/bucket:Bucket")!];
        const collected = new PreviewResources();
        for (const op of ["create-replacement", "replace", "delete-replaced"] as OpType[]) collected.onEvent(step(key, op));
        collected.onEvent(step(bucket, "same"));
        collected.onEvent(step(bucket, "delete"));
        expect(collected.resources.map((r) => [r.type, r.name, r.area])).to.deep.equal([["aws:kms/key:Key", key.name, key.props.tags.area]]);
    });
});
