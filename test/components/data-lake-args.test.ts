/**
 * DataLake's own args (components/data-lake-args.ts): their defaults are the ones the stack config
 * resolves to (lib/config keeps no copy), the stack config's resolution survives the mapping onto
 * them unchanged, and a DataLake built from `{}` is the lake of an empty dev stack config.
 */
import { expect } from "chai";
import { DataLake } from "../../components/data-lake";
import { dataLakeWithDefaults, lakeZones, ROLE_LIFECYCLES, type DataLakeArgs } from "../../components/data-lake-args";
import { processingWithDefaults } from "../../components/processing";
import { RawConfig, lakeArgsFromConfig, parseConfig } from "../../lib/config";
import { recordResources } from "../../harness/program";

/** Plain JSON: keys set to undefined dropped, as the stack config and the args may differ only there. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

/**
 * The resolved config less what only the stack config has (its environment); the curation
 * starter's batching, `etl.curateTrigger` in the stack config, is DataLakeArgs' `curateTrigger`.
 */
function resolvedConfig(raw: RawConfig) {
    const {
        environment: _environment,
        etl: { curateTrigger, ...etl },
        ...rest
    } = parseConfig(raw);
    return plain({ ...rest, etl, curateTrigger });
}

const CONFIGS: [string, RawConfig][] = [
    ["empty dev", {}],
    ["empty prod", { environment: "prod" }],
    [
        "four zones, custom lifecycles and streams",
        {
            zones: [{ name: "land", lifecycle: { expireDays: 10 } }, { name: "clean" }, { name: "gold", lifecycle: { glacierDays: 200 } }, { name: "copy" }],
            streams: [{ name: "events", bufferSizeMb: 5 }, { name: "impressions", source: "kinesis", shards: 2 }, { name: "clicks" }],
        },
    ],
    ["real-time and serving on", { realtime: { enabled: true, batchSize: 100 }, serving: { enabled: true, maxRangeDays: 7 } }],
    [
        "the optional parts on (provisioned, cluster, functions in the VPC)",
        { redshift: { mode: "provisioned" }, emr: { mode: "cluster" }, network: { lambdasInVpc: true } },
    ],
    [
        "the serverless optional parts",
        { redshift: { mode: "serverless", serverless: { maxRpu: 128 } }, emr: { mode: "serverless", releaseLabel: "emr-7.0.0" } },
    ],
    [
        "every area set",
        {
            environment: "prod",
            processor: { memoryMb: 4096, maxReceiveCount: 3, reconcileAfterHours: 48 },
            alarmEmail: "ops@example.com",
            ingestApi: { auth: "iam", tracing: true, waf: { enabled: false } },
            catalog: { recrawl: "events" },
            athena: { resultsExpireDays: 7 },
            etl: { tables: ["orders"], apiIngest: { repos: ["a/b"] } },
            operations: { manageGlueLogGroups: true },
            governance: { personas: { biAnalyst: { principals: ["arn:aws:iam::123456789012:role/bi"] } } },
        },
    ],
];

describe("DataLake's args (components/data-lake-args.ts)", () => {
    describe("the stack config's resolution survives the mapping onto DataLakeArgs", () => {
        for (const [what, raw] of CONFIGS) {
            it(what, () => {
                const args = dataLakeWithDefaults(lakeArgsFromConfig(parseConfig(raw)));
                expect(plain(args)).to.deep.equal(resolvedConfig(raw));
            });
        }
    });

    it("`{}` takes the defaults an empty dev stack config resolves to (real-time's and serving's tunables are left to their components)", () => {
        const { realtime, serving, ...config } = resolvedConfig({});
        const { realtime: lakeRealtime, serving: lakeServing, ...lake } = plain(dataLakeWithDefaults({}));
        expect(lake).to.deep.equal(config);
        expect(lakeRealtime).to.deep.equal({ enabled: realtime.enabled, streams: realtime.streams });
        expect(lakeServing).to.deep.equal({ enabled: serving.enabled });
    });

    it("the processing defaults are the processing area's (`processingWithDefaults`)", () => {
        expect(dataLakeWithDefaults({}).processor).to.deep.equal(processingWithDefaults({}));
        expect(dataLakeWithDefaults({ processor: { batchSize: 8, maxReceiveCount: 2 } }).processor).to.deep.equal(
            processingWithDefaults({ batchSize: 8, maxReceiveCount: 2 }),
        );
    });

    it("zones take their role's lifecycle under their own; later zones the `later` one", () => {
        const [landing, raw, curated, copy] = lakeZones([{ name: "a", lifecycle: { expireDays: 7 } }, { name: "b" }, { name: "c" }, { name: "d" }]);
        expect(landing.lifecycle.expireDays).to.equal(7);
        expect(raw.lifecycle).to.include(ROLE_LIFECYCLES.raw);
        expect(curated.lifecycle).to.include(ROLE_LIFECYCLES.curated);
        expect(copy.lifecycle).to.include(ROLE_LIFECYCLES.later);
    });

    it("real-time counting makes the streams it reads Kinesis-fed unless they say otherwise", () => {
        const lake = dataLakeWithDefaults({
            realtime: { enabled: true },
            streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks", source: "direct" }],
        });
        expect(lake.streams.map((s) => [s.name, s.source])).to.deep.equal([
            ["events", "direct"],
            ["impressions", "kinesis"],
            ["clicks", "direct"],
        ]);
    });

    it("a VPC only when something runs in it; three AZs under a serverless warehouse", () => {
        expect(dataLakeWithDefaults({}).network).to.include({ needed: false });
        const lake = dataLakeWithDefaults({ redshift: { mode: "serverless" }, network: { lambdasInVpc: true } });
        expect(lake.network).to.deep.include({ needed: true, users: ["redshift.mode serverless", "network.lambdasInVpc"], availabilityZones: 3 });
        expect(dataLakeWithDefaults({ emr: { mode: "cluster" } }).network).to.include({ needed: true, availabilityZones: 2 });
    });
});

describe("DataLake built from its own args (mocks)", function () {
    this.timeout(300_000);

    it('`new DataLake("lake", {})` is the lake of an empty dev stack config, resource for resource', async () => {
        const snapshot = async (args: DataLakeArgs) =>
            (await recordResources("dev", () => new DataLake("lake", args)))
                .map((r) => ({ urn: r.urn, props: plain(r.props) }))
                .sort((a, b) => a.urn.localeCompare(b.urn));
        const alone = await snapshot({});
        expect(alone.length).to.be.greaterThan(100);
        expect(alone).to.deep.equal(await snapshot(lakeArgsFromConfig(parseConfig({}))));
    });
});
