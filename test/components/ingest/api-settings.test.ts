import { expect } from "chai";
import { INGEST_ROUTES, IngestEnv, METRICS_NAMESPACE } from "../../../lib/contract";
import { parseConfig } from "../../../lib/config";
import {
    ACCESS_LOG_FORMAT,
    ingestFunctionEnv,
    invokeSourceArn,
    methodAuth,
    readRouteSourceArn,
    routedStreamNames,
    routePathPart,
    routeStreams,
    webAclRules,
} from "../../../components/ingest";

describe("ingest API settings", () => {
    const physical = { events: "datalake-dev-events", impressions: "datalake-dev-impressions", clicks: "datalake-dev-clicks" };

    it("maps every default route to its physical delivery stream", () => {
        const { routes } = parseConfig({}).ingestApi;
        expect(routeStreams(routes, physical)).to.deep.equal({
            "/track": "datalake-dev-events",
            "/alias": "datalake-dev-events",
            "/profile": "datalake-dev-events",
            "/impressions": "datalake-dev-impressions",
            "/clicks": "datalake-dev-clicks",
        });
        expect(Object.keys(routes).sort()).to.deep.equal([...INGEST_ROUTES].sort());
        expect(routedStreamNames(routes)).to.deep.equal(["clicks", "events", "impressions"]);
    });

    it("refuses routes it has no schema for and streams without a delivery stream", () => {
        expect(() => routeStreams({ "/orders": "events" }, physical)).to.throw(/route \/orders is not one of/);
        expect(() => routeStreams({ "/track": "metrics" }, physical)).to.throw(/names stream "metrics", which has no delivery stream/);
    });

    it("the function's environment uses the contract's names only", () => {
        const env = ingestFunctionEnv({
            routeStreams: { "/track": "s" },
            maxBodyBytes: 2048,
            logLevel: "INFO",
            auth: "iam",
            readRoutes: ["GET /traffic/{adId}"],
        });
        const names = new Set<string>(Object.values(IngestEnv));
        expect(Object.keys(env).every((k) => names.has(k))).to.equal(true);
        expect(env[IngestEnv.routeStreams]).to.equal('{"/track":"s"}');
        expect(env[IngestEnv.maxBodyBytes]).to.equal("2048");
        expect(env[IngestEnv.metricsNamespace]).to.equal(METRICS_NAMESPACE);
        expect(env[IngestEnv.serviceName]).to.equal("ingest-api");
        expect(env[IngestEnv.auth]).to.equal("iam");
        expect(env[IngestEnv.readRoutes]).to.equal('["GET /traffic/{adId}"]');
        expect(ingestFunctionEnv({ routeStreams: {}, maxBodyBytes: 1, logLevel: "INFO", auth: "none" })).to.not.have.property(IngestEnv.readRoutes);
    });

    it("auth modes: API key, IAM (SigV4) or none", () => {
        expect(methodAuth("apiKey")).to.deep.equal({ authorization: "NONE", apiKeyRequired: true });
        expect(methodAuth("iam")).to.deep.equal({ authorization: "AWS_IAM", apiKeyRequired: false });
        expect(methodAuth("none")).to.deep.equal({ authorization: "NONE", apiKeyRequired: false });
    });

    it("route path parts and the invoke permission's source ARN", () => {
        expect(routePathPart("/track")).to.equal("track");
        expect(() => routePathPart("/a/b")).to.throw(/one-level path/);
        expect(invokeSourceArn("arn:aws:execute-api:eu-west-1:1:abc", "v1", "POST")).to.equal("arn:aws:execute-api:eu-west-1:1:abc/v1/POST/*");
        // A read route's: its resource exactly (a one-part route has no trailing segment), a path parameter any one segment.
        expect(readRouteSourceArn("arn:x:abc", "v1", "GET", ["traffic", "{adId}"])).to.equal("arn:x:abc/v1/GET/traffic/*");
        expect(readRouteSourceArn("arn:x:abc", "live", "GET", ["openapi.json"])).to.equal("arn:x:abc/live/GET/openapi.json");
    });

    it("the access log format is one JSON object of $context variables", () => {
        const fields = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;
        expect(fields.requestId).to.equal("$context.requestId");
        expect(Object.values(fields).every((v) => v.startsWith("$context."))).to.equal(true);
    });
});

describe("webAclRules", () => {
    it("is exactly: the AWS common rule set (body-size rule only counted: batches reach 1 MiB) then a per-IP block", () => {
        const visibility = (m: string) => ({ cloudwatchMetricsEnabled: true, metricName: `p-${m}`, sampledRequestsEnabled: true });
        expect(webAclRules(2000, "p")).to.deep.equal([
            {
                name: "aws-common-rule-set",
                priority: 0,
                overrideAction: { none: {} },
                statement: {
                    managedRuleGroupStatement: {
                        vendorName: "AWS",
                        name: "AWSManagedRulesCommonRuleSet",
                        ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
                    },
                },
                visibilityConfig: visibility("common"),
            },
            {
                name: "ip-rate-limit",
                priority: 1,
                action: { block: {} },
                statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
                visibilityConfig: visibility("ip-rate"),
            },
        ]);
    });
});
