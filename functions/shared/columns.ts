/** Column name normalisation shared by the processors: snake_case, unique, never empty. */

/** `OrderID` -> `order_id`, `Prix €` -> `prix`, `2024 sales` -> `col_2024_sales`, `` -> ``. */
export function snakeCase(name: string): string {
    const s = name
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");
    return /^[0-9]/.test(s) ? `col_${s}` : s;
}

/**
 * Normalised, unique names in input order: empty names become `column_<position>` (1-based),
 * repeats get `_2`, `_3`, ... (skipping any suffix already taken).
 */
export function normaliseColumnNames(names: readonly string[]): string[] {
    const taken = new Set<string>();
    return names.map((raw, i) => {
        const base = snakeCase(raw) || `column_${i + 1}`;
        let name = base;
        for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
        taken.add(name);
        return name;
    });
}
