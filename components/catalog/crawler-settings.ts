/**
 * Crawler settings derived from stack config (lib/config.ts `catalog`): the configuration JSON
 * with the two options reference 000 (docs/references.md) asks for, the recrawl policy and the exclusions. Pure.
 */
import type { CatalogConfig } from "../../lib/config";
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../../lib/contract";

/**
 * Crawler configuration (version 1.0): one schema per S3 path when schemas are compatible
 * ("Create a single schema for each S3 path") and partitions inherit the table's metadata
 * ("Update all new and existing partitions with metadata from the table").
 */
export function crawlerConfiguration(): string {
    return JSON.stringify({
        Version: 1.0,
        Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
    });
}

export type RecrawlBehavior = "CRAWL_NEW_FOLDERS_ONLY" | "CRAWL_EVENT_MODE" | "CRAWL_EVERYTHING";

export function recrawlBehavior(recrawl: CatalogConfig["recrawl"]): RecrawlBehavior {
    switch (recrawl) {
        case "new-folders":
            return "CRAWL_NEW_FOLDERS_ONLY";
        case "events":
            return "CRAWL_EVENT_MODE";
        case "everything":
            return "CRAWL_EVERYTHING";
    }
}

/**
 * Schema change policy. Glue accepts only LOG/LOG with CRAWL_NEW_FOLDERS_ONLY, so that mode
 * logs changes (new folders still become partitions and tables); the other modes use config.
 */
export function schemaChangePolicy(catalog: CatalogConfig): { updateBehavior: string; deleteBehavior: string } {
    if (catalog.recrawl === "new-folders") return { updateBehavior: "LOG", deleteBehavior: "LOG" };
    return { updateBehavior: catalog.updateBehavior, deleteBehavior: catalog.deleteBehavior };
}

/**
 * Glob exclusions of a zone's crawler: the quarantine prefix always; in the drop zone also the
 * stream prefixes that already have explicit tables (a crawler would add duplicate tables).
 */
export function crawlerExclusions(streamsWithTables: string[] = []): string[] {
    return [`${QUARANTINE_PREFIX}**`, ...streamsWithTables.map((s) => `${STREAMS_PREFIX}${s}/**`)];
}
