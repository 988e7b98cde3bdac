/**
 * The zod schema of a dataset contract (lib/contract DatasetContract), validated by the stack
 * config (lib/config) before the contracts reach drop -> raw (DATASET_CONTRACTS), the big-object
 * job and the curate job (`--pii_columns`); and what those get of it. Its own module so that
 * lib/contract.ts (bundled into every function) stays without zod; written with zod/mini, as
 * lib/curation.ts.
 */
import * as z from "zod/mini";
import { CONTRACT_COLUMN_TYPES, ProcessorEnv, type ContractColumns, type CurationRule, type DatasetContract } from "./contract";

const columnName = z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, "a normalised column name (snake_case, as drop -> raw writes it)"));
const columnList = z.array(columnName).check(
    z.minLength(1),
    z.refine((cs) => new Set(cs).size === cs.length, "each column once"),
);

export const datasetContractSchema = z
    .strictObject({
        /** Expected columns -> type (one of CONTRACT_COLUMN_TYPES). */
        columns: z.record(columnName, z.enum(CONTRACT_COLUMN_TYPES)).check(z.refine((c) => Object.keys(c).length > 0, "at least one column")),
        /** Columns that identify a row. */
        keyColumns: z.optional(columnList),
        /** Columns holding personal data. */
        piiColumns: z.optional(columnList),
    })
    .check(
        z.superRefine((contract, ctx) => {
            const declared = Object.keys(contract.columns);
            for (const [field, list] of [
                ["keyColumns", contract.keyColumns],
                ["piiColumns", contract.piiColumns],
            ] as const) {
                for (const column of list ?? []) {
                    if (!(column in contract.columns))
                        ctx.addIssue({ code: "custom", path: [field], message: `'${column}' is not one of the contract's columns (${declared.join(", ")})` });
                }
            }
        }),
    );

/**
 * Lambda's environment holds 4 KB in all (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
 * DATASET_CONTRACTS may take half of it, the processor's other variables the rest.
 */
export const CONTRACT_COLUMNS_ENV_MAX_BYTES = 2048;

/** The expected columns of every dataset with a contract: DATASET_CONTRACTS, and the big-object job's `--contract_columns`. */
export function contractColumns(contracts: Record<string, DatasetContract>): ContractColumns {
    return Object.fromEntries(Object.entries(contracts).map(([dataset, c]) => [dataset, c.columns]));
}

/**
 * The pii columns (`piiColumns`) by their curated names (the curation rule's renames; dropped ones gone), as the
 * curate job masks them (etl/lakeetl/masking.py mask_pii): the curated tables declare them, as
 * strings, and Lake Formation tags them.
 */
export function curatedPiiColumns(pii: Record<string, string[]>, curation: Record<string, CurationRule>): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(pii).flatMap(([dataset, columns]) => {
            const rule = curation[dataset] ?? {};
            const kept = columns.filter((c) => !(rule.dropColumns ?? []).includes(c)).map((c) => rule.renames?.[c] ?? c);
            return kept.length ? [[dataset, kept]] : [];
        }),
    );
}

/** The pii columns of every dataset that has some (the curate job's `--pii_columns`). */
export function piiColumns(contracts: Record<string, DatasetContract>): Record<string, string[]> {
    return Object.fromEntries(Object.entries(contracts).flatMap(([dataset, c]) => (c.piiColumns?.length ? [[dataset, [...c.piiColumns]]] : [])));
}

/** A rule across `contracts` and the other keys that failed: the key it names and why. */
export interface ContractIssue {
    path: (string | number)[];
    message: string;
}

/**
 * The rules between `contracts` and `curation`: a dataset's key columns, when both give them, are
 * the same (in order: MERGE matches on them); and the contracts' columns fit DATASET_CONTRACTS.
 */
export function contractIssues(contracts: Record<string, DatasetContract>, curation: Record<string, CurationRule>): ContractIssue[] {
    const issues: ContractIssue[] = [];
    for (const [dataset, contract] of Object.entries(contracts)) {
        const curated = curation[dataset]?.keyColumns;
        if (contract.keyColumns && curated && contract.keyColumns.join(",") !== curated.join(",")) {
            issues.push({
                path: ["contracts", dataset, "keyColumns"],
                message: `must equal curation.${dataset}.keyColumns (${JSON.stringify(curated)}): the curated table MERGEs on those; give the same columns in the same order, or leave one of them out`,
            });
        }
    }
    const bytes = Buffer.byteLength(JSON.stringify(contractColumns(contracts)));
    if (bytes > CONTRACT_COLUMNS_ENV_MAX_BYTES) {
        issues.push({
            path: ["contracts"],
            message: `the contracts' columns take ${bytes} bytes as the drop -> raw function's ${ProcessorEnv.datasetContracts} variable; at most ${CONTRACT_COLUMNS_ENV_MAX_BYTES} fit beside its other variables in Lambda's 4 KB environment: declare fewer columns (the ones that matter downstream)`,
        });
    }
    return issues;
}

/**
 * The same rules for a program that gives DataLake its contracts directly (no stack config): each
 * issue names its setting (`contracts.<dataset>...`), as lib/defaults.ts `refuse` reports it.
 */
export function contractSettingIssues(
    contracts: Record<string, DatasetContract>,
    curation: Record<string, CurationRule>,
): { setting: string; message: string }[] {
    const schemaIssues = Object.entries(contracts).flatMap(([dataset, contract]) => {
        const parsed = datasetContractSchema.safeParse(contract);
        return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: ["contracts", dataset, ...i.path.map(String)], message: i.message }));
    });
    return [...schemaIssues, ...(schemaIssues.length ? [] : contractIssues(contracts, curation))].map((i) => ({
        setting: i.path.join("."),
        message: i.message,
    }));
}
