/**
 * URN snapshot: the sorted URNs (type, name, parent chain) of the dev and prod stacks under the
 * mocks, compared with test/snapshots/urns.<stack>.txt. A change means `pulumi up` would replace
 * (or orphan) a user's resources: make it deliberate (with `aliases` where it must happen) and
 * rewrite the files with `UPDATE_SNAPSHOTS=1 npx mocha test/urn-snapshot.test.ts`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runProgram } from "../../harness/program";
import { engineUrns } from "../../harness/example-runner";

const SNAPSHOTS = path.join(__dirname, "../snapshots");

/** Lines that differ between two sorted lists, `-` for expected only, `+` for actual only. */
function diff(expected: string[], actual: string[]): string[] {
    const want = new Set(expected);
    const got = new Set(actual);
    return [...expected.filter((l) => !got.has(l)).map((l) => `- ${l}`), ...actual.filter((l) => !want.has(l)).map((l) => `+ ${l}`)];
}

describe("URN snapshot", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every resource URN is the committed one`, async () => {
            const resources = await runProgram(stack);
            const urns = [...new Set(engineUrns(resources))];
            expect(urns).to.have.length(resources.length, "two resources share a URN");
            const file = path.join(SNAPSHOTS, `urns.${stack}.txt`);
            if (process.env.UPDATE_SNAPSHOTS === "1") {
                fs.mkdirSync(SNAPSHOTS, { recursive: true });
                fs.writeFileSync(file, `${urns.join("\n")}\n`);
                return;
            }
            const committed = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
            const changes = diff(committed, urns);
            expect(
                changes,
                `URNs of ${stack} changed (UPDATE_SNAPSHOTS=1 rewrites ${path.relative(process.cwd(), file)}):\n${changes.join("\n")}\n`,
            ).to.deep.equal([]);
        });
    }
});
