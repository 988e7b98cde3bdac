/**
 * Rewrites the README's cost section from automation/prices.ts and the estimates of the mocked
 * stacks: `npx ts-node --transpile-only scripts/cost-docs.ts`, then `npx prettier --write README.md`.
 * test/automation/cost-docs.test.ts fails while it is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { README_COST_END, README_COST_START, costSection } from "../automation/cost-docs";
import { mockedEstimate } from "../harness/cost-resources";
import { replaceBetween } from "../lib/config-docs";

const README = path.resolve(__dirname, "..", "README.md");

costSection(mockedEstimate).then(
    (body) => {
        fs.writeFileSync(README, replaceBetween(fs.readFileSync(README, "utf8"), README_COST_START, README_COST_END, body));
        process.stdout.write("wrote README.md\n");
    },
    (e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
        process.exit(1);
    },
);
