/**
 * lib/config's limits as a table: for every key, values just inside each limit are taken and come
 * back unchanged, values just outside fail with the exact line naming the key, the value and what
 * is allowed. Refinements and cross-key rules follow, each with the case on either side of it.
 * (lib/config-optional.ts's network, redshift and emr keys: config-optional*.test.ts.)
 */
import { expect } from "chai";
import { LOG_RETENTION_DAYS, parseConfig } from "../../lib/config";
import { NOT_INT, intRange, oneOf, tooBig, tooSmall } from "./config-bound-rows";
import { configErrorLines, configLine } from "./config-errors";

type Raw = Record<string, unknown>;

/** A bound: `key` set on `base`; `inside` values parse to themselves, `outside` ones fail with their message. */
interface Bound {
    key: string;
    inside: unknown[];
    outside: [unknown, string][];
    base?: Raw;
    /** What of the parsed value to compare with the input (where defaults are added). Default: all of it. */
    view?: (parsed: any) => unknown;
}

const RETRIES =
    "must exceed the time a message may still be retried (maxReceiveCount x 6 x timeoutSeconds): the reconciliation would announce again objects whose message is in flight";
const BOOL = "Invalid input: expected boolean, received string";
const CRON = "a Glue/EventBridge cron expression like cron(0 3 * * ? *)";

function setAt(base: Raw, key: string, value: unknown): Raw {
    const raw = structuredClone(base);
    const path = key.split(".");
    let node: any = raw;
    path.slice(0, -1).forEach((p, i) => (node = node[p] ??= /^\d+$/.test(path[i + 1]) ? [] : {}));
    node[path[path.length - 1]] = value;
    return raw;
}

function getAt(value: unknown, key: string): unknown {
    return key.split(".").reduce((v: any, p) => v?.[p], value);
}

const threeStreams = [{ name: "events" }, { name: "impressions" }, { name: "clicks" }];
const noApi = { ingestApi: { enabled: false } };
const names = (items: { name: string }[]) => items.map(({ name }) => ({ name }));
const chars = (n: number, first = "a") => first + "b".repeat(n - 1);

const bounds: Bound[] = [
    { key: "environment", inside: ["dev", "prod"], outside: [["staging", oneOf("dev", "prod")]] },
    {
        key: "logRetentionDays",
        inside: [...LOG_RETENTION_DAYS],
        outside: [2, 0, 3654].map((d) => [d, `one of ${LOG_RETENTION_DAYS.join(", ")}`]),
    },
    { key: "alarmEmail", inside: ["oncall@example.com"], outside: [["oncall@", "Invalid email address"]] },

    // zones: names, count, and every lifecycle number (zone 0 is the landing zone, 2 the curated one)
    {
        key: "zones",
        view: names,
        inside: [[{ name: "drop" }, { name: "raw" }], "abcdefgh".split("").map((c) => ({ name: `zone-${c}` }))],
        outside: [
            [[{ name: "drop" }], "Too small: expected array to have >=2 items"],
            ["abcdefghi".split("").map((c) => ({ name: `zone-${c}` })), "Too big: expected array to have <=8 items"],
        ],
    },
    {
        key: "zones.0.name",
        base: { zones: [{ name: "drop" }, { name: "raw" }] },
        inside: ["ab", chars(20), "a-1"],
        outside: [chars(1), chars(21), "1ab", "Ab", "a_b", "ab!", "!ab"].map((v) => [
            v,
            "a lowercase name of 2-20 characters: letters, digits, '-', starting with a letter",
        ]),
    },
    ...["quarantineRetentionDays", "noncurrentExpireDays", "abortMultipartDays"].map((k) => ({
        key: `zones.0.lifecycle.${k}`,
        base: { zones: [{ name: "drop" }, { name: "raw" }] },
        ...intRange(1, 3650),
    })),
    { key: "zones.0.lifecycle.expireDays", base: { zones: [{ name: "drop" }, { name: "raw" }] }, ...intRange(1, 3650) },
    {
        key: "zones.0.lifecycle.glacierDays",
        base: { zones: [{ name: "drop", lifecycle: { expireDays: 3650 } }, { name: "raw" }] },
        inside: [1, 3649],
        outside: [
            [0, tooSmall(1)],
            [1.5, NOT_INT],
        ],
    },
    { key: "zones.2.lifecycle.infrequentAccessDays", base: { zones: [{ name: "drop" }, { name: "raw" }, { name: "curated" }] }, ...intRange(30, 3650) },
    {
        key: "zones.1.lifecycle.archiveStorageClass",
        base: { zones: [{ name: "drop" }, { name: "raw" }] },
        inside: ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
        outside: [["GLACIER_FLEXIBLE", oneOf("GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")]],
    },

    // processor (a 100 MiB gzip cap so the smallest /tmp is allowed)
    { key: "processor.memoryMb", ...intRange(512, 10240, 1024.5) },
    { key: "processor.timeoutSeconds", ...intRange(30, 900) },
    { key: "processor.ephemeralStorageMb", base: { processor: { maxDecompressedBytes: 100 * 1024 ** 2 } }, ...intRange(512, 10240) },
    { key: "processor.batchSize", base: { processor: { maxBatchingWindowSeconds: 1 } }, ...intRange(1, 10000) },
    { key: "processor.maxBatchingWindowSeconds", ...intRange(0, 300) },
    {
        key: "processor.maxReceiveCount",
        // 1000 receives of a 30 s function's messages (50 h of retries) need a later reconciliation.
        base: { processor: { timeoutSeconds: 30, reconcileAfterHours: 336 } },
        ...intRange(1, 1000),
    },
    {
        key: "processor.maxObjectBytes",
        inside: [1, 5 * 1024 ** 3],
        outside: [
            [0, "Too small: expected number to be >0"],
            [1.5, NOT_INT],
        ],
    },
    {
        key: "processor.maxDecompressedBytes",
        inside: [1, 4096 * 1024 ** 2 - 1],
        outside: [
            [0, "Too small: expected number to be >0"],
            [1.5, NOT_INT],
        ],
    },
    { key: "processor.reconcileSchedule", inside: ["cron(0 * * * ? *)"], outside: [["rate(1 day)", CRON]] },
    {
        key: "processor.reconcileAfterHours",
        // One receive of a 30 s function's message: retried for 180 s at most.
        base: { processor: { maxReceiveCount: 1, timeoutSeconds: 30 } },
        ...intRange(1, 336),
    },

    // curation: dataset names (the rules themselves: test/lib/curation*, test/functions)
    {
        key: "curation",
        inside: [{ orders: {}, "order-items_2": { keyColumns: ["id"] } }],
        outside: [],
    },
    ...["Orders", "orders!", "!orders", "order items"].map((name): Bound => ({
        key: `curation.${name}`,
        inside: [],
        outside: [[{}, `invalid key ${JSON.stringify(name)}: a dataset name`]],
    })),

    // streams (three of them, so the default routes stay valid; stream 0 is set)
    {
        key: "streams",
        base: noApi,
        view: names,
        inside: [Array.from({ length: 20 }, (_, i) => ({ name: `stream_${i}` }))],
        outside: [[Array.from({ length: 21 }, (_, i) => ({ name: `stream_${i}` })), "Too big: expected array to have <=20 items"]],
    },
    {
        key: "streams.0.name",
        base: { ...noApi, streams: [{ name: "x" }] },
        inside: ["ab", chars(40), "a_1"],
        outside: [chars(1), chars(41), "1ab", "Ab", "a-b", "ab!", "!ab"].map((v) => [v, "a lowercase name of 2-40 characters: letters, digits, '_'"]),
    },
    { key: "streams.0.source", base: { streams: threeStreams }, inside: ["direct", "kinesis"], outside: [["firehose", oneOf("direct", "kinesis")]] },
    { key: "streams.0.shards", base: { streams: [{ name: "events", source: "kinesis" }, ...threeStreams.slice(1)] }, ...intRange(1, 500) },
    { key: "streams.0.retentionHours", base: { streams: threeStreams }, ...intRange(24, 8760) },
    { key: "streams.0.bufferSizeMb", base: { streams: threeStreams }, ...intRange(1, 128) },
    { key: "streams.0.bufferIntervalSeconds", base: { streams: threeStreams }, ...intRange(0, 900) },
    {
        key: "streams.0.compression",
        base: { streams: threeStreams },
        inside: ["GZIP", "UNCOMPRESSED"],
        outside: [
            ["gzip", oneOf("GZIP", "UNCOMPRESSED")],
            // Firehose offers these, but the drop processor reads gzip and plain objects only.
            ...["Snappy", "ZIP", "HADOOP_SNAPPY"].map((c): [string, string] => [
                c,
                `the drop processor reads GZIP or UNCOMPRESSED objects only; it would quarantine every ${c} object`,
            ]),
        ],
    },

    // ingestApi
    { key: "ingestApi.enabled", inside: [true, false], outside: [["yes", BOOL]] },
    { key: "ingestApi.auth", inside: ["apiKey", "iam", "none"], outside: [["apikey", oneOf("apiKey", "iam", "none")]] },
    {
        key: "ingestApi.rateLimit",
        inside: [0.5, 10000],
        outside: [
            [0, "Too small: expected number to be >0"],
            [10000.5, tooBig(10000)],
        ],
    },
    {
        key: "ingestApi.burstLimit",
        inside: [1, 5000],
        outside: [
            [0, "Too small: expected number to be >0"],
            [5001, tooBig(5000)],
            [1.5, NOT_INT],
        ],
    },
    {
        key: "ingestApi.maxBodyBytes",
        inside: [1024, 10 * 1024 * 1024],
        outside: [
            [1023, tooSmall(1024)],
            [10 * 1024 * 1024 + 1, tooBig(10485760)],
            [1024.5, NOT_INT],
        ],
    },
    { key: "ingestApi.tracing", inside: [true, false], outside: [["yes", BOOL]] },
    { key: "ingestApi.manageAccountLogRole", inside: [true, false], outside: [["yes", BOOL]] },
    { key: "ingestApi.waf.enabled", inside: [true, false], outside: [["yes", BOOL]] },
    {
        key: "ingestApi.waf.ipRateLimit",
        inside: [100, 2_000_000_000],
        outside: [
            [99, tooSmall(100)],
            [2_000_000_001, tooBig(2000000000)],
            [100.5, NOT_INT],
        ],
    },
    ...["/Track", "track", "/track!", "!/track", "/tr/ack", "/1track"].map((route): Bound => ({
        key: `ingestApi.routes.${route}`,
        inside: [],
        outside: [["events", `invalid key ${JSON.stringify(route)}: a path like /track`]],
    })),

    // catalog
    {
        key: "catalog.crawlerSchedule",
        inside: ["cron(0 3 * * ? *)", "cron(x)"],
        outside: ["cron()", "xcron(0 3 * * ? *)", "cron(0 3 * * ? *)x", "rate(1 day)"].map((v) => [v, CRON]),
    },
    {
        key: "catalog.recrawl",
        inside: ["new-folders", "events", "everything"],
        outside: [["new_folders", oneOf("new-folders", "events", "everything")]],
    },
    { key: "catalog.updateBehavior", inside: ["UPDATE_IN_DATABASE", "LOG"], outside: [["UPDATE", oneOf("UPDATE_IN_DATABASE", "LOG")]] },
    {
        key: "catalog.deleteBehavior",
        inside: ["LOG", "DEPRECATE_IN_DATABASE", "DELETE_FROM_DATABASE"],
        outside: [["DELETE", oneOf("LOG", "DEPRECATE_IN_DATABASE", "DELETE_FROM_DATABASE")]],
    },
    { key: "catalog.manageAccountEncryption", inside: [true, false], outside: [["yes", BOOL]] },
    {
        key: "catalog.accountEncryptionKeyArn",
        inside: [
            "arn:aws:kms:eu-west-1:123456789012:key/0d6b6a37-3c1e-4f4e-9a44-2b8d6c4f0e11",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd",
        ],
        outside: [
            "alias/catalog",
            "0d6b6a37-3c1e-4f4e-9a44-2b8d6c4f0e11",
            "arn:aws:kms:eu-west-1:123456789012:alias/catalog",
            "arn:aws:kms:eu-west-1:12345678901:key/abc",
        ].map((v): [string, string] => [v, "a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>"]),
    },
    {
        key: "catalog.streamsSince",
        inside: ["2025-01-01", "2024-02-29", "1999-12-31"],
        outside: [
            ...["2025-1-01", "2025-01-1", "25-01-01", "x2025-01-01", "2025-01-01x", "2025/01/01"].map((v): [string, string] => [v, "a date YYYY-MM-DD"]),
            ...["2025-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-04-31"].map((v): [string, string] => [v, "a real calendar date"]),
        ],
    },

    // athena
    {
        key: "athena.bytesScannedCutoffMb",
        inside: [10, 10_000_000],
        outside: [
            [9, tooSmall(10)],
            [10.5, NOT_INT],
        ],
    },
    { key: "athena.resultsExpireDays", ...intRange(1, 3650) },

    // etl
    {
        key: "etl.workerType",
        inside: ["G.1X", "G.2X", "G.4X", "G.8X"],
        outside: [
            ["G.16X", oneOf("G.1X", "G.2X", "G.4X", "G.8X")],
            ["G.025X", "Glue offers G.025X to streaming jobs only, and the ETL jobs are batch jobs: use G.1X or larger"],
        ],
    },
    { key: "etl.numberOfWorkers", ...intRange(2, 299) },
    { key: "etl.timeoutMinutes", ...intRange(1, 2880) },
    { key: "etl.schedule", inside: ["cron(0 4 * * ? *)"], outside: [["rate(1 day)", CRON]] },
    { key: "etl.tables", inside: [[], ["a"], ["orders", "order_items_2"]], outside: [] },
    {
        key: "etl.tables.0",
        inside: [],
        outside: ["Orders", "1a", "a-b", "orders!", "!orders"].map((v) => [v, "a table name"]),
    },
    {
        key: "etl.apiIngest.repos",
        inside: [["a/b"], ["pulumi/pulumi", "owner.x/na-me_1"]],
        outside: [[[], "Too small: expected array to have >=1 items"]],
    },
    {
        key: "etl.apiIngest.repos.0",
        inside: [],
        outside: ["a", "a/b/c", "a/b!", "!a/b", "/b", "a/"].map((v) => [v, "owner/name"]),
    },
    { key: "etl.apiIngest.schedule", base: { etl: { apiIngest: { repos: ["a/b"] } } }, inside: ["cron(0 2 * * ? *)"], outside: [["daily", CRON]] },
    {
        key: "etl.apiIngest.baseUrl",
        base: { etl: { apiIngest: { repos: ["a/b"] } } },
        inside: ["https://github.example.com/api/v3"],
        outside: [["github.example.com", "Invalid URL"]],
    },

    // realtime (off: the stream checks are the cross-key rules below)
    { key: "realtime.enabled", inside: [false], outside: [["yes", BOOL]] },
    { key: "realtime.batchSize", ...intRange(1, 10000) },
    { key: "realtime.maxBatchingWindowSeconds", ...intRange(0, 300) },
    { key: "realtime.maxRetryAttempts", ...intRange(0, 10000) },

    // serving
    { key: "serving.enabled", inside: [true, false], outside: [["yes", BOOL]] },
    { key: "serving.schedule", inside: ["cron(30 5 * * ? *)"], outside: [["cron(30 5 * * ? *) ", CRON]] },
    { key: "serving.maxRangeDays", ...intRange(1, 366) },

    // operations
    { key: "operations.queueAgeAlarmSeconds", ...intRange(60, 1209600) },
    { key: "operations.firehoseFreshnessMarginSeconds", ...intRange(60, 86400) },
    {
        key: "operations.api5xxPercent",
        inside: [0, 0.5, 100],
        outside: [
            [-0.1, tooSmall(0)],
            [100.1, tooBig(100)],
        ],
    },
    { key: "operations.apiLatencyP99Ms", ...intRange(50, 29000) },
    { key: "operations.manageGlueLogGroups", inside: [true, false], outside: [["yes", BOOL]] },

    // governance
    { key: "governance.trail.enabled", inside: [true, false], outside: [["yes", BOOL]] },
    { key: "governance.trail.retentionDays", ...intRange(1, 3650) },
    { key: "governance.sandboxExpireDays", ...intRange(1, 3650) },
    {
        key: "governance.personas.dataSteward.principals",
        inside: [[], Array.from({ length: 100 }, (_, i) => `arn:aws:iam::123456789012:user/u${i}`)],
        outside: [[Array.from({ length: 101 }, (_, i) => `arn:aws:iam::123456789012:user/u${i}`), "Too big: expected array to have <=100 items"]],
    },
    {
        key: "governance.personas.dataSteward.principals.0",
        inside: [],
        outside: [
            "arn:aws:iam::12345678901:root",
            "arn:aws:iam::123456789012:rootx",
            "xarn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:group/analysts",
            "arn:aws:sts::123456789012:assumed-role/ci",
            "arn:aws:iam::123456789012:role/",
        ].map((v) => [v, "an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>)"]),
    },
];

describe("lib/config bounds", () => {
    for (const b of bounds) {
        describe(b.key, () => {
            for (const v of b.inside) {
                it(`takes ${JSON.stringify(v).slice(0, 60)}`, () => {
                    const parsed = getAt(parseConfig(setAt(b.base ?? {}, b.key, v)), b.key);
                    expect(b.view ? b.view(parsed) : parsed).to.deep.equal(v);
                });
            }
            for (const [v, message] of b.outside) {
                it(`refuses ${JSON.stringify(v).slice(0, 60)}: ${message.slice(0, 60)}`, () => {
                    expect(configErrorLines(setAt(b.base ?? {}, b.key, v))).to.include(configLine(b.key, v, message));
                });
            }
        });
    }
});

/** A refinement or cross-key rule: `ok` configs parse, `bad` ones fail with exactly `lines`. */
interface Rule {
    what: string;
    ok: Raw[];
    bad: [Raw, string[]][];
}

const zones2 = (raw: Raw) => ({ zones: [{ name: "drop" }, { name: "raw", lifecycle: raw }] });
const landing = (raw: Raw) => ({ zones: [{ name: "drop", lifecycle: raw }, { name: "raw" }] });
const three = (raw: Raw) => ({ zones: [{ name: "drop" }, { name: "raw", lifecycle: raw }, { name: "curated" }] });
const realtimeOn = (streams: Raw[], extra: Raw = {}) => ({ ...noApi, streams, realtime: { enabled: true, ...extra } });

const rules: Rule[] = [
    {
        what: "glacierDays at least infrequentAccessDays + 30",
        ok: [zones2({ infrequentAccessDays: 30, glacierDays: 60 }), zones2({ infrequentAccessDays: 100, glacierDays: 131 })],
        bad: [
            [
                zones2({ infrequentAccessDays: 30, glacierDays: 59 }),
                [
                    configLine(
                        "zones.1.lifecycle.glacierDays",
                        59,
                        "glacierDays must be at least infrequentAccessDays + 30 (S3 keeps objects 30 days in STANDARD_IA)",
                    ),
                ],
            ],
        ],
    },
    {
        what: "expireDays later than every transition",
        ok: [
            landing({ expireDays: 31, infrequentAccessDays: 30 }),
            landing({ expireDays: 91, infrequentAccessDays: 30, glacierDays: 90 }),
            landing({ expireDays: 2, glacierDays: 1 }),
        ],
        bad: [
            [
                landing({ expireDays: 30, infrequentAccessDays: 30 }),
                [configLine("zones.0.lifecycle.expireDays", 30, "expireDays must be later than every transition")],
            ],
            [
                landing({ expireDays: 60, infrequentAccessDays: 30, glacierDays: 90 }),
                [configLine("zones.0.lifecycle.expireDays", 60, "expireDays must be later than every transition")],
            ],
            [landing({ expireDays: 1, glacierDays: 1 }), [configLine("zones.0.lifecycle.expireDays", 1, "expireDays must be later than every transition")]],
        ],
    },
    {
        what: "the zone the raw -> curated job reads in full stays instantly readable",
        ok: [three({ glacierDays: 120, archiveStorageClass: "GLACIER_IR" }), three({ glacierDays: 120 }), three({ archiveStorageClass: "GLACIER" })],
        bad: [
            [
                three({ glacierDays: 120, archiveStorageClass: "GLACIER" }),
                [
                    configLine(
                        "zones.1.lifecycle.archiveStorageClass",
                        "GLACIER",
                        'zone "raw" is read by Spark (the curate job: any object it has not consumed, every one after a rollback; EMR views), which cannot read GLACIER objects without a restore: use GLACIER_IR (instantly readable) or drop glacierDays',
                    ),
                ],
            ],
        ],
    },
    {
        what: "zone names unique",
        ok: [{ zones: [{ name: "drop" }, { name: "raw" }] }],
        bad: [[{ zones: [{ name: "raw" }, { name: "raw" }] }, [configLine("zones", [{ name: "raw" }, { name: "raw" }], "zone names must be unique")]]],
    },
    {
        what: "gzip cap below /tmp",
        ok: [{ processor: { ephemeralStorageMb: 1024, maxDecompressedBytes: 1024 ** 3 - 1 } }],
        bad: [
            [
                { processor: { ephemeralStorageMb: 1024, maxDecompressedBytes: 1024 ** 3 } },
                [
                    configLine(
                        "processor.maxDecompressedBytes",
                        1024 ** 3,
                        "maxDecompressedBytes must be below ephemeralStorageMb (the decompressed file and its Parquet live in /tmp)",
                    ),
                ],
            ],
        ],
    },
    {
        what: "a batch above 10 needs a batching window",
        ok: [{ processor: { batchSize: 10 } }, { processor: { batchSize: 11, maxBatchingWindowSeconds: 1 } }],
        bad: [
            [
                { processor: { batchSize: 11 } },
                [configLine("processor.batchSize", 11, "a batchSize above 10 needs maxBatchingWindowSeconds >= 1 (an SQS rule)")],
            ],
        ],
    },
    {
        what: "the reconciliation waits out a message's retries (maxReceiveCount x 6 x timeoutSeconds)",
        ok: [
            { processor: { maxReceiveCount: 5, timeoutSeconds: 300, reconcileAfterHours: 3 } },
            { processor: { maxReceiveCount: 20, timeoutSeconds: 900, reconcileAfterHours: 31 } },
        ],
        bad: [
            // 5 x 6 x 360 s = 3 h exactly: a message may still be retried when the reconciliation sees its object.
            [{ processor: { timeoutSeconds: 360, reconcileAfterHours: 3 } }, [configLine("processor.reconcileAfterHours", 3, RETRIES)]],
            [{ processor: { maxReceiveCount: 20, timeoutSeconds: 900 } }, [configLine("processor.reconcileAfterHours", undefined, RETRIES)]],
        ],
    },
    {
        what: "S3 event mode crawlers may not delete from the database",
        ok: [
            { catalog: { recrawl: "events", updateBehavior: "LOG", deleteBehavior: "DELETE_FROM_DATABASE" } },
            { catalog: { recrawl: "events", deleteBehavior: "DEPRECATE_IN_DATABASE" } },
            { catalog: { recrawl: "everything", deleteBehavior: "DELETE_FROM_DATABASE" } },
        ],
        bad: [
            [
                { catalog: { recrawl: "events", deleteBehavior: "DELETE_FROM_DATABASE" } },
                [
                    configLine(
                        "catalog.deleteBehavior",
                        "DELETE_FROM_DATABASE",
                        "S3 event mode crawlers cannot delete from the database; use LOG or DEPRECATE_IN_DATABASE",
                    ),
                ],
            ],
        ],
    },
    {
        what: "stream names unique",
        ok: [{ ...noApi, streams: [{ name: "events" }, { name: "clicks" }] }],
        bad: [
            [
                { ...noApi, streams: [{ name: "events" }, { name: "events" }] },
                [configLine("streams", [{ name: "events" }, { name: "events" }], "stream names must be unique")],
            ],
        ],
    },
    {
        what: "shards only on Kinesis-fed streams, named at their index",
        ok: [realtimeOn([{ name: "events" }, { name: "impressions", shards: 2 }, { name: "clicks", source: "kinesis", shards: 1 }])],
        bad: [
            [
                { ...noApi, streams: [{ name: "events" }, { name: "clicks", shards: 2 }] },
                [configLine("streams.1.shards", 2, "shards applies only to source 'kinesis'")],
            ],
            [
                realtimeOn([{ name: "events", shards: 1 }, { name: "impressions" }, { name: "clicks" }]),
                [configLine("streams.0.shards", 1, "shards applies only to source 'kinesis'")],
            ],
        ],
    },
    {
        what: "each real-time event type has a stream of its own",
        ok: [{ realtime: { streams: { impressions: "impressions", clicks: "events" } } }],
        bad: [
            [
                { realtime: { streams: { impressions: "events", clicks: "events" } } },
                [
                    configLine(
                        "realtime.streams",
                        { impressions: "events", clicks: "events" },
                        "each event type needs a stream of its own (the counts are per stream)",
                    ),
                ],
            ],
        ],
    },
    {
        what: "real-time counting reads configured, Kinesis-fed streams",
        ok: [realtimeOn(threeStreams), realtimeOn([{ name: "views" }, { name: "clicks" }], { streams: { impressions: "views" } })],
        bad: [
            [
                realtimeOn([{ name: "events" }, { name: "impressions" }]),
                [configLine("realtime.streams.clicks", undefined, "names no configured stream (streams: events, impressions)")],
            ],
            [
                realtimeOn(threeStreams, { streams: { clicks: "taps" } }),
                [configLine("realtime.streams.clicks", "taps", "names no configured stream (streams: events, impressions, clicks)")],
            ],
            [
                realtimeOn([{ name: "events" }, { name: "impressions", source: "direct" }, { name: "clicks" }]),
                [
                    configLine(
                        "streams.1.source",
                        "direct",
                        'real-time counting (realtime.streams.impressions) reads stream "impressions" from Kinesis: set its source to kinesis or leave it unset',
                    ),
                ],
            ],
        ],
    },
    {
        what: "serving needs the ingest API and a curated zone",
        ok: [
            { serving: { enabled: true } },
            { serving: { enabled: true }, zones: [{ name: "a1" }, { name: "b1" }, { name: "c1" }] },
            { serving: { enabled: false }, ...noApi },
        ],
        bad: [
            [
                { serving: { enabled: true }, ...noApi },
                [
                    configLine(
                        "serving.enabled",
                        true,
                        "the traffic endpoint is a route of the ingest API: set ingestApi.enabled true (or serving.enabled false)",
                    ),
                ],
            ],
            [
                { serving: { enabled: true }, zones: [{ name: "drop" }, { name: "raw" }] },
                [configLine("serving.enabled", true, "the traffic job reads the advertising view of the third (curated) zone: configure at least 3 zones")],
            ],
        ],
    },
    {
        what: "API routes are ones the ingest function validates, to configured streams",
        ok: [{ ingestApi: { routes: { "/track": "events" } } }, { ingestApi: { enabled: false, routes: { "/tracking": "nowhere" } } }],
        bad: [
            [
                { ingestApi: { routes: { "/tracking": "events" } } },
                [
                    configLine(
                        "ingestApi.routes./tracking",
                        "events",
                        "is not a route the ingest function validates (routes: /track, /alias, /profile, /impressions, /clicks)",
                    ),
                ],
            ],
            [
                { ingestApi: { routes: { "/track": "nowhere" } } },
                [configLine("ingestApi.routes./track", "nowhere", "names no configured stream (streams: events, impressions, clicks)")],
            ],
        ],
    },
];

describe("lib/config rules", () => {
    for (const r of rules) {
        describe(r.what, () => {
            r.ok.forEach((raw, i) => it(`takes case ${i + 1}`, () => expect(() => parseConfig(raw)).not.to.throw()));
            r.bad.forEach(([raw, lines], i) => it(`refuses case ${i + 1}`, () => expect(configErrorLines(raw)).to.deep.equal(lines)));
        });
    }
});

describe("lib/config resolved defaults", () => {
    it("zone roles: landing, raw and curated by position; no curated role with two zones", () => {
        expect(parseConfig({}).zoneRoles).to.deep.equal({ landing: "drop", raw: "raw", curated: "curated" });
        expect(parseConfig({ zones: [{ name: "in" }, { name: "out" }] }).zoneRoles).to.deep.equal({ landing: "in", raw: "out" });
    });
    it("zones after the curated one tier to IA at 90 days and expire nothing", () => {
        const c = parseConfig({ zones: ["drop", "raw", "curated", "archive"].map((name) => ({ name })) });
        expect(c.zones[3].lifecycle).to.deep.equal({
            infrequentAccessDays: 90,
            quarantineRetentionDays: 365,
            archiveStorageClass: "GLACIER_IR",
            noncurrentExpireDays: 30,
            abortMultipartDays: 7,
        });
    });
    it("a trail given only its retention stays on", () => {
        expect(parseConfig({ governance: { trail: { retentionDays: 400 } } }).governance.trail).to.deep.equal({ enabled: true, retentionDays: 400 });
    });
    it("a persona without principals has none", () => {
        expect(parseConfig({ governance: { personas: { biAnalyst: {} } } }).governance.personas).to.deep.equal({ biAnalyst: { principals: [] } });
    });
    it("the default streams: direct, GZIP, 64 MiB / 300 s buffers, 24 h retention", () => {
        expect(parseConfig({}).streams).to.deep.equal(
            ["events", "impressions", "clicks"].map((name) => ({
                name,
                source: "direct",
                retentionHours: 24,
                bufferSizeMb: 64,
                bufferIntervalSeconds: 300,
                compression: "GZIP",
            })),
        );
    });
    it("the default API: API key auth, 100 rps / 200 burst, 1 MiB bodies, the five routes", () => {
        expect(parseConfig({}).ingestApi).to.deep.equal({
            enabled: true,
            auth: "apiKey",
            rateLimit: 100,
            burstLimit: 200,
            maxBodyBytes: 1024 * 1024,
            tracing: false,
            manageAccountLogRole: true,
            waf: { enabled: false, ipRateLimit: 2000 },
            routes: { "/track": "events", "/alias": "events", "/profile": "events", "/impressions": "impressions", "/clicks": "clicks" },
            stageName: "v1",
        });
    });
    it("the default catalog, Athena and ETL settings", () => {
        const c = parseConfig({});
        expect(c.catalog).to.deep.equal({
            crawlerSchedule: "cron(0 3 * * ? *)",
            recrawl: "new-folders",
            updateBehavior: "UPDATE_IN_DATABASE",
            deleteBehavior: "DEPRECATE_IN_DATABASE",
            manageAccountEncryption: false,
            streamsSince: "2025-01-01",
        });
        expect(c.athena).to.deep.equal({ bytesScannedCutoffMb: 10240, resultsExpireDays: 30 });
        expect(c.etl).to.deep.equal({
            workerType: "G.1X",
            numberOfWorkers: 2,
            timeoutMinutes: 60,
            schedule: "cron(0 4 * * ? *)",
            tables: [],
            maintenance: { snapshotRetentionDays: 7, snapshotsToRetain: 10, orphanFileRetentionDays: 3 },
            curateTrigger: { maxBatchingWindowSeconds: 300, batchSize: 1000 },
            bigObjects: { enabled: true, maxConcurrentRuns: 10 },
        });
        expect(parseConfig({ etl: { apiIngest: { repos: ["a/b"] } } }).etl.apiIngest).to.deep.equal({
            schedule: "cron(0 2 * * ? *)",
            repos: ["a/b"],
            baseUrl: "https://api.github.com",
        });
    });
    it("a value that is no object where one is expected is shown as it is", () => {
        expect(configErrorLines({ processor: 5 })).to.deep.equal([configLine("processor", 5, "Invalid input: expected object, received number")]);
    });
});
