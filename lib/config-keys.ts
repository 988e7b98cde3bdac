/**
 * Unknown config keys: every object of the config schema is strict, so a misspelt key
 * (`datalake:procesor`) fails instead of being ignored; this module finds the keys the schema
 * knows where the unknown one was written and the nearest of them, for the error line. Pure.
 */
import type { z } from "zod";

/**
 * Edits (insert, delete, substitute, swap two neighbours) between two strings: the optimal string
 * alignment distance, which counts the usual typo, a transposition, as one.
 */
export function editDistance(a: string, b: string): number {
    // d[i][j]: distance between the first i characters of a and the first j of b.
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/** The known key nearest to `key` (case ignored; the first declared wins a tie), or undefined when none is known. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    const distance = (k: string) => editDistance(key.toLowerCase(), k.toLowerCase());
    return known.reduce<string | undefined>((best, k) => (best === undefined || distance(k) < distance(best) ? k : best), undefined);
}

/** Wrappers that hold the schema of the same value (`.default()`, `.optional()`, ...). */
const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "nonoptional", "readonly", "catch"]);

interface Def {
    type: string;
    innerType?: z.ZodType;
    in?: z.ZodType;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    keyType?: z.ZodType;
    valueType?: z.ZodType;
    entries?: Record<string, string>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): Def {
    let def = defOf(schema);
    while (WRAPPERS.has(def.type) || def.type === "pipe") def = defOf((def.innerType ?? def.in)!);
    return def;
}

/**
 * The keys `schema` declares for the object at `path` (array indexes and record keys step into
 * their element): an object's fields, or an enum-keyed record's keys. Empty where keys are free.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
    let def = unwrap(schema);
    for (const step of path) {
        const next = def.type === "object" ? def.shape?.[String(step)] : def.type === "array" ? def.element : def.type === "record" ? def.valueType : undefined;
        if (!next) return [];
        def = unwrap(next);
    }
    if (def.type === "object") return Object.keys(def.shape!);
    const keys = def.type === "record" ? unwrap(def.keyType!) : undefined;
    return keys?.type === "enum" ? Object.values(keys.entries!) : [];
}

/** Why `key` is refused: unknown, and the known key nearest to it. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
    const nearest = nearestKey(key, known);
    return nearest === undefined ? "unknown key" : `unknown key: did you mean ${JSON.stringify(nearest)}?`;
}
