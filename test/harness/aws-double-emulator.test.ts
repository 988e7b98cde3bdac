/**
 * The provider double's emulator mode, the parts that need no emulator: which resources it
 * records only and why, and the zips it builds from Pulumi archives (Lambda code, S3 objects),
 * checked with Python's zipfile (what Lambda's unzip would read).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { archiveFiles, assetKind, zip } from "../../harness/aws-double/archive";
import { Emulator } from "../../harness/aws-double/emulator";

const PYTHON = path.resolve(__dirname, "../../.venv/bin/python");
const SIG = "4dabf18193072939515e22adb298388d";
const asset = (fields: Record<string, string>) => ({ [SIG]: "c44067f5952c0a294b673a41bacd8c17", ...fields });
const archive = (fields: Record<string, unknown>) => ({ [SIG]: "0def7320c3a5731c473e5ecbe6d01bc7", ...fields });

describe("aws-double emulator mode: what it creates, what it records only", () => {
    // No call is made: the endpoint is never contacted by recordedOnly.
    const emulator = new Emulator("http://127.0.0.1:9", "eu-west-1", "123456789012");

    it("creates the services the local lake needs and records the rest with a reason", () => {
        for (const type of [
            "aws:iam/role:Role",
            "aws:lambda/function:Function",
            "aws:lambda/alias:Alias",
            "aws:apigateway/method:Method",
            "aws:athena/workgroup:Workgroup",
            "aws:glue/trigger:Trigger",
        ]) {
            expect(emulator.recordedOnly(type, {}), type).to.equal(undefined);
        }
        expect(emulator.recordedOnly("aws:s3/bucketPolicy:BucketPolicy", {})).to.match(/request's context/);
        expect(emulator.recordedOnly("aws:lambda/eventSourceMapping:EventSourceMapping", {})).to.match(/Docker/);
        expect(emulator.recordedOnly("aws:redshift/cluster:Cluster", {})).to.match(/no such resource/);
    });

    it("records scheduled rules only (moto stops delivering S3 events), creates pattern rules", () => {
        expect(emulator.recordedOnly("aws:cloudwatch/eventRule:EventRule", { scheduleExpression: "cron(0 6 * * ? *)" })).to.match(/scheduled/);
        expect(emulator.recordedOnly("aws:cloudwatch/eventRule:EventRule", { eventPattern: "{}" })).to.equal(undefined);
    });
});

describe("aws-double archives: Pulumi assets and archives as bytes and zips", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "double-archive-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("zips an asset map with a nested folder archive into a zip Python reads back byte for byte", () => {
        fs.mkdirSync(path.join(dir, "pkg", "lib"), { recursive: true });
        fs.writeFileSync(path.join(dir, "index.js"), "exports.handler = async () => 1;\n");
        fs.writeFileSync(path.join(dir, "pkg", "package.json"), '{"name":"pkg"}');
        fs.writeFileSync(path.join(dir, "pkg", "lib", "a.bin"), Buffer.from([0, 1, 2, 255]));
        const code = archive({
            assets: {
                "index.js": asset({ path: path.join(dir, "index.js") }),
                "README.txt": asset({ text: "héllo" }),
                "node_modules/pkg": archive({ path: path.join(dir, "pkg") }),
            },
        });
        expect(assetKind(code)).to.equal("archive");
        const file = path.join(dir, "code.zip");
        fs.writeFileSync(file, zip(archiveFiles(code)));
        const read = spawnSync(
            PYTHON,
            [
                "-c",
                "import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).hex() for n in z.namelist()}))",
                file,
            ],
            { encoding: "utf8" },
        );
        expect(read.status, read.stderr).to.equal(0);
        expect(JSON.parse(read.stdout)).to.deep.equal({
            "README.txt": Buffer.from("héllo").toString("hex"),
            "index.js": Buffer.from("exports.handler = async () => 1;\n").toString("hex"),
            "node_modules/pkg/lib/a.bin": "000102ff",
            "node_modules/pkg/package.json": Buffer.from('{"name":"pkg"}').toString("hex"),
        });
    });

    it("refuses remote assets it cannot read, naming them", () => {
        expect(() => zip(archiveFiles(archive({ assets: { "x.js": asset({ uri: "https://example.com/x.js" }) } })))).to.throw(/remote assets/);
    });
});
