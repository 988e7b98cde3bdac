/**
 * `Traffic` built on its own (no `DataLake`): its args are its own, the context carries the
 * shared fields, and what it leaves out gets the area's defaults (components/traffic/args.ts).
 */
import { expect } from "chai";
import { Traffic, SERVING_DEFAULTS } from "../../../components/traffic";
import { TrafficEnv } from "../../../lib/contract";
import { ACCOUNT_ID, recordResources } from "../../../harness/program";
import { rejectionOf, LOGS_KEY, SCOPE } from "../helpers";

const CURATED = { bucketName: "curated", bucketArn: "arn:aws:s3:::curated", keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/curated` };
const LAYER = `arn:aws:lambda:eu-west-1:${ACCOUNT_ID}:layer:duckdb:1`;

describe("Traffic on its own", () => {
    it("only the required args: the default schedule and range; the table retained as the context says", async () => {
        const recorded = await recordResources("dev", () => {
            new Traffic("srv", { curated: CURATED, duckdbLayerArn: LAYER, context: { scope: SCOPE, logsKeyArn: LOGS_KEY, retainData: true } });
        });
        const schedule = recorded.find((r) => r.type === "aws:scheduler/schedule:Schedule")!;
        expect(schedule.props.scheduleExpression).to.equal(SERVING_DEFAULTS.schedule);
        const api = recorded.find((r) => r.type === "aws:lambda/function:Function" && r.name === "srv-api")!;
        expect(api.props.environment.variables[TrafficEnv.maxRangeDays]).to.equal(String(SERVING_DEFAULTS.maxRangeDays));
        const table = recorded.find((r) => r.type === "aws:dynamodb/table:Table")!;
        expect(table).to.include({ protect: true, retainOnDelete: true });
        for (const log of recorded.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")) {
            expect(log.props).to.include({ retentionInDays: 14, kmsKeyId: LOGS_KEY });
        }
    });

    it("without a logs key in the context: an error that names it", async () => {
        const build = recordResources("dev", () => new Traffic("srv", { curated: CURATED, duckdbLayerArn: LAYER, context: { scope: SCOPE } }));
        const error = await rejectionOf(build);
        expect(error?.message).to.contain("context.logsKeyArn is required");
    });
});
