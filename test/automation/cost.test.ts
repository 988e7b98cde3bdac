/** The cost estimator over hand-made (type, inputs, area) records: pricing rules, not the stacks. */
import { expect } from "chai";
import {
    IDLE_USAGE,
    TYPICAL_USAGE,
    UNKNOWN,
    costMarkdown,
    estimateCost,
    parseUsagePair,
    resolveAreas,
    runsPerMonth,
    type CostResource,
} from "../../automation/cost";
import { PRICES, REGIONS } from "../../automation/prices";

const res = (type: string, inputs: Record<string, any> = {}, area = "storage", name = type.split(":").pop()!): CostResource => ({ type, name, inputs, area });

describe("automation: cost estimate", () => {
    it("prices a KMS key at $1 a month in every region, as fixed cost under its area", () => {
        for (const region of REGIONS) {
            const e = estimateCost([res("aws:kms/key:Key", {}, "security")], region, IDLE_USAGE);
            expect(e.totalUsd).to.equal(1);
            expect(e.byArea).to.deep.equal({ security: 1 });
            expect(e.byKind.fixed).to.equal(1);
        }
    });

    it("lists an unknown resource type as not priced instead of counting it as zero", () => {
        const e = estimateCost([res("aws:kms/key:Key"), res("aws:macie2/account:Account", {}, "governance", "lake-macie")], "eu-west-1");
        expect(e.notPriced).to.deep.equal([
            { resource: "lake-macie", type: "aws:macie2/account:Account", area: "governance", reason: "type not in the price table" },
        ]);
        expect(e.totalUsd).to.equal(1);
        expect(costMarkdown(e, "t")).to.match(/\*\*Not priced\*\* \(missing from the total\): lake-macie \(aws:macie2\/account:Account/);
    });

    it("lists a known type with an unknown size as not priced (a Redshift node type, an EMR instance type)", () => {
        const e = estimateCost(
            [
                res("aws:redshift/cluster:Cluster", { nodeType: "dc2.large", numberOfNodes: 2 }, "warehouse"),
                res("aws:emr/cluster:Cluster", { masterInstanceGroup: { instanceType: "m7g.2xlarge" } }, "emr"),
            ],
            "us-east-1",
        );
        expect(e.notPriced.map((n) => n.reason)).to.deep.equal([
            "node type dc2.large is not in the price table",
            "instance type m7g.2xlarge is not in the price table",
        ]);
        expect(e.totalUsd).to.equal(0);
    });

    it("the ingest API's custom domain bills nothing of its own: certificate, validation, domain, mapping, records", () => {
        const types = [
            "aws:acm/certificate:Certificate",
            "aws:acm/certificateValidation:CertificateValidation",
            "aws:apigateway/domainName:DomainName",
            "aws:apigateway/basePathMapping:BasePathMapping",
            "aws:route53/record:Record",
        ];
        expect(
            estimateCost(
                types.map((t) => res(t, {}, "ingest")),
                "eu-west-1",
            ),
        ).to.deep.include({ totalUsd: 0, notPriced: [], lines: [] });
    });

    it("ignores components, providers and the types that bill nothing", () => {
        const e = estimateCost(
            [
                { type: "datalake:storage:Zone", name: "z", inputs: {}, custom: false },
                res("pulumi:providers:aws"),
                res("aws:iam/role:Role"),
                res("aws:kms/alias:Alias"),
            ],
            "eu-west-1",
        );
        expect(e).to.deep.include({ totalUsd: 0, notPriced: [], lines: [] });
    });

    it("refuses a region the table does not cover", () => {
        expect(() => estimateCost([], "ap-south-2")).to.throw(/no prices for region ap-south-2: automation\/prices.ts covers us-east-1, eu-west-1/);
    });

    it("prices provisioned Redshift per node-hour, its managed storage and its managed admin secret", () => {
        const cluster = res("aws:redshift/cluster:Cluster", { nodeType: "ra3.large", numberOfNodes: 2, manageMasterPassword: true }, "warehouse");
        const e = estimateCost([cluster], "us-east-1", { ...IDLE_USAGE, warehouseGb: 100 });
        expect(e.totalUsd).to.equal(Math.round((2 * 730 * 0.543 + 100 * 0.024 + 0.4) * 100) / 100);
        expect(e.byToggle).to.deep.equal({ "redshift.mode": e.totalUsd });
    });

    it("bills interface endpoints per AZ-hour and gateway endpoints not at all", () => {
        const e = estimateCost(
            [
                res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] }, "network"),
                res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Gateway" }, "network"),
            ],
            "us-east-1",
            IDLE_USAGE,
        );
        expect(e.totalUsd).to.equal(Math.round(3 * 730 * PRICES.interfaceEndpointHour.usd["us-east-1"] * 100) / 100);
    });

    it("counts an endpoint in every AZ of the VPC while a preview does not know its subnets yet", () => {
        const vpc: CostResource = { type: "awsx:ec2:Vpc", name: "v", custom: false, area: "network", inputs: { numberOfAvailabilityZones: 3 } };
        const endpoint = res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: UNKNOWN }, "network");
        expect(estimateCost([vpc, endpoint], "us-east-1", IDLE_USAGE).lines.map((l) => l.quantity)).to.deep.equal([3 * 730, 0]);
    });

    it("bills Redshift Serverless for the scheduled loads beside the workgroup, at its base capacity", () => {
        const parent = "urn:warehouse";
        const load = (n: number): CostResource => ({
            ...res(
                "aws:scheduler/schedule:Schedule",
                { scheduleExpression: "cron(0 6 * * ? *)", target: { arn: "arn:aws:scheduler:::aws-sdk:redshiftdata:batchExecuteStatement", input: UNKNOWN } },
                "warehouse",
                `load-${n}`,
            ),
            parent,
        });
        const workgroup = { ...res("aws:redshiftserverless/workgroup:Workgroup", { baseCapacity: 8, namespaceName: "ns" }, "warehouse"), parent };
        const namespace = res("aws:redshiftserverless/namespace:Namespace", { namespaceName: "ns", manageAdminPassword: true }, "warehouse");
        const e = estimateCost([workgroup, namespace, load(1), load(2)], "eu-west-1", { ...IDLE_USAGE, warehouseLoadMinutes: 5 });
        expect(e.lines.map((l) => [l.price, l.quantity])).to.deep.equal([
            ["redshiftRpuHour", 8 * 60 * (5 / 60)],
            ["redshiftStorage", 0],
            ["secret", 1],
        ]);
    });

    it("prices the NAT gateways of awsx's VPC from its inputs when the engine did not list them (the mocks)", () => {
        const vpc: CostResource = {
            type: "awsx:ec2:Vpc",
            name: "v",
            urn: "urn:v",
            custom: false,
            area: "network",
            inputs: { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 },
        };
        const mocked = estimateCost([vpc], "eu-west-1", IDLE_USAGE);
        expect(mocked.lines.map((l) => [l.price, l.quantity])).to.deep.equal([
            ["natGatewayHour", 3 * 730],
            ["natGatewayGb", 0],
            ["publicIpv4Hour", 3 * 730],
        ]);
        const nat = (n: number): CostResource => ({ ...res("aws:ec2/natGateway:NatGateway", {}, "network", `nat-${n}`), parent: "urn:v" });
        const previewed = estimateCost([vpc, nat(1), nat(2), nat(3)], "eu-west-1", IDLE_USAGE);
        expect(previewed.lines.filter((l) => l.price === "natGatewayHour")).to.have.length(3);
        expect(previewed.totalUsd).to.equal(Math.round(3 * 730 * 0.048 * 100) / 100);
    });

    it("bills Glue jobs and crawlers by their schedules, a conditional trigger as often as its workflow", () => {
        const resources = [
            res("aws:glue/job:Job", { name: "a", workerType: "G.2X", numberOfWorkers: 3, command: { name: "glueetl" } }, "etl"),
            res("aws:glue/job:Job", { name: "b", workerType: "G.1X", numberOfWorkers: 2, command: { name: "glueetl" } }, "etl"),
            res("aws:glue/job:Job", { name: "adhoc", workerType: "G.1X", numberOfWorkers: 2, command: { name: "glueetl" } }, "etl"),
            res("aws:glue/trigger:Trigger", { type: "SCHEDULED", schedule: "cron(0 4 * * ? *)", workflowName: "w", actions: [{ jobName: "a" }] }, "etl"),
            res("aws:glue/trigger:Trigger", { type: "CONDITIONAL", workflowName: "w", actions: [{ jobName: "b" }] }, "etl"),
            res("aws:glue/crawler:Crawler", { name: "c", schedule: "cron(0 3 * * ? *)" }, "catalog"),
        ];
        const e = estimateCost(resources, "eu-west-1", { ...IDLE_USAGE, glueJobMinutes: 6 });
        expect(e.lines.map((l) => l.quantity)).to.deep.equal([30 * 6 * 0.1, 30 * 2 * 0.1, 0, 30 * 2 * (10 / 60)]);
        expect(e.byArea.catalog).to.equal(Math.round(30 * 2 * (10 / 60) * 0.44 * 100) / 100);
    });

    it("counts the runs of cron and rate schedules", () => {
        expect(runsPerMonth("cron(0 3 * * ? *)")).to.equal(30);
        expect(runsPerMonth("cron(0/15 * * * ? *)")).to.equal(4 * 24 * 30);
        expect(runsPerMonth("cron(0 6,18 * * ? *)")).to.equal(60);
        expect(runsPerMonth("cron(0 6 ? * MON *)")).to.be.closeTo(30 / 7, 1e-9);
        expect(runsPerMonth("cron(0 6 ? * MON-FRI *)")).to.be.closeTo((5 * 30) / 7, 1e-9);
        expect(runsPerMonth("rate(1 hour)")).to.equal(720);
        expect(runsPerMonth(undefined)).to.equal(0);
        expect(() => runsPerMonth("every day")).to.throw(/cannot read schedule/);
        expect(() => runsPerMonth("cron(0 6 L * ? *)")).to.throw(/cannot read schedule/);
    });

    it("gives a resource without an area tag the area of its nearest component's tagged children", () => {
        const resolved = resolveAreas([
            { type: "datalake:operations:Monitoring", name: "m", urn: "urn:m", custom: false, inputs: {} },
            { ...res("aws:cloudwatch/metricAlarm:MetricAlarm", {}, "operations"), urn: "urn:a", parent: "urn:m" },
            { type: "aws:cloudwatch/dashboard:Dashboard", name: "d", urn: "urn:d", parent: "urn:m", inputs: {} },
            { type: "aws:cloudwatch/dashboard:Dashboard", name: "orphan", urn: "urn:o", inputs: {} },
        ]);
        expect(resolved.map((r) => r.area)).to.deep.equal(["operations", "operations", "operations", "unattributed"]);
    });

    it("scales usage parts with the assumptions and leaves fixed parts alone", () => {
        const bucket = res("aws:s3/bucket:Bucket");
        const key = res("aws:kms/key:Key");
        const low = estimateCost([bucket, key], "us-east-1", { ...TYPICAL_USAGE, storedGb: 100 });
        const high = estimateCost([bucket, key], "us-east-1", { ...TYPICAL_USAGE, storedGb: 1100 });
        expect(high.byKind.usage - low.byKind.usage).to.be.closeTo(1000 * 0.023, 0.01);
        expect(high.byKind.fixed).to.equal(low.byKind.fixed);
    });

    it("parses usage overrides", () => {
        expect(parseUsagePair("ingestGbPerDay=2.5")).to.deep.equal(["ingestGbPerDay", 2.5]);
        expect(() => parseUsagePair("nope=1")).to.throw(/KEY one of/);
        expect(() => parseUsagePair("storedGb=x")).to.throw(/storedGb must be a number >= 0, got "x"/);
    });

    it("cites an AWS pricing page and a confirmation note for every price, positive in every region", () => {
        for (const [id, p] of Object.entries(PRICES)) {
            expect(p.sources.length, id).to.be.greaterThan(0);
            for (const s of p.sources) expect(s, id).to.match(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/$/);
            expect(p.confirmed, id).to.not.equal("");
            for (const r of REGIONS) expect(p.usd[r], `${id} ${r}`).to.be.greaterThan(0);
        }
    });
});
