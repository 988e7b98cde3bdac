/**
 * The ingest API's OpenAPI 3.1 document (functions/ingest-api/openapi.ts): valid for a maintained
 * validator (@readme/openapi-parser) in every auth mode, with and without the traffic route; its
 * body schemas are the files the handler's validators are compiled from (a change to one changes
 * both); its examples are accepted by the handler; every answer the ingest and traffic handlers
 * give has the body the document names for its status; the function serves it at GET /openapi.json.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { validate as validateOpenApi } from "@readme/openapi-parser";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { INGEST_ROUTES, IngestEnv, OPENAPI_ROUTE, TRAFFIC_ROUTE, type IngestRoute } from "../../lib/contract";
import { API_KEY_HEADER, openApiDocument, type ApiAuth, type OpenApiOptions } from "../../functions/ingest-api/openapi";
import { BODY_SCHEMAS, ROUTE_SCHEMAS } from "../../functions/ingest-api/schemas";
import { createHandler, settingsFromEnv, type IngestSettings } from "../../functions/ingest-api/handler";
import { createHandler as trafficHandler } from "../../functions/traffic-api/handler";
import { generateValidators } from "../../functions/ingest-api/build-validators";
import validators = require("../../functions/ingest-api/validators.generated");
import { apiEvent, lambdaContext, quietPowertools } from "./ingest-fixtures";

type Json = Record<string, any>;
const TRAFFIC = `${TRAFFIC_ROUTE.method} ${TRAFFIC_ROUTE.resource}`;
const options = (over: Partial<OpenApiOptions> = {}): OpenApiOptions => ({
    routes: INGEST_ROUTES,
    readRoutes: [TRAFFIC],
    auth: "apiKey",
    maxBodyBytes: 1048576,
    ...over,
});

/** A validator of the document's component schemas (JSON Schema 2020-12, the dialect of OpenAPI 3.1). */
function componentValidator(doc: Json) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    ajv.addSchema({ $id: "doc", components: doc.components });
    return (component: string, body: unknown) => {
        const check = ajv.getSchema(`doc#/components/schemas/${component}`)!;
        return check(body) ? [] : check.errors!.map((e) => `${e.instancePath} ${e.message}`);
    };
}

/** The component a documented answer's body must satisfy. */
function answerComponent(doc: Json, resource: string, method: string, status: number): string {
    const answer = doc.paths[resource]?.[method.toLowerCase()]?.responses?.[status];
    if (!answer) throw new Error(`${method} ${resource} documents no ${status}`);
    return answer.content["application/json"].schema.$ref.split("/").pop();
}

class StubFirehose {
    constructor(private readonly failing = false) {}
    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
        const records = command.input.Records ?? [];
        const responses = records.map(() => (this.failing ? { ErrorCode: "ServiceUnavailableException", ErrorMessage: "injected" } : { RecordId: "r" }));
        return { FailedPutCount: this.failing ? records.length : 0, RequestResponses: responses, $metadata: {} };
    }
}

const SETTINGS: IngestSettings = {
    routeStreams: Object.fromEntries(INGEST_ROUTES.map((r) => [r, "stream"])),
    maxBodyBytes: 2048,
    maxAttempts: 2,
    auth: "apiKey",
    readRoutes: [TRAFFIC],
};
const ingestHandler = (failing = false, settings = SETTINGS) =>
    createHandler({ firehose: new StubFirehose(failing), settings, ...quietPowertools(), retry: { sleep: async () => undefined, random: () => 0.5 } });

describe("ingest API OpenAPI document", () => {
    it("lists every schema file of functions/ingest-api/schemas (one source for validators and document)", () => {
        const files = fs
            .readdirSync(path.join(__dirname, "../../functions/ingest-api/schemas"))
            .filter((f) => f.endsWith(".schema.json"))
            .sort();
        expect(BODY_SCHEMAS.map((s) => s.$id)).to.deep.equal(files);
        for (const s of BODY_SCHEMAS) expect(`${s.title}.schema.json`).to.equal(s.$id);
    });

    for (const auth of ["apiKey", "iam", "none"] as ApiAuth[]) {
        for (const readRoutes of [[TRAFFIC], []]) {
            it(`is a valid OpenAPI 3.1 document (auth ${auth}, ${readRoutes.length ? "with" : "without"} the traffic route)`, async () => {
                const doc = openApiDocument(options({ auth, readRoutes, serverUrl: "https://ingest.example.com" }));
                const result = await validateOpenApi(JSON.parse(JSON.stringify(doc)));
                expect(result, JSON.stringify(result)).to.deep.include({ valid: true, warnings: [] });
                expect(doc.openapi).to.equal("3.1.0");
                expect(Object.keys(doc.paths)).to.have.members([
                    ...INGEST_ROUTES,
                    ...(readRoutes.length ? [TRAFFIC_ROUTE.resource] : []),
                    OPENAPI_ROUTE.resource,
                ]);
            });
        }
    }

    it("the validator refuses a broken document (the test can fail)", async () => {
        const doc = JSON.parse(JSON.stringify(openApiDocument(options())));
        delete doc.paths[TRAFFIC_ROUTE.resource].get.parameters;
        expect((await validateOpenApi(doc)).valid).to.equal(false);
    });

    it("auth: an x-api-key header scheme, SigV4, or none, required document-wide", () => {
        const apiKey = openApiDocument(options());
        expect(apiKey.security).to.deep.equal([{ apiKey: [] }]);
        expect((apiKey.components as Json).securitySchemes.apiKey).to.include({ type: "apiKey", in: "header", name: API_KEY_HEADER });
        expect((openApiDocument(options({ auth: "iam" })).components as Json).securitySchemes.sigv4).to.include({ name: "Authorization" });
        expect(openApiDocument(options({ auth: "none" })).security).to.deep.equal([]);
        expect((openApiDocument(options({ auth: "none" })).paths as Json)["/track"].post.responses).to.not.have.property("403");
    });

    it("only the configured routes, and no read route it cannot describe", () => {
        const doc = openApiDocument(options({ routes: ["/impressions"], readRoutes: [] }));
        expect(Object.keys(doc.paths as Json)).to.deep.equal(["/impressions", OPENAPI_ROUTE.resource]);
        expect(() => openApiDocument(options({ readRoutes: ["GET /other/{id}"] }))).to.throw(/no description of GET \/other\/\{id\}/);
    });

    it("each route's body schema is its JSON Schema file, refs pointing at components", () => {
        const doc = openApiDocument(options()) as Json;
        for (const route of INGEST_ROUTES) {
            const file = BODY_SCHEMAS.find((s) => s.$id === ROUTE_SCHEMAS[route])!;
            const body = doc.paths[route].post.requestBody.content["application/json"].schema;
            expect(body.oneOf[0]).to.deep.equal({ $ref: `#/components/schemas/${file.title}` });
            const { $schema, $id, ...rest } = file;
            expect($schema).to.be.a("string");
            expect($id).to.be.a("string");
            expect(JSON.stringify(doc.components.schemas[file.title])).to.equal(
                JSON.stringify(rest).replace(/"event\.schema\.json"/g, '"#/components/schemas/event"'),
            );
        }
    });

    it("a change to a schema file changes both the validators and the document", () => {
        const event = BODY_SCHEMAS.find((s) => s.title === "event") as Json;
        const before = { validators: generateValidators(), doc: JSON.stringify(openApiDocument(options())) };
        const original = event.properties.eventName.maxLength;
        event.properties.eventName.maxLength = 7;
        try {
            const changed = generateValidators();
            expect(changed).to.not.equal(before.validators);
            expect(changed).to.contain('"maxLength":7');
            const doc = openApiDocument(options()) as Json;
            expect(doc.components.schemas.event.properties.eventName.maxLength).to.equal(7);
        } finally {
            event.properties.eventName.maxLength = original;
        }
        expect(JSON.stringify(openApiDocument(options()))).to.equal(before.doc);
    });

    it("every example is one the handler's validators accept, and each route's example is accepted end to end (200)", async () => {
        for (const schema of BODY_SCHEMAS) {
            const route = (Object.entries(ROUTE_SCHEMAS).find(([, id]) => id === schema.$id)?.[0] ?? "/track") as IngestRoute;
            if (ROUTE_SCHEMAS[route] !== schema.$id) continue; // event: an item of /track, checked there
            for (const example of schema.examples)
                expect(validators[route](example), `${schema.title} ${JSON.stringify(validators[route].errors)}`).to.equal(true);
        }
        const doc = openApiDocument(options()) as Json;
        const check = componentValidator(doc);
        for (const route of INGEST_ROUTES) {
            const example = doc.paths[route].post.requestBody.content["application/json"].example;
            const res = await ingestHandler()(apiEvent(route, example), lambdaContext());
            expect(res.statusCode, `${route} ${res.body}`).to.equal(200);
            expect(check(answerComponent(doc, route, "POST", 200), JSON.parse(res.body))).to.deep.equal([]);
        }
    });

    it("every ingest answer has the body the document names for its status", async () => {
        const doc = openApiDocument(options()) as Json;
        const check = componentValidator(doc);
        const cases: [string, Promise<APIGatewayProxyResult>, number][] = [
            ["schema errors", ingestHandler()(apiEvent("/clicks", { ad_id: 1 }), lambdaContext()), 400],
            ["not JSON", ingestHandler()(apiEvent("/clicks", "{", { raw: true }), lambdaContext()), 400],
            ["wrong method", ingestHandler()(apiEvent("/clicks", {}, { method: "GET" }), lambdaContext()), 405],
            ["too large", ingestHandler()(apiEvent("/track", "x".repeat(4096), { raw: true }), lambdaContext()), 413],
            ["content type", ingestHandler()(apiEvent("/track", {}, { contentType: "text/csv" }), lambdaContext()), 415],
            [
                "stream refuses",
                ingestHandler(true)(apiEvent("/impressions", BODY_SCHEMAS.find((s) => s.title === "impression")!.examples[0]), lambdaContext()),
                503,
            ],
        ];
        for (const [name, pending, status] of cases) {
            const res = await pending;
            expect(res.statusCode, `${name}: ${res.body}`).to.equal(status);
            const route = name === "too large" || name === "content type" ? "/track" : name === "stream refuses" ? "/impressions" : "/clicks";
            expect(check(answerComponent(doc, route, "POST", status), JSON.parse(res.body)), name).to.deep.equal([]);
        }
        // The documented 500 body is what the handler answers when anything throws.
        const broken = createHandler({
            firehose: new StubFirehose(),
            settings: SETTINGS,
            ...quietPowertools(),
            now: () => {
                throw new Error("clock broken");
            },
        });
        const res = await broken(apiEvent("/impressions", BODY_SCHEMAS.find((s) => s.title === "impression")!.examples[0]), lambdaContext());
        expect(res.statusCode).to.equal(500);
        expect(check(answerComponent(doc, "/impressions", "POST", 500), JSON.parse(res.body))).to.deep.equal([]);
    });

    it("every traffic answer has the body the document names for its status", async () => {
        const doc = openApiDocument(options()) as Json;
        const check = componentValidator(doc);
        const items = [{ adId: "ad-1", date: "2026-11-23", impressions: 120, clicks: 4, unattributedClicks: 0 }];
        const handler = (send: () => Promise<unknown>) =>
            trafficHandler({
                dynamo: { send } as never,
                settings: { tableName: "t", maxRangeDays: 31 },
                logger: new Logger({ logLevel: "SILENT" }),
                ...quietMetrics(),
            });
        const get = (query: Record<string, string>, method = "GET") =>
            ({
                resource: TRAFFIC_ROUTE.resource,
                httpMethod: method,
                pathParameters: { adId: "ad-1" },
                queryStringParameters: query,
                requestContext: { requestId: "r-1" },
            }) as unknown as APIGatewayProxyEvent;
        const ok = handler(async () => ({ Items: items }));
        const failing = handler(async () => Promise.reject(new Error("throttled")));
        for (const [res, status] of [
            [await ok(get({ start: "2026-11-23", end: "2026-11-24" })), 200],
            [await ok(get({ start: "2026-02-30", end: "2026-11-24" })), 400],
            [await ok(get({ start: "2026-11-23", end: "2026-11-24" }, "POST")), 405],
            [await failing(get({ start: "2026-11-23", end: "2026-11-24" })), 503],
        ] as const) {
            expect(res.statusCode, res.body).to.equal(status);
            expect(check(answerComponent(doc, TRAFFIC_ROUTE.resource, "GET", status), JSON.parse(res.body)), `${status} ${res.body}`).to.deep.equal([]);
        }
    });

    it("the function serves the document at GET /openapi.json, its server the base URL the request came through", async () => {
        const serve = (requestContext: Json, headers: Json = {}, method = "GET") =>
            ingestHandler()(
                {
                    resource: OPENAPI_ROUTE.resource,
                    path: OPENAPI_ROUTE.resource,
                    httpMethod: method,
                    headers,
                    requestContext,
                    body: null,
                    isBase64Encoded: false,
                } as never,
                lambdaContext(),
            );
        const viaStage = await serve({ requestId: "r", domainName: "abc.execute-api.eu-west-1.amazonaws.com", path: "/v1/openapi.json" });
        expect(viaStage.statusCode).to.equal(200);
        const routes = INGEST_ROUTES.filter((r) => SETTINGS.routeStreams[r]);
        expect(JSON.parse(viaStage.body)).to.deep.equal(
            JSON.parse(
                JSON.stringify(
                    openApiDocument({
                        ...options({ routes, maxBodyBytes: SETTINGS.maxBodyBytes }),
                        serverUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/v1",
                    }),
                ),
            ),
        );
        const viaDomain = await serve({ requestId: "r", domainName: "ingest.example.com", path: "/ingest/openapi.json" });
        expect(JSON.parse(viaDomain.body).servers).to.deep.equal([{ url: "https://ingest.example.com/ingest" }]);
        const local = await serve({ requestId: "r", path: "/v1/openapi.json" }, { Host: "127.0.0.1:4010", "X-Forwarded-Proto": "http" });
        expect(JSON.parse(local.body).servers).to.deep.equal([{ url: "http://127.0.0.1:4010/v1" }]);
        const post = await serve({ requestId: "r" }, {}, "POST");
        expect(post.statusCode).to.equal(405);
        expect(post.headers).to.include({ allow: "GET" });
    });

    it("reads the auth and read routes from its environment, refusing what it cannot document", () => {
        const env = (over: Record<string, string>) => ({ [IngestEnv.routeStreams]: '{"/track":"events"}', ...over });
        expect(settingsFromEnv(env({}))).to.include({ auth: "apiKey" });
        expect(settingsFromEnv(env({ [IngestEnv.auth]: "iam", [IngestEnv.readRoutes]: JSON.stringify([TRAFFIC]) }))).to.deep.include({
            auth: "iam",
            readRoutes: [TRAFFIC],
        });
        expect(() => settingsFromEnv(env({ [IngestEnv.auth]: "cookie" }))).to.throw(/INGEST_API_AUTH must be one of apiKey, iam, none, got cookie/);
        expect(() => settingsFromEnv(env({ [IngestEnv.readRoutes]: '["GET /x"]' }))).to.throw(
            /INGEST_READ_ROUTES must be a JSON list of GET \/traffic\/\{adId\}/,
        );
    });
});

function quietMetrics() {
    return { metrics: quietPowertools().metrics };
}
