/**
 * The provider double's emulator mode for the pii masking key (components/etl): the secret and its
 * value made in moto, and read back as the curate job reads it (lakeetl.masking.read_key, boto3
 * with the emulator's endpoint), which is how the local lake's curate run gets its key.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { Emulator } from "../../harness/aws-double/emulator";
import { useMoto } from "../../harness/moto";

const REPO = path.resolve(__dirname, "../..");
const READ_KEY = "import sys; from lakeetl.masking import read_key; print(read_key(sys.argv[1]).decode())";

describe("aws-double emulator mode: the masking key's secret (moto)", function () {
    this.timeout(120_000);
    const moto = useMoto();

    function readKey(secretId: string): { status: number | null; out: string; err: string } {
        const { endpoint, region, clientConfig } = moto();
        const r = spawnSync(path.join(REPO, ".venv/bin/python"), ["-c", READ_KEY, secretId], {
            cwd: REPO,
            encoding: "utf8",
            env: {
                ...process.env,
                PYTHONPATH: path.join(REPO, "etl"),
                AWS_ENDPOINT_URL: endpoint,
                AWS_DEFAULT_REGION: region,
                AWS_ACCESS_KEY_ID: clientConfig.credentials.accessKeyId,
                AWS_SECRET_ACCESS_KEY: clientConfig.credentials.secretAccessKey,
            },
        });
        return { status: r.status, out: r.stdout.trim(), err: r.stderr };
    }

    it("creates the secret and its value, which the curate job's code reads; deletes it without a recovery window", async () => {
        const emulator = new Emulator(moto().endpoint, moto().region, "123456789012");
        const secret = await emulator.create("aws:secretsmanager/secret:Secret", "lake-etl-masking-key", { name: "datalake/dev/pii-masking-key" }, undefined);
        if (!("physical" in secret)) throw new Error(`recorded only: ${secret.reason}`);
        expect(secret.physical).to.match(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:datalake\/dev\/pii-masking-key-/);
        const key = Buffer.alloc(32, 7).toString("base64");
        const version = await emulator.create(
            "aws:secretsmanager/secretVersion:SecretVersion",
            "v",
            { secretId: secret.physical, secretString: key },
            undefined,
        );
        if (!("physical" in version)) throw new Error(`recorded only: ${version.reason}`);
        expect(version.physical.startsWith(`${secret.physical}|`)).to.equal(true);

        const read = readKey(secret.physical);
        expect(read.status, read.err).to.equal(0);
        expect(read.out).to.equal(key);

        expect(await emulator.delete("aws:secretsmanager/secret:Secret", secret.physical, {})).to.equal(true);
        expect(readKey(secret.physical).err).to.contain("ResourceNotFoundException");
    });
});
