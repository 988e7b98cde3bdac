/**
 * Rewrites the README's API examples (the `curl` lines between the api-examples markers) from the
 * ingest API's OpenAPI document (functions/ingest-api/openapi.ts, via curl-examples.ts):
 * `npx ts-node --transpile-only scripts/api-docs.ts`. test/functions/ingest-api-docs.test.ts fails
 * while they are stale; test/e2e/api-examples.test.ts runs them against the local lake's HTTP port.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { README_EXAMPLES_END, README_EXAMPLES_START, readmeDocument, readmeExamples } from "../functions/ingest-api/curl-examples";
import { replaceBetween } from "../lib/config-docs";

const README = path.resolve(__dirname, "..", "README.md");
fs.writeFileSync(README, replaceBetween(fs.readFileSync(README, "utf8"), README_EXAMPLES_START, README_EXAMPLES_END, readmeExamples(readmeDocument())));
process.stdout.write("wrote README.md\n");
