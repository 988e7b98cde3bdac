/**
 * Traffic under mocks (dev and prod with `serving.enabled`): the traffic table's keys, billing,
 * CMK, PITR and deletion protection by environment; the job on its schedule with the DuckDB
 * layer and a DLQ; least-privilege roles (evaluated statement by statement); the read route on
 * the ingest API with the API's auth and an invoke permission scoped to it.
 */
import { expect } from "chai";
import { json, lake, STACKS, T } from "../helpers";
import { TrafficEnv } from "../../../lib/contract";
import { runProgram } from "../../../harness/program";

const ON = { serving: { enabled: true } };
const TABLE = "aws:dynamodb/table:Table";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const RESOURCE = "aws:apigateway/resource:Resource";
const METHOD = "aws:apigateway/method:Method";
const INTEGRATION = "aws:apigateway/integration:Integration";
const PERMISSION = "aws:lambda/permission:Permission";
const DEPLOYMENT = "aws:apigateway/deployment:Deployment";

const statement = (doc: any, sid: string) => {
    const s = doc.Statement.find((x: any) => x.Sid === sid);
    if (!s) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
    return s;
};

describe("Traffic (serving.enabled)", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        const prod = stack === "prod";
        describe(stack, () => {
            it(`the table: adId + date keys, on demand, its own rotating CMK, PITR and deletion protection ${prod ? "on" : "off"}`, async () => {
                const { res } = await lake(stack, ON);
                const table = res.named(TABLE, "lake-serving-table");
                const key = res.named(T.key, "lake-serving-key");
                expect(table.props).to.include({ billingMode: "PAY_PER_REQUEST", hashKey: "adId", rangeKey: "date", deletionProtectionEnabled: prod });
                expect(table.props.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: key.outputs.arn });
                expect(table.props.pointInTimeRecovery).to.deep.equal({ enabled: prod });
                expect(table.props.globalSecondaryIndexes[0]).to.deep.include({ name: "byDate", projectionType: "KEYS_ONLY" });
                expect(table.protect).to.equal(prod);
                expect(key.props).to.include({ enableKeyRotation: true, deletionWindowInDays: prod ? 30 : 7 });
                expect(key.protect).to.equal(prod);
                const zoneKeys = res
                    .byType(T.key)
                    .filter((k) => /lake-(drop|raw|curated)-/.test(k.name))
                    .map((k) => k.outputs.arn);
                expect(zoneKeys).not.to.include(key.outputs.arn);
            });

            it("the job: DuckDB layer on x86_64, a DLQ, started daily by EventBridge Scheduler through a role that may only invoke it", async () => {
                const { res, cfg } = await lake(stack, ON);
                const job = res.named(T.fn, "lake-serving-job");
                const dlq = res.named(T.queue, "lake-serving-job-dlq");
                expect(job.props.architectures).to.deep.equal(["x86_64"]);
                expect(job.props.layers).to.deep.equal([res.one(T.layer, "duckdb").outputs.arn]);
                expect(job.props.deadLetterConfig.targetArn).to.equal(dlq.outputs.arn);
                expect(job.props.environment.variables).to.include({
                    [TrafficEnv.tableName]: res.named(TABLE, "lake-serving-table").outputs.name,
                    [TrafficEnv.curatedBucket]: res.named(T.bucket, "lake-curated-bucket").outputs.bucket,
                });
                expect(dlq.props.kmsMasterKeyId).to.equal(res.named(T.key, "lake-serving-key").outputs.arn);
                const schedule = res.named(SCHEDULE, "lake-serving-schedule");
                expect(schedule.props).to.include({ scheduleExpression: cfg.serving.schedule, scheduleExpressionTimezone: "UTC" });
                expect(cfg.serving.schedule).to.equal("cron(30 5 * * ? *)");
                expect(schedule.props.target).to.deep.include({ arn: res.named(T.liveAlias, "lake-serving-job-live").outputs.arn, input: "{}" });
                expect(schedule.props.target.deadLetterConfig.arn).to.equal(dlq.outputs.arn);
                const trust = json(res.named(T.role, "lake-serving-schedule-role").props.assumeRolePolicy);
                expect(trust.Statement[0].Principal).to.deep.equal({ Service: "scheduler.amazonaws.com" });
                const doc = json(res.named(T.rolePolicy, "lake-serving-schedule-policy").props.policy);
                expect(statement(doc, "InvokeTrafficJob")).to.deep.include({
                    Action: "lambda:InvokeFunction",
                    Resource: res.named(T.liveAlias, "lake-serving-job-live").outputs.arn,
                });
            });

            it("the job's role reads only the advertising view and replaces only the table's items", async () => {
                const { res } = await lake(stack, ON);
                const doc = json(res.named(T.rolePolicy, "lake-serving-job-policy").props.policy);
                const curated = res.named(T.bucket, "lake-curated-bucket").outputs.arn;
                const table = res.named(TABLE, "lake-serving-table").outputs.arn;
                expect(statement(doc, "ListAdvertisingView")).to.deep.include({
                    Resource: curated,
                    Condition: { StringLike: { "s3:prefix": "advertising/*" } },
                });
                expect(statement(doc, "ReadAdvertisingView")).to.deep.include({ Action: "s3:GetObject", Resource: `${curated}/advertising/*` });
                expect(statement(doc, "ReplaceDayItems").Resource).to.equal(table);
                expect(statement(doc, "FindDayItems").Resource).to.equal(`${table}/index/byDate`);
                expect(statement(doc, "UseTableKey").Condition.StringEquals["kms:ViaService"]).to.equal("dynamodb.eu-west-1.amazonaws.com");
                const actions = doc.Statement.flatMap((s: any) => [s.Action].flat());
                expect(actions).not.to.include.members(["s3:PutObject", "dynamodb:Scan", "dynamodb:DeleteTable"]);
                expect(JSON.stringify(doc)).not.to.include('"*"');
                const api = json(res.named(T.rolePolicy, "lake-serving-api-policy").props.policy);
                expect(api.Statement.flatMap((s: any) => [s.Action].flat())).to.deep.equal([
                    "dynamodb:Query",
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                ]);
            });

            it("GET /traffic/{adId} on the ingest API: same auth as the other routes, proxied to the endpoint, invoke scoped to the route", async () => {
                const { res, cfg } = await lake(stack, ON);
                const traffic = res.named(RESOURCE, "lake-ingest-http-traffic");
                const byAd = res.named(RESOURCE, "lake-ingest-http-traffic-adid");
                expect(traffic.props.pathPart).to.equal("traffic");
                expect(byAd.props).to.include({ pathPart: "{adId}", parentId: traffic.outputs.id ?? traffic.id });
                const get = res.named(METHOD, "lake-ingest-http-traffic-adid-get");
                const post = res.named(METHOD, "lake-ingest-http-track-post");
                expect(get.props).to.include({ httpMethod: "GET", authorization: post.props.authorization, apiKeyRequired: post.props.apiKeyRequired });
                expect(get.props.apiKeyRequired).to.equal(cfg.ingestApi.auth === "apiKey");
                expect(get.props.requestParameters).to.deep.equal({ "method.request.path.adId": true });
                const fn = res.named(T.fn, "lake-serving-api");
                expect(res.named(INTEGRATION, "lake-ingest-http-traffic-adid-integration").props).to.include({
                    type: "AWS_PROXY",
                    uri: res.named(T.liveAlias, "lake-serving-api-live").outputs.invokeArn,
                });
                const permission = res.named(PERMISSION, "lake-ingest-http-traffic-adid-invoke");
                expect(permission.props).to.include({ function: fn.outputs.name, qualifier: "live", principal: "apigateway.amazonaws.com" });
                expect(permission.props.sourceArn).to.match(/^arn:aws:execute-api:eu-west-1:123456789012:[0-9a-f]+\/v1\/GET\/traffic\/\*$/);
                const deployment = res.named(DEPLOYMENT, "lake-ingest-http-deployment");
                expect(json(deployment.props.triggers.redeployment).readRoutes).to.deep.equal(["GET /traffic/{adId}"]);
                expect(deployment.dependencies).to.include.members([get.urn, byAd.urn]);
                expect(fn.props.environment.variables[TrafficEnv.maxRangeDays]).to.equal(String(cfg.serving.maxRangeDays));
            });
        });
    }

    it("off by default: no table, no job, no traffic route", async () => {
        const { res } = await lake("dev");
        expect(res.byType(TABLE)).to.deep.equal([]);
        expect(res.byType(SCHEDULE)).to.deep.equal([]);
        expect(res.byType(RESOURCE).map((r) => r.props.pathPart)).not.to.include("traffic");
        expect(json(res.named(DEPLOYMENT, "lake-ingest-http-deployment").props.triggers.redeployment)).not.to.have.property("readRoutes");
    });

    it("config: serving needs the ingest API and a third zone; the range limit is bounded", async () => {
        const fail = (o: Record<string, unknown>) =>
            runProgram("dev", o).then(
                () => "no error",
                (e: Error) => e.message,
            );
        expect(await fail({ ...ON, ingestApi: { enabled: false } })).to.match(
            /datalake:serving\.enabled = true: the traffic endpoint is a route of the ingest API/,
        );
        expect(await fail({ ...ON, zones: [{ name: "drop" }, { name: "raw" }] })).to.match(/datalake:serving\.enabled = true: .*at least 3 zones/);
        expect(await fail({ serving: { enabled: true, maxRangeDays: 0 } })).to.match(/datalake:serving\.maxRangeDays = 0/);
        expect(await fail({ serving: { enabled: true, schedule: "daily" } })).to.match(
            /datalake:serving\.schedule = "daily": a Glue\/EventBridge cron expression/,
        );
    });
});
