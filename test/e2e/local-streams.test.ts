/**
 * The emulated Kinesis event source mapping (local/streams.ts) against moto: tumbling windows
 * with their state and final invocation, checkpoints from batchItemFailures, bisection and the
 * on-failure queue; and, with moto enforcing IAM, the ingest function and the mapping running with
 * the program's own least-privilege policies (components/ingest/policies.ts,
 * components/realtime/policies.ts), each refused (403) once one statement is missing.
 */
import { expect } from "chai";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import type { KinesisStreamRecord } from "aws-lambda";
import { emulatorClients, emulatorConfig, type Clients } from "../../harness/aws-double/emulator";
import { useMoto } from "../../harness/moto";
import { drainStreams, openStreams, type StreamMapping } from "../../local/streams";
import type { LocalFunction } from "../../local/runtime";
import { realtimeFunctionPolicy } from "../../components/realtime/policies";
import { ingestFunctionPolicy } from "../../components/ingest/policies";
import { createHandler as ingestHandler, settingsFromEnv as ingestSettings } from "../../functions/ingest-api/handler";
import { IngestEnv, IngestKinesisEnv } from "../../lib/contract";
import { apiEvent, impression, lambdaContext, quietPowertools } from "../functions/ingest-fixtures";
import { serviceTrustPolicy } from "../../lib/iam";

type Handler = LocalFunction["handler"];

async function stream(clients: Clients, name: string): Promise<{ name: string; arn: string }> {
    await clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    const { StreamDescriptionSummary } = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return { name, arn: StreamDescriptionSummary!.StreamARN! };
}

async function queue(clients: Clients, name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

const put = (clients: Clients, streamName: string, bodies: string[]) =>
    clients.kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: bodies.map((b) => ({ Data: Buffer.from(b), PartitionKey: "p" })) }));

const bodyOf = (r: KinesisStreamRecord) => Buffer.from(r.kinesis.data, "base64").toString("utf8");

function mapping(s: { name: string; arn: string }, clients: Clients, handler: Handler, overrides: Partial<StreamMapping> = {}): StreamMapping {
    const fn: LocalFunction = { name: "fn", code: "test", env: {}, timeoutSeconds: 60, memoryMb: 128, handler, roleArn: "arn:r", clients, published: [] };
    return {
        name: "m",
        streamName: s.name,
        streamArn: s.arn,
        batchSize: 10,
        windowSeconds: 0,
        maxRetryAttempts: 2,
        bisect: false,
        reportsBatchItemFailures: true,
        fn,
        ...overrides,
    };
}

describe("local lake: emulated Kinesis event source mapping (moto)", function () {
    this.timeout(60_000);
    const moto = useMoto();
    const clients = () => emulatorClients(emulatorConfig(moto().endpoint, moto().region));

    it("starts at LATEST, carries a tumbling window's state across batches and closes each window with a final invocation", async () => {
        const c = clients();
        const s = await stream(c, "window-stream");
        await put(c, s.name, ["before-opening"]);
        const events: { records: string[]; state: any; final: boolean; window: { start: string; end: string } }[] = [];
        const handler: Handler = async (event) => {
            events.push({ records: event.Records.map(bodyOf), state: event.state, final: event.isFinalInvokeForWindow, window: event.window });
            return { state: { seen: (event.state?.seen ?? 0) + event.Records.length }, batchItemFailures: [] };
        };
        const open = await openStreams([mapping(s, c, handler, { batchSize: 2, windowSeconds: 900 })], [], c);
        await put(c, s.name, ["a", "b", "c", "d", "e"]);
        const stats = await drainStreams(open, { region: moto().region });

        expect(events.flatMap((e) => e.records)).to.deep.equal(["a", "b", "c", "d", "e"]);
        const finals = events.filter((e) => e.final);
        expect(finals.length).to.equal(stats.m.windows).and.to.be.within(1, 2);
        // Each window's final invocation has no records and the sum of its batches in its state.
        for (const f of finals) {
            expect(f.records).to.deep.equal([]);
            const inWindow = events.filter((e) => !e.final && e.window.start === f.window.start).flatMap((e) => e.records);
            expect(f.state).to.deep.equal({ seen: inWindow.length });
            expect(Date.parse(f.window.end) - Date.parse(f.window.start)).to.equal(900_000);
        }
        expect(events.filter((e) => !e.final).every((e) => e.records.length <= 2)).to.equal(true);
        expect(stats.m).to.include({ records: 5, retries: 0, skippedBatches: 0 });
    });

    it("retries a batch from the lowest sequence number its batchItemFailures report (checkpoint)", async () => {
        const c = clients();
        const s = await stream(c, "checkpoint-stream");
        const seen: string[] = [];
        let failed = false;
        const handler: Handler = async (event) => {
            seen.push(...event.Records.map(bodyOf));
            const bad = event.Records.filter((r: KinesisStreamRecord) => ["3", "4"].includes(bodyOf(r)) && !failed);
            failed ||= bad.length > 0;
            return { batchItemFailures: bad.map((r: KinesisStreamRecord) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
        };
        const open = await openStreams([mapping(s, c, handler)], [], c);
        await put(c, s.name, ["1", "2", "3", "4", "5"]);
        const stats = await drainStreams(open, { region: moto().region });
        expect(seen).to.deep.equal(["1", "2", "3", "4", "5", "3", "4", "5"]);
        expect(stats.m).to.include({ invocations: 2, retries: 1, skippedBatches: 0 });
    });

    it("bisects a failing batch, skips the poison record after its retries and describes it to the on-failure queue", async () => {
        const c = clients();
        const s = await stream(c, "bisect-stream");
        const failures = await queue(c, "bisect-failures");
        const done: string[] = [];
        const handler: Handler = async (event) => {
            const bodies = event.Records.map(bodyOf);
            if (bodies.includes("poison")) throw new Error("cannot parse");
            done.push(...bodies);
            return { batchItemFailures: [] };
        };
        const open = await openStreams([mapping(s, c, handler, { bisect: true, maxRetryAttempts: 2, onFailureQueueUrl: failures.url })], [], c);
        await put(c, s.name, ["a", "poison", "b", "c"]);
        const stats = await drainStreams(open, { region: moto().region });

        expect(done).to.deep.equal(["a", "b", "c"]);
        // [a,poison,b,c] fails -> [a,poison] [b,c]; [a,poison] fails -> [a] [poison]; [poison] fails, out of retries; [b,c] passes.
        expect(stats.m).to.include({ invocations: 5, retries: 2, skippedBatches: 1, skippedRecords: 1 });
        const { Messages = [] } = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: failures.url, MaxNumberOfMessages: 10 }));
        expect(Messages).to.have.length(1);
        const report = JSON.parse(Messages[0].Body!);
        expect(report.requestContext).to.include({ condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 });
        expect(report.KinesisBatchInfo).to.include({ batchSize: 1, streamArn: s.arn, shardId: "shardId-000000000000" });
    });

    it("treats a windowed response without state as a failed invocation", async () => {
        const c = clients();
        const s = await stream(c, "stateless-stream");
        let calls = 0;
        const handler: Handler = async () => (++calls === 1 ? { batchItemFailures: [] } : { state: {}, batchItemFailures: [] });
        const open = await openStreams([mapping(s, c, handler, { windowSeconds: 900 })], [], c);
        await put(c, s.name, ["a"]);
        const stats = await drainStreams(open, { region: moto().region });
        expect(stats.m.retries).to.equal(1);
        expect(stats.m.skippedBatches).to.equal(0);
    });
});

/** The policy with `action` taken out of the statement `sid` (the statement dropped if that was its only action). */
function without(policy: ReturnType<typeof realtimeFunctionPolicy>, sid: string, action: string) {
    const actions = (st: { Action?: string | string[] }) => ([] as string[]).concat(st.Action ?? []);
    const found = policy.Statement.find((st) => st.Sid === sid);
    if (!found || !actions(found).includes(action)) throw new Error(`no ${action} in statement ${sid}`);
    const rest = actions(found).filter((a) => a !== action);
    return {
        ...policy,
        Statement: policy.Statement.flatMap((st) => (st !== found ? [st] : rest.length ? [{ ...st, Action: rest }] : [])),
    };
}

describe("local lake: least privilege in moto, with the program's own policies", function () {
    this.timeout(60_000);
    const moto = useMoto();
    let admin: Clients;
    let roles = 0;

    /** Clients with the credentials of a new Lambda role holding `document`. */
    async function roleClients(document: object): Promise<Clients> {
        const name = `fn-role-${++roles}`;
        const { Role } = await admin.iam.send(
            new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")) }),
        );
        await admin.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "fn", PolicyDocument: JSON.stringify(document) }));
        const creds = (await moto().assumeRoles([Role!.Arn!], name)).get(Role!.Arn!)!;
        return emulatorClients({ ...emulatorConfig(moto().endpoint, moto().region), credentials: creds as { accessKeyId: string; secretAccessKey: string } });
    }

    before(async () => {
        admin = emulatorClients({ ...emulatorConfig(moto().endpoint, moto().region), credentials: await moto().enforceIam() });
    });

    it("the ingest function puts beacons into its Kinesis stream with its policy, and answers 5xx once kinesis:PutRecords is taken out (403)", async () => {
        const s = await stream(admin, "ingest-beacons");
        const keyArn = (await admin.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
        const policy = ingestFunctionPolicy({
            deliveryStreamArns: [],
            kinesisStreams: [{ streamArn: s.arn, keyArn }],
            region: moto().region,
            logGroupArn: `arn:aws:logs:${moto().region}:123456789012:log-group:/aws/lambda/ingest`,
        });
        const sid = policy.Statement.find((st) => ([] as string[]).concat(st.Action ?? []).includes("kinesis:PutRecords"))!.Sid!;
        const env = {
            [IngestEnv.routeStreams]: "{}",
            [IngestKinesisEnv.routeKinesisStreams]: JSON.stringify({ "/impressions": s.name }),
            [IngestEnv.maxAttempts]: "1",
        };
        const post = async (c: Clients) => {
            const refusals: number[] = [];
            c.kinesis.middlewareStack.add(
                (next) => async (args) =>
                    next(args).catch((e: { $metadata?: { httpStatusCode?: number } }) => {
                        refusals.push(e.$metadata?.httpStatusCode ?? 0);
                        throw e;
                    }),
                { step: "initialize" },
            );
            const handler = ingestHandler({ firehose: c.firehose, kinesis: c.kinesis, settings: ingestSettings(env), ...quietPowertools() });
            const res = await handler(apiEvent("/impressions", [impression(1), impression(2)]), lambdaContext() as never);
            return { status: res.statusCode, refusals };
        };

        expect(await post(await roleClients(policy))).to.deep.equal({ status: 200, refusals: [] });
        const lacking = await post(await roleClients(without(policy, sid, "kinesis:PutRecords")));
        expect(lacking.status).to.be.within(500, 599);
        expect(lacking.refusals).to.include(403);
    });

    it("the real-time mapping reads its stream with the function's policy, and is refused (403) once kinesis:GetRecords is taken out", async () => {
        const s = await stream(admin, "beacons");
        const failures = await queue(admin, "realtime-failures");
        const keyArn = (await admin.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
        const policy = realtimeFunctionPolicy({
            region: moto().region,
            streams: [{ streamArn: s.arn, keyArn }],
            failureQueueArn: failures.arn,
            failureKeyArn: keyArn,
            logGroupArn: `arn:aws:logs:${moto().region}:123456789012:log-group:/aws/lambda/realtime`,
        });
        const withoutGetRecords = without(policy, "ReadBeaconStreams", "kinesis:GetRecords");
        const counted: string[] = [];
        const handler: Handler = async (event) => {
            counted.push(...event.Records.map(bodyOf));
            return { state: {}, batchItemFailures: [] };
        };

        const granted = await openStreams([mapping(s, await roleClients(policy), handler, { windowSeconds: 60 })], [], admin);
        const lacking = await openStreams([mapping(s, await roleClients(withoutGetRecords), handler, { windowSeconds: 60 })], [], admin);
        await put(admin, s.name, ['{"ad_id":"a","impression_id":"i"}']);

        await drainStreams(granted, { region: moto().region });
        expect(counted).to.have.length(1);
        const refused = await drainStreams(lacking, { region: moto().region }).then(
            () => undefined,
            (e: { $metadata?: { httpStatusCode?: number }; $response?: { body?: unknown } }) => e,
        );
        expect(refused, "the read without kinesis:GetRecords").to.not.equal(undefined);
        expect(refused!.$metadata?.httpStatusCode).to.equal(403);
        expect(counted).to.have.length(1);
    });
});
