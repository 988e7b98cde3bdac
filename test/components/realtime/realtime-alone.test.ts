/**
 * `Realtime` built on its own (no `DataLake`): its args are its own, the context carries the
 * shared fields, and what it leaves out gets the area's defaults (components/realtime/args.ts).
 */
import { expect } from "chai";
import { Realtime, REALTIME_DEFAULTS } from "../../../components/realtime";
import { ACCOUNT_ID, recordResources } from "../../../harness/program";
import { rejectionOf, LOGS_KEY, SCOPE } from "../helpers";

const FAILURE_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/failures`;
const stream = (type: string) => ({
    kinesisStreamName: `${type}-source`,
    kinesisStreamArn: `arn:aws:kinesis:eu-west-1:${ACCOUNT_ID}:stream/${type}-source`,
    kinesisKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${type}`,
});
const STREAMS = { impressions: stream("impressions"), clicks: stream("clicks") };

describe("Realtime on its own", () => {
    it("only the required args: the default batching and retries, logs kept as the context says", async () => {
        const recorded = await recordResources("dev", () => {
            new Realtime("rt", { streams: STREAMS, failureKeyArn: FAILURE_KEY, context: { scope: SCOPE, logsKeyArn: LOGS_KEY, logRetentionDays: 30 } });
        });
        const mappings = recorded.filter((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping");
        expect(mappings.map((m) => m.name).sort()).to.deep.equal(["rt-clicks", "rt-impressions"]);
        for (const m of mappings) {
            expect(m.props).to.include({
                batchSize: REALTIME_DEFAULTS.batchSize,
                maximumBatchingWindowInSeconds: REALTIME_DEFAULTS.maxBatchingWindowSeconds,
                maximumRetryAttempts: REALTIME_DEFAULTS.maxRetryAttempts,
            });
        }
        const log = recorded.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!;
        expect(log.props).to.include({ retentionInDays: 30, kmsKeyId: LOGS_KEY });
        const fn = recorded.find((r) => r.type === "aws:lambda/function:Function")!;
        expect(fn.props.tracingConfig?.mode ?? "PassThrough").to.equal("PassThrough");
    });

    it("without a logs key in the context: an error that names it", async () => {
        const build = recordResources("dev", () => new Realtime("rt", { streams: STREAMS, failureKeyArn: FAILURE_KEY, context: { scope: SCOPE } }));
        const error = await rejectionOf(build);
        expect(error?.message).to.contain("context.logsKeyArn is required");
    });
});
