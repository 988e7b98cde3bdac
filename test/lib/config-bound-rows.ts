/** The refusal texts and integer-range rows the config boundary tables (config-*bounds.test.ts) share. */

export const tooSmall = (n: number) => `Too small: expected number to be >=${n}`;
export const tooBig = (n: number) => `Too big: expected number to be <=${n}`;
export const NOT_INT = "Invalid input: expected int, received number";
export const oneOf = (...values: string[]) => `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join("|")}`;

/** An integer range's rows: both ends taken; one past each end, and a fraction inside, refused. */
export const intRange = (min: number, max: number, fraction = min + 0.5): { inside: unknown[]; outside: [unknown, string][] } => ({
    inside: [min, max],
    outside: [
        [min - 1, tooSmall(min)],
        [max + 1, tooBig(max)],
        [fraction, NOT_INT],
    ],
});
