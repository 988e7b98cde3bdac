// Mutation testing of the pure modules (npm run mutation; not part of npm test). Each scope is
// its modules and the unit tests that pin them: one Stryker run loads only those spec files,
// which keeps a run to minutes (loading every suite per mutant made it ~50x slower).
// MUTATION_SCOPE=functions,names (comma-separated) picks scopes; default: all of them.
const scopes = {
    functions: {
        mutate: ["functions/shared/events.ts", "functions/shared/errors.ts"],
        spec: ["test/functions/events.test.ts", "test/functions/errors.test.ts"],
    },
    names: { mutate: ["lib/names.ts"], spec: ["test/lib/names.test.ts"] },
    config: { mutate: ["lib/config/*.ts", "lib/config-optional.ts", "lib/config-keys.ts"], spec: ["test/lib/config*.test.ts"] },
    iam: {
        mutate: ["lib/iam.ts", "lib/trust.ts", "lib/lambda-execution.ts", "components/*/policies.ts"],
        spec: ["test/components/*/policies.test.ts", "test/components/*/settings.test.ts", "test/lib/trust.test.ts", "test/lib/lambda-execution.test.ts"],
    },
};

const chosen = (process.env.MUTATION_SCOPE ?? Object.keys(scopes).join(",")).split(",").map((s) => s.trim());
for (const name of chosen) {
    if (!scopes[name]) throw new Error(`MUTATION_SCOPE: unknown scope '${name}' (expected ${Object.keys(scopes).join(", ")})`);
}
const pick = (key) => chosen.flatMap((name) => scopes[name][key]);

export default {
    packageManager: "npm",
    testRunner: "mocha",
    mochaOptions: { "no-config": true, require: ["ts-node/register/transpile-only"], extension: ["ts"], spec: pick("spec") },
    mutate: pick("mutate"),
    coverageAnalysis: "perTest",
    concurrency: 1,
    timeoutMS: 20000,
    // Anchored at the root: a bare "etl" also dropped components/etl/ (and its policies) from the sandbox.
    ignorePatterns: ["/.venv", "/etl", "/bench", "/local/out", "/.build", "/reports", "/.scratch", "/policy/node_modules", "/.stryker-tmp"],
    tempDirName: ".stryker-tmp",
    reporters: ["clear-text", "progress", "json"],
    jsonReporter: { fileName: `reports/mutation/${chosen.join("-")}.json` },
    thresholds: { high: 90, low: 85, break: null },
};
