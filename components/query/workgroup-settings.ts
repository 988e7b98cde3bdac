/** The Athena workgroup's settings with their defaults (`athenaWithDefaults`, the one copy lib/config also takes its defaults from). Pure. */

/** The engine every query of the workgroup runs on (Trino-based). */
export const ATHENA_ENGINE = "Athena engine version 3";

/** Athena's own floor for the per-query scan limit: 10 MB. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

/** How much one query may scan and how long its results are kept. */
export interface AthenaSettings {
    /**
     * Per-query bytes-scanned limit (MB, MiB really); Athena's minimum is 10 MB.
     * @default 10240 (10 GB)
     */
    bytesScannedCutoffMb?: number;
    /**
     * Query results expire after this many days.
     * @default 30
     */
    resultsExpireDays?: number;
}

export type ResolvedAthenaSettings = Required<AthenaSettings>;

export const ATHENA_DEFAULTS = { bytesScannedCutoffMb: 10240, resultsExpireDays: 30 } as const satisfies ResolvedAthenaSettings;

/** `settings` with the defaults of what it leaves out. */
export function athenaWithDefaults(settings: AthenaSettings): ResolvedAthenaSettings {
    return {
        bytesScannedCutoffMb: settings.bytesScannedCutoffMb ?? ATHENA_DEFAULTS.bytesScannedCutoffMb,
        resultsExpireDays: settings.resultsExpireDays ?? ATHENA_DEFAULTS.resultsExpireDays,
    };
}

/** The limit in MB (MiB) as the bytes Athena takes. */
export function bytesScannedCutoff(athena: ResolvedAthenaSettings): number {
    const bytes = athena.bytesScannedCutoffMb * 1024 * 1024;
    if (bytes < MIN_BYTES_SCANNED_CUTOFF) {
        throw new Error(`athena.bytesScannedCutoffMb = ${athena.bytesScannedCutoffMb}: Athena's minimum is 10 MB`);
    }
    return bytes;
}

/** Prefix of query results inside the results bucket. */
export const RESULTS_PREFIX = "results/";
