/**
 * The README's API examples are generated from the OpenAPI document (functions/ingest-api/curl-examples.ts
 * via scripts/api-docs.ts) and current; each auth mode gives its curl options.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { replaceBetween } from "../../lib/config-docs";
import { INGEST_ROUTES, TRAFFIC_ROUTE } from "../../lib/contract";
import {
    curlExamples,
    README_EXAMPLES_END,
    README_EXAMPLES_START,
    readmeCommands,
    readmeDocument,
    readmeExamples,
} from "../../functions/ingest-api/curl-examples";
import { openApiDocument } from "../../functions/ingest-api/openapi";

const README = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");

describe("README API examples from the OpenAPI document", () => {
    it("are current (regenerate with npx ts-node --transpile-only scripts/api-docs.ts)", () => {
        const fresh = replaceBetween(README, README_EXAMPLES_START, README_EXAMPLES_END, readmeExamples(readmeDocument()));
        expect(fresh === README, "stale: run npx ts-node --transpile-only scripts/api-docs.ts").to.equal(true);
    });

    it("one command per operation: every ingest route, the traffic route and the document", () => {
        const commands = readmeCommands(README);
        expect(commands).to.have.length(INGEST_ROUTES.length + 2);
        for (const route of INGEST_ROUTES)
            expect(
                commands.some((c) => c.includes(`-X POST "$API${route}"`)),
                route,
            ).to.equal(true);
        expect(commands.some((c) => c.startsWith(`curl -sS --fail-with-body "$API/traffic/ad-1?start=`))).to.equal(true);
        for (const c of commands) expect(c).to.contain('-H "x-api-key: $KEY"');
    });

    it("auth iam signs with SigV4, auth none sends nothing; parameters come from the examples", () => {
        const doc = (auth: "iam" | "none") =>
            openApiDocument({ routes: ["/clicks"], readRoutes: [`${TRAFFIC_ROUTE.method} ${TRAFFIC_ROUTE.resource}`], auth, maxBodyBytes: 1024 });
        const [clicks, traffic] = curlExamples(doc("iam"));
        expect(clicks.command).to.contain('--aws-sigv4 "aws:amz:$AWS_REGION:execute-api"').and.to.not.contain("x-api-key");
        expect(traffic.path).to.equal("/traffic/ad-1?start=2026-11-23&end=2026-11-24");
        expect(curlExamples(doc("none"))[0].command).to.not.match(/x-api-key|sigv4/);
    });
});
