/**
 * A real AWS API emulator for the function tests and the local lake (local/run.ts): moto server
 * from the project venv (.venv, made by scripts/setup-python.sh), on a free loopback port, started
 * once per mocha run and stopped when the run ends. `useMoto()` inside a `describe` gives that
 * suite the endpoint.
 */
import { ChildProcess, spawn } from "node:child_process";
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
    /** Wipes all emulator state (between suites). */
    reset(): Promise<void>;
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

async function start(): Promise<{ proc: ChildProcess; moto: Moto }> {
    const bin = path.resolve(__dirname, "../.venv/bin/moto_server");
    if (!fs.existsSync(bin)) {
        throw new Error(`${bin} is missing: run scripts/setup-python.sh (npm test does it for you)`);
    }
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const proc = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], {
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
