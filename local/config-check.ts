/**
 * Config that a run shows to be inert: curation rules that matched no dataset, and Glue-owned
 * datasets (config `etl.tables`) that nothing produced. A rule keyed by a misspelled dataset (prod
 * once curated `reviews` while the dataset is `order_reviews`) is otherwise silent: the dataset is
 * copied as it is. Pure; local/lake.ts feeds it what the run found.
 */

export interface CurationHop {
    /** Zone the hop's processor reads, e.g. `raw`. */
    sourceZone: string;
    /** Datasets with a curation rule (the curate job's --curation_rules). */
    ruleDatasets: string[];
}

export interface ConfigCheckInput {
    /** Hops that curate. */
    curation: CurationHop[];
    /** Datasets a Glue drop -> raw job owns (BATCH_DATASETS of the landing hop). */
    batchTables: string[];
    /** Name of the landing zone, where Glue-owned datasets arrive. */
    landingZone: string;
    /** Datasets found per zone after the run (quarantine excluded). */
    datasetsByZone: Record<string, string[]>;
}

export interface Unmatched {
    /** Curation rules whose dataset never reached the zone their processor reads (nor waits for its Glue job there). */
    curationRules: { zone: string; dataset: string }[];
    /** Datasets in `etl.tables` with nothing in the landing zone for their job to read. */
    batchTables: string[];
}

export function unmatchedConfig(a: ConfigCheckInput): Unmatched {
    const has = (zone: string, dataset: string) => (a.datasetsByZone[zone] ?? []).includes(dataset);
    // A Glue-owned dataset reaches raw only through its job (not run here): its rule counts as matched when the job has input.
    const awaitingJob = (dataset: string) => a.batchTables.includes(dataset) && has(a.landingZone, dataset);
    return {
        curationRules: a.curation.flatMap((h) =>
            h.ruleDatasets.filter((d) => !has(h.sourceZone, d) && !awaitingJob(d)).map((dataset) => ({ zone: h.sourceZone, dataset })),
        ),
        batchTables: a.batchTables.filter((t) => !has(a.landingZone, t)),
    };
}
