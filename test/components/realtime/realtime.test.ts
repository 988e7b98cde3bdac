/**
 * Real-time under mocks (dev and prod with `realtime.enabled`): the beacon streams become
 * Kinesis-fed, the window function consumes both Kinesis streams with 60 s tumbling windows and
 * partial batch responses, the ingest function writes those routes with PutRecords, and the
 * dashboard charts the metrics the function publishes (names and dimensions from lib/contract).
 */
import { expect } from "chai";
import { json, lake, STACKS, T } from "../helpers";
import { IngestEnv, IngestKinesisEnv, RealtimeEnv, RealtimeMetrics, REALTIME_WINDOW_SECONDS } from "../../../lib/contract";
import { dashboardBody, realtimeFunctionPolicy } from "../../../components/realtime";
import { Resources, runProgram } from "../../../harness/program";

const ON = { realtime: { enabled: true } };
const KINESIS = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/** The beacon streams' key ARNs, once each (the mocks may give two keys one ARN). */
const keyArns = (res: Resources) => [...new Set(["impressions", "clicks"].map((t) => res.named(T.key, `lake-ingest-${t}-source-key`).outputs.arn))];

describe("Realtime (realtime.enabled)", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        describe(stack, () => {
            it("makes the beacon streams Kinesis-fed and leaves the others Direct PUT", async () => {
                const { res } = await lake(stack, ON);
                expect(
                    res
                        .byType(KINESIS)
                        .map((k) => k.name)
                        .sort(),
                ).to.deep.equal(["lake-ingest-clicks-source", "lake-ingest-impressions-source"]);
                const events = res.named(FIREHOSE, "lake-ingest-events-firehose");
                expect(events.props.kinesisSourceConfiguration).to.equal(undefined);
                for (const s of ["impressions", "clicks"]) {
                    const firehose = res.named(FIREHOSE, `lake-ingest-${s}-firehose`);
                    expect(firehose.props.kinesisSourceConfiguration.kinesisStreamArn).to.equal(res.named(KINESIS, `lake-ingest-${s}-source`).outputs.arn);
                }
            });

            it("consumes each beacon stream with a 60 s tumbling window, partial batch responses and an on-failure queue", async () => {
                const { res, cfg } = await lake(stack, ON);
                const queue = res.named(T.queue, "lake-realtime-failures");
                const mappings = res.byType(T.esm).filter((m) => m.name.startsWith("lake-realtime-"));
                expect(mappings.map((m) => m.name).sort()).to.deep.equal(["lake-realtime-clicks", "lake-realtime-impressions"]);
                for (const m of mappings) {
                    const type = m.name.replace("lake-realtime-", "");
                    expect(m.props).to.include({
                        eventSourceArn: res.named(KINESIS, `lake-ingest-${type}-source`).outputs.arn,
                        functionName: res.named(T.liveAlias, "lake-realtime-function-live").outputs.arn,
                        startingPosition: "LATEST",
                        tumblingWindowInSeconds: REALTIME_WINDOW_SECONDS,
                        batchSize: cfg.realtime.batchSize,
                        maximumBatchingWindowInSeconds: cfg.realtime.maxBatchingWindowSeconds,
                        maximumRetryAttempts: cfg.realtime.maxRetryAttempts,
                    });
                    expect(REALTIME_WINDOW_SECONDS).to.equal(60);
                    expect(m.props.functionResponseTypes).to.deep.equal(["ReportBatchItemFailures"]);
                    expect(m.props.destinationConfig.onFailure.destinationArn).to.equal(queue.outputs.arn);
                    expect(m.dependencies, "created after the role may read the stream").to.include(
                        res.named(T.rolePolicy, "lake-realtime-function-policy").urn,
                    );
                }
                expect(queue.props.kmsMasterKeyId).to.equal(res.named(T.key, "lake-analytics-key-key").outputs.arn);
            });

            it("the function knows which event type each Kinesis stream carries, and may read only those streams", async () => {
                const { res } = await lake(stack, ON);
                const fn = res.named(T.fn, "lake-realtime-function");
                const env = fn.props.environment.variables;
                const name = (t: string) => res.named(KINESIS, `lake-ingest-${t}-source`).outputs.name;
                expect(json(env[RealtimeEnv.streamTypes])).to.deep.equal({ [name("impressions")]: "impressions", [name("clicks")]: "clicks" });
                expect(env[RealtimeEnv.lake]).to.equal(`datalake-${stack}`);
                expect(fn.props).to.include({ runtime: "nodejs22.x", timeout: 60 });
                const doc = json(res.named(T.rolePolicy, "lake-realtime-function-policy").props.policy);
                const read = doc.Statement.find((s: any) => s.Sid === "ReadBeaconStreams");
                expect(read.Resource).to.have.members(["impressions", "clicks"].map((t) => res.named(KINESIS, `lake-ingest-${t}-source`).outputs.arn));
                expect(read.Action).to.include("kinesis:GetRecords").and.not.include("kinesis:PutRecords");
                const decrypt = doc.Statement.find((s: any) => s.Sid === "DecryptBeaconStreams");
                expect(decrypt.Resource).to.have.members(keyArns(res));
                expect(decrypt.Condition.StringEquals["kms:ViaService"]).to.equal("kinesis.eu-west-1.amazonaws.com");
                expect(JSON.stringify(doc)).not.to.match(/"\*"|cloudwatch:PutMetricData/);
            });

            it("the ingest function writes the beacon routes with Kinesis PutRecords, the others with Firehose", async () => {
                const { res } = await lake(stack, ON);
                const fn = res.named(T.fn, "lake-ingest-http-function");
                const env = fn.props.environment.variables;
                const kinesisName = (t: string) => res.named(KINESIS, `lake-ingest-${t}-source`).outputs.name;
                expect(json(env[IngestKinesisEnv.routeKinesisStreams])).to.deep.equal({
                    "/impressions": kinesisName("impressions"),
                    "/clicks": kinesisName("clicks"),
                });
                expect(Object.keys(json(env[IngestEnv.routeStreams])).sort()).to.deep.equal(["/alias", "/profile", "/track"]);
                const doc = json(res.named(T.rolePolicy, "lake-ingest-http-function-policy").props.policy);
                const sid = (s: string) => doc.Statement.find((x: any) => x.Sid === s);
                expect(sid("PutIntoRouteKinesisStreams").Resource).to.have.members(
                    ["impressions", "clicks"].map((t) => res.named(KINESIS, `lake-ingest-${t}-source`).outputs.arn),
                );
                expect(sid("PutIntoRouteStreams").Resource).to.deep.equal([res.named(FIREHOSE, "lake-ingest-events-firehose").outputs.arn]);
                expect(sid("EncryptForRouteKinesisStreams").Resource).to.have.members(keyArns(res));
            });

            it("the dashboard charts the function's metrics: impressions/min, clicks/min and the click-through rate", async () => {
                const { res } = await lake(stack, ON);
                const board = res.named(DASHBOARD, "lake-realtime-dashboard");
                expect(board.props.dashboardName).to.equal(`datalake-${stack}-realtime`);
                const body = json(board.props.dashboardBody);
                const titles = body.widgets.map((w: any) => w.properties.title);
                expect(titles).to.include.members(["Impressions per minute", "Clicks per minute", "Click-through rate (%)"]);
                const ctr = body.widgets.find((w: any) => w.properties.title.startsWith("Click-through")).properties;
                const expression = ctr.metrics.find((m: any[]) => m[0].expression)[0].expression;
                expect(expression).to.equal("IF(impressions > 0, 100 * FILL(clicks, 0) / impressions)");
                for (const w of body.widgets) {
                    expect(w.properties).to.include({ period: 60, stat: "Sum", region: "eu-west-1" });
                    for (const row of w.properties.metrics.filter((m: any[]) => typeof m[0] === "string")) {
                        expect(row.slice(0, 6)).to.deep.equal([
                            "DataLake",
                            row[1],
                            RealtimeMetrics.lakeDimension,
                            `datalake-${stack}`,
                            "service",
                            RealtimeMetrics.service,
                        ]);
                        expect(Object.values(RealtimeMetrics.counts).concat(RealtimeMetrics.malformed)).to.include(row[1]);
                    }
                }
            });
        });
    }

    it("off by default: no window function, no dashboard, no Kinesis streams", async () => {
        const { res } = await lake("dev");
        expect(res.all.filter((r) => r.name.startsWith("lake-realtime"))).to.deep.equal([]);
        expect(res.byType(KINESIS)).to.deep.equal([]);
        expect(res.byType(DASHBOARD).filter((d) => d.name.includes("realtime"))).to.deep.equal([]);
    });

    it("config: a beacon stream set to direct, or a stream that does not exist, fails naming the key", async () => {
        const fail = (o: Record<string, unknown>) =>
            runProgram("dev", o).then(
                () => "no error",
                (e: Error) => e.message,
            );
        expect(await fail({ ...ON, streams: [{ name: "events" }, { name: "impressions", source: "direct" }, { name: "clicks" }] })).to.match(
            /datalake:streams\.1\.source = "direct": real-time counting \(realtime\.streams\.impressions\) reads stream "impressions" from Kinesis/,
        );
        expect(await fail({ realtime: { enabled: true, streams: { clicks: "taps" } } })).to.match(
            /datalake:realtime\.streams\.clicks = "taps": names no configured stream/,
        );
        expect(await fail({ realtime: { enabled: true, streams: { clicks: "impressions" } } })).to.match(/datalake:realtime\.streams = .*a stream of its own/);
    });

    it("policy document: streams required; every grant names its resources", () => {
        expect(() => realtimeFunctionPolicy({ region: "r", streams: [], failureQueueArn: "q", failureKeyArn: "k", logGroupArn: "l" })).to.throw(/no streams/);
        const doc = realtimeFunctionPolicy({
            region: "eu-west-1",
            streams: [
                { streamArn: "s1", keyArn: "k1" },
                { streamArn: "s1", keyArn: "k1" },
            ],
            failureQueueArn: "q",
            failureKeyArn: "k",
            logGroupArn: "l",
        });
        expect(doc.Statement.find((s) => s.Sid === "ReadBeaconStreams")!.Resource).to.deep.equal(["s1"]);
        expect(doc.Statement.find((s) => s.Sid === "EncryptSkippedBatchReports")!.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" },
        });
        expect(dashboardBody({ region: "r", lake: "l" }).widgets).to.have.length(4);
    });
});
