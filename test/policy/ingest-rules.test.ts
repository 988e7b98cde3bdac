/**
 * The ingest rules (policy/rules-ingest.ts) against the lake's own program under mocks, and
 * canaries: each breaks one thing in a recorded good stack and names the rule that must flag it
 * and the resource it must flag.
 */
import { expect } from "chai";
import { ingestPolicies } from "../../policy/rules-ingest";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate } from "./harness";

/** Dev with a Kinesis-fed stream next to the Direct PUT ones, so both kinds are covered. */
const DEV = {
    streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "metrics", source: "kinesis" }],
};

type Props = Record<string, any>;

interface IngestCanary {
    rule: string;
    case: string;
    /** Logical name of the resource changed (and, unless `flags` says otherwise, flagged). */
    target: string;
    flags?: string;
    change: (props: Props) => void;
    /** Remove the target instead of changing it. */
    remove?: boolean;
}

const s3 = (p: Props) => p.extendedS3Configuration;

const badCanaries: IngestCanary[] = [
    { rule: "firehose-kms-encryption", case: "objects without SSE-KMS", target: "lake-ingest-events-firehose", change: (p) => delete s3(p).kmsKeyArn },
    { rule: "firehose-kms-encryption", case: "Direct PUT without buffer SSE", target: "lake-ingest-events-firehose", change: (p) => delete p.serverSideEncryption },
    { rule: "firehose-kms-encryption", case: "Direct PUT with buffer SSE disabled", target: "lake-ingest-clicks-firehose", change: (p) => (p.serverSideEncryption.enabled = false) },
    {
        rule: "firehose-error-output",
        case: "error prefix without the error type",
        target: "lake-ingest-events-firehose",
        change: (p) => (s3(p).errorOutputPrefix = "quarantine/streams/events/"),
    },
    { rule: "firehose-error-output", case: "no error prefix", target: "lake-ingest-metrics-firehose", change: (p) => delete s3(p).errorOutputPrefix },
    {
        rule: "firehose-error-output",
        case: "error logging off",
        target: "lake-ingest-events-firehose",
        change: (p) => (s3(p).cloudwatchLoggingOptions.enabled = false),
    },
    {
        rule: "firehose-drop-zone-layout",
        case: "delivery outside streams/",
        target: "lake-ingest-events-firehose",
        change: (p) => (s3(p).prefix = "events/year=!{timestamp:yyyy}/"),
    },
    {
        rule: "firehose-drop-zone-layout",
        case: "errors outside quarantine/",
        target: "lake-ingest-events-firehose",
        change: (p) => (s3(p).errorOutputPrefix = "streams-errors/events/!{firehose:error-output-type}/"),
    },
    { rule: "kinesis-stream-cmk-encryption", case: "unencrypted stream", target: "lake-ingest-metrics-source", change: (p) => (p.encryptionType = "NONE") },
    { rule: "kinesis-stream-cmk-encryption", case: "KMS without a key", target: "lake-ingest-metrics-source", change: (p) => delete p.kmsKeyId },
    {
        rule: "kinesis-stream-cmk-encryption",
        case: "AWS managed key",
        target: "lake-ingest-metrics-source",
        change: (p) => (p.kmsKeyId = "arn:aws:kms:eu-west-1:123456789012:alias/aws/kinesis"),
    },
    { rule: "apigateway-stage-access-logs", case: "no access logs", target: "lake-ingest-http-stage", change: (p) => delete p.accessLogSettings },
    {
        rule: "apigateway-stage-throttling",
        case: "no method settings",
        target: "lake-ingest-http-method-settings",
        flags: "lake-ingest-http-stage",
        remove: true,
        change: () => undefined,
    },
    {
        rule: "apigateway-stage-throttling",
        case: "method settings without a burst limit",
        target: "lake-ingest-http-method-settings",
        flags: "lake-ingest-http-stage",
        change: (p) => delete p.settings.throttlingBurstLimit,
    },
    {
        rule: "apigateway-stage-throttling",
        case: "settings for one method only",
        target: "lake-ingest-http-method-settings",
        flags: "lake-ingest-http-stage",
        change: (p) => (p.methodPath = "track/POST"),
    },
    { rule: "lambda-permission-source-arn", case: "API Gateway may invoke from any API", target: "lake-ingest-http-invoke", change: (p) => delete p.sourceArn },
];

/**
 * `recorded` with the target replaced by a changed deep copy (or removed). The change applies to
 * inputs (what resource rules see) and outputs (what stack rules see).
 */
function apply(recorded: RecordedResource[], c: IngestCanary): RecordedResource[] {
    const target = recorded.find((r) => r.name === c.target);
    if (!target) throw new Error(`no recorded resource ${c.target}`);
    if (c.remove) return recorded.filter((r) => r !== target);
    const changed = (values: Props) => {
        const copy = JSON.parse(JSON.stringify(values));
        c.change(copy);
        return copy;
    };
    return recorded.map((r) => (r === target ? { ...r, props: changed(r.props), outputs: changed(r.outputs) } : r));
}

describe("policy pack: ingest rules", function () {
    this.timeout(120_000);
    let dev: RecordedResource[];
    before(async () => {
        dev = await runProgram("dev", DEV);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`the lake's ${stack} stack passes every ingest rule`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: ingestPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("a Kinesis-fed stream passes without Firehose SSE (its source stream is encrypted)", async () => {
        const firehose = dev.find((r) => r.name === "lake-ingest-metrics-firehose")!;
        expect(firehose.props.serverSideEncryption).to.equal(undefined);
        const violations = await evaluate(dev, { policies: ingestPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("policy names are unique and every rule has a canary", () => {
        const names = ingestPolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        const covered = new Set([...badCanaries.map((c) => c.rule), "apigateway-prod-method-auth"]);
        expect(names.filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    for (const c of badCanaries) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const changed = apply(dev, c);
            const violations = await evaluate(changed, { policies: ingestPolicies });
            const flagged = changed.find((r) => r.name === (c.flags ?? c.target))!;
            const hits = violations.filter((v) => v.policy === c.rule);
            expect(hits.map((v) => v.urn), describeViolations(violations)).to.include(flagged.urn);
            expect(violations.filter((v) => v.policy !== c.rule), "only the broken rule fires").to.deep.equal([]);
        });
    }

    it("apigateway-prod-method-auth flags open methods in prod, by stack name or by policy config", async () => {
        const prodOpen = await runProgram("prod", { ingestApi: { auth: "none" } });
        const byName = await evaluate(prodOpen, { policies: ingestPolicies });
        const methods = prodOpen.filter((r) => r.type === "aws:apigateway/method:Method").map((r) => r.urn);
        expect(methods).to.have.length(5);
        expect(byName.filter((v) => v.policy === "apigateway-prod-method-auth").map((v) => v.urn).sort()).to.deep.equal(methods.sort());

        const devOpen = await runProgram("dev", { ingestApi: { auth: "none" } });
        expect(await evaluate(devOpen, { policies: ingestPolicies }), "dev may be open").to.deep.equal([]);
        const asProd = await evaluate(devOpen, {
            policies: ingestPolicies,
            config: { "apigateway-prod-method-auth": { environment: "prod" } },
        });
        expect(asProd.filter((v) => v.policy === "apigateway-prod-method-auth")).to.have.length(5);
    });

    it("apigateway-prod-method-auth accepts IAM auth in prod", async () => {
        const violations = await evaluate(await runProgram("prod", { ingestApi: { auth: "iam" } }), { policies: ingestPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });
});
