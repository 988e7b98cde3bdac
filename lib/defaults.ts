/**
 * How a component applies its own defaults (issue 17: props-first), and how it refuses settings
 * AWS would refuse: each issue naming its setting, so a program fails before deploying.
 */

/** The fields `defaults` names, each `values`' own unless it leaves it out (or sets it to undefined). */
export function withDefaults<T extends object, D extends object>(
    values: T,
    defaults: D,
): { [K in keyof D]-?: K extends keyof T ? Exclude<T[K], undefined> | D[K] : D[K] } {
    const given = values as Record<string, unknown>;
    return Object.fromEntries(Object.entries(defaults).map(([key, fallback]) => [key, given[key] ?? fallback])) as never;
}

/** Throws `<component>: <setting>: <message>; ...` when there are issues. */
export function refuse(component: string, issues: readonly { setting: PropertyKey; message: string }[]): void {
    if (issues.length) throw new Error(`${component}: ${issues.map((i) => `${String(i.setting)}: ${i.message}`).join("; ")}`);
}
