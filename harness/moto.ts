/**
 * A real AWS API emulator for the function tests and the local lake (local/run.ts): moto server
 * from the project venv (.venv, made by scripts/setup-python.sh), on a free loopback port, started
 * once per mocha run and stopped when the run ends. `useMoto()` inside a `describe` gives that
 * suite the endpoint. It runs through harness/moto_server.py, which names the resource of Kinesis,
 * Firehose, DynamoDB and Glue job requests for moto's IAM check (moto alone checks those against
 * Resource "*"). IAM is not enforced until `enforceIam()`; `reset()` turns it off again.
 */
import { ChildProcess, spawn } from "node:child_process";
// STS from the SDK's own nested clients (what its credential providers use): no @aws-sdk/client-sts here.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import * as net from "node:net";
import * as path from "node:path";
import * as fs from "node:fs";

export interface Moto {
    endpoint: string;
    region: string;
    /** Client config for any AWS SDK v3 client pointed at the emulator. */
    clientConfig: {
        endpoint: string;
        region: string;
        forcePathStyle: true;
        credentials: { accessKeyId: string; secretAccessKey: string };
        requestChecksumCalculation: "WHEN_REQUIRED";
        responseChecksumValidation: "WHEN_REQUIRED";
    };
    /** Wipes all emulator state (between suites) and stops enforcing IAM. */
    reset(): Promise<void>;
    /**
     * From now on moto checks every request's signature and IAM policies (its
     * INITIAL_NO_AUTH_ACTION_COUNT, set on the running server): an IAM user with an allow-all
     * policy is made in the free window first, and its access key returned for set-up calls (the
     * engine's deploy, seeding, reading the zones). The emulator's test credentials stop working.
     */
    enforceIam(): Promise<Credentials>;
    /**
     * Runs `calls` unchecked: the next `count` requests are free (as INITIAL_NO_AUTH_ACTION_COUNT
     * after a start), then enforcement resumes. For what no IAM principal of moto's can do, e.g.
     * `sts:AssumeRole` of a role only a service (lambda.amazonaws.com) may assume. Nothing else
     * may call the emulator meanwhile.
     */
    unchecked<T>(count: number, calls: () => Promise<T>): Promise<T>;
    /**
     * Credentials of each role from `sts:AssumeRole`, as the Lambda service gets them for a
     * function: made unchecked, since moto cannot act as the service principal the roles trust.
     */
    assumeRoles(roleArns: string[], sessionName: string): Promise<Map<string, Credentials>>;
}

export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

const REGION = "eu-west-1";
let server: Promise<{ proc: ChildProcess; moto: Moto }> | undefined;

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

async function waitUntilUp(endpoint: string, proc: ChildProcess, deadlineMs: number): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < deadlineMs) {
        if (proc.exitCode !== null) throw new Error(`moto_server exited with ${proc.exitCode}`);
        try {
            const res = await fetch(`${endpoint}/moto-api/`);
            if (res.ok) return;
        } catch {
            /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`moto_server did not answer on ${endpoint} within ${deadlineMs} ms`);
}

/** moto's INITIAL_NO_AUTH_ACTION_COUNT on the running server (`/moto-api/reset-auth` also zeroes its request count). */
async function setFreeRequests(endpoint: string, count: number | "inf"): Promise<void> {
    const res = await fetch(`${endpoint}/moto-api/reset-auth`, { method: "POST", body: String(count) });
    if (!res.ok) throw new Error(`moto reset-auth ${count}: ${res.status} ${await res.text()}`);
}

/** The IAM user the set-up calls run as once IAM is enforced. */
const ADMIN_USER = "local-lake-admin";

async function start(): Promise<{ proc: ChildProcess; moto: Moto }> {
    const python = path.resolve(__dirname, "../.venv/bin/python");
    if (!fs.existsSync(python)) {
        throw new Error(`${python} is missing: run scripts/setup-python.sh (npm test does it for you)`);
    }
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const proc = spawn(python, [path.join(__dirname, "moto_server.py"), "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: "false" },
    });
    let stderr = "";
    proc.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    try {
        await waitUntilUp(endpoint, proc, 30_000);
    } catch (e) {
        proc.kill("SIGKILL");
        throw new Error(`${(e as Error).message}\n${stderr}`, { cause: e });
    }
    process.once("exit", () => proc.kill("SIGKILL"));
    let enforcing = false;
    const moto: Moto = {
        endpoint,
        region: REGION,
        clientConfig: {
            endpoint,
            region: REGION,
            forcePathStyle: true,
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
            requestChecksumCalculation: "WHEN_REQUIRED",
            responseChecksumValidation: "WHEN_REQUIRED",
        },
        async reset() {
            await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
            await setFreeRequests(endpoint, "inf");
            enforcing = false;
        },
        async enforceIam() {
            // Three free requests: the user, its policy, its key; every later one is checked.
            await setFreeRequests(endpoint, 3);
            enforcing = true;
            const iam = new IAMClient(moto.clientConfig);
            await iam.send(new CreateUserCommand({ UserName: ADMIN_USER }));
            await iam.send(
                new PutUserPolicyCommand({
                    UserName: ADMIN_USER,
                    PolicyName: "set-up",
                    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
                }),
            );
            const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: ADMIN_USER }));
            return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
        },
        async assumeRoles(roleArns, sessionName) {
            const sts = new STSClient(moto.clientConfig);
            const unique = [...new Set(roleArns)];
            return moto.unchecked(unique.length, async () => {
                const out = new Map<string, Credentials>();
                for (const arn of unique) {
                    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: sessionName }));
                    out.set(arn, { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken });
                }
                return out;
            });
        },
        async unchecked(count, calls) {
            await setFreeRequests(endpoint, count);
            try {
                return await calls();
            } finally {
                await setFreeRequests(endpoint, enforcing ? 0 : "inf");
            }
        },
    };
    return { proc, moto };
}

/** Starts (once) and returns the shared moto server. */
export async function getMoto(): Promise<Moto> {
    server ??= start();
    return (await server).moto;
}

/** Stops the shared server, if one was started. */
export async function stopMoto(): Promise<void> {
    if (!server) return;
    const { proc } = await server;
    server = undefined;
    await new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        setTimeout(() => proc.kill("SIGKILL"), 3000).unref();
    });
}

/**
 * Mocha helper: call inside `describe`. Returns a getter for the emulator; state is reset before
 * the suite so suites do not see each other's buckets and queues.
 */
export function useMoto(): () => Moto {
    let moto: Moto | undefined;
    before(async function () {
        this.timeout(60_000);
        moto = await getMoto();
        await moto.reset();
        process.env.AWS_REGION = moto.region;
    });
    return () => {
        if (!moto) throw new Error("useMoto(): the emulator is not started yet (use it inside a test or hook)");
        return moto;
    };
}

// Root hook: stop the server when the whole run is over.
export const mochaHooks = {
    async afterAll() {
        await stopMoto();
    },
};
