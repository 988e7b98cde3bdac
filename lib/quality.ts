/**
 * The zod schema of a dataset's data quality rules (lib/contract QualityRule), validated by the
 * stack config (lib/config) before the rules become a DQDL ruleset (lib/quality-dqdl.ts) and the
 * curate job's `--quality_rules`. Its own module so that lib/contract.ts stays without zod;
 * written with zod/mini, which tree-shakes. Every bound is one DQDL can spell (lib/quality-dqdl.ts
 * `dqdlNumber`): finite, at most 15 significant digits.
 */
import * as z from "zod/mini";

const columnName = z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, "a curated column name (snake_case)"));

/** Numbers DQDL writes as plain decimals and Spark compares exactly as doubles. */
const MAX_ABS = 1e15;
const bound = z.number().check(z.refine((n) => Number.isFinite(n) && Math.abs(n) < MAX_ABS, `a finite number below ${MAX_ABS} in magnitude`));

const bounds = (what: string, count: boolean) =>
    z
        .strictObject({
            min: z.optional(count ? z.int().check(z.nonnegative()) : bound),
            max: z.optional(count ? z.int().check(z.nonnegative()) : bound),
        })
        .check(
            z.refine((b) => b.min !== undefined || b.max !== undefined, `${what}: give min, max or both`),
            z.refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, `${what}: min must not exceed max`),
        );

/**
 * A DQDL quoted string that is a date (`"2024-01-31"`) or a time (`"9:30 AM"`, `"21:30"`) is read
 * by DQDL's lexer as a DATE or TIME token, which an allowed-values list of strings cannot hold.
 */
const DQDL_DATE_OR_TIME = /^(\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2} (AM|PM)|\d{2}:\d{2})$/;

const allowedValues = z
    .array(
        z.string().check(
            z.refine((v) => !DQDL_DATE_OR_TIME.test(v), "DQDL reads a quoted date or time as a date, not a string: it cannot be an allowed value"),
            z.refine((v) => !/[\r\n]/.test(v), "a value on one line"),
        ),
    )
    .check(z.minLength(1));

export const qualityRuleSchema = z
    .strictObject({
        completeness: z.optional(z.record(columnName, z.number().check(z.refine((f) => f > 0 && f <= 1, "a fraction of rows in (0, 1]; 1 means every row")))),
        uniqueKey: z.optional(z.array(columnName).check(z.minLength(1))),
        ranges: z.optional(z.record(columnName, bounds("a range", false))),
        allowedValues: z.optional(z.record(columnName, allowedValues)),
        rowCount: z.optional(bounds("rowCount", true)),
        freshness: z.optional(
            z.strictObject({
                column: columnName,
                maxAgeHours: z.int().check(z.positive()),
            }),
        ),
    })
    .check(
        z.superRefine((rule, ctx) => {
            if (Object.values(rule).every((v) => v === undefined || (typeof v === "object" && Object.keys(v).length === 0)))
                ctx.addIssue({ code: "custom", message: "no rule: give at least one of completeness, uniqueKey, ranges, allowedValues, rowCount, freshness" });
            const key = rule.uniqueKey ?? [];
            const twice = key.filter((c, i) => key.indexOf(c) !== i);
            if (twice.length) ctx.addIssue({ code: "custom", message: `uniqueKey names '${twice[0]}' twice` });
        }),
    );
