import { expect } from "chai";
import * as fc from "fast-check";
import { INPUT_KINDS, PROCESSOR_CURVE, TIME_SHARE, TMP_SHARE, handsOver, inputKindOf, limitFor, objectLimits } from "../../lib/handover";
import { PROCESSOR_DEFAULTS } from "../../components/processing/args";

const GiB = 1024 ** 3;

describe("lib/handover: what the drop -> raw function takes and what it hands to Spark", () => {
    it("reads the kind from the key's extension, .gz last, like the function's format detection", () => {
        expect(inputKindOf("orders/2026/a.csv")).to.equal("csv");
        expect(inputKindOf("orders/2026/a.TSV.gz")).to.equal("csv.gz");
        expect(inputKindOf("streams/clicks/2026/12/07/part.ndjson")).to.equal("json");
        expect(inputKindOf("x/a.jsonl.gz")).to.equal("json.gz");
        expect(inputKindOf("x/a.parquet")).to.equal("parquet");
        expect(inputKindOf("x/export")).to.equal("unknown");
        expect(inputKindOf("x/export.gz")).to.equal("unknown.gz");
    });

    it("at the default settings: plain text up to maxObjectBytes (time never binds), gzip up to what its inflated copy and output leave of /tmp", () => {
        const limits = objectLimits(PROCESSOR_DEFAULTS);
        expect(limits.csv).to.equal(PROCESSOR_DEFAULTS.maxObjectBytes);
        expect(limits.json).to.equal(PROCESSOR_DEFAULTS.maxObjectBytes);
        const tmp = PROCESSOR_DEFAULTS.ephemeralStorageMb * 1024 ** 2 * TMP_SHARE;
        const gz = Math.floor(tmp / (1 + PROCESSOR_CURVE.gzipRatio + PROCESSOR_CURVE.gzipRatio * PROCESSOR_CURVE.outputRatio));
        expect(limits["csv.gz"]).to.equal(gz);
        expect(limits["json.gz"]).to.equal(gz);
        expect(gz).to.be.below(0.5 * GiB);
    });

    it("a short timeout or a small function moves the limit down by the measured curve", () => {
        const limits = objectLimits({ ...PROCESSOR_DEFAULTS, timeoutSeconds: 10 });
        expect(limits.csv).to.equal(Math.floor(((10 * TIME_SHARE - PROCESSOR_CURVE.fixedSeconds) * 1e9) / PROCESSOR_CURVE.secondsPerGb.csv));
        // Half a vCPU at 884 MB: half the bytes in the same time.
        const half = objectLimits({ ...PROCESSOR_DEFAULTS, timeoutSeconds: 10, memoryMb: 884.5 });
        expect(half.csv).to.be.closeTo(limits.csv / 2, 2);
        // Below the measured peak memory the function takes nothing: every object goes to Spark.
        const tiny = objectLimits({ ...PROCESSOR_DEFAULTS, memoryMb: PROCESSOR_CURVE.peakRssMb - 1 });
        expect(Object.values(tiny)).to.deep.equal(INPUT_KINDS.map(() => 0));
    });

    it("the gzip bomb guard caps gzip inputs: maxDecompressedBytes at the curve's inflation", () => {
        const limits = objectLimits({ ...PROCESSOR_DEFAULTS, maxDecompressedBytes: 600 * 1024 ** 2 });
        expect(limits["csv.gz"]).to.equal(Math.floor((600 * 1024 ** 2) / PROCESSOR_CURVE.gzipRatio));
    });

    it("a key without a known extension takes the smaller of the text kinds' limits", () => {
        const limits = { csv: 10, "csv.gz": 5, json: 8, "json.gz": 3, parquet: 10 };
        expect(limitFor("a/export", limits)).to.equal(8);
        expect(limitFor("a/export.gz", limits)).to.equal(3);
        expect(handsOver("a/x.csv", 10, limits)).to.equal(false);
        expect(handsOver("a/x.csv", 11, limits)).to.equal(true);
    });

    it("never above maxObjectBytes, and never less with more time, memory or /tmp", () => {
        const budget = fc.record({
            memoryMb: fc.integer({ min: 128, max: 10240 }),
            timeoutSeconds: fc.integer({ min: 1, max: 900 }),
            ephemeralStorageMb: fc.integer({ min: 512, max: 10240 }),
            maxObjectBytes: fc.integer({ min: 1, max: 8 * GiB }),
            maxDecompressedBytes: fc.integer({ min: 1, max: 10 * GiB }),
        });
        fc.assert(
            fc.property(budget, fc.integer({ min: 0, max: 600 }), (b, more) => {
                const base = objectLimits(b);
                const bigger = objectLimits({
                    ...b,
                    timeoutSeconds: b.timeoutSeconds + more,
                    memoryMb: b.memoryMb + more,
                    ephemeralStorageMb: b.ephemeralStorageMb + more,
                });
                return INPUT_KINDS.every((k) => base[k] >= 0 && base[k] <= b.maxObjectBytes && bigger[k] >= base[k]);
            }),
        );
    });
});
