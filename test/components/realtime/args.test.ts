import { expect } from "chai";
import { parseConfig } from "../../../lib/config";
import { REALTIME_DEFAULTS, REALTIME_LIMITS, realtimeWithDefaults, type RealtimeArgs } from "../../../components/realtime/args";

const required: RealtimeArgs = {
    streams: { impressions: {}, clicks: {} },
    context: { scope: { accountId: "111111111111", partition: "aws", region: "eu-west-1" }, logsKeyArn: "arn:logs-key" },
    failureKeyArn: "arn:failure-key",
};

describe("realtimeWithDefaults", () => {
    it("gives the batching the stack config resolves when realtime is on and nothing else is set", () => {
        const { realtime, ingestApi } = parseConfig({ realtime: { enabled: true } });
        const resolved = realtimeWithDefaults(required);
        expect(resolved).to.include({
            batchSize: realtime.batchSize,
            maxBatchingWindowSeconds: realtime.maxBatchingWindowSeconds,
            maxRetryAttempts: realtime.maxRetryAttempts,
            tracing: ingestApi.tracing,
            logLevel: "INFO",
        });
    });

    it("applies the context's defaults and keeps its logs key", () => {
        expect(realtimeWithDefaults(required).context).to.deep.include({ retainData: false, logRetentionDays: 14, logsKeyArn: "arn:logs-key" });
    });

    it("keeps what is set and fills what is set to undefined", () => {
        const resolved = realtimeWithDefaults({ ...required, batchSize: 100, maxRetryAttempts: undefined, tracing: true });
        expect(resolved).to.include({ batchSize: 100, maxRetryAttempts: REALTIME_DEFAULTS.maxRetryAttempts, tracing: true });
    });

    it("refuses settings Lambda's Kinesis event source mapping refuses, naming the setting and the range", () => {
        for (const [key, [min, max]] of Object.entries(REALTIME_LIMITS)) {
            expect(realtimeWithDefaults({ ...required, [key]: min })).to.include({ [key]: min });
            expect(realtimeWithDefaults({ ...required, [key]: max })).to.include({ [key]: max });
            for (const bad of [min - 1, max + 1, min + 0.5]) {
                expect(() => realtimeWithDefaults({ ...required, [key]: bad })).to.throw(`Realtime: ${key} ${bad} is not an integer in ${min}-${max}`);
            }
        }
    });
});
