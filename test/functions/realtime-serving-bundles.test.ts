/**
 * The esbuild bundles of the real-time and serving functions, as lib/bundle deploys them: each
 * initialises from its environment (the contract's variables) and works; DuckDB stays external
 * (the layer provides it).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { bundleFunction } from "../../lib/bundle";
import { RealtimeEnv, TrafficEnv } from "../../lib/contract";
import { createTrafficTable } from "./traffic-table";
import { useMoto } from "../../harness/moto";

function withEnv<T>(env: Record<string, string>, load: () => T): T {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
        return load();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}

async function withEnvAsync<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
        return await run();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}

function fresh(name: string): any {
    const file = bundleFunction(name);
    delete require.cache[file];
    return require(file);
}

describe("real-time and serving bundles", function () {
    this.timeout(60_000);
    const moto = useMoto();
    const quiet = {
        POWERTOOLS_LOG_LEVEL: "SILENT",
        POWERTOOLS_METRICS_DISABLED: "true",
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_REGION: "eu-west-1",
    };

    it("realtime-counts: counts a batch and hands back its state", async () => {
        const { handler } = withEnv({ ...quiet, [RealtimeEnv.streamTypes]: JSON.stringify({ s: "clicks" }), [RealtimeEnv.lake]: "datalake-test" }, () =>
            fresh("realtime-counts"),
        );
        const data = Buffer.from(JSON.stringify({ ad_id: "a", impression_id: "i" })).toString("base64");
        const res = await handler({
            Records: [{ eventSourceARN: "arn:aws:kinesis:eu-west-1:123456789012:stream/s", kinesis: { data } }],
            window: { start: new Date().toISOString(), end: new Date().toISOString() },
            state: {},
            isFinalInvokeForWindow: false,
            isWindowTerminatedEarly: false,
        });
        expect(res).to.deep.equal({ state: { counts: { impressions: 0, clicks: 1 }, malformed: 0 }, batchItemFailures: [] });
    });

    it("traffic-api: initialises from its environment and answers from DynamoDB", async () => {
        const table = "bundle-traffic";
        await createTrafficTable(new DynamoDBClient(moto().clientConfig), table);
        const env = { ...quiet, AWS_ENDPOINT_URL_DYNAMODB: moto().endpoint, [TrafficEnv.tableName]: table, [TrafficEnv.maxRangeDays]: "7" };
        const { handler } = withEnv(env, () => fresh("traffic-api"));
        // The SDK resolves endpoint and credentials at the first call: keep the variables until it returns.
        const res: { statusCode: number; body: string } = await withEnvAsync(env, () =>
            handler({
                httpMethod: "GET",
                pathParameters: { adId: "a" },
                queryStringParameters: { start: "2026-11-01", end: "2026-11-02" },
                requestContext: { requestId: "r" },
            }),
        );
        expect(res.statusCode, res.body).to.equal(200);
        expect(JSON.parse(res.body).traffic).to.deep.equal([]);
        expect(() => withEnv({ ...quiet, [TrafficEnv.tableName]: table, [TrafficEnv.maxRangeDays]: "0" }, () => fresh("traffic-api"))).to.throw(
            /TRAFFIC_MAX_RANGE_DAYS must be a positive integer/,
        );
    });

    it("traffic-job: bundles with DuckDB left to the layer, and refuses to start without its table", () => {
        const text = fs.readFileSync(bundleFunction("traffic-job"), "utf8");
        expect(text).to.match(/require\("@duckdb\/node-api"\)|import\("@duckdb\/node-api"\)/);
        expect(() => withEnv({ ...quiet, [TrafficEnv.curatedBucket]: "b" }, () => fresh("traffic-job"))).to.throw(/TRAFFIC_TABLE is required/);
    });
});
