/**
 * The SQL the warehouse runs, owned by the program (docs/references.md; reference 002: "load the advertising view
 * into Redshift by COPY and again through Spectrum"; reference 001: deals and reviews per seller).
 * Every day the scheduler sends one Redshift Data API batch per curated view, each its own
 * transaction: create the Spectrum schema over the curated Glue database, the load log and the
 * view's tables if missing, (re)define the view's load procedure, then CALL it for yesterday. The
 * procedure first checks through Spectrum that there is something to load (COPY fails on a prefix
 * without files): if not, it records the skipped day in `public.load_log` and returns; otherwise
 * it loads the view twice, by COPY ... FORMAT AS PARQUET into `public.<view>` and by INSERT ...
 * SELECT from Spectrum into `public.<view>_spectrum`, and logs the load. COPY maps Parquet columns
 * by position and cannot read Hive partition values from the path, so a partitioned view
 * (advertising, by event_date) is copied one partition at a time into a staging table and the
 * partition value is added on insert. Pure; tests parse every statement (sqlglot).
 */
import tables from "./curated-tables.json";

export interface WarehouseColumn {
    name: string;
    /** Column type in Redshift. */
    redshift: string;
}

export interface CuratedTable {
    /** Curated view (and Glue table) name, e.g. `advertising`. */
    view: string;
    /** Columns of the Parquet files, in file order. */
    columns: WarehouseColumn[];
    /** Hive partition columns (in the S3 path); empty when the view is not partitioned. */
    partitionColumns: WarehouseColumn[];
}

/** The views the warehouse loads (components/warehouse/curated-tables.json). */
export const CURATED_TABLES: CuratedTable[] = Object.entries(tables)
    .filter(([view]) => !view.startsWith("$"))
    .map(([view, t]) => {
        const spec = t as { columns: WarehouseColumn[]; partitionColumns: WarehouseColumn[] };
        return { view, columns: spec.columns, partitionColumns: spec.partitionColumns };
    });

/** Schemas and objects the load creates. */
export const SPECTRUM_SCHEMA = "lake_curated";
export const TABLE_SCHEMA = "public";
/** Loaded through Spectrum: `<view>_spectrum`. */
export const SPECTRUM_SUFFIX = "_spectrum";

export interface LoadTarget {
    /** Curated zone bucket (COPY source). */
    curatedBucket: string;
    /** Glue database of the curated zone (the Spectrum schema's source). */
    curatedDatabase: string;
    /** Role the warehouse assumes for COPY and Spectrum. */
    roleArn: string;
    region: string;
}

/** A SQL string literal. */
export function literal(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

function columnList(t: CuratedTable): WarehouseColumn[] {
    return [...t.columns, ...t.partitionColumns];
}

/** Spectrum: an external schema over the curated Glue database, read with the warehouse role. */
export function createExternalSchema(t: LoadTarget): string {
    return [
        `CREATE EXTERNAL SCHEMA IF NOT EXISTS ${SPECTRUM_SCHEMA}`,
        `FROM DATA CATALOG DATABASE ${literal(t.curatedDatabase)}`,
        `IAM_ROLE ${literal(t.roleArn)}`,
        `REGION ${literal(t.region)}`,
    ].join("\n");
}

/** `public.<view>` (or `<view>_spectrum`): file columns then partition columns, sorted by the first partition column. */
export function createTable(table: CuratedTable, suffix = ""): string {
    const columns = columnList(table)
        .map((c) => `    ${c.name} ${c.redshift}`)
        .join(",\n");
    const sortKey = table.partitionColumns.length ? ` SORTKEY (${table.partitionColumns[0].name})` : "";
    return `CREATE TABLE IF NOT EXISTS ${TABLE_SCHEMA}.${table.view}${suffix} (\n${columns}\n) DISTSTYLE AUTO${sortKey}`;
}

/** S3 prefix of a view in the curated bucket (`s3://<bucket>/<view>/`), as the ETL writes it. */
export function viewUri(bucket: string, view: string): string {
    return `s3://${bucket}/${view}/`;
}

/** COPY of Parquet files into `table`. */
export function copyStatement(table: string, s3Uri: string, roleArn: string): string {
    return `COPY ${table} FROM ${literal(s3Uri)} IAM_ROLE ${literal(roleArn)} FORMAT AS PARQUET`;
}

/** The procedure's parameter: the day (a partition value) to load. */
export const LOAD_DAY = "load_day";
/** A partition value of `load_day`, as the ETL writes it into the path (`event_date=2026-11-30`). */
const DAY_TEXT = `TO_CHAR(${LOAD_DAY}, 'YYYY-MM-DD')`;

/**
 * What the procedure runs for an unpartitioned view: replace the table's rows by COPY, and the
 * Spectrum copy's rows by INSERT ... SELECT.
 */
export function fullLoad(table: CuratedTable, t: LoadTarget): string[] {
    const names = table.columns.map((c) => c.name).join(", ");
    const target = `${TABLE_SCHEMA}.${table.view}`;
    return [
        `DELETE FROM ${target}`,
        copyStatement(target, viewUri(t.curatedBucket, table.view), t.roleArn),
        `DELETE FROM ${target}${SPECTRUM_SUFFIX}`,
        `INSERT INTO ${target}${SPECTRUM_SUFFIX} (${names}) SELECT ${names} FROM ${SPECTRUM_SCHEMA}.${table.view}`,
    ];
}

/**
 * What the procedure runs for a view partitioned by one day column: COPY that day's partition
 * into a staging table (the path is built at run time, hence EXECUTE), replace the day's rows
 * with the staged rows plus the day; the same day again from Spectrum.
 */
export function dailyPartitionLoad(table: CuratedTable, t: LoadTarget): string[] {
    if (table.partitionColumns.length !== 1) throw new Error(`${table.view}: a daily load needs exactly one partition column`);
    const day = table.partitionColumns[0].name;
    const stage = `${table.view}_stage`;
    const fileColumns = table.columns.map((c) => c.name).join(", ");
    const target = `${TABLE_SCHEMA}.${table.view}`;
    const prefix = viewUri(t.curatedBucket, table.view);
    const stageColumns = table.columns.map((c) => `${c.name} ${c.redshift}`).join(", ");
    return [
        `CREATE TEMP TABLE ${stage} (${stageColumns})`,
        `EXECUTE 'COPY ${stage} FROM ' || QUOTE_LITERAL(${literal(`${prefix}${day}=`)} || ${DAY_TEXT} || '/') || ' IAM_ROLE ' || QUOTE_LITERAL(${literal(t.roleArn)}) || ' FORMAT AS PARQUET'`,
        `DELETE FROM ${target} WHERE ${day} = ${LOAD_DAY}`,
        `INSERT INTO ${target} (${fileColumns}, ${day}) SELECT ${fileColumns}, ${LOAD_DAY} FROM ${stage}`,
        `DROP TABLE ${stage}`,
        `DELETE FROM ${target}${SPECTRUM_SUFFIX} WHERE ${day} = ${LOAD_DAY}`,
        // The crawler types partition values as strings; CAST works for string and date alike.
        `INSERT INTO ${target}${SPECTRUM_SUFFIX} (${fileColumns}, ${day}) SELECT ${fileColumns}, CAST(${day} AS DATE) FROM ${SPECTRUM_SCHEMA}.${table.view} WHERE CAST(${day} AS DATE) = ${LOAD_DAY}`,
    ];
}

/**
 * The load log: one row per view and day, loaded or skipped, with a note saying why. Its day column
 * is not `load_day`: PL/pgSQL would read a column named like the procedure's parameter as the parameter.
 */
export const LOAD_LOG = `${TABLE_SCHEMA}.load_log`;
export const LoadOutcome = { loaded: "loaded", skipped: "skipped" } as const;

export function createLoadLog(): string {
    return [
        `CREATE TABLE IF NOT EXISTS ${LOAD_LOG} (`,
        "    view_name VARCHAR(128),",
        "    for_day DATE,",
        "    outcome VARCHAR(16),",
        "    rows_loaded BIGINT,",
        "    note VARCHAR(512),",
        "    logged_at TIMESTAMP",
        ") DISTSTYLE AUTO",
    ].join("\n");
}

/** The procedure's variable: rows of the view (of the day) Spectrum sees. */
export const AVAILABLE = "available";

/** A row of the load log for `load_day`; `rows` is a SQL expression. */
export function logRow(view: string, outcome: keyof typeof LoadOutcome, rows: string, note: string): string {
    return (
        `INSERT INTO ${LOAD_LOG} (view_name, for_day, outcome, rows_loaded, note, logged_at) ` +
        `VALUES (${literal(view)}, ${LOAD_DAY}, ${literal(LoadOutcome[outcome])}, ${rows}, ${literal(note)}, GETDATE())`
    );
}

/**
 * What must hold before a view is replaced: `count` (a SELECT ... INTO `available`) finds at least
 * one row, or the day is skipped with `note` in the load log and nothing is deleted. COPY fails on
 * a prefix without files, and a full reload from an empty view would empty the table, so the
 * check runs first, through Spectrum over the same Glue table the crawler keeps for that prefix.
 */
export interface LoadGuard {
    count: string;
    note: string;
}

export function loadGuards(table: CuratedTable): LoadGuard[] {
    const external = `${SPECTRUM_SCHEMA}.${table.view}`;
    const catalogued: LoadGuard = {
        count: `SELECT COUNT(*) INTO ${AVAILABLE} FROM svv_external_tables WHERE schemaname = ${literal(SPECTRUM_SCHEMA)} AND tablename = ${literal(table.view)}`,
        note: `${external} is not in the curated Glue database yet: the curated crawler has not run since the ETL first wrote the view`,
    };
    if (!table.partitionColumns.length) {
        return [catalogued, { count: `SELECT COUNT(*) INTO ${AVAILABLE} FROM ${external}`, note: `${external} is empty: the table keeps its rows` }];
    }
    const day = table.partitionColumns[0].name;
    return [
        catalogued,
        {
            count: `SELECT COUNT(*) INTO ${AVAILABLE} FROM ${external} WHERE CAST(${day} AS DATE) = ${LOAD_DAY}`,
            note: `no ${day} partition of the day in ${external}: no data that day, the ETL not finished, or the partition not crawled yet`,
        },
    ];
}

/** The statements that replace a view's rows (all of them, or the day's), COPY then Spectrum. */
export function loadStatements(table: CuratedTable, t: LoadTarget): string[] {
    return table.partitionColumns.length ? dailyPartitionLoad(table, t) : fullLoad(table, t);
}

/** `public.load_<view>`: one procedure per view, so each view loads in its own transaction. */
export function loadProcedure(table: CuratedTable): string {
    return `${TABLE_SCHEMA}.load_${table.view}`;
}

/**
 * `CREATE OR REPLACE PROCEDURE public.load_<view>(load_day DATE)`: the guards (each skips the day
 * with a note when it finds nothing), the load, and a `loaded` row with the rows Spectrum saw.
 */
export function createLoadProcedure(table: CuratedTable, t: LoadTarget): string {
    const guards = loadGuards(table).flatMap((g) => [
        `    ${g.count};`,
        `    IF ${AVAILABLE} = 0 THEN`,
        `        ${logRow(table.view, "skipped", "0", g.note)};`,
        "        RETURN;",
        "    END IF;",
    ]);
    const body = [...guards, ...loadStatements(table, t).map((s) => `    ${s};`), `    ${logRow(table.view, "loaded", AVAILABLE, "COPY and Spectrum")};`];
    return [
        `CREATE OR REPLACE PROCEDURE ${loadProcedure(table)}(${LOAD_DAY} DATE)`,
        "AS $$",
        "DECLARE",
        `    ${AVAILABLE} BIGINT;`,
        "BEGIN",
        ...body,
        "END;",
        "$$ LANGUAGE plpgsql",
    ].join("\n");
}

/** The procedure call for yesterday (UTC): the ETL at 04:00 has finished that day's views. */
export function callLoad(table: CuratedTable): string {
    return `CALL ${loadProcedure(table)}(CURRENT_DATE - 1)`;
}

/**
 * The batch the scheduler sends for one view (BatchExecuteStatement runs it as one transaction):
 * the Spectrum schema, the load log and the view's tables if missing, its procedure, the call.
 * One batch per view: a view that fails rolls back only itself.
 */
export function viewLoadBatch(table: CuratedTable, t: LoadTarget): string[] {
    return [createExternalSchema(t), createLoadLog(), createTable(table), createTable(table, SPECTRUM_SUFFIX), createLoadProcedure(table, t), callLoad(table)];
}

/** Example queries over the loaded tables, shown in the README (reference 001's two questions, and 002's click-through rate). */
export const EXAMPLE_QUERIES: { title: string; sql: string }[] = [
    {
        title: "Closed deals and their declared monthly revenue per seller (001)",
        sql: [
            "SELECT seller_id, deals, deal_value",
            "FROM public.seller_performance",
            "WHERE deals > 0",
            "ORDER BY deals DESC, deal_value DESC",
            "LIMIT 20;",
        ].join("\n"),
    },
    {
        title: "Average review score per seller (001)",
        sql: [
            "SELECT seller_id, review_count, ROUND(avg_review_score, 2) AS avg_review_score",
            "FROM public.seller_performance",
            "WHERE review_count > 0",
            "ORDER BY avg_review_score DESC, review_count DESC",
            "LIMIT 20;",
        ].join("\n"),
    },
    {
        title: "Click-through rate per ad over the last 7 loaded days, COPY and Spectrum side by side (002)",
        sql: [
            "SELECT c.ad_id, SUM(c.clicks)::FLOAT / NULLIF(SUM(c.impressions), 0) AS ctr_copy,",
            "       SUM(s.clicks)::FLOAT / NULLIF(SUM(s.impressions), 0) AS ctr_spectrum",
            "FROM public.advertising c",
            "JOIN public.advertising_spectrum s ON s.ad_id = c.ad_id AND s.event_date = c.event_date",
            "WHERE c.event_date >= CURRENT_DATE - 7",
            "GROUP BY c.ad_id",
            "ORDER BY ctr_copy DESC;",
        ].join("\n"),
    },
];
