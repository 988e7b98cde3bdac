import { expect } from "chai";
import { parseConfig } from "../../../lib/config";
import { SERVING_DEFAULTS, SERVING_LIMITS, trafficWithDefaults, type TrafficArgs } from "../../../components/traffic/args";

const required: TrafficArgs = {
    curated: { bucketName: "curated", bucketArn: "arn:aws:s3:::curated", keyArn: "arn:curated-key" },
    duckdbLayerArn: "arn:duckdb-layer",
    context: { scope: { accountId: "111111111111", partition: "aws", region: "eu-west-1" }, logsKeyArn: "arn:logs-key" },
};

describe("trafficWithDefaults", () => {
    it("gives the schedule and range the stack config resolves when serving is on and nothing else is set", () => {
        const { serving, ingestApi } = parseConfig({ serving: { enabled: true } });
        expect(trafficWithDefaults(required)).to.include({
            schedule: serving.schedule,
            maxRangeDays: serving.maxRangeDays,
            tracing: ingestApi.tracing,
            logLevel: "INFO",
        });
    });

    it("applies the context's defaults: not retained, 14-day logs", () => {
        expect(trafficWithDefaults(required).context).to.deep.include({ retainData: false, logRetentionDays: 14, logsKeyArn: "arn:logs-key" });
    });

    it("keeps what is set and fills what is set to undefined", () => {
        const resolved = trafficWithDefaults({ ...required, maxRangeDays: 7, schedule: undefined });
        expect(resolved).to.include({ maxRangeDays: 7, schedule: SERVING_DEFAULTS.schedule });
    });

    it("refuses a range outside 1-366 days, naming it", () => {
        const [min, max] = SERVING_LIMITS.maxRangeDays;
        expect(trafficWithDefaults({ ...required, maxRangeDays: max })).to.include({ maxRangeDays: max });
        for (const bad of [min - 1, max + 1, 1.5]) {
            expect(() => trafficWithDefaults({ ...required, maxRangeDays: bad })).to.throw(`Traffic: maxRangeDays ${bad} is not an integer in ${min}-${max}`);
        }
    });
});
