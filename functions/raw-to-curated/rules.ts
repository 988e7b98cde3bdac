/**
 * Reads and validates the per-dataset curation rules the stack passes in CURATION_RULES, once at
 * init, so a bad declaration stops the function with a message instead of failing every object.
 */
import * as z from "zod/mini";
import { CURATION_CAST_TYPES, CurationRule, ProcessorEnv } from "../../lib/contract";
import { curationRuleSchema } from "../../lib/curation";

const rulesSchema = z.record(z.string().check(z.minLength(1)), curationRuleSchema);

/** Parses CURATION_RULES; an unset or empty value means no dataset is curated (all copied). */
export function parseCurationRules(json: string | undefined): Record<string, CurationRule> {
    if (!json?.trim()) return {};
    let raw: unknown;
    try {
        raw = JSON.parse(json);
    } catch (e) {
        throw new Error(`${ProcessorEnv.curationRules} is not valid JSON: ${(e as Error).message}`, { cause: e });
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
