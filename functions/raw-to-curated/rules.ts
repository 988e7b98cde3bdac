/**
 * Reads and validates the per-dataset curation rules the stack passes in CURATION_RULES, once at
 * init, so a bad declaration stops the function with a message instead of failing every object.
 */
import { z } from "zod";
import { CURATION_CAST_TYPES, CurationRule, ProcessorEnv } from "../../lib/contract";

const column = z.string().min(1);

const ruleSchema = z
    .object({
        keyColumns: z.array(column).min(1).optional(),
        casts: z.record(column, z.enum(CURATION_CAST_TYPES)).optional(),
        renames: z.record(column, column).optional(),
        dropColumns: z.array(column).optional(),
    })
    .strict()
    .superRefine((rule, ctx) => {
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
    });

const rulesSchema = z.record(z.string().min(1), ruleSchema);

/** Parses CURATION_RULES; an unset or empty value means no dataset is curated (all copied). */
export function parseCurationRules(json: string | undefined): Record<string, CurationRule> {
    if (!json?.trim()) return {};
    let raw: unknown;
    try {
        raw = JSON.parse(json);
    } catch (e) {
        throw new Error(`${ProcessorEnv.curationRules} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = rulesSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
        throw new Error(
            `${ProcessorEnv.curationRules} is not a valid Record<dataset, CurationRule>: ${problems.join("; ")}. ` +
                `Allowed cast types: ${CURATION_CAST_TYPES.join(", ")}`,
        );
    }
    return parsed.data;
}
