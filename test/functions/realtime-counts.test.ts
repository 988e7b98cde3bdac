/**
 * The real-time window function (functions/realtime-counts) driven the way a Kinesis event source
 * mapping with a tumbling window drives it: several invocations per window, each handed the state
 * the previous one returned, then a final invocation. The metrics are the real Powertools EMF
 * documents (serializeMetrics), captured instead of printed.
 */
import { expect } from "chai";
import type { KinesisStreamRecord } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createHandler, settingsFromEnv, WindowEvent } from "../../functions/realtime-counts/handler";
import { addRecords, emptyState, isBeacon, readState } from "../../functions/realtime-counts/window";
import { RealtimeEnv, RealtimeMetrics } from "../../lib/contract";

const IMPRESSIONS = "datalake-dev-impressions-source";
const CLICKS = "datalake-dev-clicks-source";
const arn = (stream: string) => `arn:aws:kinesis:eu-west-1:123456789012:stream/${stream}`;

class CapturingMetrics extends Metrics {
    readonly documents: Record<string, any>[] = [];
    override publishStoredMetrics(): this {
        this.documents.push(JSON.parse(JSON.stringify(this.serializeMetrics())));
        this.clearMetrics();
        return this;
    }
}

let seq = 0;
function record(stream: string, data: string | object): KinesisStreamRecord {
    const text = typeof data === "string" ? data : `${JSON.stringify(data)}\n`;
    seq += 1;
    return {
        awsRegion: "eu-west-1",
        eventID: `shardId-000000000000:${seq}`,
        eventName: "aws:kinesis:record",
        eventSource: "aws:kinesis",
        eventSourceARN: arn(stream),
        eventVersion: "1.0",
        invokeIdentityArn: "arn:aws:iam::123456789012:role/realtime",
        kinesis: {
            approximateArrivalTimestamp: Date.now() / 1000,
            data: Buffer.from(text).toString("base64"),
            kinesisSchemaVersion: "1.0",
            partitionKey: String(seq),
            sequenceNumber: String(seq),
        },
    };
}
const beacon = (i: number) => ({ ad_id: `ad-${i % 3}`, impression_id: `imp-${i}`, user_id: "u", timestamp: "2026-12-01T10:00:01Z", type: "impressions" });

const WINDOW = { start: new Date(Date.now() - 120_000).toISOString().replace(/\d\d\.\d+Z$/, "00.000Z"), end: "" };
WINDOW.end = new Date(Date.parse(WINDOW.start) + 60_000).toISOString();

function event(stream: string, records: KinesisStreamRecord[], state: unknown, final = false): WindowEvent {
    return {
        Records: records,
        window: WINDOW,
        state: state as Record<string, any>,
        shardId: "shardId-000000000000",
        eventSourceARN: arn(stream),
        isFinalInvokeForWindow: final,
        isWindowTerminatedEarly: false,
    };
}

function setup() {
    const metrics = new CapturingMetrics({ namespace: "DataLake", serviceName: RealtimeMetrics.service });
    const handler = createHandler({
        settings: { streamTypes: { [IMPRESSIONS]: "impressions", [CLICKS]: "clicks" }, lake: "datalake-dev" },
        logger: new Logger({ logLevel: "SILENT" }),
        metrics,
    });
    return { metrics, handler };
}

/** The metric values of an EMF document, by name. */
function values(doc: Record<string, any>): Record<string, number> {
    const names: string[] = doc._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    return Object.fromEntries(names.map((n) => [n, doc[n]]));
}

describe("real-time window function", () => {
    it("carries the counts across a window's invocations and publishes once, on the final one", async () => {
        const { metrics, handler } = setup();
        const first = await handler(
            event(
                IMPRESSIONS,
                Array.from({ length: 120 }, (_, i) => record(IMPRESSIONS, beacon(i))),
                {},
            ),
        );
        expect(first.batchItemFailures).to.deep.equal([]);
        expect(first.state.counts.impressions).to.equal(120);
        expect(metrics.documents, "nothing published before the window ends").to.have.length(0);

        const second = await handler(
            event(
                IMPRESSIONS,
                Array.from({ length: 80 }, (_, i) => record(IMPRESSIONS, beacon(200 + i))),
                first.state,
            ),
        );
        expect(second.state.counts.impressions).to.equal(200);
        expect(metrics.documents).to.have.length(0);

        const final = await handler(event(IMPRESSIONS, [], second.state, true));
        expect(final.state.counts.impressions).to.equal(200);
        expect(metrics.documents).to.have.length(1);
        const doc = metrics.documents[0];
        expect(values(doc)).to.deep.equal({ Impressions: 200, MalformedRecords: 0 });
        expect(doc._aws.Timestamp, "stamped with the window's start").to.equal(Date.parse(WINDOW.start));
        expect(doc._aws.CloudWatchMetrics[0].Namespace).to.equal("DataLake");
        expect(doc._aws.CloudWatchMetrics[0].Dimensions[0].sort()).to.deep.equal(["lake", "service"]);
        expect(doc).to.include({ lake: "datalake-dev", service: "realtime" });
    });

    it("counts records that arrive with the final invocation too", async () => {
        const { metrics, handler } = setup();
        const first = await handler(event(CLICKS, [record(CLICKS, beacon(1))], undefined));
        await handler(event(CLICKS, [record(CLICKS, beacon(2)), record(CLICKS, beacon(3))], first.state, true));
        expect(values(metrics.documents[0])).to.deep.equal({ Clicks: 3, MalformedRecords: 0 });
    });

    it("an empty window publishes its stream's 0 (not a gap) and nothing else", async () => {
        const { metrics, handler } = setup();
        const res = await handler(event(CLICKS, [], {}, true));
        expect(res.state).to.deep.equal({ counts: { impressions: 0, clicks: 0 }, malformed: 0 });
        expect(values(metrics.documents[0])).to.deep.equal({ Clicks: 0, MalformedRecords: 0 });
    });

    it("malformed records are counted and skipped, never failed, and the window goes on", async () => {
        const { metrics, handler } = setup();
        const bad = [
            record(IMPRESSIONS, "not json"),
            record(IMPRESSIONS, "[1,2]"),
            record(IMPRESSIONS, { ad_id: "a1" }), // no impression_id
            record(IMPRESSIONS, { ad_id: 7, impression_id: "i" }), // ad_id not a string
            record(IMPRESSIONS, ""),
            { ...record(IMPRESSIONS, beacon(9)), kinesis: { ...record(IMPRESSIONS, beacon(9)).kinesis, data: "%%%" } },
        ];
        const first = await handler(event(IMPRESSIONS, [record(IMPRESSIONS, beacon(1)), ...bad, record(IMPRESSIONS, beacon(2))], {}));
        expect(first.batchItemFailures).to.deep.equal([]);
        expect(first.state).to.deep.equal({ counts: { impressions: 2, clicks: 0 }, malformed: 6 });
        const final = await handler(event(IMPRESSIONS, [record(IMPRESSIONS, beacon(3))], first.state, true));
        expect(final.state.counts.impressions).to.equal(3);
        expect(values(metrics.documents[0])).to.deep.equal({ Impressions: 3, MalformedRecords: 6 });
    });

    it("records from a stream it has no type for are malformed, not counted as some type", async () => {
        const { handler } = setup();
        const res = await handler(event("someone-elses-stream", [record("someone-elses-stream", beacon(1))], {}));
        expect(res.state).to.deep.equal({ counts: { impressions: 0, clicks: 0 }, malformed: 1 });
    });

    it("a window terminated early (state over 1 MB) publishes what it has; the next state starts fresh", async () => {
        const { metrics, handler } = setup();
        await handler({ ...event(IMPRESSIONS, [record(IMPRESSIONS, beacon(1))], {}), isWindowTerminatedEarly: true });
        expect(values(metrics.documents[0])).to.deep.equal({ Impressions: 1, MalformedRecords: 0 });
        const next = await handler(event(IMPRESSIONS, [record(IMPRESSIONS, beacon(2))], {}));
        expect(next.state.counts.impressions).to.equal(1);
    });

    it("windows are independent: each final invocation publishes its own counts", async () => {
        const { metrics, handler } = setup();
        for (const n of [3, 5]) {
            const s = await handler(
                event(
                    IMPRESSIONS,
                    Array.from({ length: n }, (_, i) => record(IMPRESSIONS, beacon(i))),
                    {},
                ),
            );
            await handler(event(IMPRESSIONS, [], s.state, true));
        }
        expect(metrics.documents.map((d) => d.Impressions)).to.deep.equal([3, 5]);
    });
});

describe("real-time window: pure parts", () => {
    it("readState turns Lambda's {} or junk into zeros and keeps valid counts", () => {
        expect(readState(undefined)).to.deep.equal(emptyState());
        expect(readState({})).to.deep.equal(emptyState());
        expect(readState({ counts: { impressions: -1, clicks: "3" }, malformed: 1.5 })).to.deep.equal(emptyState());
        expect(readState({ counts: { impressions: 4, clicks: 2 }, malformed: 1 })).to.deep.equal({ counts: { impressions: 4, clicks: 2 }, malformed: 1 });
    });

    it("addRecords does not change the state it is given", () => {
        const s = emptyState();
        const next = addRecords(s, [record(CLICKS, beacon(1))], () => "clicks");
        expect(s.counts.clicks).to.equal(0);
        expect(next.counts.clicks).to.equal(1);
    });

    it("isBeacon", () => {
        expect(isBeacon(JSON.stringify(beacon(1)))).to.equal(true);
        expect(isBeacon(`${JSON.stringify(beacon(1))}\n`)).to.equal(true);
        for (const bad of ["", "null", "1", '"x"', "{}", '{"ad_id":"","impression_id":"i"}', "{"]) expect(isBeacon(bad), bad).to.equal(false);
    });

    it("settingsFromEnv names the variable that is missing or wrong", () => {
        const ok = { [RealtimeEnv.streamTypes]: JSON.stringify({ s: "clicks" }), [RealtimeEnv.lake]: "l" };
        expect(settingsFromEnv(ok)).to.deep.equal({ streamTypes: { s: "clicks" }, lake: "l" });
        expect(() => settingsFromEnv({ ...ok, [RealtimeEnv.streamTypes]: "x" })).to.throw(/REALTIME_STREAM_TYPES must be JSON/);
        expect(() => settingsFromEnv({ ...ok, [RealtimeEnv.streamTypes]: '{"s":"views"}' })).to.throw(/REALTIME_STREAM_TYPES must map/);
        expect(() => settingsFromEnv({ ...ok, [RealtimeEnv.lake]: "" })).to.throw(/REALTIME_LAKE/);
    });
});
