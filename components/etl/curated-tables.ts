/**
 * The curated zone as Apache Iceberg tables (issue 18): one Iceberg v2 table per curated dataset
 * in the curated Glue database, its files under `tables/<table>/` of the curated bucket, and the
 * Glue Data Catalog's three table optimizers on each (compaction, snapshot retention, orphan file
 * deletion) with one role scoped to these tables, their prefix and the curated key. Chosen over S3
 * Tables: the curated zone stays a bucket with its own KMS key, and Athena, Redshift Spectrum and
 * EMR read it through the Glue catalog without the S3 Tables integration.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CURATED_LINEAGE_COLUMNS, CURATED_TABLES_PREFIX, curatedTableName, curatedTablePrefix } from "../../lib/contract";
import { DQ_RULESET_LIMITS } from "../../lib/quality-dqdl";
import type { AccountScope } from "../../lib/account-scope";
import { assertUniqueNames } from "../../lib/names";
import { ownedBy } from "../../lib/ownership";
import { roleWithPolicy, type RoleWithPolicy } from "../../lib/service-role";
import { jsonOf } from "../../lib/outputs";
import { type TableMaintenanceSettings, tableMaintenanceWithDefaults } from "./args";
import { optimizerPolicy } from "./policies";
import { s3Uri } from "./job-settings";

/** The optimizer types of the Glue API (TableOptimizerType); every table gets each one. */
export const OPTIMIZER_TYPES = ["compaction", "retention", "orphan_file_deletion"] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

/** The curated zone as the tables see it. */
export interface CuratedTablesZone {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** The curated Glue database, by name. */
    database: string;
    /**
     * The database's resource when this program creates it: the tables are created after it and
     * deleted before it (they name it only by `database`).
     * @default none (the database exists already)
     */
    databaseResource?: aws.glue.CatalogDatabase;
}

export interface CuratedTablesArgs {
    /** The account scope (catalog id, ARNs of the tables). Required. */
    scope: pulumi.Input<AccountScope>;
    /** The curated zone. Required. */
    curated: CuratedTablesZone;
    /** Datasets with a table (`-` becomes `_` in the table name, lib/contract curatedTableName). Required. */
    datasets: string[];
    /**
     * Snapshot retention and orphan file deletion.
     * @default TABLE_MAINTENANCE_DEFAULTS
     */
    maintenance?: TableMaintenanceSettings;
    /** Keys the account's Data Catalog is encrypted with (the optimizers read and update the tables). Default: none. */
    catalogKeyArns?: pulumi.Input<string>[];
    /**
     * Data quality rulesets (DQDL text, e.g. lib/quality-dqdl.ts `dqdlRuleset`) by dataset, each one
     * of `datasets`: a Glue Data Quality ruleset on the dataset's table (the stack alarms on the
     * score the curate job publishes for it).
     * @default {} (no ruleset)
     */
    qualityRulesets?: Record<string, string>;
    /**
     * Pii columns by dataset, curated names (lib/dataset-contract.ts curatedPiiColumns): declared
     * on the table as strings (masked values; the curate job writes nulls where a batch lacks
     * them), so Lake Formation can tag them before the first run.
     * @default {}
     */
    piiColumns?: Record<string, string[]>;
}

/** The optimizer `configuration` block of one type, without its role. */
export function optimizerConfiguration(type: OptimizerType, m: Required<TableMaintenanceSettings>, tableLocation: string) {
    switch (type) {
        case "compaction":
            return { compactionConfiguration: { icebergConfiguration: { strategy: "binpack" } } };
        case "retention":
            return {
                retentionConfiguration: {
                    icebergConfiguration: {
                        snapshotRetentionPeriodInDays: m.snapshotRetentionDays,
                        numberOfSnapshotsToRetain: m.snapshotsToRetain,
                        // Expired snapshots' files go too: otherwise only the metadata forgets them.
                        cleanExpiredFiles: true,
                    },
                },
            };
        case "orphan_file_deletion":
            return {
                orphanFileDeletionConfiguration: {
                    icebergConfiguration: { orphanFileRetentionPeriodInDays: m.orphanFileRetentionDays, location: tableLocation },
                },
            };
    }
}

export class CuratedTables extends pulumi.ComponentResource {
    /** Glue table name by dataset. */
    readonly tableNames: Record<string, pulumi.Output<string>>;
    readonly optimizerRoleArn: pulumi.Output<string>;
    /** The data quality ruleset by dataset (the datasets with quality rules). */
    readonly rulesets: Record<string, aws.glue.DataQualityRuleset>;

    constructor(name: string, args: CuratedTablesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:etl:CuratedTables", name, {}, ownedBy("etl", opts));
        const datasets = [...new Set(args.datasets)].sort();
        assertUniqueNames(datasets.map(curatedTableName), "curated table");

        const tables = Object.fromEntries(datasets.map((d) => [d, this.table(name, args, d)]));
        const role = this.optimizerRole(name, args, datasets.map(curatedTableName));
        for (const d of datasets) this.optimizers(name, args, d, tables[d], role);
        const rulesets = args.qualityRulesets ?? {};
        const unknown = Object.keys(rulesets).filter((d) => !tables[d]);
        if (unknown.length) throw new Error(`quality rules for datasets without a curated table: ${unknown.join(", ")} (tables: ${datasets.join(", ")})`);
        this.rulesets = Object.fromEntries(Object.entries(rulesets).map(([d, dqdl]) => [d, this.ruleset(name, args, d, dqdl, tables[d])]));

        this.tableNames = Object.fromEntries(Object.entries(tables).map(([d, t]) => [d, t.name]));
        this.optimizerRoleArn = role.role.arn;
        this.registerOutputs({ tableNames: this.tableNames, optimizerRoleArn: this.optimizerRoleArn });
    }

    /**
     * The dataset's Iceberg v2 table, created empty with the lineage columns every curated row has
     * (Glue creates the Iceberg metadata from the declared columns): the curate job owns the rest
     * of its schema (it adds every column raw brings) and every commit moves its `metadata_location`, so both are ignored
     * here, or each `pulumi up` would reset the table to the declared (empty) schema and an old
     * metadata file.
     */
    private table(name: string, args: CuratedTablesArgs, dataset: string): aws.glue.CatalogTable {
        const table = curatedTableName(dataset);
        return new aws.glue.CatalogTable(
            `${name}-${table.replace(/_/g, "-")}`,
            {
                name: table,
                databaseName: args.curated.database,
                description: `Curated dataset ${dataset} (Iceberg; written by the curate job)`,
                tableType: "EXTERNAL_TABLE",
                openTableFormatInput: { icebergInput: { metadataOperation: "CREATE", version: "2" } },
                storageDescriptor: {
                    location: pulumi.interpolate`s3://${args.curated.bucketName}/${curatedTablePrefix(dataset)}`,
                    columns: [
                        ...CURATED_LINEAGE_COLUMNS.map((c) => ({ ...c })),
                        ...(args.piiColumns?.[dataset] ?? []).map((c) => ({ name: c, type: "string", comment: "pii, masked (HMAC-SHA256)" })),
                    ],
                },
            },
            {
                parent: this,
                ignoreChanges: ["storageDescriptor", "parameters"],
                dependsOn: args.curated.databaseResource ? [args.curated.databaseResource] : [],
            },
        );
    }

    /**
     * The dataset's rules as a Glue Data Quality ruleset on its table (named `<database>.<table>`,
     * unique per account and region as the database is), for evaluation runs and the console.
     */
    private ruleset(name: string, args: CuratedTablesArgs, dataset: string, dqdl: string, table: aws.glue.CatalogTable): aws.glue.DataQualityRuleset {
        const rulesetName = `${args.curated.database}.${curatedTableName(dataset)}`;
        if (rulesetName.length > DQ_RULESET_LIMITS.name)
            throw new Error(`data quality ruleset name '${rulesetName}' is ${rulesetName.length} characters, above Glue's ${DQ_RULESET_LIMITS.name}`);
        if (dqdl.length === 0 || dqdl.length > DQ_RULESET_LIMITS.ruleset)
            throw new Error(`the DQDL ruleset of ${dataset} is ${dqdl.length} characters: Glue takes 1-${DQ_RULESET_LIMITS.ruleset}`);
        return new aws.glue.DataQualityRuleset(
            `${name}-${curatedTableName(dataset).replace(/_/g, "-")}-quality`,
            {
                name: rulesetName,
                description: `Quality rules of curated dataset ${dataset} (config quality.${dataset}); the curate job evaluates them before each commit`,
                ruleset: dqdl,
                targetTable: { databaseName: table.databaseName, tableName: table.name },
            },
            { parent: this },
        );
    }

    /** One role for the three optimizers of every table, scoped to these tables and `tables/`. */
    private optimizerRole(name: string, args: CuratedTablesArgs, tables: string[]): RoleWithPolicy {
        const { curated } = args;
        return roleWithPolicy(
            `${name}-optimizer`,
            {
                role: { service: "glue.amazonaws.com", description: "Glue table optimizers of the curated Iceberg tables" },
                policy: jsonOf(
                    {
                        scope: args.scope,
                        bucketArn: curated.bucketArn,
                        keyArn: curated.keyArn,
                        catalogKeyArns: pulumi.all(args.catalogKeyArns ?? []),
                    },
                    (arns) => optimizerPolicy({ ...arns, database: curated.database, tables, tablesPrefix: CURATED_TABLES_PREFIX }),
                ),
            },
            this,
        );
    }

    /** Compaction, snapshot retention and orphan file deletion on the dataset's table, once the role may act. */
    private optimizers(name: string, args: CuratedTablesArgs, dataset: string, table: aws.glue.CatalogTable, role: RoleWithPolicy): void {
        const maintenance = tableMaintenanceWithDefaults(args.maintenance);
        const resource = `${name}-${curatedTableName(dataset).replace(/_/g, "-")}`;
        const location = pulumi.output(args.curated.bucketName).apply((b) => s3Uri(b, curatedTablePrefix(dataset)));
        for (const type of OPTIMIZER_TYPES) {
            new aws.glue.CatalogTableOptimizer(
                `${resource}-${type.replace(/_/g, "-")}`,
                {
                    catalogId: pulumi.output(args.scope).apply((s) => s.accountId),
                    databaseName: table.databaseName,
                    tableName: table.name,
                    type,
                    configuration: pulumi
                        .all([role.role.arn, location])
                        .apply(([roleArn, loc]) => ({ roleArn, enabled: true, ...optimizerConfiguration(type, maintenance, loc) })),
                },
                { parent: this, dependsOn: [role.policy] },
            );
        }
    }
}
