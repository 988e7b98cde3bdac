/**
 * Which dropped objects the drop -> raw function converts itself and which it hands to the Spark
 * job (etl/jobs/convert_object.py): the one rule, shared by the function (its OBJECT_LIMITS, computed
 * here at deploy time from its settings), the processing component and the config docs.
 *
 * The function takes an object only when all of these hold for its kind (lib/handover InputKind):
 * - its size is at most `processor.maxObjectBytes`;
 * - the measured conversion time (PROCESSOR_CURVE, bench/results/processor-curve.json) at the
 *   function's CPU share fits TIME_SHARE of its timeout (download, upload and a slower neighbour
 *   share the rest);
 * - the measured peak memory fits its memory size;
 * - the object, its decompressed copy (gzip, at the curve's worst inflation, and never above
 *   `maxDecompressedBytes`) and the Parquet output fit its /tmp.
 * Past any of them the object goes to Spark. Pure: no Pulumi, bundled into the function.
 */

/** Kinds of input with their own measured curve. A key without a known extension counts as the slower text kind. */
export const INPUT_KINDS = ["csv", "csv.gz", "json", "json.gz", "parquet"] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** Largest object (bytes) the function converts itself, by kind. */
export type ObjectLimits = Record<InputKind, number>;

/** The drop -> raw conversion's measured cost, one thread, per GB (10^9 bytes) of the object as stored. */
export interface ProcessorCurve {
    /** Where and when it was measured. */
    measured: string;
    /** Seconds per GB of object, by kind (the slope of the linear fit). */
    secondsPerGb: Record<InputKind, number>;
    /** Seconds of the fit's intercept (DuckDB start, sniffing), the largest of the kinds. */
    fixedSeconds: number;
    /** Peak RSS (MB) of the conversion, largest seen at any size: flat with size. */
    peakRssMb: number;
    /** Most a measured gzip input inflated (text bytes / gzip bytes). */
    gzipRatio: number;
    /** Parquet output bytes per text byte, the largest seen. */
    outputRatio: number;
}

/**
 * bench/results/processor-curve.json `curveForLib` (2026-12-07, `node bench/processor.mjs --curve
 * --sizes 10,100,316,1000 --memory-limit-mb 1228`): ours at threads 1, linear fits of CPU seconds
 * over 10 MiB .. 1000 MiB of text (R^2 >= 0.995), rounded up. CPU seconds, not wall: the
 * benchmark machine was shared (load 8-17 on 2 cores); one pinned core's CPU time is what a
 * function with a full vCPU spends. Parquet is not measured; taken as CSV.
 */
export const PROCESSOR_CURVE: ProcessorCurve = {
    measured: "bench/results/processor-curve.json, 2026-12-07",
    secondsPerGb: { csv: 13, "csv.gz": 42, json: 14, "json.gz": 84, parquet: 13 },
    fixedSeconds: 2,
    peakRssMb: 300,
    gzipRatio: 6,
    outputRatio: 0.3,
};

/** Share of the timeout the conversion itself may use. */
export const TIME_SHARE = 0.5;
/** Share of /tmp the function's files may fill. */
export const TMP_SHARE = 0.9;
/** Lambda gives one full vCPU at this memory size, proportionally less below (Lambda's documentation). */
export const MB_PER_VCPU = 1769;

/** What the function has to convert with: its processor settings. */
export interface FunctionBudget {
    memoryMb: number;
    timeoutSeconds: number;
    ephemeralStorageMb: number;
    maxObjectBytes: number;
    maxDecompressedBytes: number;
}

/** The kind of the object at `key`: its extension, `.gz` last. */
export function inputKindOf(key: string): InputKind | "unknown" | "unknown.gz" {
    const base = key.slice(key.lastIndexOf("/") + 1).toLowerCase();
    const gz = base.endsWith(".gz");
    const stem = gz ? base.slice(0, -3) : base;
    const ext = stem.includes(".") ? stem.slice(stem.lastIndexOf(".") + 1) : "";
    const kind = ["csv", "tsv", "tab"].includes(ext) ? "csv" : ["json", "ndjson", "jsonl"].includes(ext) ? "json" : ext === "parquet" ? "parquet" : "unknown";
    if (kind === "parquet") return "parquet";
    return gz ? `${kind}.gz` : kind;
}

/** The largest object of each kind the function converts itself, for its settings and the measured curve. */
export function objectLimits(budget: FunctionBudget, curve: ProcessorCurve = PROCESSOR_CURVE): ObjectLimits {
    const cpuShare = Math.min(1, budget.memoryMb / MB_PER_VCPU);
    const seconds = budget.timeoutSeconds * TIME_SHARE - curve.fixedSeconds;
    const memoryFits = curve.peakRssMb <= budget.memoryMb;
    const tmpBytes = budget.ephemeralStorageMb * 1024 ** 2 * TMP_SHARE;
    const limit = (kind: InputKind): number => {
        if (!memoryFits || seconds <= 0) return 0;
        const byTime = (seconds * cpuShare * 1e9) / curve.secondsPerGb[kind];
        const gz = kind.endsWith(".gz");
        // /tmp holds the object, its inflated copy (gzip) and the Parquet output.
        const textPerByte = gz ? curve.gzipRatio : 1;
        const byTmp = tmpBytes / (1 + (gz ? textPerByte : 0) + textPerByte * curve.outputRatio);
        const byInflation = gz ? budget.maxDecompressedBytes / curve.gzipRatio : Infinity;
        return Math.floor(Math.min(budget.maxObjectBytes, byTime, byTmp, byInflation));
    };
    return Object.fromEntries(INPUT_KINDS.map((k) => [k, limit(k)])) as ObjectLimits;
}

/** The limit for `key`: its kind's, or the smaller of the text kinds' when the extension does not say. */
export function limitFor(key: string, limits: ObjectLimits): number {
    const kind = inputKindOf(key);
    if (kind === "unknown") return Math.min(limits.csv, limits.json);
    if (kind === "unknown.gz") return Math.min(limits["csv.gz"], limits["json.gz"]);
    return limits[kind];
}

/** True when the function should hand the object to Spark rather than convert it. */
export function handsOver(key: string, sizeBytes: number, limits: ObjectLimits): boolean {
    return sizeBytes > limitFor(key, limits);
}
