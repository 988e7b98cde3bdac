/** Athena workgroup settings derived from stack config (lib/config.ts `athena`). Pure. */
import type { AthenaConfig } from "../../lib/config";

/** The engine every query of the workgroup runs on (Trino-based). */
export const ATHENA_ENGINE = "Athena engine version 3";

/** Athena's own floor for the per-query scan limit: 10 MB. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

/** Config's limit in MB (MiB) as the bytes Athena takes. */
export function bytesScannedCutoff(athena: AthenaConfig): number {
    const bytes = athena.bytesScannedCutoffMb * 1024 * 1024;
    if (bytes < MIN_BYTES_SCANNED_CUTOFF) {
        throw new Error(`athena.bytesScannedCutoffMb = ${athena.bytesScannedCutoffMb}: Athena's minimum is 10 MB`);
    }
    return bytes;
}

/** Prefix of query results inside the results bucket. */
export const RESULTS_PREFIX = "results/";
