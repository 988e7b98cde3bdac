/**
 * Alarms, failure-event rules and the ops dashboard are derived from the graph: every count is
 * compared with the resources of that kind the mocks recorded, and grows with the config.
 */
import { expect } from "chai";
import { Resources } from "../../../harness/program";
import { METRICS_NAMESPACE, PROCESSOR_METRIC_DIMENSION, ProcessorMetric, ReconcileMetric } from "../../../lib/contract";
import { Statement } from "../../../lib/iam";
import { GLUE_DEFAULT_LOG_GROUPS } from "../../../components/operations";
import { STACKS, T, childOf, json, lake } from "../helpers";

const O = {
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    restApi: "aws:apigateway/restApi:RestApi",
    stage: "aws:apigateway/stage:Stage",
    glueJob: "aws:glue/job:Job",
    crawler: "aws:glue/crawler:Crawler",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
} as const;

/** The operations area's alarms (the functions' rollback alarms, lib/live-function.ts, are the deploy driver's, not operations'). */
const opsAlarms = (res: Resources) => res.byType(T.alarm).filter((a) => res.byUrn(a.parent!).type.startsWith("datalake:operations:"));
const alarmsOf = (res: Resources, metricName: string) => opsAlarms(res).filter((a) => a.props.metricName === metricName);
const dims = (res: Resources, metricName: string, key: string) => alarmsOf(res, metricName).map((a) => a.props.dimensions[key]);
/** DLQ names the graph's redrive policies point at. */
const redriveTargets = (res: Resources) =>
    res.byType(T.queue).flatMap((q) => (q.props.redrivePolicy ? [json(q.props.redrivePolicy).deadLetterTargetArn.split(":").pop()] : []));

for (const stack of STACKS) {
    describe(`operations: alarms derived from the graph (${stack})`, function () {
        let res: Resources;
        before(async function () {
            this.timeout(120_000);
            res = (await lake(stack)).res;
        });

        it("every alarm notifies the alarm topic on alarm and on recovery", () => {
            const topicArn = res.byType(T.topic)[0].outputs.arn;
            expect(opsAlarms(res).length).to.be.greaterThan(0);
            for (const a of opsAlarms(res)) {
                expect(a.props.alarmActions, a.name).to.deep.equal([topicArn]);
                expect(a.props.okActions, a.name).to.deep.equal([topicArn]);
                expect(a.props.treatMissingData).to.equal("notBreaching");
            }
        });

        it("one DLQ alarm per queue with a redrive target, on the DLQ it names", () => {
            const targets = redriveTargets(res);
            expect(targets.length).to.be.greaterThan(0);
            expect(dims(res, "ApproximateNumberOfMessagesVisible", "QueueName")).to.have.members(targets);
            for (const a of alarmsOf(res, "ApproximateNumberOfMessagesVisible")) {
                expect(a.props).to.include({ namespace: "AWS/SQS", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 0 });
            }
        });

        it("one age-of-oldest-message alarm per zone queue a processor or the curation starter drains", () => {
            const zoneQueues = [...res.byType(T.processor), ...res.byType("datalake:processing:CurationStarter")].map(
                (p) => res.byUrn(childOf(res, p, T.esm).dependencies.find((d) => d.endsWith("-queue"))!).outputs.name,
            );
            expect(zoneQueues).to.have.length(res.byType(T.zone).length - 1);
            expect(dims(res, "ApproximateAgeOfOldestMessage", "QueueName")).to.have.members(zoneQueues);
            for (const a of alarmsOf(res, "ApproximateAgeOfOldestMessage")) expect(a.props.threshold).to.equal(3600);
        });

        it("errors and throttles alarms for every Lambda function", () => {
            const fns = res.byType(T.fn).map((f) => f.outputs.name);
            expect(fns.length).to.be.greaterThan(2);
            expect(dims(res, "Errors", "FunctionName")).to.have.members(fns);
            expect(dims(res, "Throttles", "FunctionName")).to.have.members(fns);
        });

        it("a failed-records alarm per zone processor, on the metric the processors publish", () => {
            const hops = res.byType(T.processor).map((p) => childOf(res, p, T.fn).props.environment.variables.POWERTOOLS_SERVICE_NAME);
            const failed = alarmsOf(res, ProcessorMetric.failedRecords);
            expect(failed.map((a) => a.props.dimensions)).to.have.deep.members(hops.map((h) => ({ [PROCESSOR_METRIC_DIMENSION]: h })));
            for (const a of failed) expect(a.props).to.include({ namespace: METRICS_NAMESPACE, statistic: "Sum", threshold: 0 });
        });

        it("freshness and delivery alarms for every Firehose stream", () => {
            const streams = res.byType(O.firehose);
            expect(dims(res, "DeliveryToS3.DataFreshness", "DeliveryStreamName")).to.have.members(streams.map((s) => s.outputs.name));
            expect(dims(res, "DeliveryToS3.Success", "DeliveryStreamName")).to.have.members(streams.map((s) => s.outputs.name));
            for (const s of streams) {
                const freshness = alarmsOf(res, "DeliveryToS3.DataFreshness").find((a) => a.props.dimensions.DeliveryStreamName === s.outputs.name)!;
                expect(freshness.props.threshold).to.equal(s.props.extendedS3Configuration.bufferingInterval + 900);
            }
            for (const a of alarmsOf(res, "DeliveryToS3.Success"))
                expect(a.props).to.include({ comparisonOperator: "LessThanThreshold", threshold: 1, statistic: "Minimum" });
        });

        it("5xx rate and p99 latency alarms for the API stage, by API name and stage", () => {
            const api = res.byType(O.restApi)[0];
            const stage = res.byType(O.stage)[0];
            const expected = { ApiName: api.outputs.name, Stage: stage.props.stageName };
            expect(expected.ApiName).to.be.a("string");
            expect(alarmsOf(res, "5XXError").map((a) => a.props.dimensions)).to.deep.equal([expected]);
            const latency = alarmsOf(res, "Latency");
            expect(latency.map((a) => a.props.dimensions)).to.deep.equal([expected]);
            expect(latency[0].props).to.include({ extendedStatistic: "p99", threshold: 3000, evaluationPeriods: 3 });
            expect(latency[0].props.statistic).to.equal(undefined);
        });

        it("the alarms that existed before keep their names (and so their URNs); the last zone has no queue, so no DLQ alarm", () => {
            const names = opsAlarms(res).map((a) => a.name);
            expect(names).to.include.members([
                "lake-drop-alarms-dlq-messages",
                "lake-raw-alarms-dlq-messages",
                "lake-drop-alarms-processor-errors",
                "lake-raw-alarms-processor-errors",
            ]);
            expect(names.filter((n) => n.startsWith("lake-curated-alarms-"))).to.deep.equal([]);
            expect(res.byType("datalake:operations:ZoneAlarms").map((g) => g.name)).to.deep.equal(["lake-drop-alarms", "lake-raw-alarms"]);
        });

        it("Glue job and crawler failures reach the topic through EventBridge rules naming every job and crawler", () => {
            const topicArn = res.byType(T.topic)[0].outputs.arn;
            // Schedules (the reconciliations') have no event pattern.
            const rules = res.byType(O.rule).filter((r) => r.props.eventPattern !== undefined);
            const jobRule = rules.find((r) => json(r.props.eventPattern)["detail-type"][0] === "Glue Job State Change")!;
            const crawlerRule = rules.find((r) => json(r.props.eventPattern)["detail-type"][0] === "Glue Crawler State Change")!;
            const jobPattern = json(jobRule.props.eventPattern);
            expect(jobPattern.source).to.deep.equal(["aws.glue"]);
            expect(jobPattern.detail.state).to.deep.equal(["FAILED", "TIMEOUT", "ERROR"]);
            expect(jobPattern.detail.jobName).to.have.members(res.byType(O.glueJob).map((j) => j.outputs.name));
            // The big-object job's runs too (started per object by drop -> raw, whose message already succeeded).
            expect(jobPattern.detail.jobName.filter((n: string) => n.endsWith("_convert_object"))).to.have.length(1);
            const crawlerPattern = json(crawlerRule.props.eventPattern);
            expect(crawlerPattern.detail.state).to.deep.equal(["Failed"]);
            expect(crawlerPattern.detail.crawlerName).to.have.members(res.byType(O.crawler).map((c) => c.outputs.name));
            for (const rule of [jobRule, crawlerRule]) {
                const targets = res.byType(O.target).filter((t) => t.name === `${rule.name}-to-topic`);
                expect(targets.map((t) => t.props.arn)).to.deep.equal([topicArn]);
            }
        });

        it("the topic policy lets exactly those rules publish (aws:SourceArn), and CloudWatch alarms of this account", () => {
            const [policy] = res.byType(O.topicPolicy);
            const statements = json(policy.props.policy).Statement as Statement[];
            const events = statements.find((s) => s.Sid === "AllowFailureEventRules")!;
            expect(events.Principal).to.deep.equal({ Service: "events.amazonaws.com" });
            expect(events.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": failureRules(res).map((r) => r.outputs.arn) } });
            const cw = statements.find((s) => s.Sid === "AllowCloudWatchAlarms")!;
            expect(cw.Condition!.ArnLike["aws:SourceArn"]).to.match(/^arn:aws:cloudwatch:eu-west-1:123456789012:alarm:\*$/);
            // The topic is encrypted: its key must let EventBridge publish too.
            const key = res.one(T.key, "lake-alarms");
            expect((json(key.props.policy).Statement as Statement[]).map((s) => s.Sid)).to.include("AllowEventBridgeRules");
        });

        it("the ops dashboard has a section per area and one widget per alarm and rule", () => {
            const [dashboard] = res.byType(O.dashboard);
            const widgets = json(dashboard.props.dashboardBody).widgets as { type: string; properties: any }[];
            const headers = widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);
            expect(headers).to.include.members(["## storage", "## processing", "## ingest", "## catalog", "## etl"]);
            const alarmLists = widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms);
            expect(alarmLists).to.have.members(opsAlarms(res).map((a) => a.outputs.arn));
            const metricWidgets = widgets.filter((w) => w.type === "metric");
            expect(metricWidgets).to.have.length(opsAlarms(res).length + failureRules(res).length);
            expect(dashboard.props.dashboardName).to.equal(`datalake-${stack}-ops`);
        });

        it("each crawler's encrypted log group is declared with the retention and the analytics key; Glue's account-wide groups are left alone", () => {
            const analyticsKey = res.one(T.key, "analytics-key");
            const crawlers = res.byType(O.crawler);
            const expected = crawlers.map((c) => `/aws-glue/crawlers-role/${c.props.role.split("/").pop()}-${c.props.securityConfiguration}`);
            const groups = res.byType(T.logGroup).filter((g) => g.props.name.startsWith("/aws-glue/crawlers"));
            expect(groups.map((g) => g.props.name)).to.have.members(expected);
            for (const g of groups) expect(g.props).to.include({ retentionInDays: stack === "prod" ? 365 : 14, kmsKeyId: analyticsKey.outputs.arn });
            expect(res.byType(T.logGroup).filter((g) => (GLUE_DEFAULT_LOG_GROUPS as readonly string[]).includes(g.props.name))).to.have.length(0);
        });
    });
}

/** The failure-event rules of operations (the zones' object-created rules route data, not failures). */
function failureRules(res: Resources) {
    return res.byType(O.rule).filter((r) => r.urn.includes("datalake:operations:Monitoring"));
}

describe("operations: the alarm count follows the config", function () {
    this.timeout(240_000);

    it("a fourth zone and a fourth stream add their alarms; nothing is listed by hand", async () => {
        const base = (await lake("dev")).res;
        const grown = (
            await lake("dev", {
                zones: [{ name: "drop" }, { name: "raw" }, { name: "curated" }, { name: "gold" }],
                streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "telemetry", source: "kinesis" }],
            })
        ).res;
        const count = (res: Resources, metric: string) => alarmsOf(res, metric).length;
        // The curated -> gold processor, curated's reconciliation, and curated's queue and DLQ (gold, the last zone, has none).
        expect(count(grown, "ApproximateNumberOfMessagesVisible")).to.equal(count(base, "ApproximateNumberOfMessagesVisible") + 1);
        expect(count(grown, "ApproximateAgeOfOldestMessage")).to.equal(count(base, "ApproximateAgeOfOldestMessage") + 1);
        expect(count(grown, "Errors")).to.equal(count(base, "Errors") + 2);
        expect(count(grown, ProcessorMetric.failedRecords)).to.equal(count(base, ProcessorMetric.failedRecords) + 1);
        expect(count(grown, ReconcileMetric.objectsReannounced)).to.equal(count(base, ReconcileMetric.objectsReannounced) + 1);
        // The telemetry stream.
        expect(count(grown, "DeliveryToS3.DataFreshness")).to.equal(count(base, "DeliveryToS3.DataFreshness") + 1);
        expect(count(grown, "DeliveryToS3.Success")).to.equal(count(base, "DeliveryToS3.Success") + 1);
        // And in general: the counts equal the counts of the resources found in the graph.
        expect(count(grown, "Errors")).to.equal(grown.byType(T.fn).length);
        expect(count(grown, "DeliveryToS3.Success")).to.equal(grown.byType(O.firehose).length);
        expect(count(grown, "ApproximateNumberOfMessagesVisible")).to.equal(redriveTargets(grown).length);
        expect(grown.byType(T.alarm).map((a) => a.name)).to.include.members([
            "lake-curated-alarms-dlq-messages",
            "lake-curated-alarms-processor-errors",
            "lake-ingest-telemetry-alarms-data-freshness",
        ]);
    });

    it("with recrawl: events, the crawler event queues' DLQs alarm too (no age alarm: crawlers drain them on schedule)", async () => {
        const res = (await lake("dev", { catalog: { recrawl: "events" } })).res;
        const targets = redriveTargets(res);
        // Two zone DLQs (the last zone has no queue) and three crawler DLQs.
        expect(targets.length).to.equal(5);
        expect(dims(res, "ApproximateNumberOfMessagesVisible", "QueueName")).to.have.members(targets);
        expect(alarmsOf(res, "ApproximateAgeOfOldestMessage")).to.have.length(2);
    });

    it("manageGlueLogGroups declares Glue's default log groups with the stack's retention and the analytics key", async () => {
        const res = (await lake("prod", { operations: { manageGlueLogGroups: true } })).res;
        const groups = res.byType(T.logGroup).filter((g) => (GLUE_DEFAULT_LOG_GROUPS as readonly string[]).includes(g.props.name));
        expect(groups.map((g) => g.props.name)).to.have.members([...GLUE_DEFAULT_LOG_GROUPS]);
        const analyticsKey = res.one(T.key, "analytics-key");
        for (const g of groups) expect(g.props).to.include({ retentionInDays: 365, kmsKeyId: analyticsKey.outputs.arn });
    });
});

describe("operations: failure destinations (real-time and serving on)", function () {
    let res: Resources;
    before(async function () {
        this.timeout(120_000);
        res = (await lake("dev", { realtime: { enabled: true }, serving: { enabled: true } })).res;
    });

    it("every queue an event source mapping, a function or a schedule sends its failures to has one alarm on its own messages", () => {
        const arns = [
            ...res.byType(T.esm).map((m) => m.props.destinationConfig?.onFailure?.destinationArn),
            ...res.byType(T.fn).map((f) => f.props.deadLetterConfig?.targetArn),
            ...res.byType("aws:scheduler/schedule:Schedule").map((sch) => sch.props.target?.deadLetterConfig?.arn),
        ].filter((a) => a !== undefined);
        const names = [...new Set(arns)].map((arn) => res.byType(T.queue).find((q) => q.outputs.arn === arn)!.outputs.name);
        expect(names).to.have.length(2); // the real-time on-failure queue and the traffic job's DLQ
        const alarmed = alarmsOf(res, "ApproximateNumberOfMessagesVisible").map((a) => a.props.dimensions.QueueName);
        expect(alarmed).to.include.members(names);
        expect(alarmed).to.have.length(redriveTargets(res).length + names.length);
    });
});
