/**
 * The optional areas' own args (components/network/args.ts, components/warehouse/args.ts,
 * components/emr/args.ts): their defaults are what the stack config resolves to (lib/config-optional
 * validates and maps, it keeps no copy), what a caller sets is kept, and each component builds from
 * only what it genuinely needs (test/components/no-config-imports.test.ts: none imports the stack config).
 */
import { expect } from "chai";
import {
    EMR_CLUSTER_DEFAULTS,
    EMR_SERVERLESS_DEFAULTS,
    EmrCluster,
    EmrServerless,
    emrClusterWithDefaults,
    emrServerlessWithDefaults,
} from "../../components/emr";
import { NETWORK_DEFAULTS, Network, networkArgsWithDefaults, networkWithDefaults } from "../../components/network";
import { WAREHOUSE_DEFAULTS, Warehouse, warehouseWithDefaults } from "../../components/warehouse";
import { parseConfig } from "../../lib/config";
import { configLine, configErrorLines } from "../lib/config-errors";
import { ACCOUNT_ID, recordResources } from "../../harness/program";
import { LOGS_KEY, SCOPE } from "./helpers";

const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] };
const zone = (name: string) => ({
    bucketName: name,
    bucketArn: `arn:aws:s3:::${name}`,
    keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${name}`,
    database: `lake_${name}`,
});
const ARTIFACTS = { ...zone("artifacts"), packageUri: "s3://artifacts/lakeetl.zip", packagePrefix: "glue/" };

describe("optional areas' args: defaults are the stack config's", () => {
    it("network: none, 10.64.0.0/16, two AZs", () => {
        expect(networkWithDefaults({})).to.deep.equal(NETWORK_DEFAULTS);
        const { natGateways, cidrBlock, availabilityZones } = parseConfig({ network: { lambdasInVpc: true } }).network;
        expect(networkWithDefaults({})).to.deep.equal({ natGateways, cidrBlock, availabilityZones });
    });

    it("warehouse: each mode resolves as the stack config's `redshift`", () => {
        for (const mode of ["provisioned", "serverless"] as const) {
            expect(warehouseWithDefaults({ mode })).to.deep.equal(parseConfig({ redshift: { mode } }).redshift);
        }
        expect(warehouseWithDefaults({ mode: "provisioned" })).to.deep.include({ provisioned: WAREHOUSE_DEFAULTS.provisioned });
    });

    it("EMR: each mode resolves as the stack config's `emr`", () => {
        const { releaseLabel, ...serverless } = emrServerlessWithDefaults({});
        expect({ mode: "serverless", releaseLabel, serverless }).to.deep.equal(parseConfig({ emr: { mode: "serverless" } }).emr);
        const { releaseLabel: clusterRelease, ...cluster } = emrClusterWithDefaults({});
        expect({ mode: "cluster", releaseLabel: clusterRelease, cluster }).to.deep.equal(parseConfig({ emr: { mode: "cluster" } }).emr);
        expect(emrServerlessWithDefaults({})).to.deep.equal(EMR_SERVERLESS_DEFAULTS);
        expect(emrClusterWithDefaults({})).to.deep.equal(EMR_CLUSTER_DEFAULTS);
    });

    it("what a caller sets is kept; the other mode's block is dropped", () => {
        const provisioned = { nodeType: "ra3.xlplus", numberOfNodes: 2, snapshotRetentionDays: 1 } as const;
        const w = warehouseWithDefaults({ mode: "provisioned", databaseName: "db", provisioned, serverless: { baseRpu: 16 } });
        expect(w).to.deep.include({ mode: "provisioned", databaseName: "db", provisioned });
        expect(w).to.not.have.property("serverless");
        expect(emrClusterWithDefaults({ keyPair: "ops", coreInstanceCount: 4 })).to.include({ keyPair: "ops", coreInstanceCount: 4 });
        expect(emrClusterWithDefaults({})).to.not.have.property("keyPair");
        expect(
            networkArgsWithDefaults({ context: { scope: SCOPE }, region: "eu-west-1", natGateways: "single", features: { redshift: true } }),
        ).to.deep.include({
            natGateways: "single",
            cidrBlock: NETWORK_DEFAULTS.cidrBlock,
            features: { redshift: true, emrServerless: false, emrCluster: false, lambdasInVpc: false },
            users: [],
        });
    });
});

describe("Warehouse refuses the sizes the stack config refuses, for the same reasons (one copy of the rules)", () => {
    const cases: [string, Parameters<typeof warehouseWithDefaults>[0], string, unknown, string][] = [
        [
            "a node count ra3.4xlarge does not offer",
            { mode: "provisioned", provisioned: { nodeType: "ra3.4xlarge" } },
            "provisioned.numberOfNodes",
            undefined,
            "ra3.4xlarge allows 2-32 (multi-node) nodes",
        ],
        [
            "a base capacity Redshift Serverless does not offer",
            { mode: "serverless", serverless: { baseRpu: 12 } },
            "serverless.baseRpu",
            12,
            "base capacity must be 4, 8-512 in steps of 8, or 544-1024 in steps of 32",
        ],
        [
            "a max capacity below the base",
            { mode: "serverless", serverless: { baseRpu: 64, maxRpu: 32 } },
            "serverless.maxRpu",
            32,
            "max capacity must be a multiple of 8 from baseRpu (64) to 5632",
        ],
    ];
    for (const [what, settings, key, value, message] of cases) {
        it(what, () => {
            expect(() => warehouseWithDefaults(settings)).to.throw(`Warehouse: ${key}: ${message}`);
            expect(configErrorLines({ redshift: settings })).to.deep.equal([configLine(`redshift.${key}`, value, message)]);
        });
    }
});

describe("EMR refuses the releases and instance types the stack config refuses, for the same reasons", () => {
    it("a release EMR Serverless does not run", () => {
        const message = "EMR Serverless offers emr-6.6.0 and later: set a later release or leave it unset";
        expect(() => emrServerlessWithDefaults({ releaseLabel: "emr-6.5.0" })).to.throw(`EmrServerless: releaseLabel: ${message}`);
        expect(configErrorLines({ emr: { mode: "serverless", releaseLabel: "emr-6.5.0" } })).to.deep.equal([
            configLine("emr.releaseLabel", "emr-6.5.0", message),
        ]);
    });

    it("a malformed release and an instance type EMR does not offer", () => {
        expect(() => emrServerlessWithDefaults({ releaseLabel: "7.11.0" })).to.throw(
            "EmrServerless: releaseLabel: an EMR 6.x or 7.x release label like emr-7.11.0",
        );
        const instance = "an EMR instance type like m5.xlarge, m6g.2xlarge or r7i.4xlarge (m/c/r families of generation 5-7, xlarge and up)";
        expect(() => emrClusterWithDefaults({ coreInstanceType: "m5.large" })).to.throw(`EmrCluster: coreInstanceType: ${instance}`);
        expect(configErrorLines({ emr: { mode: "cluster", cluster: { coreInstanceType: "m5.large" } } })).to.deep.equal([
            configLine("emr.cluster.coreInstanceType", "m5.large", instance),
        ]);
    });
});

describe("optional areas built on their own (mocks)", function () {
    this.timeout(300_000);

    it("Network from a context and a region: the default VPC, flow logs kept as the context says, no functions' security group", async () => {
        const recorded = await recordResources(
            "dev",
            () => new Network("net", { context: { scope: SCOPE, logsKeyArn: LOGS_KEY, logRetentionDays: 30 }, region: "eu-west-1" }),
        );
        // awsx's Vpc is one remote resource under the mocks: its inputs are what Network asked for.
        const vpc = recorded.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(vpc.props).to.deep.include({
            cidrBlock: NETWORK_DEFAULTS.cidrBlock,
            numberOfAvailabilityZones: NETWORK_DEFAULTS.availabilityZones,
            natGateways: { strategy: "None" },
            tags: { "datalake:vpc-users": "" },
        });
        expect(recorded.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.props).to.include({ retentionInDays: 30, kmsKeyId: LOGS_KEY });
        expect(recorded.filter((r) => r.name === "net-functions-sg")).to.deep.equal([]);
        expect(recorded.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.props.vpcEndpointType === "Interface")).to.deep.equal([]);
    });

    it("Network without a logs key in the context: an error that names it", async () => {
        const build = recordResources("dev", () => new Network("net", { context: { scope: SCOPE }, region: "eu-west-1" }));
        let message = "";
        await build.catch((e: Error) => (message = e.message));
        expect(message).to.contain("Network: context.logsKeyArn is required");
    });

    it("Warehouse from a mode, a VPC, the curated zone and a context: the defaults of its mode", async () => {
        const recorded = await recordResources(
            "dev",
            () => new Warehouse("wh", { mode: "serverless", network: NETWORK, curated: zone("curated"), context: { scope: SCOPE, logsKeyArn: LOGS_KEY } }),
        );
        const namespace = recorded.find((r) => r.type === "aws:redshiftserverless/namespace:Namespace")!;
        expect(namespace.props).to.include({ dbName: WAREHOUSE_DEFAULTS.databaseName, adminUsername: WAREHOUSE_DEFAULTS.adminUsername });
        const workgroup = recorded.find((r) => r.type === "aws:redshiftserverless/workgroup:Workgroup")!;
        expect(workgroup.props).to.include({ baseCapacity: WAREHOUSE_DEFAULTS.serverless.baseRpu, maxCapacity: WAREHOUSE_DEFAULTS.serverless.maxRpu });
        // Destroyable unless the context retains data: 14-day audit logs (the context's default).
        expect(recorded.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => r.props.retentionInDays)).to.satisfy(
            (d: number[]) => d.length > 0 && d.every((x) => x === 14),
        );
        // No client network or security group given: nothing may connect on 5439.
        expect(recorded.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.deep.equal([]);
    });

    it("EmrServerless and EmrCluster from the zones, artifacts and a context: their default release and sizes", async () => {
        const common = { network: NETWORK, raw: zone("raw"), curated: zone("curated"), artifacts: ARTIFACTS, context: { scope: SCOPE, logsKeyArn: LOGS_KEY } };
        const recorded = await recordResources("dev", () => {
            new EmrServerless("emrs", common);
            new EmrCluster("emrc", { ...common, logsBucket: { bucketName: "logs", bucketArn: "arn:aws:s3:::logs" } });
        });
        const app = recorded.find((r) => r.type === "aws:emrserverless/application:Application")!;
        expect(app.props).to.deep.include({
            releaseLabel: EMR_SERVERLESS_DEFAULTS.releaseLabel,
            autoStopConfiguration: { enabled: true, idleTimeoutMinutes: EMR_SERVERLESS_DEFAULTS.autoStopIdleMinutes },
        });
        const cluster = recorded.find((r) => r.type === "aws:emr/cluster:Cluster")!;
        expect(cluster.props).to.include({ releaseLabel: EMR_CLUSTER_DEFAULTS.releaseLabel });
        expect(cluster.props.coreInstanceGroup).to.include({
            instanceType: EMR_CLUSTER_DEFAULTS.coreInstanceType,
            instanceCount: EMR_CLUSTER_DEFAULTS.coreInstanceCount,
        });
        expect(cluster.props.ec2Attributes.keyName).to.equal(undefined);
    });
});
