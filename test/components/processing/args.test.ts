/**
 * The processing area's defaults (components/processing/args.ts): applied inside `ZoneProcessor`
 * and `Reconciler`, equal to what the stack config resolved before they moved there, refusing the
 * combinations the stack config refuses, and both components built on their own.
 */
import { expect } from "chai";
import {
    PROCESSOR_DEFAULTS,
    RECONCILE_DEFAULTS,
    Reconciler,
    ZoneProcessor,
    processingWithDefaults,
    processorSettingIssues,
    processorWithDefaults,
    reconcilerWithDefaults,
    zoneProcessorWithDefaults,
} from "../../../components/processing";
import { ZONE_DEFAULTS } from "../../../components/storage";
import { parseConfig } from "../../../lib/config";
import { ReconcileEnv } from "../../../lib/contract";
import { ACCOUNT_ID, recordResources } from "../../../harness/program";
import { rejectionOf, LOGS_KEY, SCOPE } from "../helpers";

const key = (zone: string) => `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${zone}`;
const queueArn = (zone: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:${zone}-events`;
const SOURCE = { zoneName: "raw", bucketArn: "arn:aws:s3:::raw", keyArn: key("raw"), queueArn: queueArn("raw") };
const RECONCILED = { ...SOURCE, bucketName: "raw", queueUrl: "https://sqs/raw-events" };
const TARGET = { zoneName: "curated", bucketName: "curated", bucketArn: "arn:aws:s3:::curated", keyArn: key("curated") };

describe("processing defaults", () => {
    it("processingWithDefaults({}) is what the stack config resolves for `processor` (lib/config takes its defaults from here)", () => {
        // The values themselves are pinned once, in test/lib/config.test.ts ("processor settings").
        expect(processingWithDefaults({})).to.deep.equal(parseConfig({}).processor);
    });

    it("the zone queue's defaults agree with the processor it waits for (timeout, receives)", () => {
        expect(PROCESSOR_DEFAULTS.timeoutSeconds).to.equal(ZONE_DEFAULTS.consumerTimeoutSeconds);
        expect(processingWithDefaults({}).maxReceiveCount).to.equal(ZONE_DEFAULTS.maxReceiveCount);
    });

    it("keeps every field the caller sets, and a field set to undefined takes its default", () => {
        const processor = {
            memoryMb: 1024,
            timeoutSeconds: 60,
            ephemeralStorageMb: 8192,
            batchSize: 20,
            maxBatchingWindowSeconds: 2,
            maxObjectBytes: 1,
            maxDecompressedBytes: 2,
        };
        expect(processorWithDefaults(processor)).to.deep.equal(processor);
        expect(processorWithDefaults({ memoryMb: undefined })).to.deep.equal(PROCESSOR_DEFAULTS);
        expect(processingWithDefaults({ maxReceiveCount: 3, reconcileAfterHours: 48 })).to.include({
            maxReceiveCount: 3,
            reconcileAfterHours: 48,
            memoryMb: 2048,
        });
    });

    it("completes a processor given only its zones, code, layers and context", () => {
        const args = { source: SOURCE, target: TARGET, code: "zone-copy", layers: [], context: { scope: SCOPE } };
        expect(zoneProcessorWithDefaults(args)).to.deep.equal({
            ...args,
            context: { scope: SCOPE, retainData: false, logRetentionDays: 14 },
            settings: PROCESSOR_DEFAULTS,
            logLevel: "INFO",
            maximumConcurrency: 10,
            tracing: false,
        });
        const set = { ...args, settings: { memoryMb: 1024 }, logLevel: "DEBUG", maximumConcurrency: 2, tracing: true };
        expect(zoneProcessorWithDefaults(set)).to.deep.include({
            settings: { ...PROCESSOR_DEFAULTS, memoryMb: 1024 },
            logLevel: "DEBUG",
            maximumConcurrency: 2,
            tracing: true,
        });
    });

    it("completes a reconciliation given only its zone and context, and keeps what the caller sets", () => {
        const args = { zone: RECONCILED, context: { scope: SCOPE, logRetentionDays: 30 } };
        expect(reconcilerWithDefaults(args)).to.deep.equal({
            zone: RECONCILED,
            context: { scope: SCOPE, retainData: false, logRetentionDays: 30 },
            schedule: RECONCILE_DEFAULTS.schedule,
            staleAfterHours: RECONCILE_DEFAULTS.staleAfterHours,
            logLevel: "INFO",
            tracing: false,
        });
        expect(reconcilerWithDefaults({ ...args, schedule: "cron(0 1 * * ? *)", staleAfterHours: undefined })).to.include({
            schedule: "cron(0 1 * * ? *)",
            staleAfterHours: 24,
        });
    });

    it("refuses what the stack config refuses, with the same messages", () => {
        expect(processorSettingIssues({ ...PROCESSOR_DEFAULTS, ephemeralStorageMb: 512 }).map((i) => i.setting)).to.deep.equal(["maxDecompressedBytes"]);
        expect(() => processorWithDefaults({ ephemeralStorageMb: 512 })).to.throw(
            /^ZoneProcessor: maxDecompressedBytes: maxDecompressedBytes must be below ephemeralStorageMb/,
        );
        expect(() => processorWithDefaults({ batchSize: 11 })).to.throw(/batchSize: a batchSize above 10 needs maxBatchingWindowSeconds >= 1/);
        expect(processorWithDefaults({ batchSize: 11, maxBatchingWindowSeconds: 1 }).batchSize).to.equal(11);
        for (const [processor, issue] of [
            [{ ephemeralStorageMb: 512 }, processorSettingIssues({ ...PROCESSOR_DEFAULTS, ephemeralStorageMb: 512 })[0]],
            [{ batchSize: 11 }, processorSettingIssues({ ...PROCESSOR_DEFAULTS, batchSize: 11 })[0]],
        ] as const) {
            expect(() => parseConfig({ processor })).to.throw(issue.message);
        }
    });
});

describe("ZoneProcessor and Reconciler on their own", () => {
    it("given only zones, code, layers and a context: the defaults, and the context's log retention and key", async () => {
        const recorded = await recordResources("dev", () => {
            const context = { scope: SCOPE, logsKeyArn: LOGS_KEY, logRetentionDays: 30 };
            new ZoneProcessor("hop", { source: SOURCE, target: TARGET, code: "zone-copy", layers: [], context });
            new Reconciler("rec", { zone: RECONCILED, context });
        });
        const fns = recorded.filter((r) => r.type === "aws:lambda/function:Function");
        const processor = fns.find((f) => f.name === "hop-function")!;
        expect(processor.props).to.include({ memorySize: 2048, timeout: 300 });
        expect(processor.props.ephemeralStorage).to.deep.equal({ size: 4096 });
        const mapping = recorded.find((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping")!;
        expect(mapping.props).to.include({ batchSize: 5, maximumBatchingWindowInSeconds: 0 });
        const reconciler = fns.find((f) => f.name === "rec-function")!;
        expect(reconciler.props.environment.variables[ReconcileEnv.staleAfterSeconds]).to.equal(String(24 * 3600));
        expect(recorded.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!.props.scheduleExpression).to.equal("cron(0 6 * * ? *)");
        const logs = recorded.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
        expect(logs).to.have.length(2);
        for (const log of logs) expect(log.props).to.include({ retentionInDays: 30, kmsKeyId: LOGS_KEY });
    });

    it("without a logs key in the context: an error that names the component and the key", async () => {
        for (const build of [
            () => new ZoneProcessor("hop", { source: SOURCE, target: TARGET, code: "zone-copy", layers: [], context: { scope: SCOPE } }),
            () => new Reconciler("rec", { zone: RECONCILED, context: { scope: SCOPE } }),
        ]) {
            const error = await rejectionOf(recordResources("dev", build));
            expect(error?.message).to.match(/^(ZoneProcessor|Reconciler): context.logsKeyArn is required/);
        }
    });
});
