/**
 * Cost allocation tags (lib/ownership): every taggable resource of the stacks and of the variants
 * with each optional part on carries project, stack and the area its component declared, the
 * resources that take no tags get none, and a remote component's children (awsx's subnets, which
 * the mocks do not construct) take the area of the component above it.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { recordResources } from "../../../harness/program";
import { COST_TAGS, areaTransform, ownedBy } from "../../../lib/ownership";
import { taggableTypes } from "../../../lib/taggable";
import { lake } from "../helpers";

const SSO = (p: string) => `arn:aws:iam::123456789012:role/sso-${p}`;

/** The stacks, and every optional part on (each in a stack of its own: EMR's modes exclude each other). */
const VARIANTS: { stack: "dev" | "prod"; what: string; overrides: Record<string, unknown> }[] = [
    { stack: "dev", what: "dev", overrides: {} },
    { stack: "prod", what: "prod", overrides: {} },
    {
        stack: "dev",
        what: "dev, warehouse (provisioned), EMR Serverless, real-time, serving, VPC functions, personas",
        overrides: {
            redshift: { mode: "provisioned" },
            emr: { mode: "serverless" },
            realtime: { enabled: true },
            serving: { enabled: true },
            network: { lambdasInVpc: true },
            governance: { personas: { dataSteward: { principals: [SSO("steward")] } } },
        },
    },
    {
        stack: "prod",
        what: "prod, warehouse (serverless), EMR cluster, NAT",
        overrides: { redshift: { mode: "serverless" }, emr: { mode: "cluster" }, network: { natGateways: "single" } },
    },
];

for (const v of VARIANTS) {
    describe(`governance: cost allocation tags (${v.what})`, function () {
        let all: Awaited<ReturnType<typeof lake>>["res"]["all"];
        before(async function () {
            this.timeout(180_000);
            all = (await lake(v.stack, v.overrides)).res.all;
        });
        const areaOf = (name: string) => all.find((r) => r.custom && r.name === name)!.props.tags[COST_TAGS.area];

        it("every taggable resource carries project, stack and an area its component declared (none left to the lake)", () => {
            const tagged = all.filter((r) => r.custom && taggableTypes().has(r.type));
            expect(tagged.length).to.be.greaterThan(50);
            for (const r of tagged) {
                expect(r.props.tags, `${r.type} ${r.name}`).to.include({ [COST_TAGS.project]: "datalake", [COST_TAGS.stack]: v.stack });
                expect(r.props.tags[COST_TAGS.area], `${r.type} ${r.name}`).to.be.a("string").and.not.equal("lake");
            }
        });

        it("named resources bill to the area that owns them, not to the component type they are built from", () => {
            expect(areaOf("lake-drop-bucket")).to.equal("storage");
            expect(areaOf("lake-drop-to-raw-function")).to.equal("processing");
            expect(areaOf("lake-ingest-events-firehose")).to.equal("ingest");
            expect(areaOf("lake-governance-trail")).to.equal("governance");
            expect(areaOf("lake-drop-alarms-dlq-messages")).to.equal("operations");
            expect(areaOf("lake-athena-results-bucket")).to.equal("query");
            // Both are AnalyticsBuckets (a `datalake:query:` type): each bills to its owner.
            expect(areaOf("lake-etl-artifacts-bucket")).to.equal("etl");
            expect(areaOf("lake-governance-sandbox-bucket")).to.equal("governance");
        });

        it("resources that take no tags get none (the provider would reject them)", () => {
            for (const r of all.filter((x) => x.custom && !taggableTypes().has(x.type))) {
                expect(r.props.tags, `${r.type} ${r.name}`).to.equal(undefined);
            }
        });
    });
}

describe("governance: cost allocation tags of the optional parts", function () {
    this.timeout(180_000);

    it("each optional part's resources bill to its own area", async () => {
        const { res } = await lake("dev", VARIANTS[2].overrides);
        for (const area of ["network", "warehouse", "emr", "realtime", "serving"]) {
            const part = res.all.find((c) => !c.custom && c.name === `lake-${area}`)!;
            const tagged = res.descendantsOf(part).filter((r) => r.custom && taggableTypes().has(r.type));
            expect(tagged, area).to.not.be.empty;
            for (const r of tagged) expect(r.props.tags[COST_TAGS.area], r.name).to.equal(area);
        }
    });
});

describe("governance: cost allocation tags below a remote component", function () {
    this.timeout(60_000);

    it("a child awsx's Vpc registers (a subnet) carries the area of the component above the Vpc", async () => {
        const recorded = await recordResources("dev", () => {
            // Only the engine's half of `ownedBy`: the in-process half never sees what another process registers.
            const owner = new pulumi.ComponentResource("test:network:Owner", "owner", {}, { transforms: [areaTransform("network", "datalake", "dev")] });
            const vpc = new awsx.ec2.Vpc("owner-vpc", { cidrBlock: "10.0.0.0/16" }, { parent: owner });
            // What awsx's provider registers below its component in a real deployment; the mocks construct none.
            new aws.ec2.Subnet("owner-vpc-isolated-1", { vpcId: vpc.vpcId, cidrBlock: "10.0.0.0/20", tags: { Name: "isolated-1" } }, { parent: vpc });
        });
        const subnet = recorded.find((r) => r.type === "aws:ec2/subnet:Subnet")!;
        expect(subnet.props.tags).to.deep.equal({ project: "datalake", stack: "dev", area: "network", Name: "isolated-1" });
    });

    it("the nearest declaration wins, and a resource's own area tag over both", async () => {
        const recorded = await recordResources("dev", () => {
            const outer = new pulumi.ComponentResource("test:etl:Outer", "outer", {}, ownedBy("etl"));
            const inner = new pulumi.ComponentResource("test:query:Inner", "inner", {}, ownedBy("query", { parent: outer }));
            new aws.sqs.Queue("nearest", {}, { parent: inner });
            new aws.sqs.Queue("own", { tags: { area: "serving" } }, { parent: inner });
            new aws.sqs.QueuePolicy("untaggable", { queueUrl: "https://sqs", policy: "{}" }, { parent: inner });
        });
        const tags = (name: string) => recorded.find((r) => r.name === name)!.props.tags;
        expect(tags("nearest")).to.deep.equal({ project: "datalake", stack: "dev", area: "query" });
        expect(tags("own")).to.include({ area: "serving" });
        expect(tags("untaggable")).to.equal(undefined);
    });

    it("the engine's half leaves components, untaggable types and what already carries the tags alone (their inputs pass as encoded)", async () => {
        const transform = areaTransform("etl", "p", "s", new Set(["aws:sqs/queue:Queue"]));
        const opts = {};
        const queue = (props: Record<string, unknown>) => transform({ custom: true, type: "aws:sqs/queue:Queue", name: "q", props, opts });
        expect(await transform({ custom: false, type: "aws:sqs/queue:Queue", name: "c", props: {}, opts })).to.equal(undefined);
        expect(await transform({ custom: true, type: "aws:sqs/queuePolicy:QueuePolicy", name: "q", props: {}, opts })).to.equal(undefined);
        expect(await queue({ tags: { project: "p", stack: "s", area: "storage" } })).to.equal(undefined);
        expect(await queue({ tags: pulumi.output({}) })).to.equal(undefined);
        expect(await queue({ tags: { Name: "n" } })).to.deep.equal({ props: { tags: { project: "p", stack: "s", area: "etl", Name: "n" } }, opts });
    });
});
