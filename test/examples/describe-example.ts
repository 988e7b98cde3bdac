/**
 * What every example's test checks besides its own claims: it type-checks with the project's
 * compiler options, runs under the mocks as its own project (harness/example-runner `runExample`),
 * passes the whole policy pack with no violation and keeps its committed URNs
 * (test/snapshots/examples/<name>.urns.txt; `UPDATE_SNAPSHOTS=1` rewrites it).
 */
import { expect } from "chai";
import { exampleTypeErrors, exampleUrns, runExample } from "../../harness/example-runner";
import { RecordedResource } from "../../harness/program";
import { describeViolations, evaluate } from "../policy/harness";

/** `describe("examples/<name>")` with the common checks around `body`'s, which reads the recorded resources through `resources()`. */
export function describeExample(name: string, body: (resources: () => RecordedResource[]) => void): void {
    describe(`examples/${name}`, function () {
        this.timeout(300_000);
        let recorded: RecordedResource[] = [];
        before(async () => {
            recorded = await runExample(name);
        });

        it("type-checks with the project's compiler options", function () {
            this.timeout(300_000); // a full type-check of the example and the declarations it reaches
            expect(exampleTypeErrors(name)).to.deep.equal([]);
        });

        body(() => recorded);

        it("passes the policy pack with no violation", async () => {
            const violations = await evaluate(recorded);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });

        it("keeps its committed URNs", () => {
            const { actual, committed } = exampleUrns(name, recorded);
            expect(actual).to.deep.equal(committed);
        });
    });
}
