/**
 * The rules for what AWS itself refuses or does quietly otherwise (policy/rules-aws.ts) against the
 * lake's stacks, with canaries. The bucket notification rule's own canary and per-variant runs are
 * in test/components/storage/event-routing.test.ts.
 */
import { expect } from "chai";
import { awsPolicies } from "../../policy/rules-aws";
import { executionLogGroupName } from "../../lib/apigateway-logs";
import { invalidAction } from "../../policy/iam-actions";
import { catalogCrawlerPolicy } from "./aws-rules-fixtures";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate } from "./harness";

type Props = Record<string, any>;

const EVENTS = { catalog: { recrawl: "events", deleteBehavior: "LOG" } };

function changed(recorded: RecordedResource[], name: string, change: (p: Props) => void): RecordedResource[] {
    return recorded.map((r) => {
        if (r.name !== name) return r;
        const copy = (v: Props) => {
            const c = JSON.parse(JSON.stringify(v));
            change(c);
            return c;
        };
        return { ...r, props: copy(r.props), outputs: copy(r.outputs) };
    });
}

describe("policy pack: what AWS refuses or does otherwise", function () {
    this.timeout(120_000);
    let dev: RecordedResource[];
    before(async () => {
        dev = await runProgram("dev");
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`the lake's ${stack} stack passes every rule`, async () => {
            const violations = await evaluate(await runProgram(stack), { policies: awsPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("the S3-event-mode stack (crawler queue consumers) passes too", async () => {
        const violations = await evaluate(await runProgram("dev", EVENTS), { policies: awsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("invalidAction knows API operations that are not IAM actions, and the complete SQS and Firehose lists", () => {
        expect(invalidAction("sqs:DeleteMessageBatch")).to.match(/authorizes it as sqs:DeleteMessage/);
        expect(invalidAction("s3:ListObjectsV2")).to.match(/s3:ListBucket/);
        expect(invalidAction("sqs:ReceiveMessages")).to.match(/not an action of sqs/);
        expect(invalidAction("firehose:PutRecordBatch")).to.equal(undefined);
        expect(invalidAction("sqs:*")).to.equal(undefined);
        expect(invalidAction("sqs:Get*")).to.equal(undefined);
        expect(invalidAction("glue:GetTable")).to.equal(undefined);
        expect(invalidAction("DeleteMessage")).to.match(/service:Action/);
    });

    it("iam-actions-valid flags sqs:DeleteMessageBatch in the crawler's queue statement (S3 event mode)", async () => {
        const events = await runProgram("dev", EVENTS);
        const target = catalogCrawlerPolicy(events, "raw");
        const broken = changed(events, target.name, (p) => {
            const doc = JSON.parse(p.policy);
            doc.Statement.find((x: any) => x.Sid === "ConsumeEventQueue").Action.push("sqs:DeleteMessageBatch");
            p.policy = JSON.stringify(doc);
        });
        const violations = await evaluate(broken, { policies: awsPolicies });
        expect(violations.map((v) => [v.policy, v.urn])).to.deep.equal([["iam-actions-valid", target.urn]]);
        expect(violations[0].message).to.contain("sqs:DeleteMessageBatch").and.contain("sqs:DeleteMessage");
    });

    it("iam-actions-valid flags logs:DescribeLogGroups granted on log groups instead of '*'", async () => {
        const target = dev.find((r) => r.name === "lake-ingest-http-cloudwatch-policy")!;
        const broken = changed(dev, target.name, (p) => {
            const doc = JSON.parse(p.policy);
            doc.Statement[0].Action.push("logs:DescribeLogGroups");
            p.policy = JSON.stringify(doc);
        });
        const violations = await evaluate(broken, { policies: awsPolicies });
        expect(violations.map((v) => [v.policy, v.urn])).to.deep.equal([["iam-actions-valid", target.urn]]);
        expect(violations[0].message).to.contain('grant it on "*"');
    });

    it("the stacks declare the ingest stage's execution log group, which apigateway-execution-logs-declared finds", () => {
        const settings = dev.find((r) => r.name === "lake-ingest-http-method-settings")!;
        expect(settings.props.settings.loggingLevel).to.equal("ERROR");
        const group = executionLogGroupName(settings.props.restApi, settings.props.stageName);
        expect(dev.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.props.name === group)).to.have.length(1);
    });

    it("apigateway-execution-logs-declared flags execution logging into a group API Gateway would create", async () => {
        const broken = dev.filter((r) => r.name !== "lake-ingest-http-execution-logs");
        const violations = await evaluate(broken, { policies: awsPolicies });
        const target = broken.find((r) => r.name === "lake-ingest-http-method-settings")!;
        expect(
            violations.map((v) => [v.policy, v.urn]),
            describeViolations(violations),
        ).to.deep.equal([["apigateway-execution-logs-declared", target.urn]]);
        expect(violations[0].message).to.contain(executionLogGroupName(target.props.restApi, target.props.stageName));
    });

    it("apigateway-execution-logs-declared flags a declared execution log group without a retention", async () => {
        const broken = changed(dev, "lake-ingest-http-execution-logs", (p) => delete p.retentionInDays);
        const violations = await evaluate(broken, { policies: awsPolicies });
        expect(violations.map((v) => v.message)).to.have.length(1);
        expect(violations[0].message).to.contain("retentionInDays");
    });
});
