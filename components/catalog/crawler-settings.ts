/**
 * The catalog's settings with their defaults (`catalogWithDefaults`, the one copy lib/config
 * also takes its defaults from), and what they become on a crawler: the configuration JSON with
 * the two options reference 000 (docs/references.md) asks for, the recrawl policy and the
 * exclusions. Pure.
 */
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../../lib/contract";
import { refuse, withDefaults } from "../../lib/defaults";

// Each set of allowed strings is an `as const` object and the union of its values: TypeScript callers
// pass the strings, and the component package's schema (components/plugin.ts) lists them as an enum.

/** What a scheduled crawl reads again. */
export const RecrawlMode = { newFolders: "new-folders", events: "events", everything: "everything" } as const;
export type RecrawlMode = (typeof RecrawlMode)[keyof typeof RecrawlMode];
export const RECRAWL_MODES = Object.values(RecrawlMode);

/** What a crawler does with changed schemas. */
export const UpdateBehavior = { UPDATE_IN_DATABASE: "UPDATE_IN_DATABASE", LOG: "LOG" } as const;
export type UpdateBehavior = (typeof UpdateBehavior)[keyof typeof UpdateBehavior];
export const UPDATE_BEHAVIORS = Object.values(UpdateBehavior);

/** What a crawler does with deleted objects. */
export const DeleteBehavior = { LOG: "LOG", DEPRECATE_IN_DATABASE: "DEPRECATE_IN_DATABASE", DELETE_FROM_DATABASE: "DELETE_FROM_DATABASE" } as const;
export type DeleteBehavior = (typeof DeleteBehavior)[keyof typeof DeleteBehavior];
export const DELETE_BEHAVIORS = Object.values(DeleteBehavior);

/** How the Catalog's crawlers run and what it manages besides them. */
export interface CatalogSettings {
    /**
     * Crawler schedule (an EventBridge cron/rate expression; hourly costs tens of dollars a month per zone).
     * @default "cron(0 3 * * ? *)" (daily at 03:00 UTC)
     */
    crawlerSchedule?: string;
    /**
     * `new-folders` (CRAWL_NEW_FOLDERS_ONLY), `events` (S3 event mode: each zone needs an `eventQueue`) or `everything`.
     * @default "new-folders"
     */
    recrawl?: RecrawlMode;
    /**
     * What a crawler does with changed schemas (forced to LOG in `new-folders` mode, as Glue requires).
     * @default "UPDATE_IN_DATABASE"
     */
    updateBehavior?: UpdateBehavior;
    /**
     * What a crawler does with deleted objects (forced to LOG in `new-folders` mode).
     * @default "DEPRECATE_IN_DATABASE"
     */
    deleteBehavior?: DeleteBehavior;
    /**
     * Manage the account's Data Catalog encryption (SSE-KMS with the analytics key): one setting
     * per account and region, so true in one stack only.
     * @default false
     */
    manageAccountEncryption?: boolean;
    /**
     * The key of the account's Data Catalog encryption when another stack (or the console) manages
     * it: the roles here that read or write the catalog may use it.
     * @default none (no customer key, or this stack manages the encryption)
     */
    accountEncryptionKeyArn?: string;
    /**
     * First day (UTC, YYYY-MM-DD) the stream tables' partition projection covers, up to now.
     * @default "2025-01-01"
     */
    streamsSince?: string;
}

export type ResolvedCatalogSettings = Required<Omit<CatalogSettings, "accountEncryptionKeyArn">> & Pick<CatalogSettings, "accountEncryptionKeyArn">;

export const CATALOG_DEFAULTS = {
    crawlerSchedule: "cron(0 3 * * ? *)",
    recrawl: "new-folders",
    updateBehavior: "UPDATE_IN_DATABASE",
    deleteBehavior: "DEPRECATE_IN_DATABASE",
    manageAccountEncryption: false,
    streamsSince: "2025-01-01",
} as const satisfies Omit<ResolvedCatalogSettings, "accountEncryptionKeyArn">;

/** A setting that contradicts another: the setting and why (lib/config reports them as config errors). */
export interface CatalogSettingIssue {
    setting: keyof CatalogSettings;
    message: string;
}

/** Combinations AWS (or one account) does not allow, on settings with their defaults applied. */
export function catalogSettingIssues(s: ResolvedCatalogSettings): CatalogSettingIssue[] {
    const issues: CatalogSettingIssue[] = [];
    if (s.recrawl === "events" && s.updateBehavior === "UPDATE_IN_DATABASE" && s.deleteBehavior === "DELETE_FROM_DATABASE") {
        issues.push({ setting: "deleteBehavior", message: "S3 event mode crawlers cannot delete from the database; use LOG or DEPRECATE_IN_DATABASE" });
    }
    if (s.manageAccountEncryption && s.accountEncryptionKeyArn) {
        issues.push({
            setting: "accountEncryptionKeyArn",
            message: "a stack that manages the account's Data Catalog encryption uses its analytics key: unset accountEncryptionKeyArn",
        });
    }
    return issues;
}

/** `settings` with the defaults of what it leaves out; throws on a combination `catalogSettingIssues` refuses. */
export function catalogWithDefaults(settings: CatalogSettings): ResolvedCatalogSettings {
    const resolved: ResolvedCatalogSettings = {
        ...withDefaults(settings, CATALOG_DEFAULTS),
        ...(settings.accountEncryptionKeyArn !== undefined ? { accountEncryptionKeyArn: settings.accountEncryptionKeyArn } : {}),
    };
    refuse("Catalog", catalogSettingIssues(resolved));
    return resolved;
}

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

export function recrawlBehavior(recrawl: RecrawlMode): RecrawlBehavior {
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
 * logs changes (new folders still become partitions and tables); the other modes use the settings.
 */
export function schemaChangePolicy(catalog: Pick<ResolvedCatalogSettings, "recrawl" | "updateBehavior" | "deleteBehavior">): {
    updateBehavior: string;
    deleteBehavior: string;
} {
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
