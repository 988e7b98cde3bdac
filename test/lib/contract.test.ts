import { expect } from "chai";
import {
    EXPIRING_OUTCOMES,
    PROCESSED_TAG,
    ReconcileEnv,
    datasetOf,
    isProcessorInput,
    objectCreatedEvent,
    INGEST_DATE_PARTITION,
    isBatchOwned,
    isoDate,
    isQuarantined,
    ProcessorEnv,
    promotedKey,
    QUARANTINE_PREFIX,
    quarantineKey,
} from "../../lib/contract";

const day = new Date("2026-11-23T23:59:59Z");

describe("lib/contract", () => {
    it("environment variable names are unique upper-case identifiers", () => {
        for (const names of [Object.values(ProcessorEnv), Object.values(ReconcileEnv)]) {
            expect(new Set(names).size).to.equal(names.length);
            for (const n of names) expect(n).to.match(/^[A-Z][A-Z0-9_]*$/);
        }
    });

    it("only consumed objects expire: promoted and quarantined, never left-for-batch (its Glue job may not have run)", () => {
        expect(EXPIRING_OUTCOMES).to.deep.equal([PROCESSED_TAG.promoted, PROCESSED_TAG.quarantined]);
    });

    it("processor input is neither quarantine output nor a folder marker", () => {
        expect(["a.csv", "sales/a.csv", "streams/x/part-1"].every(isProcessorInput)).to.equal(true);
        expect([`${QUARANTINE_PREFIX}sales/a`, "sales/", "sales/2026/"].some(isProcessorInput)).to.equal(false);
    });

    it("objectCreatedEvent is S3's EventBridge Object Created event for one object version", () => {
        const event = objectCreatedEvent(
            { bucket: "b", key: "sales/a b.csv", size: 12, etag: "e1", versionId: "v1", lastModified: day },
            { account: "123456789012", region: "eu-west-1", id: "id-1", reason: "Reconciliation" },
        );
        expect(event).to.deep.equal({
            version: "0",
            id: "id-1",
            "detail-type": "Object Created",
            source: "aws.s3",
            account: "123456789012",
            time: "2026-11-23T23:59:59.000Z",
            region: "eu-west-1",
            resources: ["arn:aws:s3:::b"],
            detail: {
                version: "0",
                bucket: { name: "b" },
                object: { key: "sales/a b.csv", size: 12, etag: "e1", "version-id": "v1" },
                reason: "Reconciliation",
            },
        });
    });

    describe("datasetOf", () => {
        it("is the first key segment", () => {
            expect(datasetOf("orders/2026/11/orders.csv")).to.equal("orders");
        });
        it("skips the streams/ prefix Firehose writes under", () => {
            expect(datasetOf("streams/clicks/year=2026/month=11/part-1.gz")).to.equal("clicks");
        });
        it("is `default` for a key without a folder", () => {
            expect(datasetOf("orders.csv")).to.equal("default");
        });
    });

    describe("isBatchOwned", () => {
        const glue = new Set(["orders", "default", "clicks"]);
        it("is true under <dataset>/ of a listed dataset only", () => {
            expect(isBatchOwned("orders/2026/11/orders.csv", glue)).to.equal(true);
            expect(isBatchOwned("order_items/x.csv", glue)).to.equal(false);
            expect(isBatchOwned("orders/x.csv", new Set())).to.equal(false);
        });
        it("never for streamed or top-level keys, which no Glue job reads", () => {
            expect(isBatchOwned("streams/clicks/year=2026/part-1.gz", glue)).to.equal(false);
            expect(isBatchOwned("orders.csv", glue)).to.equal(false);
        });
    });

    it("isoDate is the UTC date", () => {
        expect(isoDate(day)).to.equal("2026-11-23");
    });

    describe("promotedKey", () => {
        it("is <dataset>/ingest_date=YYYY-MM-DD/<flattened key>-<tag>.parquet", () => {
            expect(promotedKey("orders/2026/11/orders.csv.gz", "v1", day)).to.equal(`orders/${INGEST_DATE_PARTITION}=2026-11-23/2026__11__orders-v1.parquet`);
        });
        it("is the same for a redelivery of the same version, different for another version", () => {
            const a = promotedKey("orders/a b.csv", "3HL4kqtJlcpXroDTDmJ", day);
            expect(promotedKey("orders/a b.csv", "3HL4kqtJlcpXroDTDmJ", day)).to.equal(a);
            expect(promotedKey("orders/a b.csv", "other", day)).not.to.equal(a);
        });
        it("keeps only safe characters of the key and the tag", () => {
            const k = promotedKey("orders/päckchen #1.json", '"9b2cf535f27731c974343645a3985328"', day);
            expect(k).to.equal("orders/ingest_date=2026-11-23/p_ckchen__1-9b2cf535f27731c974343645a3985328.parquet");
        });
        it("names an object without version or etag `noversion`", () => {
            expect(promotedKey("orders/x.csv", "", day)).to.match(/-noversion\.parquet$/);
        });
    });

    describe("quarantineKey", () => {
        it("is quarantine/<dataset>/ingest_date=.../<flattened key>-<tag>", () => {
            const k = quarantineKey("orders/bad.csv", "v9", day);
            expect(k).to.equal(`${QUARANTINE_PREFIX}orders/ingest_date=2026-11-23/bad-v9`);
            expect(isQuarantined(k)).to.equal(true);
        });
        it("ordinary keys are not quarantined", () => {
            expect(isQuarantined("orders/quarantine/x.csv")).to.equal(false);
        });
    });
});
