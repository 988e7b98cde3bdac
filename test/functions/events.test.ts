/**
 * functions/shared/events: S3 notifications in SQS bodies. Exact results for real S3 records,
 * and the exact report for every body or record that is not one (null, scalars, arrays, records
 * without a bucket, key or event name, broken escapes, bad times, odd field types).
 */
import { expect } from "chai";
import { MalformedEventError, decodeS3Key, parseS3EventBody, readS3EventBody } from "../../functions/shared/events";

const record = (key: string, object: object = {}, extra: object = {}) => ({
    eventVersion: "2.1",
    eventSource: "aws:s3",
    eventName: "ObjectCreated:Put",
    eventTime: "2026-11-23T01:00:00.000Z",
    s3: { bucket: { name: "drop" }, object: { key, ...object } },
    ...extra,
});
const body = (...records: unknown[]) => JSON.stringify({ Records: records });

describe("functions/shared/events: decodeS3Key", () => {
    it("turns every '+' into a space and decodes %-escapes", () => {
        expect(decodeS3Key("a+b+c")).to.equal("a b c");
        expect(decodeS3Key("Q4+report%2B%C3%A9.csv")).to.equal("Q4 report+é.csv");
        expect(decodeS3Key("plain/key.csv")).to.equal("plain/key.csv");
        expect(() => decodeS3Key("%E0%A4%A")).to.throw(URIError);
    });
});

describe("functions/shared/events: readS3EventBody", () => {
    it("reads a real S3 record exactly", () => {
        const out = readS3EventBody(body(record("a/Q4+report%2B%C3%A9.csv", { size: 3, eTag: '"abc"', versionId: "v1", sequencer: "0A" })));
        expect(out).to.deep.equal({
            refs: [
                {
                    bucket: "drop",
                    key: "a/Q4 report+é.csv",
                    versionId: "v1",
                    etag: "abc",
                    size: 3,
                    eventName: "ObjectCreated:Put",
                    eventTime: new Date("2026-11-23T01:00:00.000Z"),
                },
            ],
            malformed: [],
        });
    });

    it("reads several records per message, in order", () => {
        const out = readS3EventBody(body(record("a.csv"), record("b.csv"), record("c.csv")));
        expect(out.refs.map((r) => r.key)).to.deep.equal(["a.csv", "b.csv", "c.csv"]);
        expect(out.malformed).to.deep.equal([]);
    });

    it("ignores an s3:TestEvent, and an empty Records list is nothing to do", () => {
        expect(readS3EventBody(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "drop" }))).to.deep.equal({ refs: [], malformed: [] });
        expect(readS3EventBody('{"Records":[]}')).to.deep.equal({ refs: [], malformed: [] });
        // Another Event value is not a TestEvent: it needs its Records.
        expect(readS3EventBody('{"Event":"s3:Other"}').malformed).to.deep.equal(['SQS message body has no S3 Records array: "{\\"Event\\":\\"s3:Other\\"}"']);
    });

    it("reports bodies that are not S3 events, exactly", () => {
        const cases: [unknown, string][] = [
            [null, "SQS message body is null, not a string"],
            [undefined, "SQS message body is undefined, not a string"],
            [42, "SQS message body is number, not a string"],
            ["not json", 'SQS message body is not JSON: "not json"'],
            ["", 'SQS message body is not JSON: ""'],
            ["null", 'SQS message body is null, not an S3 event: "null"'],
            ["42", 'SQS message body is number, not an S3 event: "42"'],
            ['"s"', 'SQS message body is string, not an S3 event: "\\"s\\""'],
            ["true", 'SQS message body is boolean, not an S3 event: "true"'],
            ["[]", 'SQS message body is an array, not an S3 event: "[]"'],
            ["{}", 'SQS message body has no S3 Records array: "{}"'],
            ['{"Records":null}', 'SQS message body has no S3 Records array: "{\\"Records\\":null}"'],
            ['{"Records":{}}', 'SQS message body has no S3 Records array: "{\\"Records\\":{}}"'],
        ];
        for (const [input, message] of cases) expect(readS3EventBody(input), String(input)).to.deep.equal({ refs: [], malformed: [message] });
    });

    it("quotes at most the first 100 characters of a bad body", () => {
        const long = "x".repeat(150);
        expect(readS3EventBody(long).malformed).to.deep.equal([`SQS message body is not JSON: "${"x".repeat(100)}"`]);
    });

    it("reports each record that is not an S3 record by its index, and keeps the good ones", () => {
        const records = [
            null,
            7,
            "x",
            [],
            {},
            { eventName: "ObjectCreated:Put", s3: { bucket: { name: "" }, object: { key: "k" } } },
            { eventName: "ObjectCreated:Put", s3: { bucket: { name: 5 }, object: { key: "k" } } },
            { eventName: "ObjectCreated:Put", s3: { bucket: "drop", object: { key: "k" } } },
            { eventName: "ObjectCreated:Put", s3: { bucket: { name: "drop" }, object: { key: "" } } },
            { eventName: "ObjectCreated:Put", s3: { bucket: { name: "drop" }, object: { key: 7 } } },
            { eventName: "ObjectCreated:Put", s3: { bucket: { name: "drop" }, object: "k" } },
            { eventName: "", s3: { bucket: { name: "drop" }, object: { key: "k" } } },
            { eventName: 3, s3: { bucket: { name: "drop" }, object: { key: "k" } } },
            record("%E0%A4%A"),
            record("k", {}, { eventTime: "yesterday" }),
            record("k", {}, { eventTime: 1763859600000 }),
            record("good.csv"),
        ];
        const out = readS3EventBody(body(...records));
        expect(out.malformed).to.deep.equal([
            "record 0: not an object (null)",
            "record 1: not an object (number)",
            "record 2: not an object (string)",
            "record 3: not an object (an array)",
            "record 4: no s3.bucket.name",
            "record 5: no s3.bucket.name",
            "record 6: no s3.bucket.name",
            "record 7: no s3.bucket.name",
            "record 8: no s3.object.key",
            "record 9: no s3.object.key",
            "record 10: no s3.object.key",
            "record 11: no eventName",
            "record 12: no eventName",
            'record 13: s3.object.key is not URL-encoded: "%E0%A4%A"',
            "record 14: eventTime is not a date",
            "record 15: eventTime is not a date",
        ]);
        expect(out.refs.map((r) => r.key)).to.deep.equal(["good.csv"]);
    });

    it("quotes at most 100 characters of a key that is not URL-encoded", () => {
        const key = "%".repeat(150);
        expect(readS3EventBody(body(record(key))).malformed).to.deep.equal([`record 0: s3.object.key is not URL-encoded: "${"%".repeat(100)}"`]);
    });

    it("leaves out optional fields that are empty or of the wrong type", () => {
        const refOf = (object: object) => readS3EventBody(body(record("k", object))).refs[0];
        expect(refOf({ versionId: "", eTag: "", size: "3" })).to.deep.include({ versionId: undefined, etag: undefined, size: undefined });
        expect(refOf({ versionId: 5, eTag: 7 })).to.deep.include({ versionId: undefined, etag: undefined });
        expect([-1, 1.5, 2 ** 53, Number.NaN].map((size) => refOf({ size }).size)).to.deep.equal([undefined, undefined, undefined, undefined]);
        expect([0, 2 ** 53 - 1].map((size) => refOf({ size }).size)).to.deep.equal([0, 2 ** 53 - 1]);
        expect(refOf({ eTag: '"a"b"' }).etag).to.equal("ab");
    });

    it("an event without eventTime is timed now", () => {
        const before = Date.now();
        const { eventTime, ...rest } = record("k");
        expect(eventTime).to.be.a("string");
        const ref = readS3EventBody(body(rest)).refs[0];
        expect(ref.eventTime.getTime()).to.be.within(before, Date.now());
    });

    it("never throws, even on a body nested 100,000 levels deep", () => {
        const deep = '{"Records":[' + "[".repeat(100_000) + "]".repeat(100_000) + "]}";
        expect(readS3EventBody(deep).malformed).to.deep.equal(["record 0: not an object (an array)"]);
        const deepRecord = '{"Records":[{"s3":' + '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000) + "}]}";
        expect(readS3EventBody(deepRecord).malformed).to.deep.equal(["record 0: no s3.bucket.name"]);
    });
});

describe("functions/shared/events: parseS3EventBody", () => {
    it("returns the refs of a good body", () => {
        expect(parseS3EventBody(body(record("a.csv"))).map((r) => r.key)).to.deep.equal(["a.csv"]);
        expect(parseS3EventBody('{"Event":"s3:TestEvent"}')).to.deep.equal([]);
    });

    it("throws MalformedEventError joining every problem", () => {
        let err: unknown;
        try {
            parseS3EventBody(body(null, {}, record("a.csv")));
        } catch (e) {
            err = e;
        }
        expect(err).to.be.instanceOf(MalformedEventError);
        expect((err as Error).name).to.equal("MalformedEventError");
        expect((err as Error).message).to.equal("record 0: not an object (null); record 1: no s3.bucket.name");
    });
});
