/**
 * The Pulumi program: validated stack config -> DataLake's args -> one DataLake, whose `outputs` are the stack
 * outputs. It is a function, and Pulumi takes its result as the stack outputs, so the same program
 * runs under `pulumi up`, inline in the Automation API driver (automation/) and under the mocks
 * (harness/program.ts), any number of times in one process. It imports only the package's public
 * entry points (`serverless-datalake` and `serverless-datalake/config` in package.json `exports`),
 * as a program using the npm package does (test/package/entry-points.test.ts).
 */
import { DataLake } from "./components";
import { lakeArgsFromConfig, loadConfig } from "./lib/config";

async function program() {
    return new DataLake("lake", lakeArgsFromConfig(loadConfig())).outputs;
}

// CommonJS `module.exports = program`: Pulumi's Node.js runtime calls an exported function (a
// `default` export is only unwrapped for ES modules).
export = program;
