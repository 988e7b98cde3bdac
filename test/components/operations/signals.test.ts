/**
 * The registry and the signal derivation on their own: resources of areas the lake does not build
 * by default (a Redshift cluster, EMR) are picked up by type, wherever they sit; ids stay unique
 * per owner; percentile statistics become extended statistics; the dashboard body is well-formed;
 * thresholds left out take the area's defaults.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Resources, recordResources } from "../../../harness/program";
import { ownedBy } from "../../../lib/ownership";
import { MONITORED_TYPES, ResourceRegistry, Signals, alarmArgs, dashboardBody, deriveSignals, failurePattern } from "../../../components/operations";

/** A component of a made-up area holding what another helper's area would create; it declares its area. */
class Warehouse extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:warehouse:Warehouse", name, {}, ownedBy("warehouse", opts));
        new aws.redshift.Cluster(`${name}-cluster`, { clusterIdentifier: "lake-dw", nodeType: "ra3.large" }, { parent: this });
        new aws.emrserverless.Application(`${name}-spark`, { releaseLabel: "emr-7.5.0", type: "spark" }, { parent: this });
        new aws.lambda.Function(
            `${name}-loader`,
            { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) },
            { parent: this },
        );
        new aws.lambda.Function(
            `${name}-unloader`,
            { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

class Root extends pulumi.ComponentResource {
    constructor(registry: ResourceRegistry) {
        super("datalake:index:DataLake", "lake", {}, { transformations: [registry.observe] });
        new Warehouse("lake-warehouse", { parent: this });
    }
}

describe("operations: signals from any area, by resource type", function () {
    this.timeout(60_000);
    let signals: Signals;
    let res: Resources;
    before(async () => {
        const registry = new ResourceRegistry();
        res = new Resources(await recordResources("dev", () => new Root(registry)));
        signals = deriveSignals(registry);
    });

    it("the registry saw every resource constructed below the root, components included", () => {
        expect(res.all.length).to.equal(6);
    });

    it("a Redshift cluster gets a health alarm, EMR Serverless a failure event, in the cluster's area", () => {
        const health = signals.alarms.find((a) => a.metric.metricName === "HealthStatus")!;
        expect(health).to.include({ area: "warehouse", comparisonOperator: "LessThanThreshold", threshold: 1 });
        expect(health.metric.namespace).to.equal("AWS/Redshift");
        expect(signals.events.map((e) => [e.source, e.detailType, e.field])).to.deep.equal([
            ["aws.emr-serverless", "EMR Serverless Job Run State Change", "applicationId"],
        ]);
    });

    it("two functions of one owner get distinct alarm ids, each named after its function", () => {
        const ids = signals.alarms.filter((a) => a.metric.namespace === "AWS/Lambda").map((a) => a.id);
        expect(ids).to.have.members(["loader-errors", "loader-throttles", "unloader-errors", "unloader-throttles"]);
        expect(new Set(signals.alarms.map((a) => `${a.owner.name}/${a.id}`)).size).to.equal(signals.alarms.length);
        expect(signals.alarms.every((a) => a.owner.name === "lake-warehouse")).to.equal(true);
    });

    it("knows every type it claims to monitor", () => {
        expect(MONITORED_TYPES).to.include.members([
            "aws:sqs/queue:Queue",
            "aws:lambda/function:Function",
            "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
            "aws:apigateway/stage:Stage",
            "aws:glue/job:Job",
            "aws:glue/crawler:Crawler",
            "aws:redshift/cluster:Cluster",
            "aws:emrserverless/application:Application",
            "aws:emr/cluster:Cluster",
        ]);
    });
});

describe("operations: alarm and dashboard documents", () => {
    const subject = { resource: undefined as unknown as pulumi.Resource, type: "t", name: "n", props: {}, custom: true };
    const signal = (stat: string) => ({
        id: "x",
        subject,
        owner: subject,
        area: "ingest",
        title: "API p99",
        description: "d",
        metric: { namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: { ApiName: "a", Stage: "v1" }, stat },
        comparisonOperator: "GreaterThanThreshold" as const,
        threshold: 3000,
        evaluationPeriods: 3,
    });

    it("percentiles are extended statistics, the rest statistics", () => {
        expect(alarmArgs(signal("p99"), "arn:topic"))
            .to.include({ extendedStatistic: "p99" })
            .and.not.have.property("statistic");
        expect(alarmArgs(signal("p99.9"), "arn:topic")).to.include({ extendedStatistic: "p99.9" });
        expect(alarmArgs(signal("Maximum"), "arn:topic"))
            .to.include({ statistic: "Maximum" })
            .and.not.have.property("extendedStatistic");
    });

    it("failure patterns match the failure states of the named resources only", () => {
        const pattern = JSON.parse(
            failurePattern([{ source: "aws.glue", detailType: "Glue Job State Change", field: "jobName", states: ["FAILED", "TIMEOUT"] }], ["a", "b"]),
        );
        expect(pattern).to.deep.equal({
            source: ["aws.glue"],
            "detail-type": ["Glue Job State Change"],
            detail: { state: ["FAILED", "TIMEOUT"], jobName: ["a", "b"] },
        });
    });

    it("the dashboard lays out areas in data-flow order, widgets in rows of three that never overlap", () => {
        const metric = { namespace: "AWS/SQS", metricName: "M", dimensions: { QueueName: "q" }, stat: "Maximum" };
        const alarms = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `t${i}`, alarmArn: `arn:${i}`, metric, threshold: 0 }));
        const body = JSON.parse(
            dashboardBody("eu-west-1", [
                { area: "etl", alarms: [], rules: [{ title: "jobs", ruleName: "r" }] },
                { area: "storage", alarms: alarms(4), rules: [] },
            ]),
        );
        const widgets = body.widgets as { type: string; x: number; y: number; width: number; height: number; properties: any }[];
        expect(widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown)).to.deep.equal(["## storage", "## etl"]);
        for (const a of widgets) {
            expect(a.x + a.width).to.be.at.most(24);
            for (const b of widgets) {
                if (a === b) continue;
                const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
                expect(overlap, JSON.stringify([a, b])).to.equal(false);
            }
        }
        const line = widgets.find((w) => w.type === "metric" && w.properties.title === "t0")!.properties;
        expect(line.metrics).to.deep.equal([["AWS/SQS", "M", "QueueName", "q", { stat: "Maximum" }]]);
        expect(line.annotations.horizontal[0].value).to.equal(0);
    });
});

describe("operations: thresholds", function () {
    this.timeout(60_000);
    /** An HTTP API stage under a root of its own, observed by `registry`. */
    class HttpRoot extends pulumi.ComponentResource {
        constructor(registry: ResourceRegistry) {
            super("test:index:Root", "root", {}, { transformations: [registry.observe] });
            new aws.apigatewayv2.Stage("api-stage", { apiId: "abc123", name: "$default" }, { parent: this });
        }
    }
    const thresholds = async (settings?: Parameters<typeof deriveSignals>[1]) => {
        const registry = new ResourceRegistry();
        await recordResources("dev", () => new HttpRoot(registry));
        const alarms = deriveSignals(registry, settings).alarms;
        return Object.fromEntries(alarms.map((a) => [a.metric.metricName, a.threshold]));
    };

    it("none given: the defaults (1% 5xx, p99 3000 ms)", async () => {
        expect(await thresholds()).to.deep.equal({ "5XXError": 0.01, Latency: 3000 });
    });

    it("given ones win, the others keep their default", async () => {
        expect(await thresholds({ api5xxPercent: 5 })).to.deep.equal({ "5XXError": 0.05, Latency: 3000 });
    });
});
