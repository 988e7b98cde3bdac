/**
 * Rewrites the README's configuration table and Pulumi.yaml's config block from lib/config-docs.ts
 * (descriptions there, defaults from the resolved config): `npx ts-node --transpile-only scripts/config-docs.ts`,
 * then `npx prettier --write README.md`. test/lib/config-docs.test.ts fails while either is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    PULUMI_YAML_END,
    PULUMI_YAML_START,
    README_TABLE_END,
    README_TABLE_START,
    pulumiYamlConfig,
    readmeTable,
    replaceBetween,
    resolveDefaults,
} from "../lib/config-docs";

const ROOT = path.resolve(__dirname, "..");
const resolved = resolveDefaults();
for (const [file, start, end, body] of [
    ["README.md", README_TABLE_START, README_TABLE_END, readmeTable(resolved)],
    ["Pulumi.yaml", PULUMI_YAML_START, PULUMI_YAML_END, pulumiYamlConfig(resolved)],
]) {
    const target = path.join(ROOT, file);
    fs.writeFileSync(target, replaceBetween(fs.readFileSync(target, "utf8"), start, end, body));
    process.stdout.write(`wrote ${file}\n`);
}
