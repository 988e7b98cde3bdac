/**
 * A dataset's quality rules (lib/contract QualityRule) as a Glue Data Quality DQDL ruleset, one
 * DQDL rule per check, in a fixed order (the curate job labels each check it evaluates with the same
 * text, etl/lakeetl/quality.py `checks`, so a quarantined row names the DQDL rule it failed). Pure.
 *
 * Rule forms (AWS Glue DQDL rule type reference):
 * - completeness 1 -> `IsComplete "c"` (row level); below 1 -> `Completeness "c" >= f` (table level)
 * - uniqueKey -> `IsPrimaryKey "a" "b"` (unique and complete, table level)
 * - ranges -> `(ColumnValues "c" >= min) OR (ColumnValues "c" = NULL)`, and the same with `<= max`:
 *   ColumnValues fails NULL rows, and a range leaves nulls to completeness; `>=`/`<=` rather than
 *   `between`, whose bounds DQDL does not document as inclusive (row level)
 * - allowedValues -> `ColumnValues "c" in ["a", "b", NULL]` (row level)
 * - rowCount -> `RowCount >= min`, `RowCount <= max` (table level)
 * - freshness -> `DataFreshness "c" <= N hours` (fails on nulls; table level here)
 */
import type { QualityRule } from "./contract";

export type QualityLevel = "row" | "table";

export interface DqdlRule {
    /** The DQDL rule text. */
    rule: string;
    /** Row level: failing rows are quarantined; table level: a failure stops the batch. */
    level: QualityLevel;
}

/** CreateDataQualityRuleset limits (AWS Glue API reference): Name 1-255, Description up to 2048, Ruleset 1-65536 characters. */
export const DQ_RULESET_LIMITS = { name: 255, description: 2048, ruleset: 65536 } as const;

/** A number as a DQDL literal: DQDL's lexer has no exponent (`DECIMAL: INT '.' INT`). */
export function dqdlNumber(n: number): string {
    if (!Number.isFinite(n)) throw new Error(`DQDL has no literal for ${n}`);
    const plain = Math.abs(n) >= 1e-6 || n === 0 ? String(n) : n.toFixed(20).replace(/0+$/, "");
    if (/e/i.test(plain)) throw new Error(`DQDL has no literal for ${n} (too large)`);
    return plain;
}

/** A DQDL quoted string (QUOTED_STRING: `\"` and `\\` are its escapes). */
export function dqdlString(s: string): string {
    return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const orNull = (column: string, condition: string) => `(ColumnValues ${dqdlString(column)} ${condition}) OR (ColumnValues ${dqdlString(column)} = NULL)`;

/** The rules of `q` in DQDL, in the order the curate job evaluates them. */
export function dqdlRules(q: QualityRule): DqdlRule[] {
    const rules: DqdlRule[] = [];
    for (const [column, fraction] of Object.entries(q.completeness ?? {})) {
        rules.push(
            fraction >= 1
                ? { rule: `IsComplete ${dqdlString(column)}`, level: "row" }
                : { rule: `Completeness ${dqdlString(column)} >= ${dqdlNumber(fraction)}`, level: "table" },
        );
    }
    if (q.uniqueKey?.length) rules.push({ rule: `IsPrimaryKey ${q.uniqueKey.map(dqdlString).join(" ")}`, level: "table" });
    for (const [column, { min, max }] of Object.entries(q.ranges ?? {})) {
        if (min !== undefined) rules.push({ rule: orNull(column, `>= ${dqdlNumber(min)}`), level: "row" });
        if (max !== undefined) rules.push({ rule: orNull(column, `<= ${dqdlNumber(max)}`), level: "row" });
    }
    for (const [column, values] of Object.entries(q.allowedValues ?? {})) {
        rules.push({ rule: `ColumnValues ${dqdlString(column)} in [${[...values.map(dqdlString), "NULL"].join(", ")}]`, level: "row" });
    }
    if (q.rowCount?.min !== undefined) rules.push({ rule: `RowCount >= ${dqdlNumber(q.rowCount.min)}`, level: "table" });
    if (q.rowCount?.max !== undefined) rules.push({ rule: `RowCount <= ${dqdlNumber(q.rowCount.max)}`, level: "table" });
    if (q.freshness) rules.push({ rule: `DataFreshness ${dqdlString(q.freshness.column)} <= ${q.freshness.maxAgeHours} hours`, level: "table" });
    return rules;
}

/** The DQDL ruleset document of `q`: `Rules = [ ... ]`, one rule a line. */
export function dqdlRuleset(q: QualityRule): string {
    const rules = dqdlRules(q);
    if (rules.length === 0) throw new Error("a DQDL ruleset needs at least one rule");
    const text = `Rules = [\n${rules.map((r) => `    ${r.rule}`).join(",\n")}\n]`;
    if (text.length > DQ_RULESET_LIMITS.ruleset) throw new Error(`the DQDL ruleset is ${text.length} characters, above Glue's ${DQ_RULESET_LIMITS.ruleset}`);
    return text;
}
