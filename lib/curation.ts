/**
 * The zod schema of a curation rule (lib/contract CurationRule), validated twice with the same
 * rules: by the stack config (lib/config) and by the raw -> curated function on CURATION_RULES
 * at init. Its own module so that lib/contract.ts (bundled into every function) stays without zod;
 * written with zod/mini, which tree-shakes, so the function bundle carries ~50 KB of zod, not ~450.
 */
import * as z from "zod/mini";
import { CURATION_CAST_TYPES } from "./contract";

const columnName = z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, "a normalised column name (snake_case)"));

export const curationRuleSchema = z
    .strictObject({
        keyColumns: z.optional(z.array(columnName).check(z.minLength(1))),
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
            const targets = Object.values(rule.renames ?? {});
            const twice = targets.filter((t, i) => targets.indexOf(t) !== i);
            if (twice.length) ctx.addIssue({ code: "custom", message: `several columns renamed to '${twice[0]}'` });
        }),
    );
