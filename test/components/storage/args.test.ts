/**
 * The storage area's defaults (components/storage/args.ts): applied inside the components, equal
 * to what the stack config resolved before they moved there, and left to any field a caller sets;
 * and the lifecycle order a zone and the stack config both refuse.
 */
import { expect } from "chai";
import {
    ACCESS_LOGS_BUCKET_DEFAULTS,
    ZONE_DEFAULTS,
    Zone,
    accessLogsBucketWithDefaults,
    zoneLifecycle,
    zoneLifecycleIssues,
    zoneWithDefaults,
} from "../../../components/storage";
import { parseConfig } from "../../../lib/config";
import { recordResources } from "../../../harness/program";

const scope = { accountId: "123456789012", partition: "aws", region: "eu-west-1" };

describe("storage defaults", () => {
    describe("zoneWithDefaults", () => {
        it("completes a zone given only its name, context and logs bucket", () => {
            expect(zoneWithDefaults({ name: "raw", context: { scope }, accessLogsBucket: "logs" })).to.deep.equal({
                name: "raw",
                context: { scope, retainData: false, logRetentionDays: 14 },
                accessLogsBucket: "logs",
                lifecycle: { quarantineRetentionDays: 365, archiveStorageClass: "GLACIER_IR", noncurrentExpireDays: 30, abortMultipartDays: 7 },
                consumerTimeoutSeconds: 300,
                maxReceiveCount: 5,
                eventQueue: true,
                extraNotificationQueues: [],
            });
        });

        it("keeps every field the caller sets", () => {
            const lifecycle = {
                expireDays: 10,
                quarantineRetentionDays: 90,
                glacierDays: 60,
                archiveStorageClass: "DEEP_ARCHIVE" as const,
                noncurrentExpireDays: 3,
                abortMultipartDays: 1,
            };
            const args = {
                name: "z",
                context: { scope, retainData: true, logRetentionDays: 30 },
                accessLogsBucket: "logs",
                lifecycle,
                consumerTimeoutSeconds: 60,
                maxReceiveCount: 2,
                eventQueue: false,
                extraNotificationQueues: [{ name: "q", queueArn: "arn", queueUrl: "url" }],
            };
            expect(zoneWithDefaults(args)).to.deep.equal(args);
        });

        it("a lifecycle field set to undefined takes its default and leaves no undefined key", () => {
            const resolved = zoneLifecycle({ expireDays: undefined, noncurrentExpireDays: undefined });
            expect(resolved).to.deep.equal(ZONE_DEFAULTS.lifecycle);
            expect(Object.keys(resolved)).to.not.include("expireDays");
        });
    });

    describe("zoneLifecycleIssues: transitions and expiry in order", () => {
        const IA_THEN_GLACIER = "glacierDays must be at least infrequentAccessDays + 30 (S3 keeps objects 30 days in STANDARD_IA)";
        const EXPIRY_LAST = "expireDays must be later than every transition";
        it("accepts ordered ones, and any with a single step", () => {
            for (const l of [
                {},
                { infrequentAccessDays: 30, glacierDays: 60 },
                { expireDays: 91, infrequentAccessDays: 30, glacierDays: 90 },
                { expireDays: 2, glacierDays: 1 },
                { expireDays: 1 },
            ]) {
                expect(zoneLifecycleIssues(l), JSON.stringify(l)).to.deep.equal([]);
            }
        });
        it("names the field to change", () => {
            expect(zoneLifecycleIssues({ infrequentAccessDays: 30, glacierDays: 59 })).to.deep.equal([{ field: "glacierDays", message: IA_THEN_GLACIER }]);
            expect(zoneLifecycleIssues({ expireDays: 30, infrequentAccessDays: 30 })).to.deep.equal([{ field: "expireDays", message: EXPIRY_LAST }]);
            expect(zoneLifecycleIssues({ expireDays: 40, infrequentAccessDays: 30, glacierDays: 50 })).to.deep.equal([
                { field: "glacierDays", message: IA_THEN_GLACIER },
                { field: "expireDays", message: EXPIRY_LAST },
            ]);
        });
        it("a Zone refuses them before registering anything", async () => {
            const build = () => new Zone("z", { name: "z", context: { scope }, accessLogsBucket: "logs", lifecycle: { expireDays: 30, glacierDays: 30 } });
            let error: Error | undefined;
            await recordResources("dev", build).catch((e: Error) => (error = e));
            expect(error?.message).to.equal(`Zone z: lifecycle.expireDays: ${EXPIRY_LAST}`);
        });
    });

    describe("equal to what the stack config resolves, so the lake's zones are unchanged", () => {
        const c = parseConfig({ zones: ["drop", "raw", "curated", "archive"].map((name) => ({ name })) });
        it("every zone's lifecycle carries the zone's defaults", () => {
            for (const z of c.zones) expect(z.lifecycle).to.include(ZONE_DEFAULTS.lifecycle);
        });
        it("the queue defaults are the zone processor's defaults (the queue's consumer)", () => {
            expect(ZONE_DEFAULTS.consumerTimeoutSeconds).to.equal(c.processor.timeoutSeconds);
            expect(ZONE_DEFAULTS.maxReceiveCount).to.equal(c.processor.maxReceiveCount);
        });
    });

    describe("accessLogsBucketWithDefaults", () => {
        it("log objects expire after 365 days when data is retained, else 30", () => {
            expect(accessLogsBucketWithDefaults({ context: { scope } }).expireDays)
                .to.equal(ACCESS_LOGS_BUCKET_DEFAULTS.expireDays.destroyable)
                .and.equal(30);
            expect(accessLogsBucketWithDefaults({ context: { scope, retainData: true } }).expireDays)
                .to.equal(ACCESS_LOGS_BUCKET_DEFAULTS.expireDays.retained)
                .and.equal(365);
        });
        it("an explicit expiry wins", () => {
            expect(accessLogsBucketWithDefaults({ context: { scope, retainData: true }, expireDays: 7 }).expireDays).to.equal(7);
        });
    });
});
