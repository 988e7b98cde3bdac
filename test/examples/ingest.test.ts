/**
 * examples/ingest: Firehose and the HTTP ingest API into an existing bucket. The example type-checks
 * with the project's compiler options, runs under the Pulumi mocks (harness/program `recordResources`),
 * passes the whole policy pack, and its URNs are the committed ones (test/snapshots/examples/ingest.urns.txt;
 * `UPDATE_SNAPSHOTS=1` rewrites it). The mocks' project is `datalake`, so the URNs say so; `pulumi up`
 * in examples/ingest uses the example's own project name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import ingestExample from "../../examples/ingest";
import { RecordedResource, recordResources } from "../../harness/program";
import { describeViolations, evaluate } from "../policy/harness";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/ingest/index.ts");
const SNAPSHOT = path.join(ROOT, "test/snapshots/examples/ingest.urns.txt");

/** The engine's URN of `r`, its ancestors' types chained (the mock monitor records only the parent's). */
function engineUrn(r: RecordedResource, byUrn: Map<string, RecordedResource>): string {
    const types: string[] = [];
    for (let at: RecordedResource | undefined = r; at; at = at.parent ? byUrn.get(at.parent) : undefined) types.unshift(at.type);
    return `${r.urn.split("::").slice(0, 2).join("::")}::${types.join("$")}::${r.name}`;
}

describe("examples/ingest", () => {
    let recorded: RecordedResource[];
    before(async () => {
        recorded = await recordResources("dev", ingestExample);
    });

    it("type-checks with the project's compiler options", function () {
        this.timeout(300_000); // a full type-check of the example and the AWS SDK's declarations
        const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
        const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
        const program = ts.createProgram([EXAMPLE], { ...options, noEmit: true });
        const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        expect(errors).to.deep.equal([]);
    });

    it("builds the streams and the API into the given bucket, with the components' defaults", () => {
        const firehoses = recorded.filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        expect(firehoses.map((f) => f.name).sort()).to.deep.equal(["ingest-clicks-firehose", "ingest-events-firehose", "ingest-impressions-firehose"]);
        for (const f of firehoses) {
            expect(f.props.extendedS3Configuration).to.include({ bucketArn: "arn:aws:s3:::example-landing", bufferingSize: 64, compressionFormat: "GZIP" });
        }
        expect(recorded.filter((r) => r.type === "aws:apigateway/apiKey:ApiKey")).to.have.length(1);
        expect(
            recorded.filter((r) => r.type.startsWith("aws:s3/")),
            "the bucket is not the example's",
        ).to.deep.equal([]);
    });

    it("passes the policy pack", async () => {
        const violations = await evaluate(recorded);
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("has the committed URNs", () => {
        const byUrn = new Map(recorded.map((r) => [r.urn, r]));
        const urns = recorded.map((r) => engineUrn(r, byUrn)).sort();
        if (process.env.UPDATE_SNAPSHOTS === "1") {
            fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
            fs.writeFileSync(SNAPSHOT, `${urns.join("\n")}\n`);
            return;
        }
        expect(urns).to.deep.equal(fs.readFileSync(SNAPSHOT, "utf8").split("\n").filter(Boolean));
    });
});
