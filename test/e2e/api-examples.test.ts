/**
 * The README's `curl` lines (generated from the OpenAPI document) run as written against the local
 * lake's HTTP port (local/http.ts): the dev stack with serving on, as the mocks record it, its
 * ingest and traffic functions in-process (local/runtime.ts) over moto, which holds only what
 * they touch: the delivery streams (into a bucket) and the traffic table with the day the
 * example asks for. Every line exits 0 (`--fail-with-body`) with the body the document gives its
 * 200; the records reach the streams; `GET /openapi.json` serves the README's document with the
 * local URL as its server.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020";
import { CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { CreateDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { CreateTableCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { useMoto } from "../../harness/moto";
import { ACCOUNT_ID, runProgram, type RecordedResource } from "../../harness/program";
import { emulatorClients, emulatorConfig } from "../../harness/aws-double/emulator";
import { loadFunctions } from "../../local/runtime";
import { startApi, type LocalApi } from "../../local/http";
import { readmeCommands, readmeDocument } from "../../functions/ingest-api/curl-examples";

const run = promisify(execFile);
const README = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
const KEY = "readme-example-key";
const BUCKET = "readme-landing";

describe("README API examples against the local lake's HTTP port (moto)", function () {
    this.timeout(180_000);
    const moto = useMoto();
    let api: LocalApi;
    let resources: RecordedResource[];
    const doc: Record<string, any> = readmeDocument();

    before(async () => {
        resources = await runProgram("dev", { serving: { enabled: true } });
        const clients = emulatorClients(emulatorConfig(moto().endpoint, moto().region));
        await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: moto().region as never } }));
        for (const stream of resources.filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")) {
            await clients.firehose.send(
                new CreateDeliveryStreamCommand({
                    DeliveryStreamName: stream.props.name,
                    ExtendedS3DestinationConfiguration: {
                        BucketARN: `arn:aws:s3:::${BUCKET}`,
                        RoleARN: `arn:aws:iam::${ACCOUNT_ID}:role/firehose`,
                        Prefix: `${stream.props.name}/`,
                        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
                    },
                }),
            );
        }
        const table = resources.find((r) => r.type === "aws:dynamodb/table:Table" && r.name.includes("serving"))!;
        await clients.dynamodb.send(
            new CreateTableCommand({
                TableName: table.props.name,
                BillingMode: "PAY_PER_REQUEST",
                KeySchema: [
                    { AttributeName: table.props.hashKey, KeyType: "HASH" },
                    { AttributeName: table.props.rangeKey, KeyType: "RANGE" },
                ],
                AttributeDefinitions: [
                    { AttributeName: table.props.hashKey, AttributeType: "S" },
                    { AttributeName: table.props.rangeKey, AttributeType: "S" },
                ],
            }),
        );
        // The day the traffic example's answer shows.
        const day = doc.paths["/traffic/{adId}"].get.responses[200].content["application/json"].example.traffic[0];
        await clients.dynamodb.send(
            new PutItemCommand({
                TableName: table.props.name,
                Item: {
                    [table.props.hashKey]: { S: "ad-1" },
                    [table.props.rangeKey]: { S: day.date },
                    impressions: { N: String(day.impressions) },
                    clicks: { N: String(day.clicks) },
                    unattributedClicks: { N: String(day.unattributedClicks) },
                },
            }),
        );
        const { functions } = await loadFunctions(resources, clients);
        api = await startApi(resources, functions, { region: moto().region, apiKey: KEY });
    });

    after(async () => api?.close());

    /** Runs a README line as written, `$API` and `$KEY` set; resolves with curl's stdout, rejects on a non-zero exit. */
    const shell = (command: string, key = KEY) => run("bash", ["-c", command], { env: { ...process.env, API: api.url, KEY: key } }).then((r) => r.stdout);

    it("every line exits 0 with the body the document gives its 200", async () => {
        const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
        ajv.addSchema({ $id: "doc", components: doc.components });
        const commands = readmeCommands(README);
        expect(commands).to.have.length(Object.values(doc.paths as Record<string, object>).flatMap((p) => Object.keys(p)).length);
        for (const command of commands) {
            const body = JSON.parse(await shell(command));
            const [resource, op] = Object.entries(doc.paths as Record<string, any>).find(([r]) => command.includes(`"$API${r.replace(/\{adId\}/, "ad-1")}`))!;
            const ok = (Object.values(op)[0] as any).responses[200].content["application/json"];
            if (ok.schema.$ref) {
                const check = ajv.getSchema(`doc${ok.schema.$ref}`)!;
                expect(check(body), `${resource}: ${JSON.stringify(check.errors)}`).to.equal(true);
            }
            if (resource === "/traffic/{adId}") expect(body).to.deep.equal(ok.example);
            if (resource === "/openapi.json") {
                expect(body.paths).to.deep.equal(JSON.parse(JSON.stringify(doc.paths)));
                expect(body.servers).to.deep.equal([{ url: api.url }]);
            }
        }
        expect(api.calls.map((c) => c.status)).to.deep.equal(commands.map(() => 200));
    });

    it("the ingest lines' records are in the delivery streams' bucket", async () => {
        const clients = emulatorClients(emulatorConfig(moto().endpoint, moto().region));
        const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
        const streams = new Set((listed.Contents ?? []).map((o) => o.Key!.split("/")[0]));
        expect([...streams].sort()).to.deep.equal(["datalake-dev-clicks", "datalake-dev-events", "datalake-dev-impressions"]);
    });

    it("a line with a wrong key fails (403 from the API, curl exits 22)", async () => {
        const [first] = readmeCommands(README);
        const failure = await shell(first, "wrong").then(
            () => undefined,
            (e: { code: number; stdout: string }) => e,
        );
        expect(failure?.code).to.equal(22);
        expect(JSON.parse(failure!.stdout)).to.deep.equal({ message: "Forbidden" });
    });
});
