/**
 * The deployed REST API on a local port (local/http.ts): routes from the API's resources, methods
 * and proxy integrations; path parameters; the API key; the function's answer as the response.
 */
import { expect } from "chai";
import type { RecordedResource } from "../../harness/program";
import { apiRoutes, matchRoute, startApi } from "../../local/http";
import type { Clients } from "../../harness/aws-double/emulator";
import type { LocalFunction } from "../../local/runtime";

const fnArn = "arn:aws:lambda:eu-west-1:123456789012:function:traffic";
function res(type: string, name: string, props: Record<string, any>, outputs: Record<string, any> = {}, id?: string): RecordedResource {
    return { type, name, urn: `urn:${name}`, props, outputs, id, custom: true, protect: false, retainOnDelete: false, dependencies: [] };
}
const resources = [
    res("aws:apigateway/restApi:RestApi", "api", {}, { rootResourceId: "root" }, "api1"),
    res("aws:apigateway/resource:Resource", "adId", { parentId: "traffic", pathPart: "{adId}" }, {}, "adId"),
    res("aws:apigateway/resource:Resource", "traffic", { parentId: "root", pathPart: "traffic" }, {}, "traffic"),
    res("aws:apigateway/method:Method", "get", { resourceId: "adId", httpMethod: "GET", apiKeyRequired: true }),
    res("aws:apigateway/integration:Integration", "int", {
        resourceId: "adId",
        httpMethod: "GET",
        // The integration invokes the function's `live` alias (lib/live-function.ts).
        uri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${fnArn}:live/invocations`,
    }),
    res("aws:apigateway/stage:Stage", "stage", { stageName: "v1" }),
    res("aws:lambda/function:Function", "fn", {}, { arn: fnArn, name: "traffic" }),
];
const seen: any[] = [];
const fn: LocalFunction = {
    name: "traffic",
    code: "traffic-api",
    env: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    roleArn: "arn:aws:iam::123456789012:role/traffic",
    clients: {} as Clients,
    published: [],
    handler: async (event) => {
        seen.push(event);
        return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ adId: event.pathParameters.adId }) };
    },
};
const functions = new Map([["urn:fn", fn]]);

describe("local lake: the API on a local HTTP port", () => {
    it("builds each route's template from the resource tree (in any order) and matches path parameters", () => {
        const { stage, routes } = apiRoutes(resources, functions);
        expect(stage).to.equal("v1");
        expect(routes.map((r) => `${r.method} ${r.resource} ${r.apiKeyRequired}`)).to.deep.equal(["GET /traffic/{adId} true"]);
        expect(matchRoute(routes, "GET", "/traffic/ad%201")?.params).to.deep.equal({ adId: "ad 1" });
        expect(matchRoute(routes, "POST", "/traffic/ad1")).to.equal(undefined);
        expect(matchRoute(routes, "GET", "/traffic")).to.equal(undefined);
    });

    it("answers with the function's response, 403 without the key, 404 off the routes; keeps every call", async () => {
        const api = await startApi(resources, functions, { region: "eu-west-1", apiKey: "k-1" });
        try {
            const ok = await fetch(`${api.url}/traffic/ad-7?start=2026-01-01`, { headers: { "x-api-key": "k-1" } });
            expect(ok.status).to.equal(200);
            expect(await ok.json()).to.deep.equal({ adId: "ad-7" });
            expect(seen[0]).to.deep.include({ resource: "/traffic/{adId}", path: "/traffic/ad-7", queryStringParameters: { start: "2026-01-01" } });
            expect((await fetch(`${api.url}/traffic/ad-7`)).status).to.equal(403);
            expect((await fetch(`${api.url}/nothing`, { headers: { "x-api-key": "k-1" } })).status).to.equal(404);
            expect(api.calls.map((c) => c.status)).to.deep.equal([200, 403, 404]);
        } finally {
            await api.close();
        }
    });
});
