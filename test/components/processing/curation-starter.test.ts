/**
 * The curation starter under mocks: the raw zone's queue feeds it in batches (window and size from
 * config, within Lambda's limits), it starts the curate job only, and its alarms and the job's
 * failure events reach the alarm topic.
 */
import { expect } from "chai";
import * as path from "node:path";
import { StartCurationEnv } from "../../../lib/contract";
import { Statement } from "../../../lib/iam";
import { CURATION_STARTER_DEFAULTS, curationStarterIssues, curationStarterWithDefaults } from "../../../components/processing";
import { parseConfig } from "../../../lib/config";
import { childOf, describeStacks, json, T } from "../helpers";

const STARTER = "datalake:processing:CurationStarter";

describe("curation starter settings", () => {
    it("defaults to Lambda's longest window (300 s) and batches of 1000, as the config does", () => {
        expect(curationStarterWithDefaults()).to.deep.equal({ maxBatchingWindowSeconds: 300, batchSize: 1000 });
        expect(parseConfig({}).etl.curateTrigger).to.deep.equal(CURATION_STARTER_DEFAULTS);
    });

    it("refuses what Lambda refuses: a window past 300 s, a batch past 10000, above 10 without a window", () => {
        expect(curationStarterIssues({ maxBatchingWindowSeconds: 301, batchSize: 10 }).map((i) => i.setting)).to.deep.equal(["maxBatchingWindowSeconds"]);
        expect(curationStarterIssues({ maxBatchingWindowSeconds: 60, batchSize: 10001 }).map((i) => i.setting)).to.deep.equal(["batchSize"]);
        expect(curationStarterIssues({ maxBatchingWindowSeconds: 0, batchSize: 11 }).map((i) => i.message)).to.deep.equal([
            "a batchSize above 10 needs maxBatchingWindowSeconds >= 1 (an SQS rule)",
        ]);
        expect(curationStarterIssues({ maxBatchingWindowSeconds: 300, batchSize: 10000 })).to.deep.equal([]);
        expect(() => curationStarterWithDefaults({ maxBatchingWindowSeconds: 900 })).to.throw(/CurationStarter: maxBatchingWindowSeconds/);
        expect(() => parseConfig({ etl: { curateTrigger: { maxBatchingWindowSeconds: 301 } } })).to.throw(/etl\.curateTrigger\.maxBatchingWindowSeconds/);
        expect(() => parseConfig({ etl: { curateTrigger: { maxBatchingWindowSeconds: 0, batchSize: 100 } } })).to.throw(/etl\.curateTrigger\.batchSize/);
    });
});

describeStacks("CurationStarter", (l, stack) => {
    const starter = () => l.res.named(STARTER, "lake-start-curation");
    const c = (type: string) => childOf(l.res, starter(), type);
    const rawZone = () => l.res.named(T.zone, "lake-raw");
    const rawQueue = () => l.res.childrenOf(rawZone()).find((q) => q.type === T.queue && q.name.endsWith("-queue"))!;
    const curateJob = () => l.res.byType("aws:glue/job:Job").find((j) => j.props.name === `datalake_${stack}_curate_tables`)!;

    it("runs functions/start-curation (Node.js 22, outside the VPC) with the curate job's name", async () => {
        const fn = c(T.fn);
        expect(await (await (fn.props.code as any).assets)["index.js"].path).to.equal(
            path.resolve(__dirname, "../../../.build/functions/start-curation/index.js"),
        );
        expect(fn.props).to.deep.include({ name: `datalake-${stack}-raw-start-curation`, runtime: "nodejs22.x", timeout: 60 });
        expect(fn.props.vpcConfig).to.equal(undefined);
        expect(fn.props.environment.variables).to.deep.include({
            [StartCurationEnv.jobName]: curateJob().outputs.name,
            [StartCurationEnv.serviceName]: "raw-start-curation",
        });
    });

    it("reads the raw zone's queue in batches (window 300 s, 1000 messages) with partial batch responses", () => {
        expect(c(T.esm).props).to.deep.include({
            eventSourceArn: rawQueue().outputs.arn,
            functionName: c(T.liveAlias).outputs.arn,
            functionResponseTypes: ["ReportBatchItemFailures"],
            batchSize: 1000,
            maximumBatchingWindowInSeconds: 300,
            scalingConfig: { maximumConcurrency: 2 },
        });
        expect(c(T.esm).dependencies).to.include(c(T.rolePolicy).urn);
    });

    it("may consume only that queue (its key through SQS), start only the curate job and write its own logs", () => {
        const statements: Statement[] = json(c(T.rolePolicy).props.policy).Statement;
        const byId = Object.fromEntries(statements.map((s) => [s.Sid, s]));
        expect(Object.keys(byId)).to.have.members(["ConsumeZoneQueue", "DecryptZoneQueue", "StartCurateJob", "WriteOwnLogs"]);
        expect(byId.ConsumeZoneQueue.Resource).to.equal(rawQueue().outputs.arn);
        expect(byId.DecryptZoneQueue.Resource).to.equal(childOf(l.res, rawZone(), T.key).outputs.arn);
        expect(byId.DecryptZoneQueue.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } });
        expect(byId.StartCurateJob).to.deep.include({
            Action: "glue:StartJobRun",
            Resource: `arn:aws:glue:eu-west-1:123456789012:job/${curateJob().outputs.name}`,
        });
    });

    it("the curate job's failures reach the alarm topic (Glue Job State Change FAILED, TIMEOUT, ERROR)", () => {
        const rule = l.res.byType("aws:cloudwatch/eventRule:EventRule").find((r) => String(r.props.eventPattern ?? "").includes(curateJob().outputs.name))!;
        const pattern = json(rule.props.eventPattern);
        expect(pattern).to.deep.include({ source: ["aws.glue"], "detail-type": ["Glue Job State Change"] });
        expect(pattern.detail.state).to.include.members(["FAILED", "TIMEOUT"]);
    });
});
