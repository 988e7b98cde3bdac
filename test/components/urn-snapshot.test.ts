/**
 * URN snapshot: the sorted URNs (type, name, parent chain) of the dev and prod stacks under the
 * mocks, compared with test/snapshots/urns.<stack>.txt. A change means `pulumi up` would replace
 * (or orphan) a user's resources: make it deliberate (with `aliases` where it must happen) and
 * rewrite the files with `UPDATE_SNAPSHOTS=1 npx mocha test/urn-snapshot.test.ts`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { RecordedResource, runProgram } from "../../harness/program";

const SNAPSHOTS = path.join(__dirname, "../snapshots");

/**
 * The URN the Pulumi engine gives `r`: `urn:pulumi:<stack>::<project>::<ancestor types $ type>::<name>`.
 * The mock monitor puts only the parent's type in its URNs, so the chain is rebuilt here from the
 * recorded parents (the root stack, never recorded, adds no type, as in the engine).
 */
function engineUrn(r: RecordedResource, byUrn: Map<string, RecordedResource>): string {
    const types: string[] = [];
    for (let at: RecordedResource | undefined = r; at; at = at.parent ? byUrn.get(at.parent) : undefined) types.unshift(at.type);
    const stackAndProject = r.urn.split("::").slice(0, 2).join("::");
    return `${stackAndProject}::${types.join("$")}::${r.name}`;
}

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
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            const urns = [...new Set(resources.map((r) => engineUrn(r, byUrn)))].sort();
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
