/**
 * The traffic job (functions/traffic-job) and endpoint (functions/traffic-api) against moto S3 and
 * DynamoDB: the job reads real Parquet files laid out as the Glue raw -> curated job writes the
 * advertising view (advertising/event_date=<day>/part-*.parquet, written here with DuckDB) into a
 * table created with the program's key schema and by-date index; the endpoint answers from it.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BucketLocationConstraint, CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { DuckDBInstance } from "@duckdb/node-api";
import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { useMoto } from "../../harness/moto";
import { createJob, JobResult } from "../../functions/traffic-job/handler";
import { JobInputError } from "../../functions/traffic-job/job";
import { createHandler } from "../../functions/traffic-api/handler";
import { validateQuery } from "../../functions/traffic-api/range";
import { parseDay } from "../../functions/shared/traffic";
import { advertisingDayPrefix } from "../../lib/contract";
import { createTrafficTable } from "./traffic-table";
import { RecordingMetrics } from "./support-drop/processor";

const BUCKET = "lake-curated";
const TABLE = "lake-traffic";

interface Row {
    ad_id: string;
    impressions: number;
    clicks: number;
    unattributed_clicks: number;
}

describe("traffic job and endpoint (moto S3 + DynamoDB)", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let s3: S3Client;
    let dynamo: DynamoDBDocumentClient;
    let db: DuckDBInstance;
    let dir: string;
    const uploaded: string[] = [];

    before(async () => {
        s3 = new S3Client(moto().clientConfig);
        dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(moto().clientConfig));
        db = await DuckDBInstance.create(":memory:");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "traffic-test-"));
        await s3.send(
            new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: moto().region as BucketLocationConstraint } }),
        );
    });
    after(() => {
        db.closeSync();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(async () => {
        await new DynamoDBClient(moto().clientConfig).send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
        await createTrafficTable(new DynamoDBClient(moto().clientConfig), TABLE);
        for (const key of uploaded.splice(0)) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    });

    /** Writes `rows` as one Parquet part of the view's day (the view's columns, event_date in the path). */
    async function viewPart(day: string, part: number, rows: Row[]): Promise<void> {
        const file = path.join(dir, `${day}-${part}.parquet`);
        const values = rows
            .map(
                (r) =>
                    `('${r.ad_id}', ${r.impressions}::BIGINT, ${r.clicks}::BIGINT, ${r.clicks / Math.max(1, r.impressions)}::DOUBLE, ${r.unattributed_clicks}::BIGINT)`,
            )
            .join(", ");
        const conn = await db.connect();
        await conn.run(
            `COPY (SELECT * FROM (VALUES ${values}) AS t(ad_id, impressions, clicks, click_through_rate, unattributed_clicks)) TO '${file}' (FORMAT parquet)`,
        );
        conn.closeSync();
        const key = `${advertisingDayPrefix(day)}part-0000${part}-c000.snappy.parquet`;
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: fs.readFileSync(file) }));
        uploaded.push(key);
    }

    const job = (now = new Date("2026-12-01T05:30:00Z")) =>
        createJob({
            s3,
            dynamo,
            duckdb: async () => db,
            settings: { tableName: TABLE, curatedBucket: BUCKET },
            logger: new Logger({ logLevel: "SILENT" }),
            metrics: new RecordingMetrics(),
            now: () => now,
            sleep: async () => undefined,
            tmpRoot: dir,
        });

    async function items(): Promise<Record<string, any>[]> {
        const out = await dynamo.send(new ScanCommand({ TableName: TABLE }));
        return (out.Items ?? []).map(({ computedAt: _c, ...rest }) => rest).sort((a, b) => `${a.adId}${a.date}`.localeCompare(`${b.adId}${b.date}`));
    }

    const row = (ad_id: string, impressions: number, clicks: number, unattributed_clicks = 0): Row => ({ ad_id, impressions, clicks, unattributed_clicks });

    describe("job", () => {
        it("loads the previous UTC day, summing an ad across the day's files", async () => {
            await viewPart("2026-11-30", 0, [row("ad-1", 10, 3), row("ad-2", 5, 0, 1)]);
            await viewPart("2026-11-30", 1, [row("ad-1", 4, 1)]);
            await viewPart("2026-11-29", 0, [row("ad-1", 99, 9)]); // another day: not loaded
            const result = await job()({});
            expect(result).to.deep.equal({ date: "2026-11-30", status: "loaded", files: 2, written: 2, deleted: 0 } satisfies JobResult);
            expect(await items()).to.deep.equal([
                { adId: "ad-1", date: "2026-11-30", impressions: 14, clicks: 4, unattributedClicks: 0 },
                { adId: "ad-2", date: "2026-11-30", impressions: 5, clicks: 0, unattributedClicks: 1 },
            ]);
        });

        it("re-running a day overwrites its counts (never adds) and deletes ads the view no longer has that day", async () => {
            await viewPart("2026-11-30", 0, [row("ad-1", 10, 3), row("ad-2", 5, 0)]);
            await viewPart("2026-11-29", 0, [row("ad-2", 7, 2)]);
            await job()({ date: "2026-11-29" });
            await job()({ date: "2026-11-30" });
            const once = await items();
            await job()({ date: "2026-11-30" });
            expect(await items(), "a re-run changes nothing").to.deep.equal(once);

            // The view's day was recomputed (deduplicated beacons): ad-2 is gone, ad-1 changed.
            for (const key of uploaded.filter((k) => k.includes("2026-11-30"))) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
            await viewPart("2026-11-30", 0, [row("ad-1", 8, 2)]);
            const result = await job()({ date: "2026-11-30" });
            expect(result).to.include({ written: 1, deleted: 1 });
            expect(await items()).to.deep.equal([
                { adId: "ad-1", date: "2026-11-30", impressions: 8, clicks: 2, unattributedClicks: 0 },
                { adId: "ad-2", date: "2026-11-29", impressions: 7, clicks: 2, unattributedClicks: 0 }, // other day untouched
            ]);
        });

        it("writes more ads than one BatchWriteItem takes (25)", async () => {
            await viewPart(
                "2026-11-30",
                0,
                Array.from({ length: 130 }, (_, i) => row(`ad-${String(i).padStart(3, "0")}`, i + 1, i % 5)),
            );
            expect(await job()({})).to.include({ written: 130 });
            const all = await items();
            expect(all).to.have.length(130);
            expect(all[129]).to.deep.equal({ adId: "ad-129", date: "2026-11-30", impressions: 130, clicks: 4, unattributedClicks: 0 });
        });

        it("items DynamoDB leaves unprocessed are sent again until written", async () => {
            await viewPart(
                "2026-11-30",
                0,
                Array.from({ length: 30 }, (_, i) => row(`ad-${i}`, 1, 0)),
            );
            // The first BatchWriteItem call reports its last 10 requests unprocessed (as under throttling) without writing them.
            let calls = 0;
            const flaky = {
                send: async (command: any) => {
                    if (command instanceof BatchWriteCommand && ++calls === 1) {
                        const requests = command.input.RequestItems![TABLE];
                        await dynamo.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests.slice(0, -10) } }));
                        return { UnprocessedItems: { [TABLE]: requests.slice(-10) }, $metadata: {} };
                    }
                    return dynamo.send(command);
                },
            } as unknown as DynamoDBDocumentClient;
            const sleeps: number[] = [];
            const result = await createJob({
                s3,
                dynamo: flaky,
                duckdb: async () => db,
                settings: { tableName: TABLE, curatedBucket: BUCKET },
                logger: new Logger({ logLevel: "SILENT" }),
                metrics: new RecordingMetrics(),
                now: () => new Date("2026-12-01T05:30:00Z"),
                sleep: async (ms) => void sleeps.push(ms),
                tmpRoot: dir,
            })({});
            expect(result).to.include({ written: 30 });
            expect(sleeps, "one backoff before the resend").to.deep.equal([50]);
            expect(await items()).to.have.length(30);
        });

        it("a day the view has no partition for yet changes nothing", async () => {
            await viewPart("2026-11-29", 0, [row("ad-1", 1, 1)]);
            await job()({ date: "2026-11-29" });
            const before = await items();
            expect(await job()({ date: "2026-11-28" })).to.deep.equal({ date: "2026-11-28", status: "no-data", files: 0, written: 0, deleted: 0 });
            expect(await items()).to.deep.equal(before);
        });

        it("an event date that is not a calendar day fails the run", async () => {
            for (const date of ["2025-02-29", "2026-13-01", "yesterday", "2026-1-1"]) {
                const err = await job()({ date }).then(
                    () => undefined,
                    (e) => e,
                );
                expect(err, date).to.be.instanceOf(JobInputError);
            }
        });
    });

    describe("endpoint", () => {
        const get = (adId: string | undefined, query: Record<string, string> | null, method = "GET") =>
            ({
                resource: "/traffic/{adId}",
                path: `/traffic/${adId}`,
                httpMethod: method,
                headers: {},
                multiValueHeaders: {},
                pathParameters: adId === undefined ? null : { adId },
                queryStringParameters: query,
                multiValueQueryStringParameters: null,
                stageVariables: null,
                body: null,
                isBase64Encoded: false,
                requestContext: { requestId: "req-1" },
            }) as unknown as APIGatewayProxyEvent;
        const api = (tableName = TABLE) =>
            createHandler({ dynamo, settings: { tableName, maxRangeDays: 31 }, logger: new Logger({ logLevel: "SILENT" }), metrics: new RecordingMetrics() });

        beforeEach(async () => {
            await viewPart("2026-11-28", 0, [row("ad-1", 3, 1), row("ad-2", 4, 0)]);
            await viewPart("2026-11-30", 0, [row("ad-1", 10, 3)]);
            for (const date of ["2026-11-28", "2026-11-30"]) await job()({ date });
        });

        it("answers the ad's days in the range, oldest first; days without traffic are absent", async () => {
            const res = await api()(get("ad-1", { start: "2026-11-27", end: "2026-11-30" }));
            expect(res.statusCode, res.body).to.equal(200);
            expect(JSON.parse(res.body)).to.deep.equal({
                adId: "ad-1",
                start: "2026-11-27",
                end: "2026-11-30",
                traffic: [
                    { date: "2026-11-28", impressions: 3, clicks: 1, unattributedClicks: 0 },
                    { date: "2026-11-30", impressions: 10, clicks: 3, unattributedClicks: 0 },
                ],
            });
            const one = JSON.parse((await api()(get("ad-1", { start: "2026-11-30", end: "2026-11-30" }))).body);
            expect(one.traffic.map((d: { date: string }) => d.date)).to.deep.equal(["2026-11-30"]);
        });

        it("an unknown ad gets 200 and an empty list", async () => {
            const res = await api()(get("no-such-ad", { start: "2026-11-01", end: "2026-11-30" }));
            expect(res.statusCode).to.equal(200);
            expect(JSON.parse(res.body).traffic).to.deep.equal([]);
        });

        const corpus: { case: string; start?: string; end?: string; error?: RegExp }[] = [
            { case: "a leap day", start: "2024-02-29", end: "2024-03-01" },
            { case: "one day", start: "2026-11-30", end: "2026-11-30" },
            { case: "exactly the maximum (31 days)", start: "2026-01-01", end: "2026-01-31" },
            { case: "across a year end", start: "2025-12-20", end: "2026-01-10" },
            { case: "not a leap year", start: "2025-02-29", end: "2025-03-01", error: /start "2025-02-29" is not a calendar date YYYY-MM-DD/ },
            { case: "February 30", start: "2025-02-01", end: "2025-02-30", error: /end "2025-02-30" is not a calendar date/ },
            { case: "month 13", start: "2026-13-01", end: "2026-12-01", error: /start "2026-13-01" is not a calendar date/ },
            { case: "day 00", start: "2026-11-00", end: "2026-11-01", error: /start "2026-11-00"/ },
            { case: "no zero padding", start: "2026-1-1", end: "2026-01-02", error: /start "2026-1-1"/ },
            { case: "a timestamp", start: "2026-11-01T00:00:00Z", end: "2026-11-02", error: /start "2026-11-01T00:00:00Z"/ },
            { case: "another format", start: "01/11/2026", end: "2026-11-02", error: /start "01\/11\/2026"/ },
            { case: "reversed", start: "2026-11-30", end: "2026-11-01", error: /end 2026-11-01 is before start 2026-11-30/ },
            { case: "one day too long", start: "2026-01-01", end: "2026-02-01", error: /the range covers 32 days; at most 31 are allowed/ },
            { case: "far too long", start: "2000-01-01", end: "2026-01-01", error: /at most 31 are allowed/ },
            { case: "start missing", end: "2026-11-30", error: /start is required: a date YYYY-MM-DD/ },
            { case: "end missing", start: "2026-11-30", error: /end is required/ },
            { case: "empty start", start: "", end: "2026-11-30", error: /start is required/ },
        ];
        for (const c of corpus) {
            it(`dates: ${c.case} -> ${c.error ? "400" : "200"}`, async () => {
                const query = Object.fromEntries(Object.entries({ start: c.start, end: c.end }).filter(([, v]) => v !== undefined)) as Record<string, string>;
                const res = await api()(get("ad-1", query));
                if (!c.error) {
                    expect(res.statusCode, res.body).to.equal(200);
                    return;
                }
                expect(res.statusCode).to.equal(400);
                expect(JSON.parse(res.body).error).to.match(c.error);
            });
        }

        it("no query string at all names both dates; a bad ad id and a bad date are reported together", async () => {
            const res = await api()(get("ad-1", null));
            expect(res.statusCode).to.equal(400);
            expect(JSON.parse(res.body).errors).to.deep.equal(["start is required: a date YYYY-MM-DD", "end is required: a date YYYY-MM-DD"]);
            const both = JSON.parse((await api()(get("x".repeat(129), { start: "2026-02-30", end: "2026-03-01" }))).body);
            expect(both.errors).to.have.length(2);
        });

        it("other methods get 405; a table that cannot be read gets 503", async () => {
            expect((await api()(get("ad-1", { start: "2026-11-30", end: "2026-11-30" }, "POST"))).statusCode).to.equal(405);
            const res = await api("no-such-table")(get("ad-1", { start: "2026-11-30", end: "2026-11-30" }));
            expect(res.statusCode).to.equal(503);
            expect(res.headers).to.include({ "retry-after": "1" });
        });
    });

    it("calendar days: parseDay and validateQuery agree with the calendar", () => {
        expect(parseDay("2024-02-29")).to.equal(Date.UTC(2024, 1, 29));
        for (const bad of ["2023-02-29", "2026-04-31", "2026-00-10", "0000-00-00", " 2026-01-01", undefined, null])
            expect(parseDay(bad as string), String(bad)).to.equal(undefined);
        expect(validateQuery("a", "2026-01-01", "2026-01-01", 1)).to.deep.equal({ ok: true, query: { adId: "a", start: "2026-01-01", end: "2026-01-01" } });
        expect(validateQuery("a", "2026-01-01", "2026-01-02", 1)).to.deep.equal({ ok: false, errors: ["the range covers 2 days; at most 1 are allowed"] });
    });
});
