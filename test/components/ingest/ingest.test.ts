import { expect } from "chai";
import * as path from "node:path";
import { INGEST_METHOD, IngestEnv, OPENAPI_ROUTE } from "../../../lib/contract";
import { PolicyDocument, Statement } from "../../../lib/iam";
import { INGEST_API_DEFAULTS, streamErrorPrefix, streamPrefix } from "../../../components/ingest";
import { ACCOUNT_ID, programOutputs, RecordedResource, Resources, runProgram } from "../../../harness/program";
import { childOf, describeStacks, json, Lake, lake, T, rejectionOf } from "../helpers";

const INGEST_STAGE = INGEST_API_DEFAULTS.stageName;

const I = {
    ingest: "datalake:ingest:Ingest",
    stream: "datalake:ingest:DeliveryStream",
    api: "datalake:ingest:IngestApi",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    kinesis: "aws:kinesis/stream:Stream",
    logStream: "aws:cloudwatch/logStream:LogStream",
    restApi: "aws:apigateway/restApi:RestApi",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    account: "aws:apigateway/account:Account",
    permission: "aws:lambda/permission:Permission",
} as const;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (policy: RecordedResource): Statement[] => (json(policy.props.policy) as PolicyDocument).Statement;

/** The drop (landing) zone's bucket and key as the mocks resolved them. */
function landingZone(l: Lake) {
    const zone = l.res.named(T.zone, `lake-${l.cfg.zones[0].name}`);
    return { bucketArn: childOf(l.res, zone, T.bucket).outputs.arn as string, keyArn: childOf(l.res, zone, T.key).outputs.arn as string };
}

/** A delivery stream component and its children. */
function stream(res: Resources, name: string) {
    const component = res.named(I.stream, `lake-ingest-${name}`);
    const c = (type: string) => childOf(res, component, type);
    const kinesis = res.childrenOf(component).filter((r) => r.type === I.kinesis);
    return {
        component,
        firehose: c(I.firehose),
        role: c(T.role),
        policy: c(T.rolePolicy),
        logGroup: c(T.logGroup),
        logStream: c(I.logStream),
        kinesis: kinesis[0],
        kinesisKey: kinesis.length ? c(T.key) : undefined,
    };
}

/** The ingest API component and its children. */
function api(res: Resources) {
    const component = res.named(I.api, "lake-ingest-http");
    const all = (type: string) => res.childrenOf(component).filter((r) => r.type === type);
    return { component, all, one: (type: string) => childOf(res, component, type), fn: childOf(res, component, T.fn) };
}

describeStacks("Ingest", (l, stack) => {
    it("one Direct PUT delivery stream per configured stream, named <project>-<stack>-<name>", () => {
        expect(l.res.byType(I.stream).map((s) => s.name)).to.deep.equal(l.cfg.streams.map((s) => `lake-ingest-${s.name}`));
        for (const s of l.cfg.streams) {
            expect(stream(l.res, s.name).firehose.props.name).to.equal(`datalake-${stack}-${s.name}`);
        }
        expect(l.res.byType(I.kinesis)).to.have.length(0);
    });

    it("delivers into the drop zone under streams/<name>/ Hive hours, errors under quarantine/", () => {
        const drop = landingZone(l);
        for (const s of l.cfg.streams) {
            const { firehose, role } = stream(l.res, s.name);
            const s3 = firehose.props.extendedS3Configuration;
            expect(firehose.props.destination).to.equal("extended_s3");
            expect(s3.bucketArn).to.equal(drop.bucketArn);
            expect(s3.roleArn).to.equal(role.outputs.arn);
            expect(s3.prefix).to.equal(streamPrefix(s.name));
            expect(s3.prefix).to.match(
                new RegExp(`^streams/${s.name}/year=!\\{timestamp:yyyy\\}/month=!\\{timestamp:MM\\}/day=!\\{timestamp:dd\\}/hour=!\\{timestamp:HH\\}/$`),
            );
            expect(s3.errorOutputPrefix).to.equal(streamErrorPrefix(s.name));
            expect(s3.errorOutputPrefix).to.contain("!{firehose:error-output-type}");
            expect(s3.errorOutputPrefix.startsWith(`quarantine/streams/${s.name}/`)).to.equal(true);
        }
    });

    it("GZIP by default, buffering from config, SSE-KMS with the drop zone key, Firehose SSE with it too", () => {
        const drop = landingZone(l);
        for (const s of l.cfg.streams) {
            const { firehose } = stream(l.res, s.name);
            const s3 = firehose.props.extendedS3Configuration;
            expect(s3.compressionFormat).to.equal("GZIP");
            expect(s3.fileExtension).to.equal(".json.gz");
            expect(s3.bufferingSize).to.equal(s.bufferSizeMb);
            expect(s3.bufferingInterval).to.equal(s.bufferIntervalSeconds);
            expect(s3.kmsKeyArn).to.equal(drop.keyArn);
            expect(firehose.props.serverSideEncryption).to.deep.equal({
                enabled: true,
                keyType: "CUSTOMER_MANAGED_CMK",
                keyArn: drop.keyArn,
            });
            expect(firehose.props.kinesisSourceConfiguration).to.equal(undefined);
        }
    });

    it("logs delivery errors to its own log group (config retention) and stream", () => {
        for (const s of l.cfg.streams) {
            const { firehose, logGroup, logStream } = stream(l.res, s.name);
            expect(logGroup.props.retentionInDays).to.equal(l.cfg.logRetentionDays);
            expect(logGroup.props.name).to.equal(`/aws/kinesisfirehose/datalake-${stack}-${s.name}`);
            expect(logStream.props.logGroupName).to.equal(logGroup.outputs.name);
            expect(firehose.props.extendedS3Configuration.cloudwatchLoggingOptions).to.deep.equal({
                enabled: true,
                logGroupName: logGroup.outputs.name,
                logStreamName: logStream.props.name,
            });
        }
    });

    it("each delivery role: trusted by Firehose with the documented sts:ExternalId (this account), writes only its prefixes with the drop key", () => {
        const drop = landingZone(l);
        for (const s of l.cfg.streams) {
            const { role, policy, logGroup, logStream, firehose } = stream(l.res, s.name);
            expect(json(role.props.assumeRolePolicy)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "FirehoseAssumeRole",
                        Effect: "Allow",
                        Principal: { Service: "firehose.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "sts:ExternalId": ACCOUNT_ID } },
                    },
                ],
            });
            expect(logGroup.props.kmsKeyId).to.equal(l.res.named("aws:kms/key:Key", "lake-logs-key-key").outputs.arn);
            expect(policy.props.role).to.equal(role.id);
            const st = statements(policy);
            expect(st.flatMap((x) => list(x.Action)).filter((a) => a.includes("*"))).to.deep.equal([]);
            expect(st.flatMap((x) => list(x.Resource)).filter((r) => r === "*")).to.deep.equal([]);
            const write = st.find((x) => x.Sid === "WriteOwnPrefixes")!;
            expect(write.Resource).to.deep.equal([`${drop.bucketArn}/streams/${s.name}/*`, `${drop.bucketArn}/quarantine/streams/${s.name}/*`]);
            expect(st.find((x) => x.Sid === "UseDropKeyThroughS3")!.Resource).to.equal(drop.keyArn);
            expect(st.find((x) => x.Sid === "WriteDeliveryErrors")!.Resource).to.equal(`${logGroup.outputs.arn}:log-stream:${logStream.props.name}`);
            expect(st.some((x) => list(x.Action).some((a) => a.startsWith("kinesis:")))).to.equal(false);
            // The stream is created after its role can write.
            expect(firehose.dependencies).to.include(policy.urn);
        }
    });

    it("the API: regional, one POST resource per route, each proxied to the one ingest function", () => {
        const a = api(l.res);
        expect(a.one(I.restApi).props.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
        const rest = a.one(I.restApi);
        const resources = a.all(I.resource).filter((r) => `/${r.props.pathPart}` !== OPENAPI_ROUTE.resource);
        expect(resources.map((r) => `/${r.props.pathPart}`).sort()).to.deep.equal(Object.keys(l.cfg.ingestApi.routes).sort());
        for (const r of resources) {
            expect(r.props.parentId).to.equal(rest.outputs.rootResourceId);
            const method = a.all(I.method).find((m) => m.props.resourceId === r.id)!;
            expect(method.props.httpMethod).to.equal(INGEST_METHOD);
            const integration = a.all(I.integration).find((i) => i.props.resourceId === r.id)!;
            expect(integration.props).to.include({ type: "AWS_PROXY", integrationHttpMethod: "POST", httpMethod: "POST" });
            expect(integration.props.uri).to.equal(a.one(T.liveAlias).outputs.invokeArn);
        }
        const permission = a.all(I.permission).find((p) => p.name === "lake-ingest-http-invoke")!;
        expect(permission.props).to.include({
            action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com",
            function: a.fn.outputs.name,
            qualifier: "live",
        });
        expect(permission.props.sourceArn).to.equal(`${rest.outputs.executionArn}/${INGEST_STAGE}/POST/*`);
    });

    it("GET /openapi.json: proxied to the ingest function with the API's auth, which may invoke it for that resource only", () => {
        const a = api(l.res);
        const rest = a.one(I.restApi);
        const resource = a.all(I.resource).find((r) => r.props.pathPart === OPENAPI_ROUTE.pathPart)!;
        expect(resource.props.parentId).to.equal(rest.outputs.rootResourceId);
        const method = a.all(I.method).find((m) => m.props.resourceId === resource.id)!;
        expect(method.props).to.include({ httpMethod: "GET", authorization: "NONE", apiKeyRequired: true });
        const integration = a.all(I.integration).find((i) => i.props.resourceId === resource.id)!;
        expect(integration.props).to.include({ type: "AWS_PROXY", integrationHttpMethod: "POST", uri: a.one(T.liveAlias).outputs.invokeArn });
        const permission = a.all(I.permission).find((p) => p.name === "lake-ingest-http-openapi-json-invoke")!;
        expect(permission.props).to.include({
            function: a.fn.outputs.name,
            qualifier: "live",
            sourceArn: `${rest.outputs.executionArn}/${INGEST_STAGE}/GET/openapi.json`,
        });
        expect(a.fn.props.environment.variables).to.include({ [IngestEnv.auth]: l.cfg.ingestApi.auth });
        // In the deployment's trigger, so a stack deployed before the route redeploys its stage to serve it.
        expect(json(a.one(I.deployment).props.triggers.redeployment).document).to.equal("GET /openapi.json");
    });

    it("exports the OpenAPI document, its server the API's URL", async () => {
        const outputs = await programOutputs(stack);
        const doc = JSON.parse(outputs.ingestApiOpenApi as string);
        expect(doc.servers).to.deep.equal([{ url: outputs.ingestApiUrl }]);
        expect(doc.openapi).to.equal("3.1.0");
        expect(Object.keys(doc.paths)).to.include.members([...Object.keys(l.cfg.ingestApi.routes), OPENAPI_ROUTE.resource]);
    });

    it("the function: Node.js 22, bundled functions/ingest-api, env from the contract, routes -> physical streams", async () => {
        const { fn } = api(l.res);
        expect(fn.props.runtime).to.equal("nodejs22.x");
        expect(fn.props.handler).to.equal("index.handler");
        const assets = await (fn.props.code as any).assets;
        expect(await assets["index.js"].path).to.equal(path.resolve(__dirname, "../../../.build/functions/ingest-api/index.js"));
        const env: Record<string, string> = fn.props.environment.variables;
        const names = new Set<string>(Object.values(IngestEnv));
        expect(Object.keys(env).filter((k) => !names.has(k))).to.deep.equal([]);
        expect(env[IngestEnv.maxBodyBytes]).to.equal(String(l.cfg.ingestApi.maxBodyBytes));
        const physical = Object.fromEntries(l.cfg.streams.map((s) => [s.name, stream(l.res, s.name).firehose.outputs.name]));
        expect(json(env[IngestEnv.routeStreams])).to.deep.equal(
            Object.fromEntries(Object.entries(l.cfg.ingestApi.routes).map(([route, s]) => [route, physical[s]])),
        );
        expect(fn.props.timeout).to.be.below(29);
    });

    it("the function may PutRecordBatch only into its routes' streams and log to its own group", () => {
        const a = api(l.res);
        const logGroup = a.all(T.logGroup).find((g) => g.props.name === `/aws/lambda/${a.fn.props.name}`)!;
        expect(logGroup.props.retentionInDays).to.equal(l.cfg.logRetentionDays);
        expect(a.fn.props.loggingConfig.logGroup).to.equal(logGroup.outputs.name);
        const policy = a.all(T.rolePolicy).find((p) => p.name.endsWith("-function-policy"))!;
        const st = statements(policy);
        const put = st.find((x) => x.Sid === "PutIntoRouteStreams")!;
        expect(put.Action).to.equal("firehose:PutRecordBatch");
        const routed = new Set(Object.values(l.cfg.ingestApi.routes));
        expect(put.Resource).to.deep.equal([...routed].map((s) => stream(l.res, s).firehose.outputs.arn).sort());
        expect(st.flatMap((x) => list(x.Action)).filter((x) => x.includes("*"))).to.deep.equal([]);
    });

    it("API key auth by default: methods require a key in a throttled usage plan", () => {
        const a = api(l.res);
        for (const m of a.all(I.method)) expect(m.props).to.include({ authorization: "NONE", apiKeyRequired: true });
        const plan = a.one(I.usagePlan);
        expect(plan.props.throttleSettings).to.deep.equal({ rateLimit: l.cfg.ingestApi.rateLimit, burstLimit: l.cfg.ingestApi.burstLimit });
        expect(plan.props.apiStages).to.deep.equal([{ apiId: a.one(I.restApi).id, stage: INGEST_STAGE }]);
        const key = a.one(I.usagePlanKey);
        expect(key.props).to.include({ keyType: "API_KEY", keyId: a.one(I.apiKey).id, usagePlanId: plan.id });
    });

    it("the stage: throttled from config, metrics on, JSON access logs with retention", () => {
        const a = api(l.res);
        const stage = a.one(I.stage);
        expect(stage.props.stageName).to.equal(INGEST_STAGE);
        expect(stage.props.deployment).to.equal(a.one(I.deployment).id);
        const accessLogs = a.all(T.logGroup).find((g) => g.name.endsWith("-access-logs"))!;
        expect(stage.props.accessLogSettings.destinationArn).to.equal(accessLogs.outputs.arn);
        expect(json(stage.props.accessLogSettings.format).requestId).to.equal("$context.requestId");
        expect(accessLogs.props.retentionInDays).to.equal(l.cfg.logRetentionDays);
        expect(stage.props.xrayTracingEnabled).to.equal(false);
        const settings = a.one(I.methodSettings);
        expect(settings.props.methodPath).to.equal("*/*");
        expect(settings.props.settings).to.include({
            throttlingRateLimit: l.cfg.ingestApi.rateLimit,
            throttlingBurstLimit: l.cfg.ingestApi.burstLimit,
            metricsEnabled: true,
            dataTraceEnabled: false,
            loggingLevel: "ERROR",
        });
        // The execution log group is declared (retention, logs key) before the stage and the
        // method settings, so API Gateway does not create it, kept forever and unencrypted.
        const executionLogs = a.all(T.logGroup).find((g) => g.name.endsWith("-execution-logs"))!;
        const restApi = a.one(I.restApi);
        expect(executionLogs.props).to.include({
            name: `API-Gateway-Execution-Logs_${restApi.id}/${stage.props.stageName}`,
            retentionInDays: l.cfg.logRetentionDays,
        });
        expect(executionLogs.props.kmsKeyId).to.equal(accessLogs.props.kmsKeyId).and.be.a("string");
        expect(stage.dependencies).to.include(executionLogs.urn);
        expect(settings.dependencies).to.include(executionLogs.urn);
        expect(json(stage.props.accessLogSettings.format)).to.include({
            integrationError: "$context.integration.error",
            errorMessage: "$context.error.message",
        });
        // Access logging needs the account's CloudWatch role first.
        const account = a.one(I.account);
        expect(stage.dependencies).to.include(account.urn);
        const deployment = a.one(I.deployment);
        for (const m of [...a.all(I.method), ...a.all(I.integration)]) expect(deployment.dependencies).to.include(m.urn);
    });
});

describe("Ingest with other config", function () {
    this.timeout(120_000);

    // One program run covers Kinesis sources, custom buffering, custom routes and open auth.
    let l: Lake;
    before(async () => {
        l = await lake("dev", {
            streams: [
                { name: "events", bufferSizeMb: 5, bufferIntervalSeconds: 60, compression: "UNCOMPRESSED" },
                { name: "clicks" },
                { name: "metrics", source: "kinesis", shards: 2, retentionHours: 48 },
                { name: "telemetry", source: "kinesis" },
            ],
            ingestApi: { auth: "none", manageAccountLogRole: false, routes: { "/track": "events", "/clicks": "clicks" } },
        });
    });
    const functionPut = (res: Resources) =>
        statements(
            api(res)
                .all(T.rolePolicy)
                .find((p) => p.name.endsWith("-function-policy"))!,
        ).find((x) => x.Sid === "PutIntoRouteStreams")!;

    it("a Kinesis-fed stream: its own rotated CMK, provisioned or on-demand, wired as the Firehose source", () => {
        const drop = landingZone(l);
        const metrics = stream(l.res, "metrics");
        const telemetry = stream(l.res, "telemetry");
        expect(metrics.kinesis.props).to.deep.include({
            name: "datalake-dev-metrics",
            shardCount: 2,
            retentionPeriod: 48,
            streamModeDetails: { streamMode: "PROVISIONED" },
            encryptionType: "KMS",
            kmsKeyId: metrics.kinesisKey!.outputs.arn,
        });
        expect(telemetry.kinesis.props.streamModeDetails).to.deep.equal({ streamMode: "ON_DEMAND" });
        expect(telemetry.kinesis.props.shardCount).to.equal(undefined);
        expect(telemetry.kinesis.props.retentionPeriod).to.equal(24);
        for (const s of [metrics, telemetry]) {
            expect(s.kinesisKey!.props.enableKeyRotation).to.equal(true);
            // Like every lake key (components/keys/lake-key.ts): 7 days in dev, 30 in prod.
            expect(s.kinesisKey!.props.deletionWindowInDays).to.equal(7);
            expect(s.kinesisKey!.outputs.arn).to.not.equal(drop.keyArn);
            expect(s.firehose.props.kinesisSourceConfiguration).to.deep.equal({
                kinesisStreamArn: s.kinesis.outputs.arn,
                roleArn: s.role.outputs.arn,
            });
            // Firehose SSE does not apply to a Kinesis source; the stream itself is encrypted.
            expect(s.firehose.props.serverSideEncryption).to.equal(undefined);
            expect(s.firehose.props.extendedS3Configuration.kmsKeyArn).to.equal(drop.keyArn);
            const st = statements(s.policy);
            expect(st.find((x) => x.Sid === "ReadSourceStream")!.Resource).to.equal(s.kinesis.outputs.arn);
            expect(st.find((x) => x.Sid === "DecryptSourceStream")!.Resource).to.equal(s.kinesisKey!.outputs.arn);
        }
        expect(metrics.kinesis).to.include({ protect: false, retainOnDelete: false });
        // Other streams' roles cannot read the Kinesis streams.
        expect(statements(stream(l.res, "events").policy).some((x) => x.Sid === "ReadSourceStream")).to.equal(false);
        // The function may not write into streams no route names.
        expect(list(functionPut(l.res).Resource).some((r) => /metrics|telemetry/.test(r))).to.equal(false);
    });

    it("buffering and compression come from config", () => {
        const s3 = stream(l.res, "events").firehose.props.extendedS3Configuration;
        expect(s3).to.include({ bufferingSize: 5, bufferingInterval: 60, compressionFormat: "UNCOMPRESSED", fileExtension: ".json" });
    });

    it("custom routes: only the configured resources; the function env and policy follow them", () => {
        const a = api(l.res);
        expect(
            a
                .all(I.resource)
                .map((r) => r.props.pathPart)
                .sort(),
        ).to.deep.equal(["clicks", OPENAPI_ROUTE.pathPart, "track"]);
        expect(json(a.fn.props.environment.variables[IngestEnv.routeStreams])).to.deep.equal({
            "/track": "datalake-dev-events",
            "/clicks": "datalake-dev-clicks",
        });
        expect(functionPut(l.res).Resource).to.deep.equal(["clicks", "events"].map((s) => stream(l.res, s).firehose.outputs.arn).sort());
    });

    it("no auth: open methods, no key; the account log role can be left to another stack", () => {
        const a = api(l.res);
        for (const m of a.all(I.method)) expect(m.props).to.include({ authorization: "NONE", apiKeyRequired: false });
        expect(a.all(I.apiKey)).to.have.length(0);
        expect(a.all(I.usagePlan)).to.have.length(0);
        expect(a.all(I.account)).to.have.length(0);
        expect(a.all(T.role).map((r) => r.name)).to.deep.equal(["lake-ingest-http-function-role"]);
    });

    it("prod with IAM auth: AWS_IAM methods, no API key or usage plan; X-Ray when asked; Kinesis stream and key retained", async () => {
        const { res } = await lake("prod", {
            streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "metrics", source: "kinesis" }],
            ingestApi: { auth: "iam", tracing: true, rateLimit: 50, burstLimit: 20 },
        });
        const metrics = stream(res, "metrics");
        for (const r of [metrics.kinesis, metrics.kinesisKey!]) expect(r).to.include({ protect: true, retainOnDelete: true });
        const a = api(res);
        for (const m of a.all(I.method)) expect(m.props).to.include({ authorization: "AWS_IAM", apiKeyRequired: false });
        expect(a.all(I.apiKey)).to.have.length(0);
        expect(a.all(I.usagePlan)).to.have.length(0);
        expect(a.one(I.stage).props.xrayTracingEnabled).to.equal(true);
        expect(a.one(I.methodSettings).props.settings).to.include({ throttlingRateLimit: 50, throttlingBurstLimit: 20 });
    });

    it("API disabled: streams only", async () => {
        const { res } = await lake("dev", { ingestApi: { enabled: false } });
        expect(res.byType(I.api)).to.have.length(0);
        expect(res.byType(I.restApi)).to.have.length(0);
        expect(
            res
                .byType(T.fn)
                .map((f) => f.name)
                .filter((n) => n.includes("ingest")),
        ).to.deep.equal([]);
        expect(res.byType(I.stream)).to.have.length(3);
    });

    it("bad stream config fails the program with the key, the value and the limit", async () => {
        const fail = (overrides: Record<string, unknown>) => rejectionOf(runProgram("dev", overrides));
        expect((await fail({ streams: [{ name: "events", bufferSizeMb: 500 }] }))?.message).to.match(/datalake:streams\.0\.bufferSizeMb = 500: .*128/);
        expect((await fail({ streams: [{ name: "events", source: "direct", shards: 2 }, { name: "impressions" }, { name: "clicks" }] }))?.message).to.match(
            /datalake:streams\.0\.shards = 2: shards applies only to source 'kinesis'/,
        );
    });
});

describe("IngestApi AWS WAF (ingestApi.waf)", function () {
    this.timeout(120_000);
    const WAF = {
        acl: "aws:wafv2/webAcl:WebAcl",
        association: "aws:wafv2/webAclAssociation:WebAclAssociation",
        logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    };

    it("dev: no web ACL by default", async () => {
        const res = (await lake("dev")).res;
        expect(res.byType(WAF.acl)).to.have.length(0);
        expect(res.byType(WAF.association)).to.have.length(0);
        expect(res.byType(WAF.logging)).to.have.length(0);
    });

    for (const [stack, overrides] of [
        ["prod", {}],
        ["dev", { ingestApi: { waf: { enabled: true, ipRateLimit: 500 } } }],
    ] as const) {
        it(`${stack}${Object.keys(overrides).length ? " with waf.enabled" : " (default)"}: a regional web ACL with the common rule set and the IP rate limit, on the stage`, async () => {
            const l = await lake(stack, overrides);
            const acl = l.res.one(WAF.acl, "lake-ingest-http-waf");
            const association = l.res.one(WAF.association, "lake-ingest-http-waf-association");
            const stage = l.res.one(I.stage, "lake-ingest-http-stage");
            expect(association.props).to.deep.equal({ resourceArn: stage.outputs.arn, webAclArn: acl.outputs.arn });
            expect(acl.props.scope).to.equal("REGIONAL");
            expect(acl.props.defaultAction).to.deep.equal({ allow: {} });
            const [common, rate] = acl.props.rules;
            expect(common.statement.managedRuleGroupStatement).to.deep.include({ vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" });
            expect(rate.statement.rateBasedStatement).to.deep.equal({ limit: l.cfg.ingestApi.waf.ipRateLimit, aggregateKeyType: "IP" });
            expect(rate.action).to.deep.equal({ block: {} });
        });
        it(`${stack}${Object.keys(overrides).length ? " with waf.enabled" : " (default)"}: the web ACL logs its requests to an aws-waf-logs- group (retention, logs key), credential headers redacted`, async () => {
            const l = await lake(stack, overrides);
            const acl = l.res.one(WAF.acl, "lake-ingest-http-waf");
            const logging = l.res.one(WAF.logging, "lake-ingest-http-waf-logging");
            const group = l.res.one(T.logGroup, "lake-ingest-http-waf-logs");
            // WAF delivers only to a log group whose name starts with aws-waf-logs-.
            expect(group.props.name).to.equal(`aws-waf-logs-datalake-${stack}-ingest-api`);
            expect(group.props).to.include({ retentionInDays: l.cfg.logRetentionDays, kmsKeyId: l.res.one(T.key, "lake-logs-key-key").outputs.arn });
            expect(logging.props.resourceArn).to.equal(acl.outputs.arn);
            expect(logging.props.logDestinationConfigs).to.deep.equal([group.outputs.arn]);
            expect(logging.props.redactedFields.map((f: { singleHeader: { name: string } }) => f.singleHeader.name)).to.have.members([
                "authorization",
                "x-api-key",
                "x-amz-security-token",
            ]);
        });
    }
});
