/**
 * The README's configuration table and the Pulumi.yaml config descriptions against the defaults
 * lib/config.ts applies, so the three cannot drift: every default is a README row whose default
 * cell names it, and its Pulumi.yaml description (a declaration with a default, or a comment for
 * an optional key) says `<key> <default>`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { CONFIG_KEYS, CONFIG_NAMESPACE, LakeConfig, parseConfig } from "../../lib/config";

const ROOT = path.resolve(__dirname, "../..");

/** A default as the docs may write it: the value itself, `none` for an empty list, bytes also in KiB/MiB/GiB. */
function renderings(key: string, value: unknown): string[] {
    if (Array.isArray(value)) return value.length === 0 ? ["none", "[]"] : [value.join(", ")];
    const out = [String(value)];
    if (typeof value === "number" && /Bytes$/.test(key)) {
        for (const [unit, size] of [
            ["GiB", 1024 ** 3],
            ["MiB", 1024 ** 2],
            ["KiB", 1024],
        ] as const) {
            if (value % size === 0) out.push(`${value / size} ${unit}`);
        }
    }
    return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Default {
    /** README key, e.g. `processor.memoryMb`, `streams[].compression`. */
    key: string;
    dev: unknown;
    prod: unknown;
}

/** Every scalar (or list) default the config applies, from parsing empty dev and prod configs. */
function defaults(): Default[] {
    const withApiIngest = { etl: { apiIngest: { repos: ["owner/name"] } } };
    const dev = parseConfig(withApiIngest);
    const prod = parseConfig({ ...withApiIngest, environment: "prod" });
    const out: Default[] = [];
    const add = (key: string, pick: (c: LakeConfig) => unknown) => out.push({ key, dev: pick(dev), prod: pick(prod) });
    add("environment", (c) => (c === prod ? dev.environment : c.environment));
    add("logRetentionDays", (c) => c.logRetentionDays);
    const groups = {
        processor: (c: LakeConfig) => c.processor,
        ingestApi: (c: LakeConfig) => c.ingestApi,
        catalog: (c: LakeConfig) => c.catalog,
        athena: (c: LakeConfig) => c.athena,
        etl: (c: LakeConfig) => c.etl,
        realtime: (c: LakeConfig) => c.realtime,
        serving: (c: LakeConfig) => c.serving,
        "etl.apiIngest": (c: LakeConfig) => c.etl.apiIngest!,
        "streams[]": (c: LakeConfig) => c.streams[0],
        "zones[].lifecycle": (c: LakeConfig) => c.zones[0].lifecycle,
        operations: (c: LakeConfig) => c.operations,
        governance: (c: LakeConfig) => c.governance,
        "governance.trail": (c: LakeConfig) => c.governance.trail,
    };
    for (const [group, pick] of Object.entries(groups)) {
        for (const [leaf, value] of Object.entries(pick(dev) as object)) {
            if (value !== null && typeof value === "object" && !Array.isArray(value)) continue; // maps (routes) and nested groups
            if (group === "streams[]" && leaf === "name") continue;
            if (group === "etl.apiIngest" && leaf === "repos") continue; // required, no default
            if (group === "zones[].lifecycle" && !["noncurrentExpireDays", "abortMultipartDays"].includes(leaf)) continue; // by role: a row of its own
            add(`${group}.${leaf}`, (c) => (pick(c) as Record<string, unknown>)[leaf]);
        }
    }
    return out;
}

/** The README's configuration table: key -> default cell. */
function readmeRows(): Map<string, string> {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = text.slice(text.indexOf("## Configuration reference"));
    const rows = new Map<string, string>();
    for (const line of section.split("\n")) {
        const m = /^\| `([^`]+)` \| ([^|]*) \|/.exec(line);
        if (m) rows.set(m[1], m[2].replace(/`/g, "").trim());
        else if (rows.size > 0 && !line.startsWith("|")) break;
    }
    return rows;
}

/**
 * Pulumi.yaml's config documentation: the keys declared under `config:` (with a `default`, or the
 * engine would require them) and the optional keys documented in `# datalake:<key>: ...` comments.
 */
function pulumiYamlConfig(): Record<string, { description?: string; default?: unknown }> {
    const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    const declared: Record<string, { description?: string; default?: unknown }> = parse(text).config ?? {};
    const required = Object.entries(declared)
        .filter(([, d]) => d.default === undefined)
        .map(([k]) => k);
    expect(required, "declared config keys without a default are required by the engine").to.deep.equal([]);
    const documented = [...text.matchAll(new RegExp(`^# (${CONFIG_NAMESPACE}:\\w+): (.+)$`, "gm"))].map((m) => [m[1], { description: m[2] }]);
    return { ...Object.fromEntries(documented), ...declared };
}

describe("configuration docs match lib/config.ts defaults", () => {
    const all = defaults();
    const rows = readmeRows();
    const yamlConfig = pulumiYamlConfig();

    it("the README has a row for every default, naming it", () => {
        const wrong = all.flatMap((d) => {
            const cell = rows.get(d.key);
            if (cell === undefined) return [`${d.key}: no row`];
            const expected = same(d.dev, d.prod)
                ? renderings(d.key, d.dev)
                : renderings(d.key, d.dev).flatMap((v) => renderings(d.key, d.prod).map((p) => `${v} (dev), ${p} (prod)`));
            return expected.includes(cell) ? [] : [`${d.key}: README says "${cell}", lib/config.ts applies ${expected[0]}`];
        });
        expect(wrong, wrong.join("\n")).to.deep.equal([]);
    });

    it("every README row is a config key and every config key has a row", () => {
        const top = (k: string) => k.split(/[.[]/)[0];
        expect([...rows.keys()].filter((k) => !(CONFIG_KEYS as string[]).includes(top(k)))).to.deep.equal([]);
        expect(CONFIG_KEYS.filter((k) => ![...rows.keys()].some((r) => top(r) === k))).to.deep.equal([]);
    });

    it("Pulumi.yaml describes every key and states every default as `<key> <default>`", () => {
        const wrong: string[] = [];
        for (const key of CONFIG_KEYS) {
            if (!yamlConfig[`${CONFIG_NAMESPACE}:${key}`]?.description) wrong.push(`${key}: no description`);
        }
        for (const d of all) {
            const [top, ...rest] = d.key.replace("[]", "").split(".");
            const entry = yamlConfig[`${CONFIG_NAMESPACE}:${top}`] ?? {};
            const leaf = rest[rest.length - 1];
            const description = entry.description ?? "";
            if (!leaf) {
                const stated = same(d.dev, d.prod)
                    ? entry.default === d.dev || description.includes(`Default ${d.dev}`)
                    : description.includes(`${d.dev} in dev`) && description.includes(`${d.prod} in prod`);
                if (!stated) wrong.push(`${d.key}: Pulumi.yaml does not state ${same(d.dev, d.prod) ? d.dev : `${d.dev} in dev, ${d.prod} in prod`}`);
            } else if (!renderings(leaf, d.dev).some((v) => description.includes(`${leaf} ${v}`))) {
                wrong.push(`${d.key}: Pulumi.yaml ${CONFIG_NAMESPACE}:${top} does not say "${leaf} ${renderings(leaf, d.dev)[0]}"`);
            }
        }
        expect(wrong, wrong.join("\n")).to.deep.equal([]);
    });
});
