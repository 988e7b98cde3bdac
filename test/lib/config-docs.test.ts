/**
 * The README's configuration table and Pulumi.yaml's config block are generated from
 * lib/config-docs.ts (descriptions there, defaults from the resolved config): the committed files
 * must equal what scripts/config-docs.ts writes, and every key the schema accepts must be documented.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { configSchema } from "../../lib/config";
import {
    CONFIG_DOCS,
    PULUMI_YAML_DOCS,
    PULUMI_YAML_END,
    PULUMI_YAML_START,
    README_TABLE_END,
    README_TABLE_START,
    pulumiYamlConfig,
    readmeDefault,
    readmeTable,
    replaceBetween,
    resolveDefaults,
} from "../../lib/config-docs";
import { knownKeysAt } from "../../lib/config-keys";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const STALE = "stale: run scripts/config-docs.ts (npx ts-node --transpile-only scripts/config-docs.ts, then npx prettier --write README.md)";

/**
 * Every key path the schema accepts down to its leaves. A list's elements and a free-keyed map's
 * values are written `[]` (knownKeysAt steps into either with any key): `streams[].compression`, `curation[].casts`.
 */
function schemaLeaves(prefix: (string | number)[] = [], shown = ""): string[] {
    const keys = knownKeysAt(configSchema, prefix);
    if (keys.length === 0) return knownKeysAt(configSchema, [...prefix, 0]).length ? schemaLeaves([...prefix, 0], `${shown}[]`) : [shown];
    return keys.flatMap((key) => schemaLeaves([...prefix, key], shown ? `${shown}.${key}` : key));
}

/** The README rows' keys in the same notation: a map's free key (`curation.<dataset>`) as `[]`. */
const rowKeys = () => CONFIG_DOCS.map((d) => d.key.replace(/\.<[^>]+>/g, "[]"));

/** `leaf` is `row`, or lies in it (a group, list or map the row documents as a whole). */
const within = (leaf: string, row: string) => leaf === row || leaf.startsWith(`${row}.`) || leaf.startsWith(`${row}[]`);

describe("configuration docs are generated from lib/config-docs.ts", () => {
    const resolved = resolveDefaults();

    it("README.md's configuration table is what scripts/config-docs.ts writes", () => {
        const current = read("README.md");
        const generated = replaceBetween(current, README_TABLE_START, README_TABLE_END, readmeTable(resolved));
        expect(current === generated, `README.md ${STALE}`).to.equal(true);
    });

    it("Pulumi.yaml's config block is what scripts/config-docs.ts writes", () => {
        const current = read("Pulumi.yaml");
        const generated = replaceBetween(current, PULUMI_YAML_START, PULUMI_YAML_END, pulumiYamlConfig(resolved));
        expect(current === generated, `Pulumi.yaml ${STALE}`).to.equal(true);
    });

    it("Pulumi.yaml declares only keys with a default (the engine requires the others)", () => {
        const declared: Record<string, { default?: unknown }> = parse(read("Pulumi.yaml")).config ?? {};
        expect(Object.entries(declared).filter(([, d]) => d.default === undefined)).to.deep.equal([]);
    });

    it("every key the schema accepts has a README row (itself or the list, map or group it belongs to)", () => {
        const leaves = schemaLeaves();
        expect(leaves).to.include.members([
            "processor.memoryMb",
            "streams[].compression",
            "zones[].lifecycle.expireDays",
            "redshift.serverless.maxRpu",
            "curation[].casts",
        ]);
        const rows = rowKeys();
        // A list element's name is its identity, documented by the list's own row.
        const undocumented = leaves.filter((leaf) => !rows.some((row) => within(leaf, row)) && !/^(zones|streams)\[\]\.name$/.test(leaf));
        expect(undocumented, "add a row to CONFIG_DOCS in lib/config-docs.ts").to.deep.equal([]);
    });

    it("every top-level key has a Pulumi.yaml description, and every README row is a key the schema accepts", () => {
        expect(Object.keys(PULUMI_YAML_DOCS)).to.have.members(knownKeysAt(configSchema, []));
        const leaves = schemaLeaves();
        expect(rowKeys().filter((row) => !leaves.some((leaf) => within(leaf, row)))).to.deep.equal([]);
    });

    it("a row documented as unset fails to generate when the config resolves a default for it", () => {
        const doc = { ...CONFIG_DOCS.find((d) => d.key === "processor.memoryMb")!, unset: "none" };
        expect(() => readmeDefault(doc, resolved)).to.throw(/processor\.memoryMb: documented as unset/);
    });
});
