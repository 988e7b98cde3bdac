/**
 * drop -> raw against the dataset contracts (lib/contract DatasetContract): the DuckDB type of each
 * column written, as a contract type family, and the object's breaks. Recorded in the raw object's
 * metadata (ObjectMeta.contractBreaks) rather than quarantined: the object is still what was sent,
 * exactly, and curation decides what a missing or retyped column means; a quarantine would hold
 * back every later object of a dataset whose producer added a column.
 */
import { type ContractBreak, type ContractColumnType, type ContractColumns, contractBreaks } from "../../lib/contract";

const FAMILIES: [RegExp, ContractColumnType][] = [
    [/^(VARCHAR|UUID|JSON)$/, "string"],
    [/^BOOLEAN$/, "boolean"],
    [/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/, "bigint"],
    [/^DECIMAL\(\d+,\s*\d+\)$/, "decimal"],
    [/^(FLOAT|DOUBLE)$/, "double"],
    [/^DATE$/, "date"],
    [/^TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?$/, "timestamp"],
    [/^BLOB$/, "binary"],
    [/\[\d*\]$/, "array"],
    [/^STRUCT\(/, "struct"],
    [/^MAP\(/, "map"],
];

/** The contract type family of a DuckDB type name; a type outside them (TIME, INTERVAL, ...) as its own lower-case name. */
export function duckdbTypeFamily(type: string): string {
    const t = type.trim().toUpperCase();
    const family = FAMILIES.find(([pattern]) => pattern.test(t))?.[1];
    return family ?? t.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

/** The object's breaks against its dataset's contract, or undefined when the dataset has none. */
export function checkContract(contracts: ContractColumns, dataset: string, columns: readonly { name: string; type: string }[]): ContractBreak[] | undefined {
    const expected = contracts[dataset];
    if (!expected) return undefined;
    return contractBreaks(
        expected,
        columns.map((c) => ({ name: c.name, type: duckdbTypeFamily(c.type) })),
    );
}
