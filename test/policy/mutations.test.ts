/**
 * Mutation suite of the policy pack: every violation of the table (./mutations.ts) is injected
 * alone into a copy of the recorded dev and prod stacks, and the pack must flag it with the rule
 * the table names. Prints the mutation score; fails below 100%, or when the unmutated stacks are
 * not clean (so "caught" always means "caught by the mutation").
 */
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate } from "./harness";
import { Graph, Mutation, mutations } from "./mutations";

const STACKS = ["dev", "prod"] as const;

/** Deep copy of plain data (recorded runs are cached and shared); assets and the like are shared. */
function copy<T>(v: T): T {
    if (Array.isArray(v)) return v.map(copy) as T;
    if (v && typeof v === "object" && v.constructor === Object) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
    return v;
}

interface Outcome {
    mutation: Mutation;
    stack: (typeof STACKS)[number];
    /** Rules that reported a mandatory violation. */
    rules: string[];
}

describe("policy pack: mutation suite (third-party rules injected into the recorded stacks)", function () {
    this.timeout(300_000);
    const recorded = new Map<string, RecordedResource[]>();
    const outcomes: Outcome[] = [];

    before(async () => {
        for (const stack of STACKS) recorded.set(stack, await runProgram(stack));
    });

    it("the table has at least 40 violations, each with a third-party source, unique ids, and the issue's 16", () => {
        expect(mutations.length).to.be.at.least(40);
        expect(new Set(mutations.map((m) => m.id)).size).to.equal(mutations.length);
        expect(mutations.filter((m) => m.issue)).to.have.length(16);
        const source = /^(AwsSolutions-[A-Z0-9]+|[A-Z][A-Za-z0-9]*\.\d+|CKV2?_AWS_\d+|AC_AWS_\d{4}|AccessAnalyzer-[A-Za-z]+)$/;
        for (const m of mutations)
            expect(
                m.sources.filter((s) => !source.test(s)),
                m.id,
            ).to.deep.equal([]);
        expect(mutations.every((m) => m.sources.length > 0)).to.equal(true);
        const names = allPolicies.map((p) => p.name);
        expect(mutations.map((m) => m.by).filter((r) => !names.includes(r))).to.deep.equal([]);
    });

    for (const stack of STACKS) {
        it(`baseline: the unmutated ${stack} stack has 0 violations`, async () => {
            const violations = await evaluate(recorded.get(stack)!, { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    for (const m of mutations) {
        for (const stack of m.stacks ?? STACKS) {
            it(`${m.id} (${stack}; ${m.sources.join(", ")}): ${m.what}`, async () => {
                const graph = new Graph(stack, recorded.get(stack)!.map(copy));
                if (stack === "prod") graph.resources.forEach((r) => (r.protect = true));
                m.inject(graph);
                const violations = (await evaluate(graph.resources, { policies: allPolicies })).filter((v) => !v.advisory);
                outcomes.push({ mutation: m, stack, rules: [...new Set(violations.map((v) => v.policy))] });
                expect(
                    violations.map((v) => v.policy),
                    `not flagged by ${m.by}\n${describeViolations(violations)}`,
                ).to.include(m.by);
            });
        }
    }

    after(() => {
        const injected = mutations.flatMap((m) => (m.stacks ?? STACKS).map((stack) => ({ m, stack })));
        const caught = outcomes.filter((o) => o.rules.includes(o.mutation.by));
        const rows = outcomes.map(
            (o) =>
                `  ${o.rules.includes(o.mutation.by) ? "caught " : "MISSED "} ${o.stack.padEnd(4)} ${o.mutation.id.padEnd(40)} ${o.mutation.sources.join(", ").padEnd(44)} -> ${o.rules.join(", ") || "(nothing)"}`,
        );
        const score = injected.length ? ((100 * caught.length) / injected.length).toFixed(1) : "0";
        console.log(`\n  mutation table: ${mutations.length} violations, ${injected.length} injections (dev + prod)\n${rows.join("\n")}`);
        console.log(`  mutation score: ${caught.length}/${injected.length} = ${score}%\n`);
    });
});
