/** lib/config's `realtime` and `serving` keys: defaults, the beacon streams' source, and the errors naming key, value and rule. */
import { expect } from "chai";
import { parseConfig } from "../../lib/config";
import { configErrorOf } from "./config-errors";

describe("lib/config realtime and serving", () => {
    it("both are off by default, with their defaults applied", () => {
        const c = parseConfig({});
        expect(c.realtime).to.deep.equal({
            enabled: false,
            streams: { impressions: "impressions", clicks: "clicks" },
            batchSize: 500,
            maxBatchingWindowSeconds: 5,
            maxRetryAttempts: 5,
        });
        expect(c.serving).to.deep.equal({ enabled: false, schedule: "cron(30 5 * * ? *)", maxRangeDays: 31 });
        expect(c.streams.map((s) => [s.name, s.source])).to.deep.equal([
            ["events", "direct"],
            ["impressions", "direct"],
            ["clicks", "direct"],
        ]);
    });

    it("real-time on makes the streams it reads Kinesis-fed unless they say otherwise; the rest stay direct", () => {
        const c = parseConfig({ realtime: { enabled: true } });
        expect(c.streams.map((s) => [s.name, s.source])).to.deep.equal([
            ["events", "direct"],
            ["impressions", "kinesis"],
            ["clicks", "kinesis"],
        ]);
        const named = parseConfig({
            realtime: { enabled: true, streams: { impressions: "views", clicks: "taps" } },
            streams: [{ name: "events" }, { name: "views", shards: 2 }, { name: "taps", source: "kinesis" }],
            ingestApi: { routes: { "/track": "events", "/impressions": "views", "/clicks": "taps" } },
        });
        expect(named.streams.map((s) => [s.name, s.source, s.shards])).to.deep.equal([
            ["events", "direct", undefined],
            ["views", "kinesis", 2],
            ["taps", "kinesis", undefined],
        ]);
    });

    it("shards on a stream that ends up direct fail at the stream", () => {
        expect(configErrorOf({ streams: [{ name: "events", shards: 2 }] })).to.match(
            /datalake:streams\.0\.shards = 2: shards applies only to source 'kinesis'/,
        );
        expect(configErrorOf({ realtime: { enabled: false }, streams: [{ name: "impressions", shards: 1 }], ingestApi: { enabled: false } })).to.match(
            /streams\.0\.shards = 1/,
        );
    });

    it("bad real-time values name the key", () => {
        expect(configErrorOf({ realtime: { enabled: true, batchSize: 0 } })).to.match(/datalake:realtime\.batchSize = 0/);
        expect(configErrorOf({ realtime: { enabled: true, maxBatchingWindowSeconds: 301 } })).to.match(/realtime\.maxBatchingWindowSeconds = 301/);
        expect(configErrorOf({ realtime: { enabled: true, streams: { views: "x" } } })).to.match(/realtime\.streams/);
        expect(configErrorOf({ realtime: { enabled: "yes" } })).to.match(/datalake:realtime\.enabled = "yes"/);
    });

    it("bad serving values name the key", () => {
        expect(configErrorOf({ serving: { maxRangeDays: 367 } })).to.match(/datalake:serving\.maxRangeDays = 367/);
        expect(configErrorOf({ serving: { enabled: true, ingestApi: true } })).to.match(/datalake:serving/);
        // Off, the dependencies are not checked.
        expect(parseConfig({ serving: { enabled: false }, ingestApi: { enabled: false } }).serving.enabled).to.equal(false);
    });
});
