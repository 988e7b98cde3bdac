import { expect } from "chai";
import { datasetOf, isQuarantined } from "../../../lib/contract";
import { parseConfig } from "../../../lib/config";
import {
    deliveryLogGroupName,
    deliveryStreamName,
    kinesisStreamName,
    streamBasePrefix,
    streamErrorBasePrefix,
    streamErrorPrefix,
    streamFileExtension,
    streamPrefix,
} from "../../../components/ingest";

/** What Firehose makes of a prefix at a given arrival time (the expressions used here only). */
function evaluate(prefix: string, at: Date, errorType = "processing-failed"): string {
    const pad = (n: number) => String(n).padStart(2, "0");
    return prefix
        .replace("!{timestamp:yyyy}", String(at.getUTCFullYear()))
        .replace("!{timestamp:MM}", pad(at.getUTCMonth() + 1))
        .replace("!{timestamp:dd}", pad(at.getUTCDate()))
        .replace("!{timestamp:HH}", pad(at.getUTCHours()))
        .replace("!{firehose:error-output-type}", errorType);
}

describe("ingest stream layout", () => {
    const at = new Date("2026-03-07T05:42:00Z");

    it("delivers under streams/<name>/ with Hive hour partitions", () => {
        expect(streamPrefix("events")).to.equal("streams/events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
        expect(evaluate(streamPrefix("events"), at)).to.equal("streams/events/year=2026/month=03/day=07/hour=05/");
    });

    it("delivered objects are the stream's dataset for the drop processor, not quarantined", () => {
        const key = `${evaluate(streamPrefix("clicks"), at)}datalake-dev-clicks-1-2026-03-07-05-42-00-abc.json.gz`;
        expect(datasetOf(key)).to.equal("clicks");
        expect(isQuarantined(key)).to.equal(false);
    });

    it("error output carries the error type and sits under quarantine/, which the processors skip", () => {
        expect(streamErrorPrefix("events")).to.equal(
            "quarantine/streams/events/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
        );
        const key = `${evaluate(streamErrorPrefix("events"), at, "processing-failed")}object`;
        expect(key).to.equal("quarantine/streams/events/processing-failed/year=2026/month=03/day=07/hour=05/object");
        expect(isQuarantined(key)).to.equal(true);
    });

    it("fixed prefixes (for IAM) are the leading parts of the templated ones", () => {
        expect(streamBasePrefix("events")).to.equal("streams/events/");
        expect(streamErrorBasePrefix("events")).to.equal("quarantine/streams/events/");
        expect(streamPrefix("events").startsWith(streamBasePrefix("events"))).to.equal(true);
        expect(streamErrorPrefix("events").startsWith(streamErrorBasePrefix("events"))).to.equal(true);
        // One stream's prefix never covers another's (no name is a prefix at a segment boundary).
        expect(streamPrefix("events_v2").startsWith(streamBasePrefix("events"))).to.equal(false);
    });

    it("names delivered objects by format so the drop processor can read them", () => {
        expect(streamFileExtension("GZIP")).to.equal(".json.gz");
        expect(streamFileExtension("UNCOMPRESSED")).to.equal(".json");
    });

    it("physical names: project-stack-stream, bounded by the service limits", () => {
        expect(deliveryStreamName("datalake", "dev", "events")).to.equal("datalake-dev-events");
        expect(kinesisStreamName("datalake", "prod", "metrics")).to.equal("datalake-prod-metrics");
        const long = deliveryStreamName("datalake", "a-very-long-stack-name-for-testing", "x".repeat(40));
        expect(long.length).to.be.at.most(64);
        expect(long).to.match(/^[a-zA-Z0-9_.-]+$/);
        expect(deliveryLogGroupName("datalake", "dev", "events")).to.equal("/aws/kinesisfirehose/datalake-dev-events");
    });
});

describe("lib/config streams", () => {
    const message = (raw: unknown) => {
        try {
            parseConfig(raw);
        } catch (e) {
            return (e as Error).message;
        }
        throw new Error("expected a config error");
    };

    it("defaults: events, impressions, clicks; Direct PUT, GZIP, 64 MiB / 300 s", () => {
        const c = parseConfig({});
        expect(c.streams.map((s) => s.name)).to.deep.equal(["events", "impressions", "clicks"]);
        for (const s of c.streams) {
            expect(s).to.include({ source: "direct", compression: "GZIP", bufferSizeMb: 64, bufferIntervalSeconds: 300 });
        }
    });

    it("rejects buffering outside Firehose's limits, naming the key, the value and the range", () => {
        expect(message({ streams: [{ name: "events", bufferSizeMb: 129 }] })).to.match(/datalake:streams\.0\.bufferSizeMb = 129: .*128/);
        expect(message({ streams: [{ name: "events", bufferSizeMb: 0 }] })).to.match(/datalake:streams\.0\.bufferSizeMb = 0: .*1/);
        expect(message({ streams: [{ name: "events", bufferIntervalSeconds: 901 }] })).to.match(/datalake:streams\.0\.bufferIntervalSeconds = 901: .*900/);
    });

    it("rejects bad names, sources, compressions, shards on direct streams and duplicates", () => {
        expect(message({ streams: [{ name: "Events" }] })).to.match(/datalake:streams\.0\.name = "Events": a lowercase name/);
        expect(message({ streams: [{ name: "events", source: "kafka" }] })).to.match(/datalake:streams\.0\.source = "kafka"/);
        expect(message({ streams: [{ name: "events", compression: "BROTLI" }] })).to.match(/datalake:streams\.0\.compression = "BROTLI"/);
        expect(message({ streams: [{ name: "events", shards: 2 }] })).to.match(/shards = 2: shards applies only to source 'kinesis'/);
        expect(message({ streams: [{ name: "events" }, { name: "events" }] })).to.match(/stream names must be unique/);
        expect(message({ streams: [{ name: "events", source: "kinesis", retentionHours: 12 }] })).to.match(/retentionHours = 12/);
    });

    it("rejects routes to unknown streams and routes the function has no schema for; accepts routes to Kinesis-fed streams", () => {
        expect(message({ streams: [{ name: "events" }], ingestApi: { routes: { "/track": "nope" } } })).to.match(/datalake:ingestApi\.routes\./);
        // The function writes Kinesis-fed streams with PutRecords.
        expect(parseConfig({ streams: [{ name: "events", source: "kinesis" }], ingestApi: { routes: { "/track": "events" } } }).streams[0].source).to.equal(
            "kinesis",
        );
        expect(message({ ingestApi: { routes: { "/orders": "events" } } })).to.match(/routes\.\/orders = "events": is not a route/);
        // With the API disabled, routes are not checked.
        expect(parseConfig({ streams: [{ name: "metrics", source: "kinesis" }], ingestApi: { enabled: false } }).streams).to.have.length(1);
    });
});
