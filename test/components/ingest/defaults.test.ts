/**
 * The ingest area's defaults, applied by the components themselves, against the stack config's
 * resolution: a program passing no ingest props gets what the lake's dev stack gets.
 */
import { expect } from "chai";
import { DEFAULT_ROUTES, withApiDefaults, withIngestDefaults, withStreamDefaults } from "../../../components/ingest";
import { parseConfig } from "../../../lib/config";

describe("ingest defaults", () => {
    it("no props: the streams and API the dev stack config resolves to", () => {
        const dev = parseConfig({});
        const { enabled, ...api } = dev.ingestApi;
        expect(enabled).to.equal(true);
        expect(withIngestDefaults()).to.deep.equal({ streams: dev.streams, api });
    });

    it("a stream gets every default it leaves out, and keeps what it sets", () => {
        expect(withStreamDefaults({ name: "events" })).to.deep.equal({
            name: "events",
            source: "direct",
            retentionHours: 24,
            bufferSizeMb: 64,
            bufferIntervalSeconds: 300,
            compression: "GZIP",
        });
        const set = {
            name: "clicks",
            source: "kinesis",
            shards: 2,
            retentionHours: 48,
            bufferSizeMb: 8,
            bufferIntervalSeconds: 60,
            compression: "UNCOMPRESSED",
        } as const;
        expect(withStreamDefaults(set)).to.deep.equal(set);
    });

    it("buffering outside Firehose's limits fails with the stream, the key and the range", () => {
        expect(() => withStreamDefaults({ name: "events", bufferSizeMb: 129 })).to.throw("stream events: bufferSizeMb 129 is outside Firehose's 1-128");
        expect(() => withStreamDefaults({ name: "events", bufferIntervalSeconds: -1 })).to.throw("bufferIntervalSeconds -1 is outside Firehose's 0-900");
        expect(withStreamDefaults({ name: "events", bufferSizeMb: 128, bufferIntervalSeconds: 0 })).to.include({ bufferSizeMb: 128, bufferIntervalSeconds: 0 });
    });

    it("a key set to undefined still gets its default", () => {
        expect(withStreamDefaults({ name: "events", bufferSizeMb: undefined }).bufferSizeMb).to.equal(64);
        expect(withApiDefaults({ auth: undefined, waf: { enabled: undefined } })).to.include({ auth: "apiKey" });
        expect(withApiDefaults({ waf: { enabled: undefined } }).waf).to.deep.equal({ enabled: false, ipRateLimit: 2000 });
    });

    it("the API: set fields kept, WAF merged key by key, routes replaced whole and never shared", () => {
        const api = withApiDefaults({ auth: "iam", routes: { "/track": "events" }, waf: { enabled: true } });
        expect(api).to.deep.equal({
            auth: "iam",
            rateLimit: 100,
            burstLimit: 200,
            maxBodyBytes: 1024 * 1024,
            tracing: false,
            manageAccountLogRole: true,
            stageName: "v1",
            routes: { "/track": "events" },
            waf: { enabled: true, ipRateLimit: 2000 },
        });
        withApiDefaults().routes["/other"] = "events";
        expect(DEFAULT_ROUTES).not.to.have.property("/other");
    });

    it("api.enabled false: the streams only", () => {
        expect(withIngestDefaults({ streams: [{ name: "events" }], api: { enabled: false } })).to.deep.equal({
            streams: [withStreamDefaults({ name: "events" })],
        });
    });

    it("prod's stack config turns WAF on where the component leaves it off", () => {
        expect(parseConfig({ environment: "prod" }).ingestApi.waf.enabled).to.equal(true);
        expect(withApiDefaults().waf.enabled).to.equal(false);
    });
});
