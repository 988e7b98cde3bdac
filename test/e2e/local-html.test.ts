/**
 * The local lake's page (local/html.ts): the summary rendered as HTML shows the flow with each
 * zone's counts, and headless Chromium (Debian package `chromium`) renders it to a screenshot.
 * The screenshot test is skipped, saying so, where Chromium is not installed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { renderHtml } from "../../local/html";
import type { Summary } from "../../local/lake";

const summary = {
    stack: "dev",
    seconds: 61.2,
    provisioned: { "aws:s3/bucket:Bucket": 8, "aws:lambda/function:Function": 5 },
    notProvisioned: { "aws:s3/bucketPolicy:BucketPolicy": 8 },
    recordedOnlyReasons: { "aws:s3/bucketPolicy:BucketPolicy": "moto evaluates bucket policy conditions without the request's context" },
    engine: { upSeconds: 40.1, resources: 269, destroySeconds: 11, deletedFromEmulator: 214 },
    api: {
        url: "http://127.0.0.1:4000/v1",
        routes: ["POST /impressions"],
        calls: [{ method: "POST", path: "/v1/impressions", status: 200, ms: 12, answer: '{"accepted":2}' }],
    },
    timings: { deploy: 40.1, seed: 2, drain: 3 },
    queries: [{ name: "click_through_rate", database: "d_drop", status: "ok", columns: ["ad_id", "clicks"], rows: [["ad-<1>", "2"]], rowCount: 1 }],
    inProcess: [],
    iam: { ownRoles: true, rolesAssumed: 12 },
    streams: {
        mappings: {
            "lake-realtime-clicks": {
                function: "lake-realtime",
                stream: "lake-clicks",
                records: 76,
                invocations: 8,
                windows: 4,
                retries: 0,
                skippedBatches: 0,
                skippedRecords: 0,
            },
        },
        firehose: { "lake-clicks": 76 },
        metrics: { Clicks: 75, MalformedRecords: 0 },
        countMismatches: [{ type: "clicks", sent: 76, counted: 75 }],
    },
    zones: [
        { name: "drop", bucket: "b1", datasets: { orders: { objects: 2, bytes: 100 } } },
        { name: "raw", bucket: "b2", datasets: { orders: { objects: 1, bytes: 50, rows: 525 } } },
        { name: "curated", bucket: "b3", datasets: { orders: { objects: 1, bytes: 40, rows: 500 } } },
    ],
    quarantined: [{ zone: "drop", key: "quarantine/x", source: "orders/bad.csv", reason: "malformed-csv", message: "line 3" }],
    input: { sample: { objects: {}, distinctOrders: 500 }, badFile: "orders/bad.csv", api: {} },
    processors: {},
    queues: [{ name: "lake-drop-dlq", role: "DLQ of lake-drop-queue", depth: 0 }],
    lost: [],
    leftForBatch: [],
    consumedByJob: [{ hop: "drop -> raw", key: "orders/a.csv" }],
    duplicated: [],
    unmatched: { curationRules: [], batchTables: [] },
    curation: {
        runsStarted: 2,
        workflowRuns: 1,
        datasets: ["orders"],
        staged: 1,
        seconds: 12.5,
        outcomes: [{ dataset: "orders", status: "merged", objects: 1 }],
        zone: "curated",
        tables: { orders: { objects: 1, bytes: 40, rows: 500, columns: { order_id: "string" }, snapshots: 1 } },
        unconsumed: [],
    },
    jobs: [
        { job: "d_curate_tables", startedBy: "curation starter", state: "SUCCEEDED", startedAt: 0, seconds: 12.5 },
        { job: "d_raw_to_curated", startedBy: "d_etl_after_raw", state: "NOT STARTED", startedAt: 13, seconds: 0, why: "predicate not met: d_drop SUCCEEDED" },
    ],
    views: {
        seller_performance: { rows: 12, outcome: "written to s3://b3/seller_performance/" },
        activity: { outcome: "skipped: no data at lake.d.telemetry" },
    },
    traffic: {
        loads: [{ date: "2026-12-07", status: "loaded", written: 80, deleted: 0 }],
        checks: [{ adId: "ad-1", date: "2026-12-07", view: { impressions: 5, clicks: 2 }, answered: { impressions: 5, clicks: 2 }, status: 200 }],
    },
    warehouse: {
        source: "deployed",
        views: {
            advertising: {
                statements: 19,
                errors: [],
                spectrum: [{ table: "advertising", found: "crawler", crawler: "c" }],
                copySources: [{ uri: "s3://b3/advertising/", objects: 3 }],
            },
        },
        ok: true,
    },
    ok: true,
} satisfies Summary;

const chromium = ["chromium", "chromium-browser"].find((bin) => spawnSync(bin, ["--version"]).status === 0);

describe("local lake: the summary page", function () {
    this.timeout(120_000);
    const html = renderHtml(summary);

    it("shows the flow drop -> raw -> curated with each zone's objects and rows, and escapes what it prints", () => {
        const flow = html.slice(html.indexOf('<div class="flow">'));
        expect(flow.indexOf(">drop<")).to.be.lessThan(flow.indexOf(">raw<"));
        expect(flow.indexOf(">raw<")).to.be.lessThan(flow.indexOf(">curated<"));
        expect(html).to.include("525 rows").and.include("500 rows").and.include("1 quarantined");
        expect(html).to.include("ad-&lt;1&gt;").and.not.include("ad-<1>");
        expect(html).to.include("13 created in the emulator, 8 recorded only");
        expect(html).to.include("2 runs started by the starter").and.include("<td>orders</td><td>500</td>");
        expect(html).to.include("12 roles assumed").and.include("<td>lake-clicks</td><td>lake-realtime</td><td>76</td>");
        expect(html).to.include("Clicks 75").and.include('<span class="bad">clicks: 76 sent, 75 counted</span>');
    });

    it("shows the Glue job runs in order with their trigger and state, the views' rows, the traffic checks and the warehouse SQL check", () => {
        expect(html.indexOf("<td>d_curate_tables</td>")).to.be.lessThan(html.indexOf("<td>d_raw_to_curated</td>"));
        expect(html).to.include("<td>NOT STARTED</td>").and.include("predicate not met: d_drop SUCCEEDED");
        expect(html).to.include("<td>seller_performance</td><td>12</td>").and.include("skipped: no data at lake.d.telemetry");
        expect(html).to.include("<td>ad-1</td><td>2026-12-07</td><td>200</td><td>5 / 5</td><td>2 / 2</td>");
        expect(html).to.include("<td>advertising</td><td>19</td><td></td><td>advertising: crawler</td><td>s3://b3/advertising/: 3</td>");
    });

    it("renders in headless Chromium (screenshot)", function () {
        if (!chromium) {
            // Debian package `chromium` (apt-get install chromium): not installed on this machine.
            this.skip();
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-lake-page-"));
        try {
            const page = path.join(dir, "index.html");
            const png = path.join(dir, "page.png");
            fs.writeFileSync(page, html);
            const run = spawnSync(
                chromium!,
                ["--headless", "--no-sandbox", "--disable-gpu", `--screenshot=${png}`, "--window-size=1280,900", `file://${page}`],
                {
                    encoding: "utf8",
                    timeout: 90_000,
                },
            );
            expect(fs.existsSync(png), run.stderr).to.equal(true);
            const bytes = fs.readFileSync(png);
            expect(bytes.subarray(1, 4).toString()).to.equal("PNG");
            // A blank page compresses to a few KB; the rendered tables and boxes do not.
            expect(bytes.length).to.be.greaterThan(20_000);
            if (process.env.LOCAL_LAKE_SCREENSHOT) fs.copyFileSync(png, process.env.LOCAL_LAKE_SCREENSHOT);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
