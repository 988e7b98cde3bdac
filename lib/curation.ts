/**
 * The zod schema of a curation rule (lib/contract CurationRule), validated by the stack config
 * (lib/config) before the rules reach the curate job's `--curation_rules`. Its own module so
 * that lib/contract.ts (bundled into every function) stays without zod; written with zod/mini,
 * which tree-shakes.
 */
import * as z from "zod/mini";
import { CURATION_CAST_TYPES } from "./contract";

const columnName = z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, "a normalised column name (snake_case)"));

export const curationRuleSchema = z
    .strictObject({
        keyColumns: z.optional(z.array(columnName).check(z.minLength(1))),
        orderColumn: z.optional(columnName),
        casts: z.optional(z.record(columnName, z.enum(CURATION_CAST_TYPES))),
        renames: z.optional(z.record(columnName, columnName)),
        dropColumns: z.optional(z.array(columnName)),
    })
    .check(
        z.superRefine((rule, ctx) => {
            const dropped = new Set(rule.dropColumns ?? []);
            for (const key of rule.keyColumns ?? []) {
                if (dropped.has(key)) ctx.addIssue({ code: "custom", message: `key column '${key}' is also dropped` });
            }
            for (const from of Object.keys(rule.renames ?? {})) {
                if (dropped.has(from)) ctx.addIssue({ code: "custom", message: `renamed column '${from}' is also dropped` });
            }
            if (rule.orderColumn !== undefined) {
                // The latest row of a key wins by it: without keys there is nothing to choose between.
                if (!rule.keyColumns)
                    ctx.addIssue({ code: "custom", message: `orderColumn '${rule.orderColumn}' needs keyColumns (rows without keys are appended)` });
                if (dropped.has(rule.orderColumn)) ctx.addIssue({ code: "custom", message: `orderColumn '${rule.orderColumn}' is also dropped` });
            }
            const targets = Object.values(rule.renames ?? {});
            const twice = targets.filter((t, i) => targets.indexOf(t) !== i);
            if (twice.length) ctx.addIssue({ code: "custom", message: `several columns renamed to '${twice[0]}'` });
        }),
    );
